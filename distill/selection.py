"""Which accepted examples enter a dataset, and on which side: each example re-serialised in
one MARCXML layout (`prepare`), exact and near duplicates removed (`deduplicate`), groups (seed
records) split by a salted hash (`assign_splits`), and the train split cleaned of anything
matching the test split or held-out records (`decontaminate`).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distill.build_config import BuildConfig
from distill.canonical import (
    canonical_key,
    field_triples,
    normalise_question,
    normalise_space,
    parse_record,
)
from distill.dataset_files import BuildError
from distill.dedup import NearDuplicateIndex
from generator.examples import Example
from validators import ReadError, Record, read_records


@dataclass
class Item:
    """An accepted example, ready for the datasets."""

    example: Example
    answer: str
    gold: str | None
    record: Record | None
    group: str
    # Canonical key of the record (normalised answer text for math) and normalised question,
    # computed once: deduplication, decontamination and DPO pairing all compare them.
    key: str
    question: str
    split: str = "train"
    features: frozenset[str] = frozenset()
    triples: frozenset[str] = frozenset()


@dataclass
class Stats:
    runs: list[dict[str, Any]] = field(default_factory=list)
    read: Counter = field(default_factory=Counter)
    accepted: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)
    teacher_findings: Counter = field(default_factory=Counter)
    dpo_rules: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    corruption_missed: Counter = field(default_factory=Counter)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def _hash_unit(*parts: str) -> float:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _strip_local(record: Record) -> Record:
    return Record(record.leader, [f for f in record.fields if not f.tag.startswith("9")])


def _question_features(question: str) -> set[str]:
    """Word trigrams of an already normalised question."""
    words = question.split()
    return {"q:" + " ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def _triple_features(record: Record | None) -> frozenset[str]:
    if record is None:
        return frozenset()
    return frozenset("\x1f".join(t) for t in field_triples(record))


def prepare(example: Example, config: BuildConfig, stats: Stats) -> Item | None:
    """An accepted example in the dataset's layout, or None (and why, in stats.dropped)."""
    answer, gold, record = example.answer, example.gold, None
    if example.task == "unimarc":
        record = parse_record(answer)
        if record is None:
            stats.dropped["accepted answer is not a readable record"] += 1
            return None
        if config.drop_local_fields:
            record = _strip_local(record)
            gold_record = parse_record(gold)
            gold = _strip_local(gold_record).to_marcxml() if gold_record else gold
        answer = record.to_marcxml()
    if config.max_answer_chars and len(answer) > config.max_answer_chars:
        stats.dropped[f"answer longer than {config.max_answer_chars} characters"] += 1
        return None
    key = canonical_key(record) if record is not None else normalise_space(answer)
    group = f"{example.task}:{example.seed_id or key}"
    question = normalise_question(example.question)
    triples = _triple_features(record)
    return Item(
        example,
        answer,
        gold,
        record,
        group,
        key=key,
        question=question,
        features=frozenset(triples | _question_features(question)),
        triples=triples,
    )


def deduplicate(items: list[Item], config: BuildConfig, stats: Stats) -> list[Item]:
    seen: set[tuple[str, str, str]] = set()
    index = NearDuplicateIndex(config.near_duplicate_threshold)
    kept: list[Item] = []
    for n, item in enumerate(items):
        exact = (item.example.task, item.key, item.question)
        if exact in seen:
            stats.dropped["exact duplicate (canonical record and question)"] += 1
            continue
        seen.add(exact)
        if not index.add_unless_similar(n, item.features):
            stats.dropped[f"near duplicate (Jaccard >= {config.near_duplicate_threshold})"] += 1
            continue
        kept.append(item)
    return kept


def assign_splits(items: list[Item], config: BuildConfig) -> None:
    groups = sorted({i.group for i in items})
    scores = {g: _hash_unit(config.split_seed, g) for g in groups}
    test = {g for g in groups if scores[g] < config.test_fraction}
    if config.test_fraction > 0 and not test and len(groups) > 1:
        test = {min(groups, key=scores.__getitem__)}
    for item in items:
        item.split = "test" if item.group in test else "train"


def held_out_records(paths: Sequence[Path]) -> list[Record]:
    records = []
    for path in paths:
        if not Path(path).exists():
            raise BuildError(f"{path}: held-out record file not found")
        records.extend(r for r in read_records(path) if not isinstance(r, ReadError))
    return records


def decontaminate(
    items: list[Item], held_out: list[Record], config: BuildConfig, stats: Stats
) -> list[Item]:
    """Drop train items whose record or question matches (or nearly matches) held-out ones."""
    test = [i for i in items if i.split == "test"]
    keys = {i.key for i in test if i.record is not None}
    keys |= {canonical_key(r) for r in held_out}
    questions = {i.question for i in test}
    index = NearDuplicateIndex(config.decontamination_threshold)
    held_out_triples = [_triple_features(r) for r in held_out]
    for n, triples in enumerate([i.triples for i in test] + held_out_triples):
        if triples:
            index.add(n, triples)
    kept = []
    for item in items:
        if item.split == "train":
            if item.record is not None and item.key in keys:
                stats.dropped["decontaminated: same record as a held-out one"] += 1
                continue
            if item.question in questions:
                stats.dropped["decontaminated: same question as a test example"] += 1
                continue
            if item.triples and index.similar(item.triples):
                stats.dropped["decontaminated: near a held-out record"] += 1
                continue
        kept.append(item)
    return kept
