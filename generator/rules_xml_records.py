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

from generator import rules_lexicon as lex
from generator.rules_markup import Marked, parsed

# EndNote's elements -> the labels the labelled reader knows.
_ENDNOTE = {"title": "Title", "secondary-title": "Series", "tertiary-title": "Series",
            "pub-location": "Place", "publisher": "Publisher", "year": "Date",
            "edition": "Edition", "pages": "Pages", "isbn": "ISBN", "notes": "Note",
            "language": "Language"}  # fmt: skip
# EndNote's second and third authors: an edited book's editor, a thesis's supervisor.
_SECOND = {"thesis": "directeur de thèse"}
_DUBLIN_CORE = {"title": "Title", "date": "Date", "language": "Language",
                "description": "Note", "publisher": "Publisher"}  # fmt: skip


def xml_record(description: str) -> Marked | None:
    """The parts of an EndNote XML record or a Dublin Core record; None for anything else."""
    text = description.strip()
    if not text.startswith("<"):
        return None
    root = parsed(text)
    if root is None:
        return None
    if "<records>" in text[:400] and "<ref-type" in text:
        record = next(root.iter("record"), None)
        marked = _from_endnote(record) if record is not None else None
    elif re.search(r"<dc:title\b", text):
        marked = _from_dublin_core(root)
    else:
        return None
    return marked if marked and marked[0] else None  # no part read: not this format after all


def _words(element: etree._Element) -> str:
    """An element's text with its styling elements' ("<style face=...>X</style>")."""
    return " ".join("".join(element.itertext()).split())


def _from_endnote(record: etree._Element) -> Marked:
    typed = record.find("ref-type")
    kind = (typed.get("name") or "").casefold() if typed is not None else ""
    parts = [(label, value) for name, label in _ENDNOTE.items()
             for found in record.iter(name) if (value := _words(found))]  # fmt: skip
    second = _SECOND.get(kind, "editor")
    names = [name for a in record.iterfind("contributors/authors/author") if (name := _words(a))]
    names += [f"{_words(a)} ({second})"
              for group in ("secondary-authors", "tertiary-authors")
              for a in record.iterfind(f"contributors/{group}/author")]  # fmt: skip
    return parts, names, kind or None


def _dublin_core(element: etree._Element) -> bool:
    """A Dublin Core element, its namespace declared or not ("dc:title" pasted alone)."""
    return element.tag.startswith(("{http://purl.org/dc/elements/1.1/}", "dc:"))


def _from_dublin_core(root: etree._Element) -> Marked:
    parts: list[tuple[str, str]] = []
    names: list[str] = []
    kind = None
    for element in root.iter():
        if not isinstance(element.tag, str) or not _dublin_core(element):
            continue
        # an undeclared prefix stays in the tag ("dc:title"), which QName refuses
        name, value = element.tag.rpartition("}")[2].removeprefix("dc:"), _words(element)
        if not value:
            continue
        if name in ("creator", "contributor"):
            names.append(value)
        elif name == "identifier" and (number := lex.ISBN.search(value) or lex.ISSN.search(value)):
            parts.append((number.group(0)[:4].upper(), number.group(1)))
        elif name == "type" and value.casefold() in ("periodical", "journal", "serial"):
            kind = "periodical"
        elif name == "publisher" and (imprint := re.fullmatch(r"(.{2,40}?)\s?:\s(.+)", value)):
            parts += [("Place", imprint.group(1)), ("Publisher", imprint.group(2))]
        elif name in _DUBLIN_CORE:
            parts.append((_DUBLIN_CORE[name], value))
    return parts, names, kind
