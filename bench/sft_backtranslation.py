"""Real result: SmolLM2-135M-Instruct before and after SFT on backtranslation data.

    .venv/bin/python bench/sft_backtranslation.py [--steps 150] [--eval-limit 16] [--out DIR]

Backtranslation pairs each record with a description of it (description -> record). The
descriptions are rule-based ISBD-style renderings of the record (`describe` below) standing in
for the generator's backtranslation method; the records are copiste's sample records plus the
real ones of ../shared/data/unimarc/real valid under the lenient rules (the modified KaliDoS
fixtures excluded). Validity is reported under the lenient rules, and strict beside it. The
build holds out a share of records (test split, decontaminated); SFT sees the train split only;
both models are evaluated greedily on the same held-out records. Bounded so it finishes well
under an hour on 2 shared cores. Prints the figures and writes them to OUT/result.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("COPISTE_TORCH_THREADS", "1")

from distill.config import load_config  # noqa: E402
from distill.datasets import BuildConfig, build_datasets  # noqa: E402
from distill.evaluate import Candidate, evaluate, score_answers, table  # noqa: E402
from distill.train import train  # noqa: E402
from validators import ReadError, Record, read_records, validate  # noqa: E402

REAL = REPO.parent / "shared" / "data" / "unimarc" / "real"
RULES = "lenient"


def _join(*parts: str | None, sep: str) -> str:
    cleaned = (p.strip().rstrip(" ,;:/=") for p in parts if p)
    return sep.join(p for p in cleaned if p)


def describe(record: Record) -> str:
    """An ISBD-like description: title / responsibility. — Edition. — Publication. — Extent."""
    f200 = record.datafields("200")[0]
    title = _join(f200.get("a"), _join(*f200.values("e"), sep=" : "), sep=" : ")
    title = _join(title, _join(*f200.values("f"), *f200.values("g"), sep=" ; "), sep=" / ")
    areas = [
        title,
        record.first("205", "a"),
        _join(
            _join(
                record.first("210", "a") or record.first("214", "a"),
                record.first("210", "c") or record.first("214", "c"),
                sep=" : ",
            ),
            record.first("210", "d") or record.first("214", "d"),
            sep=", ",
        ),
        _join(record.first("215", "a"), record.first("215", "c"), sep=" : "),
        _join(record.first("215", "d"), sep=""),
        f"({record.first('225', 'a')})" if record.first("225", "a") else None,
    ]
    lines = [_join(*(a.rstrip(".") if a else a for a in areas), sep=". - ")]
    if record.values("010", "a"):
        lines.append("ISBN " + ", ".join(record.values("010", "a")))
    names = [
        _join(f.get("a"), f.get("b"), sep=", ")
        for tag in ("700", "701", "702", "710", "711", "712")
        for f in record.datafields(tag)
    ]
    if names:
        lines.append("Names: " + "; ".join(n for n in names if n))
    subjects = [f.get("a") for tag in ("600", "606", "607") for f in record.datafields(tag)]
    if any(subjects):
        lines.append("Subjects: " + "; ".join(s for s in subjects if s))
    if record.values("101", "a"):
        lines.append("Language: " + ", ".join(record.values("101", "a")))
    return "\n".join(lines)


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


def write_run(records: list[Record], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "examples.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            xml = record.to_marcxml()
            question = describe(record)
            report = validate(xml, rules=RULES)
            out.write(
                json.dumps(
                    {
                        "id": hashlib.sha256((question + xml).encode()).hexdigest(),
                        "task": "unimarc",
                        "method": "backtranslation",
                        "lang": "en",
                        "seed_id": record.record_id,
                        "question": question,
                        "answer": xml,
                        "reasoning": None,
                        "gold": xml,
                        "accepted": report.valid,
                        "verdict": {**report.to_dict(), "checks": {}},
                        "provenance": {
                            "teacher": {"backend": "rule-based", "model": "isbd-rendering"}
                        },
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    (folder / "run.json").write_text(json.dumps({"teacher": {"model": "isbd-rendering"}}))


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
    write_run(records, args.out / "run")
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
    for scores in report["models"].values():  # the same answers, judged by the strict rules
        answers = [e["answer"] for e in scores["examples"]]
        strict = score_answers(answers, report["golds"], ["unimarc"] * len(answers), "strict")
        scores["strict_validity_rate"] = strict["validity_rate"]
        print(f"{scores['model']}: strict validity {strict['validity_rate']:.1%}")
    (args.out / "result.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    from rich.console import Console

    Console().print(table(report))
    print(f"total {time.time() - started:.0f} s; report {args.out / 'result.json'}")


if __name__ == "__main__":
    main()
