"""Cataloguers' verdicts to a better student: reward model, KTO and PPO on SmolLM2, measured.

    .venv/bin/python bench/reviews.py [--out DIR] [--student smollm2|DIR] [--records 40]
        [--reward-steps 20] [--kto-steps 8] [--ppo-steps 4] [--rule-weight 0.5]
        [--batch-size 4] [--generations 4] [--reward-lr X] [--reward-only]
        [--eval-limit 8] [--max-new-tokens 384] [--threads 1]

1. `copiste distill corpus` into DIR/corpus (reused when there): real records, split by record.
2. Seeded verdicts standing in for cataloguers (`distill.review_sim`): `--records` train records
   of the corpus judged good, rule-targeted corruptions of them judged bad, half corrected;
   `copiste distill build --reviews` makes DIR/prefs (dpo, kto, reward; a quarter of the
   descriptions held out).
3. `copiste distill reward` on the student: held-out accuracy (chosen scored strictly above
   rejected) of the reward model, of the rules and of their blend.
4. `copiste distill kto` and `copiste distill ppo` (TRL's RLOO against the reward model blended
   with the rule score) from the student, a few steps each.
5. `copiste eval` figures (constrained greedy decoding, strict rules) of the student, the KTO
   and the PPO models on the first `--eval-limit` held-out real records of the corpus.

Prints the figures and writes DIR/results.json. The defaults fit 2 shared CPU cores; the
effect of a few steps is small, and reported as measured.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REAL = REPO.parent / "shared" / "data" / "unimarc" / "real"
FIGURES = (
    ("validity_lenient", "valid len", "{:.0%}"),
    ("validity_strict", "valid str", "{:.0%}"),
    ("mean_score", "score", "{:.3f}"),
    ("descriptive_f1", "desc F1", "{:.3f}"),
    ("field_f1", "record F1", "{:.3f}"),
    ("seconds", "s", "{:.0f}"),
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("reviews-bench"))
    parser.add_argument("--real", type=Path, default=REAL, help="folder of real records")
    parser.add_argument("--student", default="smollm2", help="smollm2 or a trained folder")
    parser.add_argument("--records", type=int, default=40, help="records given verdicts")
    parser.add_argument("--reward-steps", type=int, default=20)
    parser.add_argument("--kto-steps", type=int, default=8)
    parser.add_argument("--ppo-steps", type=int, default=4)
    parser.add_argument("--rule-weight", type=float, default=0.5)
    parser.add_argument("--batch-size", type=int, default=4, help="reward and KTO batch size")
    parser.add_argument("--reward-lr", type=float, default=None, help="default: the recipe's")
    parser.add_argument("--reward-only", action="store_true", help="stop after the reward model")
    parser.add_argument("--generations", type=int, default=4, help="PPO samples per prompt")
    parser.add_argument("--eval-limit", type=int, default=8, help="held-out real records")
    parser.add_argument("--max-new-tokens", type=int, default=384)
    parser.add_argument("--threads", type=int, default=1, help="torch threads on CPU")
    return parser.parse_args()


def verdicts(args: argparse.Namespace) -> dict[str, Any]:
    """DIR/corpus, the seeded verdicts, and DIR/prefs built from them."""
    from datasets import load_from_disk

    from distill.corpus import CorpusConfig, build_corpus
    from distill.review_sim import simulated_verdicts, write_verdicts
    from distill.reviews import ReviewBuildConfig, build_review_datasets
    from validators import Record

    corpus = args.out / "corpus"
    if not (corpus / "build.json").exists():
        build_corpus(corpus, CorpusConfig(real_dir=args.real, k=1))
    rows = load_from_disk(str(corpus / "grpo"))["train"]
    records, seen = [], set()
    for row in rows:
        if row["seed_id"] not in seen and len(records) < args.records:
            seen.add(row["seed_id"])
            records.append(Record.from_marcxml(row["gold"]))
    lines = simulated_verdicts(records, seed="bench")
    write_verdicts(lines, args.out / "review-data")
    config = ReviewBuildConfig(test_fraction=0.25)
    manifest = build_review_datasets(args.out / "review-data", args.out / "prefs", config)
    return {"records": len(records), "verdicts": len(lines), "counts": manifest["counts"]}


def train(recipe: str, steps: int, args: argparse.Namespace, **extra: Any) -> dict[str, Any]:
    from distill.config import TrainConfig
    from distill.train import train as run

    out = args.out / recipe
    if out.exists():
        shutil.rmtree(out)
    config = TrainConfig(
        recipe=recipe, data=args.out / "prefs", out=out, student=args.student, max_steps=steps,
        max_length=1024, logging_steps=1, threads=args.threads, rule_weight=args.rule_weight,
        **extra,
    )  # fmt: skip
    manifest = run(config)
    losses = [e["loss"] for e in manifest["history"] if "loss" in e]
    return {
        "path": str(out),
        "wall_s": manifest["wall_s"],
        "first_loss": losses[0] if losses else None,
        "last_loss": losses[-1] if losses else None,
        "held_out": manifest.get("held_out"),
        "rewards": {
            k: [e[k] for e in manifest["history"] if k in e]
            for k in ("rewards/reward_model/mean", "rewards/record_score/mean")
        }
        if recipe == "ppo"
        else None,
    }


def evaluate(models: dict[str, str], args: argparse.Namespace) -> dict[str, dict]:
    from distill.evaluate import Candidate
    from distill.evaluate import evaluate as run

    report = run(
        [Candidate(label, ref) for label, ref in models.items()], args.out / "corpus",
        limit=args.eval_limit, max_new_tokens=args.max_new_tokens, rules="strict",
    )  # fmt: skip
    return {label: {k: s[k] for k, _, _ in FIGURES} for label, s in report["models"].items()}


def main() -> None:
    args = arguments()
    import torch

    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}}
    results["data"] = verdicts(args)
    print(f"verdicts: {json.dumps(results['data'])}", flush=True)
    results["reward"] = train(
        "reward", args.reward_steps, args, batch_size=args.batch_size, learning_rate=args.reward_lr
    )
    print(f"reward model held out: {json.dumps(results['reward']['held_out'])}", flush=True)
    if not args.reward_only:
        policies(args, results)
    results["wall_s"] = round(time.perf_counter() - started, 1)
    (args.out / "results.json").write_text(json.dumps(results, indent=2))
    print(f"results: {args.out / 'results.json'} ({results['wall_s']} s)")


def policies(args: argparse.Namespace, results: dict[str, Any]) -> None:
    """KTO and PPO from the student, then the three side by side under `copiste eval`."""
    results["kto"] = train("kto", args.kto_steps, args, batch_size=args.batch_size)
    results["ppo"] = train(
        "ppo", args.ppo_steps, args, reward_model=results["reward"]["path"],
        num_generations=args.generations, max_completion_length=args.max_new_tokens,
        learning_rate=2e-6,
    )  # fmt: skip
    for recipe in ("kto", "ppo"):
        r = results[recipe]
        print(f"{recipe}: {r['wall_s']} s, loss {r['first_loss']} -> {r['last_loss']}", flush=True)
    print(f"ppo rewards per step: {json.dumps(results['ppo']['rewards'])}", flush=True)
    models = {"student": args.student, "kto": results["kto"]["path"]}
    models["ppo"] = results["ppo"]["path"]
    results["eval"] = evaluate(models, args)
    print(f"{'model':8} " + " ".join(f"{h:>10}" for _, h, _ in FIGURES))
    for label, figures in results["eval"].items():
        cells = [f.format(figures[k]) if figures[k] is not None else "-" for k, _, f in FIGURES]
        print(f"{label:8} " + " ".join(f"{c:>10}" for c in cells))


if __name__ == "__main__":
    main()
