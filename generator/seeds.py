"""Seeds: what each request starts from (a record, a question, a problem, a topic).

Seeds come from a file (records of any flavour validators reads, JSON lines, plain text with one
topic per line), from inline objects (the HTTP API), or from the sets shipped in `prompts/`
(math problems, cataloguing topics) when the method can do without.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.prompts import PROMPTS_DIR
from generator.pydantic_errors import one_line
from validators import ControlField, ReadError, Record, read_records
from validators.errors import CopisteError
from validators.formats.sniff import sniff
from validators.readers import InputError

RECORD_SUFFIXES = {".xml", ".mrc", ".iso", ".marc", ".mrk", ".gz"}


class SeedError(CopisteError, ValueError):
    """The seeds cannot be used: unreadable, empty, or the wrong kind for the method."""

    http_status = 422
    code = "invalid_seeds"


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
    """All the seeds at once, for callers that hold a few (tests, a prompt preview)."""
    seeds = list(SeedStream(source, task=task, method=method, lang=lang))
    if not seeds:
        raise SeedError(f"no seeds in {source}" if source is not None else "no seeds")
    return seeds


class SeedStream:
    """Seeds from a path, inline values, or (None) the built-in set, read lazily.

    Each iteration reads the source again from the start, one seed at a time, so a multi-GB
    dump is planned and sent in flat memory and a run can go round the seeds several times.
    Checks that need no reading (missing file, unknown kind) fail at once, as `SeedError`.
    """

    def __init__(
        self, source: str | Path | Iterable[Any] | None, *, task: str, method: str, lang: str
    ) -> None:
        self.source = source
        self.lang = lang
        self.unreadable = 0  # records of the last pass that could not be read
        self.first_problem: str | None = None
        if source is None:
            self.path: Path | None = builtin_seeds_path(task, method, lang)
        elif isinstance(source, str | Path):
            self.path = _checked_path(Path(source))
        else:
            self.path = None
            self.values = list(source)

    def __iter__(self) -> Iterator[Seed]:
        self.unreadable, self.first_problem = 0, None
        if self.path is None:
            for index, value in enumerate(self.values):
                yield _from_value(value, index, self.lang)
            return
        suffix = self.path.suffix.lower()
        if suffix in (".jsonl", ".json"):
            yield from _from_jsonl(self.path, self.lang)
        elif suffix == ".txt":
            yield from _from_text(self.path)
        else:
            yield from self._records(self.path)

    def fingerprint(self) -> str:
        """A hash of the seeds' bytes, read in blocks: the run folder remembers it, so a rerun
        with other seeds is refused rather than mixed into the same store."""
        digest = hashlib.sha256()
        if self.path is None:
            digest.update(json.dumps(self.values, sort_keys=True, default=str).encode())
        else:
            with self.path.open("rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
        return digest.hexdigest()

    def describe(self) -> str:
        if self.path is None:
            return f"{len(self.values)} inline seeds"
        return str(self.path)

    def _records(self, path: Path) -> Iterator[Seed]:
        read = 0
        try:
            for index, item in enumerate(read_records(path)):
                if isinstance(item, ReadError):
                    self.unreadable += 1
                    self.first_problem = self.first_problem or item.message
                    continue
                read += 1
                yield Seed(id=item.record_id or f"record-{index + 1}", record=item.to_marcxml())
        except InputError as exc:
            raise SeedError(str(exc)) from None
        if not read and self.unreadable:
            raise SeedError(f"no readable record in {path}: {self.first_problem}")


def builtin_seeds_path(task: str, method: str, lang: str) -> Path:
    """Topics for synthesis; the project's own word problems for the other math methods.

    UNIMARC backtranslation, answer and reasoning need real records or questions: no default.
    """
    if method == "synthesis":
        return PROMPTS_DIR / task / f"topics.{lang}.txt"
    if task == "math":
        return PROMPTS_DIR / "math" / "seeds.jsonl"
    raise SeedError(f"{task} {method} needs seeds: records or questions (--seeds PATH)")


def _checked_path(path: Path) -> Path:
    if not path.exists():
        raise SeedError(f"seeds file not found: {path}")
    if path.is_dir():
        raise SeedError(f"seeds must be a file, not a folder: {path}")
    suffix = path.suffix.lower()
    known = suffix in (".jsonl", ".json", ".txt") or suffix in RECORD_SUFFIXES
    if not known and not _looks_like_records(path):
        raise SeedError(f"cannot tell what {path} holds: use .xml/.mrc records, .jsonl or .txt")
    return path


def _looks_like_records(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(512).lstrip()
    return sniff(head) is not None


def _from_jsonl(path: Path, lang: str) -> Iterator[Seed]:
    if path.suffix.lower() == ".json":
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise SeedError(f"{path} is not valid JSON: {exc}") from None
        if not isinstance(values, list):
            raise SeedError(f"{path} must hold a JSON list of seeds")
        for index, value in enumerate(values):
            yield _from_value(value, index, lang)
        return
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                raise SeedError(f"{path}, line {number}: not JSON ({exc.args[0]})") from None
            yield _from_value(value, number - 1, lang, where=f"{path}, line {number}")


def _from_text(path: Path) -> Iterator[Seed]:
    count = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            topic = line.strip()
            if topic and not topic.startswith("#"):
                count += 1
                yield Seed(id=f"topic-{count}", topic=topic)


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
        raise SeedError(f"{where}: {one_line(exc)}") from None


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
