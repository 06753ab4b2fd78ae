"""Real result: SmolLM2-135M-Instruct before and after SFT on backtranslation data.

    .venv/bin/python bench/sft_backtranslation.py [--steps 150] [--eval-limit 16] [--out DIR]

Backtranslation pairs each record with a description of it (description -> record). The
descriptions come from copiste's backtranslation method with the rule-based teacher (`isbd`:
an ISBD-style rendering of the record, no model); the records are copiste's sample records plus the
real ones of ../shared/data/unimarc/real valid under the lenient rules (the modified KaliDoS
fixtures excluded). Validity is reported under the lenient rules, and strict beside it. The
build holds out a share of records (test split, decontaminated); SFT sees the train split only;
both models are evaluated greedily on the same held-out records. Bounded so it finishes well
under an hour on 2 shared cores. Prints the figures and writes them to OUT/result.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("COPISTE_TORCH_THREADS", "2")  # run it alone: both cores

from distill.config import load_config  # noqa: E402
from distill.datasets import BuildConfig, build_datasets  # noqa: E402
from distill.evaluate import Candidate, evaluate, table  # noqa: E402
from distill.train import train  # noqa: E402
from validators import ReadError, Record, read_records, to_collection, validate  # noqa: E402

REAL = REPO.parent / "shared" / "data" / "unimarc" / "real"
RULES = "lenient"


def source_records() -> list[Record]:
    """copiste's sample records, then the real ones valid under the lenient rules (real data
    writes blank indicators as # or |, which only the strict rules refuse)."""
    from validators.samples import load_samples

    seen, records = set(), []
    candidates = [load_samples()]
    for path in sorted(REAL.iterdir()):
        if path.suffix in (".xml", ".mrc") and "MODIFIED" not in path.name:
            candidates.append(read_records(path))
    for source in candidates:
        for record in source:
            if isinstance(record, ReadError) or not record.datafields("200"):
                continue
            if record.record_id in seen or not validate(record, rules=RULES).valid:
                continue
            seen.add(record.record_id)
            records.append(record)
    return records


def generate_run(records: list[Record], folder: Path) -> None:
    """copiste's own backtranslation of every record: `copiste generate --method
    backtranslation --teacher isbd` (rule-based description -> record), judged by the rules."""
    from generator.run import RunConfig, run_generation

    folder.mkdir(parents=True, exist_ok=True)
    seeds = folder.parent / "seeds.xml"
    seeds.write_text(to_collection(records), encoding="utf-8")
    summary = run_generation(
        RunConfig(
            task="unimarc",
            method="backtranslation",
            seeds=seeds,
            teacher="isbd",
            lang="en",
            rules=RULES,
            n=len(records),
        ),
        folder,
    )
    print(f"backtranslation: {summary.accepted} of {summary.examples} examples accepted")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "out" / "sft-backtranslation")
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--eval-limit", type=int, default=16)
    parser.add_argument("--max-chars", type=int, default=2500, help="longest record kept")
    parser.add_argument("--max-new-tokens", type=int, default=1100)
    parser.add_argument("--learning-rate", type=float, default=5e-5)
    args = parser.parse_args()
    started = time.time()

    records = source_records()
    generate_run(records, args.out / "run")
    manifest = build_datasets(
        [args.out / "run"],
        args.out / "data",
        BuildConfig(
            test_fraction=0.1,
            max_answer_chars=args.max_chars,
            corruptions_per_record=0,
            rules=RULES,
        ),
    )
    counts = json.dumps(manifest["counts"]["sft"])
    print(f"{len(records)} records valid under {RULES}; datasets: {counts}")
    print(f"dropped: {json.dumps(manifest['dropped'])}")

    config = load_config(
        None,
        recipe="sft",
        data=args.out / "data",
        out=args.out / "student",
        student="smollm2",
        max_steps=args.steps,
        learning_rate=args.learning_rate,
        max_length=1280,
        logging_steps=10,
    )
    training = train(config)
    print(f"trained in {training['wall_s']} s, loss {training['metrics']['train_loss']:.4f}")

    report = evaluate(
        [
            Candidate("before (SmolLM2-135M)", "smollm2"),
            Candidate("after SFT", str(args.out / "student")),
        ],
        args.out / "data",
        limit=args.eval_limit,
        max_new_tokens=args.max_new_tokens,
        batch_size=4,
        rules=RULES,
    )
    for scores in report["models"].values():  # the same records, judged by the strict rules
        print(f"{scores['model']}: strict validity {scores['validity_strict']:.1%}")
    (args.out / "result.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    from rich.console import Console

    Console().print(table(report))
    print(f"total {time.time() - started:.0f} s; report {args.out / 'result.json'}")


if __name__ == "__main__":
    main()
