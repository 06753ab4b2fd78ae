"""Build TRL-ready datasets (SFT, ReFT, DPO, GRPO) from one or more generation runs.

Order of work, and why:
1. read every example of every run (acceptance rates are counted on all of them);
2. re-serialise accepted records in one MARCXML layout (9XX local fields dropped by default:
   no description of a document grounds a library's holdings);
3. remove exact duplicates, then near duplicates, on canonical records plus the question, so
   field order, indentation or a `#` blank indicator never make two copies look different;
4. split by group (the seed record), so every example of one record lands on the same side;
5. decontaminate the train split against the test split and any held-out record files;
6. write the four datasets (save_to_disk, Parquet, JSONL) and a dataset card.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from distill.canonical import (
    canonical_key,
    field_triples,
    normalise_question,
    normalise_space,
    parse_record,
)
from distill.corpus import target_text
from distill.corrupt import corruptions
from distill.dedup import NearDuplicateIndex
from distill.formats import assistant, prompt_messages, with_reasoning
from distill.prompting import student_messages
from generator.examples import Example, read_examples, run_summary
from generator.folders import atomic_folder
from validators import ReadError, Record, read_records, validate
from validators.errors import CopisteError
from validators.roles import student_view

log = logging.getLogger(__name__)

KINDS = ("sft", "reft", "dpo", "grpo")
SPLITS = ("train", "test")
BUILD_MANIFEST = "build.json"
CARD = "dataset_card.md"


class BuildError(CopisteError, ValueError):
    """The inputs or the output folder cannot be used; the message says which and why."""

    http_status = 422
    code = "invalid_dataset"


class BuildConfig(BaseModel):
    """How runs become datasets. Every default gives a usable build."""

    test_fraction: float = Field(0.1, ge=0.0, lt=1.0, description="share of groups held out")
    split_seed: str = Field("copiste", description="salt of the hash that assigns groups")
    sft_format: Literal["prompt-completion", "messages"] = "prompt-completion"
    near_duplicate_threshold: float = Field(0.9, gt=0.0, le=1.0)
    decontamination_threshold: float = Field(0.8, gt=0.0, le=1.0)
    corruptions_per_record: int = Field(2, ge=0)
    teacher_pairs_per_prompt: int = Field(4, ge=0)
    drop_local_fields: bool = True
    max_answer_chars: int | None = Field(None, gt=0)
    rules: str = "strict"
    syntax: Literal["mrk", "marcxml"] = Field(
        "mrk", description="what the student writes: MarcEdit lines (its view) or MARCXML"
    )
    decontaminate: list[Path] = Field(
        default_factory=list, description="held-out record files no train example may match"
    )


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


def _prepare(example: Example, config: BuildConfig, stats: Stats) -> Item | None:
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


def _deduplicate(items: list[Item], config: BuildConfig, stats: Stats) -> list[Item]:
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


def _assign_splits(items: list[Item], config: BuildConfig) -> None:
    groups = sorted({i.group for i in items})
    scores = {g: _hash_unit(config.split_seed, g) for g in groups}
    test = {g for g in groups if scores[g] < config.test_fraction}
    if config.test_fraction > 0 and not test and len(groups) > 1:
        test = {min(groups, key=scores.__getitem__)}
    for item in items:
        item.split = "test" if item.group in test else "train"


def _held_out_records(paths: Sequence[Path]) -> list[Record]:
    records = []
    for path in paths:
        if not Path(path).exists():
            raise BuildError(f"{path}: held-out record file not found")
        records.extend(r for r in read_records(path) if not isinstance(r, ReadError))
    return records


def _decontaminate(
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


def _meta(example: Example) -> dict[str, Any]:
    return {
        "id": example.id,
        "task": example.task,
        "method": example.method,
        "lang": example.lang,
        "seed_id": example.seed_id or "",
    }


def _student_answer(item: Item, config: BuildConfig) -> str:
    """The SFT target: in mrk, the record's student view (copiste writes the system fields)."""
    if item.record is None or config.syntax == "marcxml":
        return item.answer
    return target_text(student_view(item.record), "mrk")


def _sft_row(item: Item, content: str, config: BuildConfig) -> dict[str, Any]:
    ex = item.example
    if item.record is not None:
        prompt = student_messages(ex.question, config.syntax)
    else:
        prompt = prompt_messages(ex.task, ex.lang, ex.question)
    if config.sft_format == "messages":
        return {"messages": prompt + assistant(content), **_meta(ex)}
    return {"prompt": prompt, "completion": assistant(content), **_meta(ex)}


