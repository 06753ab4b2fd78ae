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

Steps 2-5 are `selection.py`, the rows of each kind `rows.py`, the folder on disk
`dataset_files.py` and the settings `build_config.py`; this module runs them in order.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from distill.build_config import BuildConfig
from distill.dataset_files import (
    BUILD_MANIFEST,
    CARD,
    KINDS,
    SPLITS,
    BuildError,
    load_split,
    save_splits,
    write_datasets,
)
from distill.formats import with_reasoning
from distill.rows import corruption_pairs, grpo_row, sft_row, student_answer, teacher_rejects
from distill.selection import (
    Item,
    Stats,
    assign_splits,
    decontaminate,
    deduplicate,
    held_out_records,
    prepare,
)
from generator.examples import Example, read_examples, run_summary
from generator.folders import atomic_folder
from validators import Record

__all__ = [
    "BUILD_MANIFEST",
    "KINDS",
    "BuildConfig",
    "BuildError",
    "build_datasets",
    "load_split",
    "save_splits",
]


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
    items = [i for e in accepted if (i := prepare(e, config, stats)) is not None]
    items = deduplicate(items, config, stats)
    assign_splits(items, config)
    held_out = held_out_records(config.decontaminate)
    items = decontaminate(items, held_out, config, stats)

    say("writing rows")
    rows: dict[str, dict[str, list[dict]]] = {k: {s: [] for s in SPLITS} for k in KINDS}
    by_prompt: dict[tuple, list[Item]] = defaultdict(list)
    for item in items:
        ex = item.example
        by_prompt[(ex.task, ex.lang, item.question)].append(item)
        target = student_answer(item, config)
        rows["sft"][item.split].append(sft_row(item, target, config))
        if ex.reasoning:
            rows["reft"][item.split].append(
                sft_row(item, with_reasoning(ex.reasoning, target), config)
            )
        rows["grpo"][item.split].append(grpo_row(item))
        for row in corruption_pairs(item, config, stats):
            rows["dpo"][item.split].append(row)
            stats.dpo_rules["corruption"][row["rules"][0]] += 1
    for item, row in teacher_rejects(rejected, by_prompt, config, stats):
        rows["dpo"][item.split].append(row)
        stats.dpo_rules["teacher"].update(row["rules"])
    stats.counts = {k: {s: len(rows[k][s]) for s in SPLITS} for k in KINDS}

    with atomic_folder(out) as work:
        say("saving datasets")
        write_datasets(rows, work, config.sft_format)
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
