"""Seeds: what each request starts from (a record, a question, a problem, a topic).

Seeds come from a file (records of any flavour validators reads, JSON lines, plain text with one
topic per line), from inline objects (the HTTP API), or from the sets shipped in `prompts/`
(math problems, cataloguing topics) when the method can do without.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.prompts import PROMPTS_DIR
from validators import ControlField, ReadError, Record, read_records
from validators.formats.sniff import sniff
from validators.readers import InputError

RECORD_SUFFIXES = {".xml", ".mrc", ".iso", ".marc", ".mrk", ".gz"}


class SeedError(ValueError):
    """The seeds cannot be used: unreadable, empty, or the wrong kind for the method."""


class Seed(BaseModel):
    """One starting point. Which fields matter depends on the task and method."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    record: str | None = None  # MARCXML of a record
    question: str | None = None
    answer: str | None = None
    expression: str | None = None  # math: how the answer is computed
    topic: str | None = None

    @cached_property
    def content_hash(self) -> str:
        """Part of every cache key. A record counts by its content (leader, tags, indicators,
        subfields), not by how its XML happens to be written, so a change in the MARCXML
        writer's layout does not make a resumed run ask everything again."""
        content = self.model_dump(exclude={"record"})
        record = self.parsed_record
        if record is not None:
            content["record"] = [
                record.leader,
                [
                    [f.tag, f.value]
                    if isinstance(f, ControlField)
                    else [f.tag, f.ind1, f.ind2, [[s.code, s.value] for s in f.subfields]]
                    for f in record.fields
                ],
            ]
        return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()

    @cached_property
    def parsed_record(self) -> Record | None:
        return Record.from_marcxml(self.record) if self.record else None


def load_seeds(
    source: str | Path | Iterable[Any] | None, *, task: str, method: str, lang: str
) -> list[Seed]:
    """Seeds from a path, inline values, or (None) the built-in set for the task."""
    if source is None:
        seeds = builtin_seeds(task, method, lang)
    elif isinstance(source, str | Path):
        seeds = _from_path(Path(source), lang)
    else:
        seeds = [_from_value(value, index, lang) for index, value in enumerate(source)]
    if not seeds:
        raise SeedError(f"no seeds in {source}" if source is not None else "no seeds")
    return seeds


def builtin_seeds(task: str, method: str, lang: str) -> list[Seed]:
    """Topics for synthesis; the project's own word problems for the other math methods.

    UNIMARC backtranslation, answer and reasoning need real records or questions: no default.
    """
    if method == "synthesis":
        return _from_text(PROMPTS_DIR / task / f"topics.{lang}.txt")
    if task == "math":
        return _from_jsonl(PROMPTS_DIR / "math" / "seeds.jsonl", lang)
    raise SeedError(f"{task} {method} needs seeds: records or questions (--seeds PATH)")


def _from_path(path: Path, lang: str) -> list[Seed]:
    if not path.exists():
        raise SeedError(f"seeds file not found: {path}")
    if path.is_dir():
        raise SeedError(f"seeds must be a file, not a folder: {path}")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json"):
        return _from_jsonl(path, lang)
    if suffix == ".txt":
        return _from_text(path)
    if suffix in RECORD_SUFFIXES or _looks_like_records(path):
        return _from_records(path)
    raise SeedError(f"cannot tell what {path} holds: use .xml/.mrc records, .jsonl or .txt")


def _looks_like_records(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(512).lstrip()
    return sniff(head) is not None


def _from_records(path: Path) -> list[Seed]:
    seeds, errors = [], []
    try:
        for index, item in enumerate(read_records(path)):
            if isinstance(item, ReadError):
                errors.append(item)
                continue
            ident = item.record_id or f"record-{index + 1}"
            seeds.append(Seed(id=ident, record=item.to_marcxml()))
    except InputError as exc:
        raise SeedError(str(exc)) from None
    if not seeds and errors:
        raise SeedError(f"no readable record in {path}: {errors[0].message}")
    return seeds


def _from_jsonl(path: Path, lang: str) -> list[Seed]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        try:
            values = json.loads(text)
        except ValueError as exc:
            raise SeedError(f"{path} is not valid JSON: {exc}") from None
        if not isinstance(values, list):
            raise SeedError(f"{path} must hold a JSON list of seeds")
        return [_from_value(v, i, lang) for i, v in enumerate(values)]
    seeds = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise SeedError(f"{path}, line {number}: not JSON ({exc.args[0]})") from None
        seeds.append(_from_value(value, number - 1, lang, where=f"{path}, line {number}"))
    return seeds


def _from_text(path: Path) -> list[Seed]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    topics = [line for line in lines if line and not line.startswith("#")]
    return [Seed(id=f"topic-{i + 1}", topic=t) for i, t in enumerate(topics)]


def _from_value(value: Any, index: int, lang: str, where: str | None = None) -> Seed:
    """A seed from an inline value: a dict of seed fields, a record's XML, or a question."""
    where = where or f"seed {index + 1}"
    if isinstance(value, Seed):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("<"):
            return _record_seed(text, index, where)
        return Seed(id=f"seed-{index + 1}", question=text)
    if not isinstance(value, dict):
        raise SeedError(f"{where}: a seed is an object or a string, not {type(value).__name__}")
    fields = {k: _localised(v, lang) for k, v in value.items()}
    if fields.get("record"):
        record = _record_seed(str(fields["record"]), index, where)
        fields["record"] = record.record
        fields.setdefault("id", record.id)
    fields["id"] = str(fields.get("id") or f"seed-{index + 1}")
    if "answer" in fields and fields["answer"] is not None:
        fields["answer"] = str(fields["answer"])
    unknown = set(fields) - set(Seed.model_fields)
    if unknown:
        raise SeedError(f"{where}: unknown seed field(s) {', '.join(sorted(unknown))}")
    try:
        return Seed(**fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise SeedError(f"{where}: {problems}") from None


def _localised(value: Any, lang: str) -> Any:
    """`{"fr": "...", "en": "..."}` gives the text in the run's language."""
    if isinstance(value, dict) and lang in value:
        return value[lang]
    return value


def _record_seed(xml: str, index: int, where: str) -> Seed:
    try:
        record = Record.from_marcxml(xml)
    except ValueError as exc:
        raise SeedError(f"{where}: not a readable record ({exc})") from None
    return Seed(id=record.record_id or f"record-{index + 1}", record=record.to_marcxml())
