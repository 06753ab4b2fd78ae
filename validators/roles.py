"""Which fields of a record a description can carry, and which are the cataloguing system's.

A student reads a description of a document (title page, verso, a cataloguer's notes) and writes
a record. Some fields no description carries: the record's id (001), its timestamps (005), the
agency that catalogued it (801), local holdings (9XX), and the positions of 100$a that say when
and in which character set the record was made. An ILS fills those from its settings; so does
copiste (`fill_system_fields`), and training targets (`student_view`) never ask a model to guess
them. Evaluation grades field agreement on `DESCRIPTIVE_TAGS` apart from the whole record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace

from validators.record import ControlField, DataField, Record, Subfield

# Written by copiste from settings, never by a model.
SYSTEM_TAGS = frozenset({"001", "003", "005", "035", "801"})

# What a title page, its verso and a physical look at the item can ground: identifiers printed on
# the item, language and country, title and responsibility, edition, publication, extent, series,
# notes, and the names of persons and bodies responsible.
DESCRIPTIVE_TAGS = frozenset(
    {
        "010", "011", "101", "102", "200", "205", "210", "214", "215", "225",
        "300", "320", "410", "700", "701", "702", "710", "711", "712",
    }
)  # fmt: skip

# The rule set a student's records are decoded and chosen under. Its training targets are real
# catalogues' records normalised by `validators.repair`, which keeps what `lenient` accepts (fill
# characters `|`, legacy coded values); a grammar stricter than the targets forces the student off
# what it learnt at the first such position (measured: the strict grammar refused 43 % of the
# corpus's targets, and a student decoded under it wrote 200$a right in 55 % of held-out records).
STUDENT_RULES = "lenient"

# Kept in a student's target besides the descriptive fields: 100 is mandatory and its coded
# positions 8-16 (type of date, dates) come from the description; copiste overwrites the rest.
STUDENT_TAGS = DESCRIPTIVE_TAGS | {"100"}

# 100$a positions copiste owns: date entered on file, language of cataloguing, character sets.
_DATE_ENTERED = slice(0, 8)
_CATALOGUING_LANGUAGE = slice(22, 25)
_CHARACTER_SETS = slice(26, 34)
UNICODE_CHARACTER_SETS = "50  " + "    "  # ISO 10646 in G0, none in G1
# Leader positions a writer computes (length, base address) or that UNIMARC fixes.
_LEADER_TEMPLATE = "00000{status}{type}{level}{hierarchy} 2200000{encoding}{form} 450 "
# What `normal_leader` keeps of a record's own leader at each other position; the rest is blank
# or its default. The student grammar (`validators.grammar`, `bounded`) reads the same table.
LEADER_KEPT = {8: " 012", 17: " 123", 18: " in"}


def is_local(tag: str) -> bool:
    """9XX (and X9X in some profiles) hold a library's own data: holdings, local notes."""
    return tag.startswith("9")


@dataclass(frozen=True, slots=True)
class SystemSettings:
    """What an ILS knows about the records it creates (`copiste catalogue --agency ...`)."""

    agency: str = "copiste"
    country: str = "FR"
    cataloguing_language: str = "fre"
    date: dt.date | None = None  # None: today, when the record is filled
    id_prefix: str = "copiste-"


# Fixed values for training targets: the model learns one constant where copiste overwrites.
TARGET_SETTINGS = SystemSettings(date=dt.date(2000, 1, 1))


def _with_positions(value: str, settings: SystemSettings, when: dt.date) -> str:
    chars = list(value.ljust(36)[:36])
    chars[_DATE_ENTERED] = when.strftime("%Y%m%d")
    chars[_CATALOGUING_LANGUAGE] = settings.cataloguing_language.ljust(3)[:3]
    chars[_CHARACTER_SETS] = UNICODE_CHARACTER_SETS
    return "".join(chars)


def system_positions_100() -> dict[int, str]:
    """100$a's positions copiste owns, each with the character a training target carries there
    (`TARGET_SETTINGS`): what a bounded grammar writes for the model."""
    assert TARGET_SETTINGS.date is not None
    filled = _with_positions("", TARGET_SETTINGS, TARGET_SETTINGS.date)
    owned = (_DATE_ENTERED, _CATALOGUING_LANGUAGE, _CHARACTER_SETS)
    return {i: filled[i] for part in owned for i in range(part.start, part.stop)}


def normal_leader(leader: str | None) -> str:
    """A 24-character UNIMARC leader keeping the record's status, type, level and hierarchy."""
    lead = (leader or "").ljust(24)
    return _LEADER_TEMPLATE.format(
        status=lead[5].strip() or "n",
        type=lead[6].strip() or "a",
        level=lead[7].strip() or "m",
        hierarchy=lead[8] if lead[8] in LEADER_KEPT[8] else " ",
        encoding=lead[17] if lead[17] in LEADER_KEPT[17] else " ",
        form=lead[18] if lead[18] in LEADER_KEPT[18] else " ",
    )


def fill_system_fields(record: Record, settings: SystemSettings | None = None) -> Record:
    """A copy of `record` with the system's fields written from `settings`.

    001 is kept when present, else derived from the record's content (stable across reruns); 005,
    801 and 100$a's date entered, cataloguing language and character sets are always rewritten;
    a missing 100 gets one with blank coded positions, so the record carries the mandatory field.
    """
    settings = settings or SystemSettings()
    when = settings.date or dt.date.today()
    kept = [f for f in record.fields if f.tag not in SYSTEM_TAGS]
    record_id = record.record_id or settings.id_prefix + _content_id(record)
    fields: list[ControlField | DataField] = [ControlField("001", record_id)]
    fields.append(ControlField("005", when.strftime("%Y%m%d") + "000000.0"))
    has_100 = False
    for f in kept:
        if f.tag == "100" and isinstance(f, DataField):
            has_100 = True
            f = _filled_100(f, settings, when)
        fields.append(f)
    if not has_100:
        fields.append(_filled_100(DataField("100", " ", " ", [Subfield("a", "")]), settings, when))
    fields.append(
        DataField(
            "801",
            " ",
            "0",
            [
                Subfield("a", settings.country),
                Subfield("b", settings.agency),
                Subfield("c", when.strftime("%Y%m%d")),
            ],
        )
    )
    fields.sort(key=lambda f: f.tag)  # stable: repeated fields keep their order
    return Record(leader=normal_leader(record.leader), fields=fields)


def _filled_100(field: DataField, settings: SystemSettings, when: dt.date) -> DataField:
    subfields = list(field.subfields)
    for i, sub in enumerate(subfields):
        if sub.code == "a":
            subfields[i] = Subfield("a", _with_positions(sub.value, settings, when))
            break
    else:
        subfields.insert(0, Subfield("a", _with_positions("", settings, when)))
    return replace(field, subfields=subfields)


def _content_id(record: Record) -> str:
    text = "\n".join(
        f"{f.tag}{''.join(s.code + s.value for s in f.subfields)}"
        for f in record.data_fields
        if f.tag in DESCRIPTIVE_TAGS
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def student_view(record: Record) -> Record:
    """What a student is trained to write for `record`: its leader, 100 and descriptive fields,
    with copiste's positions set to the constants of `TARGET_SETTINGS`.

    Local, system and subject fields are dropped: no description grounds them, and a model
    asked for them learns to invent.
    """
    fields = [
        _filled_100(f, TARGET_SETTINGS, TARGET_SETTINGS.date) if f.tag == "100" else f
        for f in record.data_fields
        if f.tag in STUDENT_TAGS
    ]
    return Record(leader=normal_leader(record.leader), fields=fields)
