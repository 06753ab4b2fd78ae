"""The real records a student learns from (steps 1-6 of `distill.corpus`): read from every file
of the real-record folder and copiste's samples, repaired, reduced to the student's view and
deduplicated, kept when that view fits the student's context and its decoding grammar, split by
record and decontaminated.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from distill.canonical import canonical_key, field_triples
from distill.dedup import NearDuplicateIndex
from generator.describe import Description, ground
from validators import ReadError, Record, read_records
from validators.formats.mrk import record_to_mrk
from validators.grammar.student import student_regex
from validators.repair import repair
from validators.roles import student_view
from validators.samples import load_samples

Syntax = Literal["mrk", "marcxml"]
SAMPLES = "copiste-samples"
RECORD_SUFFIXES = (".xml", ".mrc", ".mrk", ".gz")
HELD_OUT = ("test", "validation")  # record splits never trained on


class CorpusConfig(BaseModel):
    """How the real records become a student's training and evaluation data."""

    real_dir: Path
    k: int = Field(4, ge=1, description="descriptions per train record")
    test_fraction: float = Field(0.12, gt=0.0, lt=1.0, description="share of each source held out")
    validation_fraction: float = Field(
        0.06, ge=0.0, lt=1.0, description="share of each source held out to choose stages on"
    )
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
    """Steps 5-6, in place: `split` set on every record; near duplicates of a held-out record
    leave train.

    Each source large enough gives its first records in seeded order to test, then the next to
    validation: stages and settings are chosen on validation, so the test figures stay a
    measurement of what was chosen, not the choice itself.
    """
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
        test = max(1, round(config.test_fraction * len(group)))
        share = config.validation_fraction
        validation = max(1, round(share * len(group))) if share else 0
        for r in group[:test]:
            r.split = "test"
        for r in group[test : test + validation]:
            r.split = "validation"
    index = NearDuplicateIndex(config.decontamination_threshold)
    for n, r in enumerate(x for x in records if x.split in HELD_OUT):
        index.add((r.split, n), _triples(r.view))
    for r in records:
        if r.split != "train":
            continue
        near = {split for split, _ in index.similar(_triples(r.view))}
        if near:
            r.split = "dropped"
            held = "test" if "test" in near else "validation"
            stats.dropped[f"near a {held} record (decontamination)"] += 1


def _triples(record: Record) -> frozenset[str]:
    return frozenset("\x1f".join(t) for t in field_triples(record))


def target_text(record: Record, syntax: Syntax) -> str:
    """What the student writes for `record`: MarcEdit lines or a MARCXML record."""
    return record_to_mrk(record) if syntax == "mrk" else record.to_marcxml()


# A description that leaves nothing out: `ground` then removes only what none carries.
_CARRIES_ALL = Description("", "", "fr", frozenset())


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
        if r.split != "train":
            continue
        # what every target of the record is taught without: links and local data no
        # description carries ("700 $1 032512228", a library's local $8)
        taught = ground(r.view, _CARRIES_ALL)
        if not pattern.fullmatch(target_text(taught, syntax)):
            r.split = "dropped"
            stats.dropped["train record refused by the student's grammar"] += 1
