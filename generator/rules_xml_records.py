"""XML records a reference manager or a repository exports, in the rules-only reading: an
EndNote XML library ("<xml><records><record>", each value wrapped in "<style>") and a Dublin Core
record (OAI-PMH's "oai_dc:dc", or "dc:" elements in any wrapper), cut into the parts
`generator.rules_exports` writes as labelled lines.

Why apart from `generator.rules_markup`: these two name their parts by element too, but a value
may hold more than one part ("dc:publisher" as "Lausanne : Editions Antipodes", "dc:identifier"
as "ISSN 1660-7880"), which the labelled lines then read as they read a display's.
"""

from __future__ import annotations

import re

from lxml import etree

from generator.rules_markup import Marked
from validators.readers import safe_parser

# EndNote's elements -> the labels the labelled reader knows.
_ENDNOTE = {"title": "Title", "secondary-title": "Series", "tertiary-title": "Series",
            "pub-location": "Place", "publisher": "Publisher", "year": "Date",
            "edition": "Edition", "pages": "Pages", "isbn": "ISBN", "notes": "Note",
            "language": "Language"}  # fmt: skip
# EndNote's second and third authors: an edited book's editor, a thesis's supervisor.
_SECOND = {"thesis": "directeur de thèse"}
_DUBLIN_CORE = {"title": "Title", "date": "Date", "language": "Language",
                "description": "Note", "publisher": "Publisher"}  # fmt: skip
_NUMBER = re.compile(r"\b(ISBN|ISSN)[:\s]*([\dXx][\dXx\- ]{6,16}[\dXx])", re.I)


def xml_record(description: str) -> Marked | None:
    """The parts of an EndNote XML record or a Dublin Core record; None for anything else."""
    text = description.strip()
    if not text.startswith("<"):
        return None
    if "<records>" in text[:400] and "<ref-type" in text:
        root = _parsed(text)
        record = next(root.iter("record"), None) if root is not None else None
        return _from_endnote(record) if record is not None else None
    if re.search(r"<dc:title\b", text):
        root = _parsed(text)
        return _from_dublin_core(root) if root is not None else None
    return None


def _parsed(text: str) -> etree._Element | None:
    try:
        return etree.fromstring(text.encode("utf-8"), safe_parser(recover=True))
    except etree.XMLSyntaxError:
        return None


def _words(element: etree._Element) -> str:
    """An element's text with its styling elements' ("<style face=...>X</style>")."""
    return " ".join("".join(element.itertext()).split())


def _from_endnote(record: etree._Element) -> Marked:
    kind = ((record.findtext("ref-type") and record.find("ref-type").get("name")) or "").casefold()
    parts = [(label, _words(found)) for name, label in _ENDNOTE.items()
             for found in record.iter(name) if _words(found)]  # fmt: skip
    second = _SECOND.get(kind, "editor")
    names = [_words(a) for a in record.iterfind("contributors/authors/author")]
    names += [f"{_words(a)} ({second})"
              for group in ("secondary-authors", "tertiary-authors")
              for a in record.iterfind(f"contributors/{group}/author")]  # fmt: skip
    return [(k, v) for k, v in parts if v], [n for n in names if n], kind or None


def _from_dublin_core(root: etree._Element) -> Marked:
    parts: list[tuple[str, str]] = []
    names: list[str] = []
    kind = None
    for element in root.iter("{http://purl.org/dc/elements/1.1/}*"):
        name, value = etree.QName(element).localname, _words(element)
        if not value:
            continue
        if name in ("creator", "contributor"):
            names.append(value)
        elif name == "identifier" and (number := _NUMBER.search(value)):
            parts.append((number.group(1).upper(), number.group(2)))
        elif name == "type" and value.casefold() in ("periodical", "journal", "serial"):
            kind = "periodical"
        elif name == "publisher" and (imprint := re.fullmatch(r"(.{2,40}?)\s?:\s(.+)", value)):
            parts += [("Place", imprint.group(1)), ("Publisher", imprint.group(2))]
        elif name in _DUBLIN_CORE:
            parts.append((_DUBLIN_CORE[name], value))
    return parts, names, kind
