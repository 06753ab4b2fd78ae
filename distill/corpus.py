"""The real-record corpus: every record copiste can read, repaired, deduplicated, split by record.

Order of work, and why:
1. read every file of the real-record folder (the MODIFIED test fixtures excepted: their
   content was edited to trigger rules) and copiste's own samples;
2. repair each record (`validators.repair`): a student must not learn an export's defects;
3. take the student's view (`validators.roles.student_view`) and drop exact duplicates of it;
4. drop a record only when that view, in the student's syntax, exceeds the student's context;
5. split by record before any example exists, with a fixed seed, stratified by source file so the
   test split holds every library that has enough records; the samples are always held out,
   since the hand-written descriptions (`validators/samples/descriptions.fr.jsonl`) describe them;
   after the test records, a validation share of each such source is drawn the same way: stages
   and settings are chosen on validation (`bench/student.py`), figures are reported on test;
6. decontaminate: a train record near a test or validation record (Jaccard of field triples) is
   dropped;
7. only then make examples: k varied descriptions per train record (`generator.describe`), one
   per test or validation record with no part left out, each paired with the target it grounds;
   and DPO pairs (the target against rule-targeted corruptions of it, `distill.corrupt`) for
   train records.

`corpus_records.py` holds steps 1-6, `corpus_rows.py` step 7; this module writes the folder.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from distill.corpus_records import (
    HELD_OUT,
    SAMPLES,
    CorpusConfig,
    CorpusRecord,
    CorpusStats,
    corpus_files,
    keep_decodable,
    read_corpus,
    smollm2_tokens,
    split_corpus,
    target_text,
)
from distill.corpus_rows import HANDWRITTEN, corpus_rows, dpo_rows
from distill.dataset_files import BUILD_MANIFEST, BuildError, save_splits

__all__ = [
    "HANDWRITTEN",
    "SAMPLES",
    "CorpusConfig",
    "build_corpus",
    "corpus_files",
    "read_corpus",
    "smollm2_tokens",
    "split_corpus",
    "target_text",
    "write_dpo",
]


def build_corpus(
    out: Path,
    config: CorpusConfig,
    *,
    count_tokens: Callable[[list[str]], list[int]] | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Write `out/{sft,grpo}/{train,test,validation,handwritten}`, `out/dpo/train` and
    `out/build.json`; return the manifest (nothing trains on validation: it chooses stages).

    GRPO rows and `copiste eval` read `gold` (MARCXML of the grounded target); SFT rows hold the
    target in `config.syntax`.
    """
    from generator.folders import atomic_folder

    say = on_progress or (lambda _: None)
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / BUILD_MANIFEST).exists():
        raise BuildError(f"{out} exists and is not a copiste dataset folder: choose another --out")
    say("reading and repairing the real records")
    records, stats = read_corpus(config, count_tokens)
    split_corpus(records, config, stats)
    say("describing the records")
    keep_decodable(records, config.syntax, stats)
    rows = corpus_rows(records, config)
    pairs = dpo_rows(records, config)
    manifest = _manifest(records, rows, stats, config)
    manifest["counts"]["dpo"] = {"train": len(pairs)}
    manifest["dpo_rules"] = dict(Counter(p["rule"] for p in pairs).most_common())
    with atomic_folder(out) as work:
        say("saving datasets")
        _write(rows, work)
        write_dpo(pairs, work / "dpo")
        (work / BUILD_MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def _write(rows: dict[str, list[dict]], folder: Path) -> None:
    from datasets import Features, List, Value, disable_progress_bars

    disable_progress_bars()
    message = List({"role": Value("string"), "content": Value("string")})
    meta = {k: Value("string") for k in ("id", "task", "method", "lang", "seed_id")}
    kinds = {
        "sft": Features({"prompt": message, "completion": message, **meta}),
        "grpo": Features({"prompt": message, "gold": Value("string"), **meta}),
    }
    for kind, features in kinds.items():
        save_splits(rows, features, folder / kind)


def write_dpo(pairs: list[dict[str, Any]], folder: Path) -> None:
    """`folder` as a DatasetDict with a train split of DPO pairs (what `distill dpo` reads)."""
    from datasets import Dataset, DatasetDict, Features, List, Value

    message = List({"role": Value("string"), "content": Value("string")})
    names = ("rule", "operator", "id", "task", "method", "lang", "seed_id")
    features = Features(
        {"prompt": message, "chosen": message, "rejected": message}
        | {k: Value("string") for k in names}
    )
    columns = {name: [p[name] for p in pairs] for name in features}
    DatasetDict({"train": Dataset.from_dict(columns, features=features)}).save_to_disk(
        str(folder), num_shards={"train": 1}
    )


def _manifest(
    records: list[CorpusRecord],
    rows: dict[str, list[dict]],
    stats: CorpusStats,
    config: CorpusConfig,
) -> dict[str, Any]:
    splits: dict[str, Counter] = {s: Counter() for s in ("train", *HELD_OUT, "dropped")}
    for r in records:
        splits[r.split][r.source] += 1
    test_libraries = {r.library for r in records if r.split == "test" and r.source != SAMPLES}
    return {
        "syntax": config.syntax,  # where evaluation and export read the targets' syntax
        "corpus": json.loads(config.model_dump_json()),
        "records_per_source": dict(stats.per_source),
        "unreadable_per_source": dict(stats.unreadable),
        "records_repaired": stats.records_repaired,
        "repairs_per_rule": dict(stats.repaired.most_common()),
        "dropped": dict(stats.dropped),
        "records": {s: sum(c.values()) for s, c in splits.items()},
        "records_per_split_and_source": {s: dict(c) for s, c in splits.items()},
        "test_real_records": sum(n for s, n in splits["test"].items() if s != SAMPLES),
        "test_libraries": sorted(test_libraries),
        "counts": {kind: {s: len(v) for s, v in rows.items()} for kind in ("sft", "grpo")},
    }
