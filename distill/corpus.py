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
6. decontaminate: a train record near a test record (Jaccard of field triples) is dropped;
7. only then make examples: k varied descriptions per train record (`generator.describe`), one
   per test record with no part left out, each paired with the target it grounds; and DPO pairs
   (the target against rule-targeted corruptions of it, `distill.corrupt`) for train records.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from distill.canonical import canonical_key, field_triples
from distill.corrupt import OPERATORS, corruptions
from distill.dedup import NearDuplicateIndex
from distill.prompting import student_messages
from generator.describe import Description, describe, descriptions, ground
from validators import ReadError, Record, read_records
from validators.formats.mrk import record_to_mrk
from validators.grammar.student import student_regex
from validators.repair import repair
from validators.roles import TARGET_SETTINGS, student_view
from validators.samples import load_samples, sample_path

Syntax = Literal["mrk", "marcxml"]
SAMPLES = "copiste-samples"
HANDWRITTEN = "handwritten"
RECORD_SUFFIXES = (".xml", ".mrc", ".mrk", ".gz")


class CorpusConfig(BaseModel):
    """How the real records become a student's training and evaluation data."""

    real_dir: Path
    k: int = Field(4, ge=1, description="descriptions per train record")
    test_fraction: float = Field(0.12, gt=0.0, lt=1.0, description="share of each source held out")
    min_source: int = Field(5, ge=2, description="sources smaller than this stay in train")
    seed: str = "copiste"
    syntax: Syntax = "mrk"
    max_tokens: int | None = Field(None, gt=0, description="student context; None: the model's")
    decontamination_threshold: float = Field(0.8, gt=0.0, le=1.0)
    noise: float = Field(0.3, ge=0.0, le=1.0)
    dpo_pairs: int = Field(2, ge=0, description="rule-targeted corruptions per train record")


@dataclass
class CorpusRecord:
    """One repaired real record and where it came from."""

    id: str
    source: str
    record: Record
    view: Record
    split: str = "train"

    @property
    def library(self) -> str:
        """The institution, from the file name's first part (`bnf_sru_...` -> `bnf`)."""
        return self.source.split("_", 1)[0]


@dataclass
class CorpusStats:
    per_source: Counter = field(default_factory=Counter)
    repaired: Counter = field(default_factory=Counter)
    records_repaired: int = 0
    dropped: Counter = field(default_factory=Counter)
    unreadable: Counter = field(default_factory=Counter)


def corpus_files(real_dir: Path) -> list[Path]:
    """The record files of `real_dir`, the MODIFIED fixtures left out."""
    if not Path(real_dir).is_dir():
        raise FileNotFoundError(f"{real_dir}: no such folder of real records")
    return sorted(
        p
        for p in Path(real_dir).iterdir()
        if p.is_file() and p.name.endswith(RECORD_SUFFIXES) and "MODIFIED" not in p.name
    )


def _sources(real_dir: Path) -> list[tuple[str, list[Record | ReadError]]]:
    found = [(p.name.split(".")[0], list(read_records(p))) for p in corpus_files(real_dir)]
    return [*found, (SAMPLES, list(load_samples()))]


def read_corpus(
    config: CorpusConfig, count_tokens: Callable[[list[str]], list[int]] | None = None
) -> tuple[list[CorpusRecord], CorpusStats]:
    """Steps 1-4: the repaired, distinct records that fit the student's context."""
    stats = CorpusStats()
    seen: set[str] = set()
    kept: list[CorpusRecord] = []
    for source, items in _sources(config.real_dir):
        for index, item in enumerate(items):
            if isinstance(item, ReadError):
                stats.unreadable[source] += 1
                continue
            stats.per_source[source] += 1
            fixed = repair(item)
            stats.repaired.update(c.rule for c in fixed.changes)
            stats.records_repaired += bool(fixed.changes)
            view = student_view(fixed.record)
            key = canonical_key(view)
            if key in seen:
                stats.dropped["duplicate of another record's student view"] += 1
                continue
            seen.add(key)
            record_id = f"{source}#{index}:{item.record_id or '-'}"
            kept.append(CorpusRecord(record_id, source, fixed.record, view))
    if count_tokens is None:
        count_tokens, context = smollm2_tokens()
    else:
        context = None
    limit = config.max_tokens or context
    if limit:
        lengths = count_tokens([target_text(r.view, config.syntax) for r in kept])
        too_long = [n > limit for n in lengths]
        stats.dropped[f"student view longer than {limit} tokens"] += sum(too_long)
        kept = [r for r, long in zip(kept, too_long, strict=True) if not long]
    return kept, stats