def _grpo_row(item: Item) -> dict[str, Any]:
    ex = item.example
    return {
        "prompt": prompt_messages(ex.task, ex.lang, ex.question),
        "gold": item.gold or item.answer,
        **_meta(ex),
    }


def _dpo_row(item: Item, rejected: str, source: str, rules: list[str], op: str) -> dict:
    ex = item.example
    return {
        "prompt": prompt_messages(ex.task, ex.lang, ex.question),
        "chosen": assistant(item.answer),
        "rejected": assistant(rejected),
        "rejected_source": source,
        "rules": rules,
        "operator": op,
        **_meta(ex),
    }


def _teacher_rejects(
    rejected: list[Example], by_prompt: dict[tuple, list[Item]], config: BuildConfig, stats: Stats
) -> Iterable[tuple[Item, dict]]:
    """Pairs from teacher outputs the checkers refused, against accepted answers to the same
    prompt. An output refused for another reason (its record is valid) makes no pair."""
    used: Counter = Counter()
    for example in rejected:
        prompt = (example.task, example.lang, normalise_question(example.question))
        chosen = by_prompt.get(prompt)
        if not chosen or used[prompt] >= config.teacher_pairs_per_prompt:
            continue
        if example.task == "unimarc":
            report = validate(example.answer, rules=config.rules)
            if report.valid:
                stats.dropped["rejected teacher output with a valid record: no DPO pair"] += 1
                continue
            rules = sorted(f.rule for f in report.errors)
        else:
            rules = example.broken_rules
        stats.teacher_findings.update(set(rules))
        item = chosen[used[prompt] % len(chosen)]
        used[prompt] += 1
        yield item, _dpo_row(item, example.answer, "teacher", rules, "")


def _corruption_pairs(item: Item, config: BuildConfig, stats: Stats) -> Iterable[dict]:
    """Pairs from rule-targeted corruptions of an accepted record, each checked to break the
    rule it is labelled with (a corruption the checkers would accept teaches nothing)."""
    if item.record is None or config.corruptions_per_record == 0:
        return
    for c in corruptions(item.record, seed=item.example.id, count=config.corruptions_per_record):
        report = validate(c.text, rules=config.rules)
        if c.rule not in {f.rule for f in report.errors}:
            stats.corruption_missed[c.rule] += 1
            continue
        yield _dpo_row(item, c.text, "corruption", [c.rule], c.operator)


def _features(kind: str, config: BuildConfig):
    from datasets import Features, List, Value

    message = {"role": Value("string"), "content": Value("string")}
    meta = {k: Value("string") for k in ("id", "task", "method", "lang", "seed_id")}
    if kind in ("sft", "reft"):
        if config.sft_format == "messages":
            return Features({"messages": List(message), **meta})
        return Features({"prompt": List(message), "completion": List(message), **meta})
    if kind == "dpo":
        return Features(
            {
                "prompt": List(message),
                "chosen": List(message),
                "rejected": List(message),
                "rejected_source": Value("string"),
                "rules": List(Value("string")),
                "operator": Value("string"),
                **meta,
            }
        )
    return Features({"prompt": List(message), "gold": Value("string"), **meta})


def _write(rows: dict[str, dict[str, list[dict]]], folder: Path, config: BuildConfig) -> None:
    from datasets import disable_progress_bars

    disable_progress_bars()
    for kind in KINDS:
        save_splits(
            {split: rows[kind][split] for split in SPLITS}, _features(kind, config), folder / kind
        )


def save_splits(rows: dict[str, list[dict]], features: Any, target: Path) -> None:
    """Each split's rows as one dataset under `target`: `datasets`' own folder, plus Parquet
    and JSON lines per split for any other tool. Every builder of training data writes so."""
    from datasets import Dataset, DatasetDict

    splits = DatasetDict(
        {
            split: Dataset.from_dict(
                {name: [row[name] for row in data] for name in features}, features=features
            )
            for split, data in rows.items()
        }
    )
    # One shard per split, or datasets writes none for an empty split and cannot load it.
    splits.save_to_disk(str(target), num_shards=dict.fromkeys(rows, 1))
    for split, data in splits.items():
        data.to_parquet(str(target / f"{split}.parquet"))
        data.to_json(str(target / f"{split}.jsonl"), force_ascii=False)


