"""Field definitions from an Avram schema (the JSON format qa-catalogue uses for MARC formats).

The rule engine never hard-codes which fields exist, which indicators or subfield codes they
take, or what may repeat: it asks a `Schema`. copiste ships its own UNIMARC/B schema
(`validators/data/unimarc.avram.json`); any other Avram file, such as qa-catalogue's, loads
the same way, so a team can check records against its own profile.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from validators import codes

DEFAULT_SCHEMA = "unimarc.avram.json"
LEADER_TAGS = ("LDR", "LEADER")


@dataclass(frozen=True, slots=True)
class Position:
    """A fixed-length slice of a value (leader, 100$a) and the codes it may hold, if listed."""

    start: int
    end: int
    label: str
    codes: frozenset[str] | None

    def slice(self, value: str) -> str:
        return value[self.start : self.end + 1]


@dataclass(frozen=True, slots=True)
class SubfieldSpec:
    code: str
    repeatable: bool
    codes: frozenset[str] | None = None
    positions: dict[str, Position] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    tag: str
    label: str
    repeatable: bool
    required: bool
    ind1: frozenset[str] | None
    ind2: frozenset[str] | None
    subfields: dict[str, SubfieldSpec]
    positions: dict[str, Position]

    @property
    def is_control(self) -> bool:
        return not self.subfields and self.tag.startswith("00")


@dataclass(frozen=True)
class Schema:
    title: str
    fields: dict[str, FieldSpec]
    leader: dict[str, Position]
    digest: str

    @cached_property
    def required_tags(self) -> tuple[str, ...]:
        return tuple(tag for tag, spec in self.fields.items() if spec.required)

    def position(self, name: str) -> Position | None:
        """A leader position by its Avram key ("05", "00-04")."""
        return self.leader.get(name)


def is_local(tag: str) -> bool:
    """UNIMARC leaves every tag holding a 9 (9XX, X9X) to local and national use."""
    return "9" in tag[:2]


@cache
def default_schema() -> Schema:
    return load_schema(resources.files("validators") / "data" / DEFAULT_SCHEMA)


def load_schema(path: str | Path | resources.abc.Traversable) -> Schema:
    """Read an Avram file; code lists it names (ISO 639-2, ISO 3166-1, relators) are resolved."""
    raw = path.read_bytes() if hasattr(path, "read_bytes") else Path(path).read_bytes()
    data = json.loads(raw)
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise ValueError(f"{path}: not an Avram schema (no 'fields' object)")
    lists = data.get("codelists") or {}
    fields: dict[str, FieldSpec] = {}
    leader: dict[str, Position] = {}
    for key, spec in data["fields"].items():
        tag = spec.get("tag", key)
        if tag in LEADER_TAGS or key in LEADER_TAGS:
            leader = _positions(spec.get("positions"), lists)
            continue
        fields[tag] = FieldSpec(
            tag=tag,
            label=spec.get("label", ""),
            repeatable=bool(spec.get("repeatable", True)),
            required=bool(spec.get("required", False)),
            ind1=_indicator(spec, "indicator1"),
            ind2=_indicator(spec, "indicator2"),
            subfields={
                code: SubfieldSpec(
                    code,
                    bool(sub.get("repeatable", True)),
                    _codes(sub.get("codes"), lists),
                    _positions(sub.get("positions"), lists),
                )
                for code, sub in (spec.get("subfields") or {}).items()
            },
            positions=_positions(spec.get("positions"), lists),
        )
    digest = hashlib.sha256(raw).hexdigest()
    return Schema(data.get("title", ""), fields, leader, digest)


def _indicator(spec: dict, key: str) -> frozenset[str] | None:
    """The values an indicator may take; None when the schema leaves it undefined (blank)."""
    ind = spec.get(key)
    if not ind:
        return None
    values = ind.get("codes") or {}
    return frozenset(k.replace("#", " ") for k in values) or None


def _codes(value, lists: dict) -> frozenset[str] | None:
    """Codes given inline (a mapping) or by reference to a code list copiste knows."""
    if isinstance(value, dict):
        return frozenset(value)
    if isinstance(value, str):
        known = codes.named(value)
        if known is not None:
            return known
        listed = lists.get(value)
        if isinstance(listed, dict) and isinstance(listed.get("codes"), dict):
            return frozenset(listed["codes"])
    return None


def _positions(value, lists: dict) -> dict[str, Position]:
    out: dict[str, Position] = {}
    for key, pos in (value or {}).items():
        start = int(pos.get("start", key[:2]))
        end = int(pos.get("end", key[-2:] if "-" in key else start))
        out[key] = Position(start, end, pos.get("label", ""), _codes(pos.get("codes"), lists))
    return out
