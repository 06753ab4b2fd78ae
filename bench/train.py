"""Training throughput: `copiste distill sft` next to a plain TRL SFTTrainer script.

    .venv/bin/python bench/train.py [--model smollm2] [--steps 8] [--max-length 512] [--repeats 2]

Both train the same model on the same dataset (built here from copiste's sample records and the
real records, as in bench/sft_backtranslation.py) with the same settings: batch size 1, float32,
no gradient checkpointing, on the CPU, the same seed, one torch thread. Runs alternate (copiste,
plain, copiste, plain...) so load from other work on the machine hits both alike. tokens/s is
TRL's own `num_tokens` count over `train_runtime`, for both. Prints each run and the ratio of
the medians (target >= 0.95).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

PLAIN = r"""
import json, sys, torch
from datasets import load_from_disk
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import SFTConfig, SFTTrainer
data, model_dir, out, steps, max_length, lr = sys.argv[1:7]
torch.set_num_threads(1)
tokenizer = AutoTokenizer.from_pretrained(model_dir)
model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
train = load_from_disk(data + "/sft")["train"]
args = SFTConfig(output_dir=out, max_steps=int(steps), max_length=int(max_length),
                 learning_rate=float(lr), per_device_train_batch_size=1, seed=42, bf16=False,
                 use_cpu=True, gradient_checkpointing=False, report_to="none",
                 save_strategy="no", logging_steps=1)
trainer = SFTTrainer(model=model, args=args, train_dataset=train, processing_class=tokenizer)
result = trainer.train()
tokens = [e["num_tokens"] for e in trainer.state.log_history if "num_tokens" in e][-1]
print("RESULT " + json.dumps({"tokens": tokens, "runtime": result.metrics["train_runtime"]}))
"""


def run_copiste(data: Path, model: str, out: Path, args) -> float:
    copiste = Path(sys.executable).parent / "copiste"
    subprocess.run(
        [str(copiste), "distill", "sft", "--data", str(data), "--student", model, "--out",
         str(out), "--max-steps", str(args.steps), "--max-length", str(args.max_length),
         "--learning-rate", str(args.lr), "--batch-size", "1", "--threads", "1"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    manifest = json.loads((out / "copiste_training.json").read_text())
    tokens = [e["num_tokens"] for e in manifest["history"] if "num_tokens" in e][-1]
    return tokens / manifest["metrics"]["train_runtime"]


def run_plain(data: Path, model: str, out: Path, args) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PLAIN, str(data), model, str(out), str(args.steps),
         str(args.max_length), str(args.lr)],
        check=True, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    line = next(li for li in done.stdout.splitlines() if li.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    return result["tokens"] / result["runtime"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="smollm2")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--max-length", type=int, default=512)
    parser.add_argument("--lr", type=float, default=2e-5)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from sft_backtranslation import generate_run, source_records

    from distill.datasets import BuildConfig, build_datasets
    from generator.models import resolve_model

    model = resolve_model(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate_run(source_records(), work / "run")
        build_datasets([work / "run"], work / "data", BuildConfig(corruptions_per_record=0))
        speeds: dict[str, list[float]] = {"copiste": [], "plain TRL": []}
        for repeat in range(args.repeats):
            for name, runner in (("copiste", run_copiste), ("plain TRL", run_plain)):
                speed = runner(work / "data", model, work / f"{name[:5]}-{repeat}", args)
                speeds[name].append(speed)
                print(f"run {repeat + 1} {name:9}: {speed:8.1f} tokens/s", flush=True)
    copiste, plain = (statistics.median(v) for v in speeds.values())
    print(f"median copiste {copiste:.1f} tokens/s, plain TRL {plain:.1f} tokens/s")
    print(f"ratio copiste/plain = {copiste / plain:.3f} (target >= 0.95)")


if __name__ == "__main__":
    main()
