"""`copiste distill` unchanged under `accelerate launch`: two CPU processes (gloo) train a few
SFT and GRPO steps of the tiny student, one of them writes the student, and it loads. The
shipped accelerate configs are ones accelerate itself reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from distill.modelio import load_causal_lm
from distill.train import MANIFEST

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CONFIGS = REPO / "configs" / "accelerate"
# Several CPU processes: accelerate's `--cpu` alone starts one process whatever
# `--num_processes` says (its multi-CPU launch is mpirun's); `--multi_gpu` on a machine without
# a visible GPU starts them with torchrun, and they join over gloo.
CPU_PROCESSES = ["--multi_gpu", "--num_processes", "2", "--num_machines", "1",
                 "--mixed_precision", "no", "--dynamo_backend", "no"]  # fmt: skip


@pytest.mark.parametrize("recipe", ["sft", "grpo"])
def test_two_cpu_processes_train_and_save_one_student(recipe, tiny_student, short_data, tmp_path):
    settings = tmp_path / "train.yaml"
    settings.write_text("num_generations: 2\nmax_completion_length: 8\nlogging_steps: 1\n")
    out = tmp_path / recipe
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "OMP_NUM_THREADS": "1",
        "HF_HUB_OFFLINE": "1",
        "CUDA_VISIBLE_DEVICES": "",  # CPU processes even on a machine with GPUs
    }
    done = subprocess.run(
        [sys.executable, "-m", "accelerate.commands.launch", *CPU_PROCESSES,
         "-m", "server.cli", "distill", recipe, "--config", settings, "--data", short_data,
         "--student", tiny_student, "--out", out, "--max-steps", "2", "--max-length", "512",
         "--threads", "1"],
        capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count(f"{recipe}: ") == 1, done.stdout  # rank 0 reports, once
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["processes"] == 2 and manifest["metrics"]["train_runtime"] > 0
    assert manifest["history"][-1]["step"] == 2
    assert not list(out.glob(".*tmp*"))
    load_causal_lm(str(out))


def test_each_shipped_config_is_read_by_accelerate():
    from accelerate.commands.config.config_args import load_config_from_file

    shipped = sorted(CONFIGS.glob("*.yaml"))
    assert {p.stem for p in shipped} >= {
        "single-gpu", "multi-gpu", "deepspeed-zero2", "deepspeed-zero3", "fsdp", "multi-node"
    }  # fmt: skip
    for path in shipped:
        config = load_config_from_file(str(path))
        assert config.compute_environment.value == "LOCAL_MACHINE", path
        assert config.mixed_precision == "bf16", path
