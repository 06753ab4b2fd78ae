"""Structural rules every UNIMARC record must satisfy (leader, mandatory fields, title)."""

from __future__ import annotations

from collections.abc import Iterator

from validators.engine import Hit, rule
from validators.record import Record

MANDATORY = ("001", "100", "200", "801")


@rule(
    "LEADER_LENGTH",
    "error",
    3.0,
    "the leader must be 24 characters",
    "le label doit compter 24 caractères",
)
def leader_length(record: Record) -> Iterator[Hit]:
    if record.leader is None:
        yield Hit("LDR", detail="no leader")
    elif len(record.leader) != 24:
        yield Hit("LDR", detail=f"{len(record.leader)} characters")


@rule(
    "FIELD_MANDATORY",
    "error",
    3.0,
    "a mandatory field is missing",
    "une zone obligatoire est absente",
)
def mandatory_fields(record: Record) -> Iterator[Hit]:
    present = {f.tag for f in record.fields}
    for tag in MANDATORY:
        if tag not in present:
            yield Hit(tag, detail=tag)


@rule(
    "F200_A_MISSING",
    "error",
    3.0,
    "200 must have a title proper ($a)",
    "la zone 200 doit contenir un titre propre ($a)",
)
def title_proper(record: Record) -> Iterator[Hit]:
    for f in record.datafields("200"):
        if not any(s.code == "a" and s.value.strip() for s in f.subfields):
            yield Hit("200", "a")