def smollm2_tokens() -> tuple[Callable[[list[str]], list[int]], int]:
    """Token counts with SmolLM2's tokenizer, and its context length (embedded model, offline)."""
    from transformers import AutoConfig, AutoTokenizer

    from generator.models import embedded_model_dir

    folder = embedded_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    context = AutoConfig.from_pretrained(folder).max_position_embeddings

    def count(texts: list[str]) -> list[int]:
        return [len(ids) for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]]

    return count, context


def _rank(seed: str, record_id: str) -> str:
    return hashlib.sha256(f"{seed}\x1f{record_id}".encode()).hexdigest()


def split_corpus(records: list[CorpusRecord], config: CorpusConfig, stats: CorpusStats) -> None:
    """Steps 5-6, in place: `split` set on every record; near duplicates of test leave train."""
    by_source: dict[str, list[CorpusRecord]] = {}
    for r in records:
        by_source.setdefault(r.source, []).append(r)
    for source, group in by_source.items():
        if source == SAMPLES:
            for r in group:
                r.split = "test"
            continue
        if len(group) < config.min_source:
            continue
        group.sort(key=lambda r: _rank(config.seed, r.id))
        for r in group[: max(1, round(config.test_fraction * len(group)))]:
            r.split = "test"
    index = NearDuplicateIndex(config.decontamination_threshold)
    for n, r in enumerate(x for x in records if x.split == "test"):
        index.add(n, _triples(r.view))
    for r in records:
        if r.split == "train" and index.similar(_triples(r.view)):
            r.split = "dropped"
            stats.dropped["near a test record (decontamination)"] += 1


def _triples(record: Record) -> frozenset[str]:
    return frozenset("\x1f".join(t) for t in field_triples(record))


def target_text(record: Record, syntax: Syntax) -> str:
    """What the student writes for `record`: MarcEdit lines or a MARCXML record."""
    return record_to_mrk(record) if syntax == "mrk" else record.to_marcxml()


def _row(r: CorpusRecord, d: Description, n: int, config: CorpusConfig) -> dict[str, Any]:
    target = ground(r.view, d)
    return {
        "prompt": student_messages(d.text, config.syntax),
        "completion": [{"role": "assistant", "content": target_text(target, config.syntax)}],
        "gold": target.to_marcxml(),
        "id": hashlib.sha256(f"{r.id}\x1f{n}\x1f{d.text}".encode()).hexdigest()[:32],
        "task": "unimarc",
        "method": f"describe:{d.form}",
        "lang": d.lang,
        "seed_id": r.id,
    }


@lru_cache(maxsize=2)
def _student_pattern(syntax: Syntax) -> re.Pattern[str]:
    return re.compile(student_regex(syntax))


def keep_decodable(records: Sequence[CorpusRecord], syntax: Syntax, stats: CorpusStats) -> None:
    """Train records whose target the student's decoding grammar refuses leave the train split.

    A student decodes under that grammar; a target it refuses (a 7XX$4 role written as text
    where a relator code belongs, say) would teach what decoding then forbids, and the student,
    forced off what it learnt, writes on from a state it never saw. Held-out records stay
    whatever they hold: they measure, they do not teach.
    """
    pattern = _student_pattern(syntax)
    for r in records:
        if r.split == "train" and not pattern.fullmatch(target_text(r.view, syntax)):
            r.split = "dropped"
            stats.dropped["train record refused by the student's grammar"] += 1


def handwritten(config: CorpusConfig) -> list[dict[str, Any]]:
    """Rows of the hand-written French descriptions of the samples (a fixed extra test set)."""
    path = sample_path().with_name("descriptions.fr.jsonl")
    samples = {r.record_id: r for r in load_samples()}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        view = student_view(repair(samples[item["gold_id"]]).record)
        d = Description(item["description"], HANDWRITTEN, "fr", frozenset())
        record = CorpusRecord(f"{SAMPLES}:{item['gold_id']}", SAMPLES, view, view, "test")
        rows.append({**_row(record, d, 0, config), "id": item["id"], "method": HANDWRITTEN})
    return rows


