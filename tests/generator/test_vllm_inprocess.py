"""The in-process vLLM teacher (`vllm:`), run inside the vLLM environment by a script."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.vllm, pytest.mark.slow]
SCRIPT = Path(__file__).with_name("vllm_inprocess.py")
REPO = Path(__file__).resolve().parents[2]


def test_vllm_in_process_teacher(require, tmp_path):
    python = os.environ.get("COPISTE_VLLM_PYTHON", "")
    require(
        bool(python) and Path(python).exists(),
        "COPISTE_VLLM_PYTHON does not name the vLLM environment's python (make vllm-venv)",
    )
    env = dict(os.environ, VLLM_CPU_KVCACHE_SPACE="2", HF_HUB_OFFLINE="1")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    started = time.monotonic()
    result = subprocess.run(
        [python, str(SCRIPT), str(tmp_path / "run")],
        env=env,
        capture_output=True,
        text=True,
        timeout=420,
    )
    elapsed = time.monotonic() - started
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert result.returncode == 0 and lines, result.stderr[-3000:]
    found = json.loads(lines[-1].removeprefix("RESULT "))
    print(
        f"in-process vLLM: load {found['load_s']} s, run {found['run_s']} s, "
        f"whole script {elapsed:.1f} s"
    )
    assert found["describe"] == {
        "backend": "vllm",
        "model": "SmolLM2-135M-Instruct",
        "endpoint": None,
    }
    assert found["plain"]["text"] and found["plain"]["completion_tokens"] == 16
    assert found["choice"] in ("yes", "no")
    assert found["regex"].isdigit() and len(found["regex"]) <= 3
    assert "Paris" in found["complete"]
    run = found["run"]
    assert (run["status"], run["finished"], run["examples"]) == ("finished", 4, 4)
    examples = (tmp_path / "run" / "examples.jsonl").read_text().splitlines()
    assert all(json.loads(e)["verdict"]["checks"]["numeric"] for e in examples)
