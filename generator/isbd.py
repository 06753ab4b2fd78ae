"""Rule-based renderings of a record: an ISBD-style description, a compact field listing, facts.

The ISBD-style description is what a cataloguer reads on a card: it is a teacher-free
backtranslation (record -> raw description) and, given to a teacher, a scaffold that keeps its
description grounded. `record_facts` pulls out what grounding checks look for: title, authors,
year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from validators import DataField, Record

# Non-sorting markers: C1 controls of ISO 5426 / MARC-8 as several libraries export them.
_NON_SORT = re.compile("[\x88\x89\x98\x9c]|<<|>>")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
AREA = ". — "
LABELS = {
    "en": {"authors": "Authors", "subjects": "Subjects", "language": "Language"},
    "fr": {"authors": "Auteurs", "subjects": "Sujets", "language": "Langue"},
}
DESCRIPTIVE_TAGS = re.compile(r"^(0[1-9]\d|1[01]\d|[2-3]\d\d|4\d\d|5\d\d|6[01]\d|7\d\d)$")


def clean(value: str) -> str:
    """A subfield value without non-sorting marks, stray edge punctuation or doubled spaces."""
    value = _NON_SORT.sub("", value)
    value = re.sub(r"\s+", " ", value).strip()
    return value.strip(" ,;:/").strip()


def _values(field: DataField, code: str) -> list[str]:
    return [v for v in (clean(x) for x in field.values(code)) if v]


def _title_area(field: DataField) -> str:
    text = " ; ".join(_values(field, "a"))
    for gmd in _values(field, "b"):
        text += f" [{gmd}]"
    for other in _values(field, "e"):
        text += f" : {other}"
    for part in _values(field, "h") + _values(field, "i"):
        text += f". {part}"
    responsibility = _values(field, "f") + _values(field, "g")
    if responsibility:
        text += " / " + " ; ".join(responsibility)
    return text


def _publication_area(field: DataField) -> str:
    text = " ; ".join(_values(field, "a"))
    for publisher in _values(field, "c"):
        text += f" : {publisher}" if text else publisher
    for date in _values(field, "d"):
        text += f", {date}" if text else date
    return text


def _extent_area(field: DataField) -> str:
    text = " ; ".join(_values(field, "a"))
    for illustrations in _values(field, "c"):
        text += f" : {illustrations}"
    for size in _values(field, "d"):
        text += f" ; {size}"
    for accompanying in _values(field, "e"):
        text += f" + {accompanying}"
    return text


def _series_area(field: DataField) -> str:
    text = " : ".join(_values(field, "a") + _values(field, "e"))
    for number in _values(field, "v"):
        text = f"{text.rstrip('.')} ; {number}"
    return f"({text})" if text else ""


def _standard_number_area(record: Record) -> str:
    parts = []
    for field in record.datafields("010"):
        for isbn in _values(field, "a"):
            qualifier = " ".join(f"({q})" for q in _values(field, "b"))
            price = " : ".join(_values(field, "d"))
            parts.append(" ".join(p for p in (f"ISBN {isbn}", qualifier) if p))
            if price:
                parts[-1] += f" : {price}"
    for field in record.datafields("011"):
        parts.extend(f"ISSN {issn}" for issn in _values(field, "a"))
    return join_areas(parts)


def join_areas(areas: list[str]) -> str:
    """Areas joined by ". — ", without doubling a full stop that ends an abbreviation."""
    text = ""
    for area in (a for a in areas if a):
        text = f"{text.rstrip('.')}{AREA}{area}" if text else area
    return text


def _name(field: DataField) -> str:
    surname = " ".join(_values(field, "a"))
    forename = " ".join(_values(field, "b"))
    return f"{surname}, {forename}" if surname and forename else surname


def isbd(record: Record, lang: str = "fr") -> str:
    """The record as an ISBD-style description, with its authors, subjects and language."""
    labels = LABELS.get(lang, LABELS["en"])
    colon = " : " if lang == "fr" else ": "
    areas = [_title_area(f) for f in record.datafields("200")[:1]]
    areas += [" ; ".join(_values(f, "a")) for f in record.datafields("205")]
    publication = record.datafields("210") or record.datafields("214")
    areas += [_publication_area(f) for f in publication[:1]]
    areas += [_extent_area(f) for f in record.datafields("215")[:1]]
    areas += [_series_area(f) for f in record.datafields("225")]
    for tag in ("300", "320", "328"):
        for field in record.datafields(tag):
            areas.append(" ; ".join(clean(s.value) for s in field.subfields if clean(s.value)))
    areas.append(_standard_number_area(record))
    lines = [join_areas(areas)]
    names = [
        _name(f)
        for tag in ("700", "701", "702", "710", "711", "712")
        for f in record.datafields(tag)
    ]
    names = list(dict.fromkeys(n for n in names if n))
    if names:
        lines.append(f"{labels['authors']}{colon}{' ; '.join(names)}")
    subjects = list(dict.fromkeys(v for f in record.datafields("606") for v in _values(f, "a")))
    if subjects:
        lines.append(f"{labels['subjects']}{colon}{' ; '.join(subjects)}")
    languages = record.values("101", "a")
    if languages:
        lines.append(f"{labels['language']}{colon}{', '.join(clean(v) for v in languages)}")
    return "\n".join(line for line in lines if line)


def field_lines(record: Record, *, limit: int = 60, max_chars: int = 3000) -> str:
    """The descriptive fields as `TAG ind $a value $b value` lines, local 9XX and links left out.

    Much shorter than MARCXML, so even a long record fits a small teacher's context.
    """
    lines = []
    for field in record.fields:
        if isinstance(field, DataField):
            if not DESCRIPTIVE_TAGS.match(field.tag):
                continue
            subfields = " ".join(f"${s.code} {clean(s.value)}" for s in field.subfields)
            indicators = (field.ind1 + field.ind2).replace(" ", "#")
            lines.append(f"{field.tag} {indicators} {subfields}")
        elif field.tag == "001":
            lines.append(f"001 {field.value}")
        if len(lines) >= limit or sum(len(line) + 1 for line in lines) >= max_chars:
            break
    return "\n".join(lines)[:max_chars]


@dataclass(frozen=True, slots=True)
class Facts:
    """What a description of the record must mention to be grounded in it."""

    title: str | None
    authors: tuple[str, ...]  # surnames
    year: str | None


def record_facts(record: Record) -> Facts:
    title = next((clean(v) for v in record.values("200", "a") if clean(v)), None)
    surnames = []
    for tag in ("700", "701", "710", "711"):
        for field in record.datafields(tag):
            surnames.extend(_values(field, "a")[:1])
    year = None
    for tag in ("210", "214"):
        for date in record.values(tag, "d"):
            found = _YEAR.search(date)
            if found:
                year = found.group(1)
                break
        if year:
            break
    coded = record.first("100", "a") or ""
    if year is None and len(coded) >= 13 and coded[9:13].isdigit():
        year = coded[9:13]
    return Facts(title, tuple(dict.fromkeys(surnames)), year)