# Corruptions a student's answer can carry: not the XML ones in MarcEdit lines (there is no XML
# to break), nor those of fields copiste writes itself (801, 100$a's date entered).
SYSTEM_OPERATORS = frozenset({"bad_100a_date", "bad_801c", "bad_801_ind2"})
XML_OPERATORS = frozenset({"xml_truncated", "xml_unclosed_tag"})


def dpo_rows(records: Sequence[CorpusRecord], config: CorpusConfig) -> list[dict[str, Any]]:
    """DPO pairs of the train records: each grounded target (chosen) against up to
    `config.dpo_pairs` corruptions of it that each break one named rule (rejected, checked by
    the rules), on the record's first description, so the preference is about the rules and
    nothing else."""
    skip = SYSTEM_OPERATORS | (XML_OPERATORS if config.syntax == "mrk" else frozenset())
    names = [n for n in OPERATORS if n not in skip]
    out = []
    for r in records:
        if r.split != "train" or not config.dpo_pairs:
            continue
        d = descriptions(r.view, 1, seed=f"{config.seed}:{r.id}", noise=config.noise)[0]
        row = _row(r, d, 0, config)
        target = ground(r.view, d)
        made = corruptions(target, seed=r.id, count=config.dpo_pairs, names=names)
        for bad in made:
            text = bad.text
            if config.syntax == "mrk":
                text = target_text(Record.from_marcxml(bad.text), "mrk")
            if not _breaks(text, row["completion"][0]["content"], bad.rule, config.syntax):
                continue
            out.append(
                {
                    "prompt": row["prompt"],
                    "chosen": row["completion"],
                    "rejected": [{"role": "assistant", "content": text}],
                    "rule": bad.rule,
                    "operator": bad.operator,
                    **{k: row[k] for k in ("id", "task", "lang", "seed_id")},
                    "method": f"corrupt:{bad.operator}",
                }
            )
    return out


def _breaks(rejected: str, chosen: str, rule: str, syntax: Syntax) -> bool:
    """Whether the checkers, reading both answers as `copiste catalogue` does, find `rule`
    broken in the rejected one only: some corruptions do not survive the syntax (a leader's
    length in MarcEdit lines) or the system's fields, and such a pair would teach nothing."""
    from distill.catalogue import judge

    def rules(text: str) -> set[str]:
        return {f.rule for f in judge(text, syntax, "strict", TARGET_SETTINGS)[1].findings}

    return rule in rules(rejected) and rule not in rules(chosen)


def corpus_rows(records: Sequence[CorpusRecord], config: CorpusConfig) -> dict[str, list[dict]]:
    """Step 7: SFT/GRPO rows per split (train, test, handwritten)."""
    rows: dict[str, list[dict]] = {"train": [], "test": [], HANDWRITTEN: handwritten(config)}
    for r in records:
        if r.split == "train":
            seed = f"{config.seed}:{r.id}"
            found = descriptions(r.view, config.k, seed=seed, noise=config.noise)
            rows["train"] += [_row(r, d, n, config) for n, d in enumerate(found)]
        elif r.split == "test":
            seed = f"{config.seed}:test:{r.id}"
            d = describe(r.view, seed, drop=False, noise=config.noise)
            rows["test"].append(_row(r, d, 0, config))
    return rows


def build_corpus(
    out: Path,
    config: CorpusConfig,
    *,
    count_tokens: Callable[[list[str]], list[int]] | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Write `out/{sft,grpo}/{train,test,handwritten}`, `out/dpo/train` and `out/build.json`;
    return the manifest.

    GRPO rows and `copiste eval` read `gold` (MARCXML of the grounded target); SFT rows hold the
    target in `config.syntax`.
    """
    from distill.datasets import BUILD_MANIFEST, BuildError
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

    from distill.datasets import save_splits

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
    splits: dict[str, Counter] = {s: Counter() for s in ("train", "test", "dropped")}
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
