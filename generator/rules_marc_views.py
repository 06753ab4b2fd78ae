"""A record pasted as a catalogue displays its MARC, read as the record it is by the rules-only
reading (`generator.rules_baseline.catalogue_by_rules`): MarcEdit's text, MARCXML or MARC-JSON
(what `validators.readers.read_text` reads), a public "UNIMARC view" ("200 1# $aTitle $fX", the
Sudoc's and Koha's OPACs), and a staff client's view that sets each subfield on a line of its
own under its tag ("200 1_ TITLE ..." then "    a Title proper: X", Koha's intranet).

Why not read it as a description: its fields already say what each value is; read as words,
"200 1# $aLa distinction" is a title that opens on a number.
"""

from __future__ import annotations

import re

from generator.rules_marc21 import is_marc21, unimarc_fields
from validators.readers import read_text
from validators.record import DataField, Record, Subfield

# A tag (between full stops in SirsiDynix's ".245."), its indicators as displays write blanks
# ("#", "_", "\", "|" or a space), the rest.
_TAGGED = re.compile(r"^\.?(\d{3})\.?(?:\s{1,3}([0-9#_\\| ]{2})(?=\s|[$‡|^ǂ]|$))?\s*(.*)$")
_MARK = re.compile(r"\s*[$‡|^ǂ]([a-z0-9])\s*")
# The leader as displays label it: "LEADER 00000cas a2200000 i 4500", "000 ...", "LDR ...",
# and SirsiDynix's flat MARC ".000. |aam a ...", which starts at its type of record.
_LEADER = re.compile(r"^\s*(?:LEADER|LDR|\.?000\.?)\s+(?:\|a)?(\S.{7,})$")
# A subfield on its own indented line: "    a Title proper: Annual report" (its label cut).
_SUBFIELD_LINE = re.compile(r"^\s+([a-z0-9])\s+(?:[A-Z][^:\n]{0,60}?:\s)?(.+)$")


def marc_view(description: str) -> Record | None:
    """The record `description` displays, when it displays one with a title (200); else None."""
    text = description.strip()
    if text.startswith(("=LDR", "=200", "=0", "<", "{")):
        record = read_text(text)
        found = record if isinstance(record, Record) else None
        if found is not None and is_marc21(found.data_fields):
            found = Record(
                leader=_unimarc_leader(found.leader), fields=unimarc_fields(found.data_fields)
            )
    else:
        found = _from_display(text.splitlines())
    if found is None or not any(f.tag == "200" for f in found.data_fields):
        return None
    found = found if any(f.tag == "100" for f in found.data_fields) else _dated(found)
    return Record(leader=found.leader, fields=sorted(found.fields, key=lambda f: f.tag))


def _from_display(lines: list[str]) -> Record | None:
    fields: list[DataField] = []
    marked = sum(bool(_MARK.search(line)) for line in lines) >= 2
    leader = next((m.group(1) for line in lines if (m := _LEADER.match(line))), None)
    for line in lines:
        tagged = _TAGGED.match(line)
        if tagged and int(tagged.group(1)) >= 10:
            indicators = re.sub(r"[#_\\|]", " ", tagged.group(2) or "  ")
            rest = tagged.group(3)
            if marked and tagged.group(2) and rest and not _MARK.match(rest):
                rest = "$a" + rest  # OCLC Connexion leaves the first $a unwritten
            marks = list(_MARK.finditer(rest))
            ends = [m.start() for m in marks[1:]] + [len(rest)] * bool(marks)
            subfields = [
                Subfield(m.group(1), rest[m.end() : end].strip())
                for m, end in zip(marks, ends, strict=True)
            ]
            fields.append(DataField(tagged.group(1), indicators[0], indicators[1], subfields))
        elif fields and (own_line := _SUBFIELD_LINE.match(line)):
            value = own_line.group(2).strip()
            if fields[-1].tag == "200" and own_line.group(1) == "b":  # "[Ressource électronique]"
                value = value.strip("[]")
            fields[-1].subfields.append(Subfield(own_line.group(1), value))
    fields = [f for f in fields if f.subfields]
    if is_marc21(fields):
        return Record(leader=_unimarc_leader(leader), fields=unimarc_fields(fields))
    return Record(leader="     nam0", fields=fields) if len(fields) >= 3 else None


def _unimarc_leader(marc21: str | None) -> str:
    """UNIMARC's leader start from MARC 21's: the type of record and the bibliographic level
    (positions 6 and 7) mean the same in both for the codes both have ("as": a serial); a
    display that cuts the leader short starts at them."""
    kind, level = marc21[6:8] if len(marc21 or "") >= 24 else (marc21 or "am")[:2].ljust(2)
    kind = kind if kind in "acdefgijklmr" else "a"
    level = level if level in "acims" else "m"
    return f"     n{kind}{level}0"


def _dated(record: Record) -> Record:
    """A 100 for a display that leaves it out: its date of publication from 210/214's $d."""
    year = next(
        (m.group(0) for f in record.data_fields if f.tag in ("210", "214")
         for s in f.subfields if s.code == "d" and (m := re.search(r"\d{4}", s.value))),
        "",
    )  # fmt: skip
    return Record(leader=record.leader, fields=[*record.fields, general_data(year)])


def general_data(year: str) -> DataField:
    """100 as the rules write it: the date of publication, "u" when none is known; the other
    positions are copiste's constants (`validators.roles.student_view` sets them)."""
    coded = ("d" if year else "u") + year.ljust(4) + "    " + "m  y0" + "   y" + " " * 8 + "ba"
    return DataField("100", " ", " ", [Subfield("a", " " * 8 + coded)])
