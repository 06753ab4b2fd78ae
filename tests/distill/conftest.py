"""Fixtures of the distill tests: run folders in the generator's examples.jsonl contract, a tiny
random student with the real SmolLM2 tokenizer, and the real SmolLM2."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from validators import ReadError, Record, read_records, validate

REAL_FILES = (
    "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc",
    "bnf_sru_marcxchange__rero-ils__bnf_anywhere_all_peter.xml",
    "sudoc_marcxml-nons__marcxml2tei.xml",
    "bsg_sainte-genevieve_marcxml-nons__reference_manager.xml",
)


def describe(record: Record) -> str:
    """A plain description of a record, standing in for a teacher's backtranslation."""
    parts = [
        record.first("200", "a") or "",
        record.first("200", "f") or "",
        record.first("210", "a") or "",
        record.first("210", "c") or "",
        record.first("210", "d") or "",
        record.first("215", "a") or "",
    ]
    isbn = record.first("010", "a")
    text = ". ".join(p for p in parts if p)
    return f"{text}. ISBN {isbn}" if isbn else text


def example(record: Record, *, method="backtranslation", accepted=True, answer=None, n=0):
    xml = record.to_marcxml()
    answer = xml if answer is None else answer
    report = validate(answer)
    ident = hashlib.sha256(f"{record.record_id}:{method}:{n}:{answer}".encode()).hexdigest()
    return {
        "id": ident,
        "task": "unimarc",
        "method": method,
        "lang": "en",
        "seed_id": record.record_id,
        "question": describe(record) + (f" (copy {n})" if n else ""),
        "answer": answer,
        "reasoning": None,
        "gold": xml,
        "accepted": accepted,
        "verdict": {**report.to_dict(), "checks": {}},
        "provenance": {"teacher": {"backend": "test", "model": "fixture"}},
    }


def write_run(folder: Path, examples: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "examples.jsonl").open("w", encoding="utf-8") as out:
        for ex in examples:
            out.write(json.dumps(ex, ensure_ascii=False) + "\n")
    (folder / "run.json").write_text(json.dumps({"teacher": {"model": "fixture"}}))
    return folder


@pytest.fixture(scope="session")
def real_records(real_dir) -> list[Record]:
    """Real records valid under the lenient rules (real data writes blank indicators as # or |),
    with a title, a few per library."""
    found = []
    for name in REAL_FILES:
        kept = 0
        for record in read_records(real_dir / name):
            if isinstance(record, ReadError) or not record.first("200", "a"):
                continue
            if validate(record, rules="lenient").valid and kept < 12:
                found.append(record)
                kept += 1
    return found


@pytest.fixture(scope="session")
def backtranslation_run(tmp_path_factory, real_records) -> Path:
    """Accepted backtranslation examples, a duplicate, and refused 'answer' outputs."""
    from distill.corrupt import corrupt

    rng = random.Random(0)
    examples = [example(r) for r in real_records]
    examples.append(example(real_records[0]))  # an exact duplicate
    for r in real_records[:6]:
        broken = corrupt(r, "drop_200a", rng)
        examples.append(example(r, method="answer", accepted=False, answer=broken.text))
        examples.append(example(r, method="answer", accepted=True, n=0))
    return write_run(tmp_path_factory.mktemp("runs") / "bt", examples)


CORE_TAGS = ("001", "010", "100", "101", "102", "200", "210", "215", "700", "701", "801")


def core(record: Record) -> Record:
    """The record cut to its descriptive core: short sequences for CPU training tests."""
    return Record(record.leader, [f for f in record.fields if f.tag in CORE_TAGS])


@pytest.fixture(scope="session")
def short_run(tmp_path_factory, real_records) -> Path:
    """Short accepted examples with reasoning traces, and refused teacher outputs for DPO."""
    from distill.corrupt import corrupt

    rng = random.Random(1)
    examples = []
    for n, record in enumerate(real_records[:24]):
        short = core(record)
        ex = example(short, method="reasoning")
        ex["reasoning"] = f"The title is {short.first('200', 'a')}; it goes in 200$a."
        examples.append(ex)
        if n % 3 == 0:
            broken = corrupt(short, "leader_length", rng)
            examples.append(
                example(short, method="reasoning", accepted=False, answer=broken.text, n=0)
            )
    return write_run(tmp_path_factory.mktemp("runs") / "short", examples)


@pytest.fixture(scope="session")
def short_data(tmp_path_factory, short_run) -> Path:
    from distill.datasets import BuildConfig, build_datasets

    out = tmp_path_factory.mktemp("data") / "short"
    # MARCXML targets: the training and evaluation figures below were set on them; the mrk
    # targets (the default) are tested in test_datasets and test_corpus.
    config = BuildConfig(test_fraction=0.2, corruptions_per_record=1, syntax="marcxml")
    build_datasets([short_run], out, config)
    return out


@pytest.fixture(scope="session")
def smollm2_dir() -> Path:
    from generator.models import embedded_model_dir

    return embedded_model_dir()