def build_datasets(
    runs: Sequence[Path],
    out: Path,
    config: BuildConfig | None = None,
    *,
    on_progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Build `out/{sft,reft,dpo,grpo}` and `out/dataset_card.md`; return the build manifest.

    The folder is written beside `out` and renamed into place, so an interrupted build never
    leaves a half-written dataset; an existing `out` is replaced only if copiste built it.
    """
    config = config or BuildConfig()
    say = on_progress or (lambda _: None)
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / BUILD_MANIFEST).exists():
        raise BuildError(f"{out} exists and is not a copiste dataset folder: choose another --out")
    if not runs:
        raise BuildError("no run folder given")
    stats = Stats()
    accepted: list[Example] = []
    rejected: list[Example] = []
    for run in runs:
        run = Path(run)
        say(f"reading {run}")
        per_method: dict[str, Counter] = defaultdict(Counter)
        for example in read_examples(run):
            per_method[example.method]["read"] += 1
            per_method[example.method]["accepted"] += example.accepted
            stats.read[example.method] += 1
            stats.accepted[example.method] += example.accepted
            (accepted if example.accepted else rejected).append(example)
        stats.runs.append(
            {
                "path": str(run),
                "teacher": run_summary(run).get("teacher"),
                "methods": {m: dict(c) for m, c in per_method.items()},
            }
        )
    if not accepted:
        raise BuildError("the runs hold no accepted example: nothing to train on")

    say("canonicalising and deduplicating")
    items = [i for e in accepted if (i := _prepare(e, config, stats)) is not None]
    items = _deduplicate(items, config, stats)
    _assign_splits(items, config)
    held_out = _held_out_records(config.decontaminate)
    items = _decontaminate(items, held_out, config, stats)

    say("writing rows")
    rows: dict[str, dict[str, list[dict]]] = {k: {s: [] for s in SPLITS} for k in KINDS}
    by_prompt: dict[tuple, list[Item]] = defaultdict(list)
    for item in items:
        ex = item.example
        by_prompt[(ex.task, ex.lang, item.question)].append(item)
        target = _student_answer(item, config)
        rows["sft"][item.split].append(_sft_row(item, target, config))
        if ex.reasoning:
            rows["reft"][item.split].append(
                _sft_row(item, with_reasoning(ex.reasoning, target), config)
            )
        rows["grpo"][item.split].append(_grpo_row(item))
        for row in _corruption_pairs(item, config, stats):
            rows["dpo"][item.split].append(row)
            stats.dpo_rules["corruption"][row["rules"][0]] += 1
    for item, row in _teacher_rejects(rejected, by_prompt, config, stats):
        rows["dpo"][item.split].append(row)
        stats.dpo_rules["teacher"].update(row["rules"])
    stats.counts = {k: {s: len(rows[k][s]) for s in SPLITS} for k in KINDS}

    with atomic_folder(out) as work:
        say("saving datasets")
        _write(rows, work, config)
        manifest = _manifest(runs, config, stats, held_out)
        (work / BUILD_MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        from distill.card import dataset_card

        (work / CARD).write_text(dataset_card(manifest), encoding="utf-8")
    return manifest


def _manifest(
    runs: Sequence[Path], config: BuildConfig, stats: Stats, held_out: list[Record]
) -> dict[str, Any]:
    from distill.corrupt import OPERATORS

    return {
        "runs": stats.runs,
        "config": json.loads(config.model_dump_json()),
        "read": dict(stats.read),
        "accepted": dict(stats.accepted),
        "acceptance_rate": {m: round(stats.accepted[m] / n, 4) for m, n in stats.read.items() if n},
        "dropped": dict(stats.dropped),
        "held_out_records": len(held_out),
        "counts": stats.counts,
        "dpo_rules": {source: dict(c) for source, c in stats.dpo_rules.items()},
        "teacher_rejection_rules": dict(stats.teacher_findings),
        "corruption_missed": dict(stats.corruption_missed),
        "operators": {op.name: op.rule for op in OPERATORS.values()},
    }


def load_split(data: Path, kind: str, split: str):
    """One split of a built dataset, with a clear error when the folder is not one."""
    from datasets import load_from_disk

    folder = Path(data) / kind
    if not (folder / "dataset_dict.json").exists():
        raise BuildError(
            f"{data}: no {kind} dataset here; build one with `copiste distill build --runs ... "
            f"--out {data}`"
        )
    dataset = load_from_disk(str(folder))
    if split not in dataset:
        raise BuildError(f"{folder} has no {split!r} split")
    return dataset[split]
