"""XML records a reference manager, a repository or a publisher exports, in the rules-only
reading: an EndNote XML library ("<xml><records><record>", each value wrapped in "<style>"), a
Dublin Core record (OAI-PMH's "oai_dc:dc", or "dc:" elements in any wrapper), a web page's
metadata tags (Dublin Core's "DC.title", Google Scholar's "citation_title") and a publisher's
ONIX product record ("<Product>"), cut into the parts `generator.rules_exports` writes as
labelled lines.

Why apart from `generator.rules_markup`: these two name their parts by element too, but a value
may hold more than one part ("dc:publisher" as "Lausanne : Editions Antipodes", "dc:identifier"
as "ISSN 1660-7880"), which the labelled lines then read as they read a display's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

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


# Dublin Core's elements -> labels, and a web page's metadata tags named after them (its own
# "DC.title", "DCTERMS.spatial") or after the Highwire Press tags Google Scholar reads
# ("citation_title", "citation_publisher").
_ELEMENTS = {"title": "Title", "publisher": "Publisher", "date": "Date",
             "publication_date": "Date", "language": "Language", "description": "Note",
             "spatial": "Place", "isbn": "ISBN", "issn": "ISSN", "edition": "Edition",
             "series_title": "Series"}  # fmt: skip
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""\b(name|content)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# ONIX's contributor roles -> the labels of persons by role (ONIX code list 17).
_ONIX_ROLES = {"B01": "Editor", "B06": "Translator", "A12": "Illustrator", "A15": "Foreword",
               "A16": "Foreword", "A23": "Foreword", "A24": "Foreword"}  # fmt: skip


def xml_record(description: str) -> Marked | None:
    """The parts of an EndNote XML record, a Dublin Core record, a page's metadata tags or an
    ONIX product; None for anything else."""
    text = description.strip()
    if not text.startswith("<"):
        return None
    if re.search(r"<meta\b[^>]*\bname=[\"'](?:dc\.|dcterms\.|citation_)", text, re.I):
        marked = _from_meta_tags(text)  # HTML, which no XML parser need accept
        return marked if marked[0] else None
    root = parsed(text)
    if root is None:
        return None
    if "<records>" in text[:400] and "<ref-type" in text:
        record = next(root.iter("record"), None)
        marked = _from_endnote(record) if record is not None else None
    elif re.search(r"<dc:title\b", text):
        marked = _from_dublin_core(root)
    elif re.search(r"<(?:\w+:)?Product\b", text):
        marked = _from_onix(root)
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
    elements = (
        # an undeclared prefix stays in the tag ("dc:title"), which QName refuses
        (element.tag.rpartition("}")[2].removeprefix("dc:"), _words(element))
        for element in root.iter()
        if isinstance(element.tag, str) and _dublin_core(element)
    )
    return _parts_named(elements)


def _from_meta_tags(text: str) -> Marked:
    """A page's metadata tags, their attributes in any order and their entities undone
    ("Boosey &amp; Hawkes")."""
    tags = []
    for tag in _META_TAG.findall(text):
        attributes = {k.casefold(): html.unescape(double or single).strip()
                      for k, double, single in _ATTRIBUTE.findall(tag)}  # fmt: skip
        name = re.sub(r"^(?:dc|dcterms)\.|^citation_", "", attributes.get("name", ""), flags=re.I)
        tags.append((name.casefold(), attributes.get("content", "")))
    return _parts_named(tags)


def _parts_named(elements: Iterable[tuple[str, str]]) -> Marked:
    """Dublin Core's parts (or a page's tags named after them), each once: a page that gives
    the title or the date twice (its "DC.title" and its "citation_title") says one thing."""
    parts: list[tuple[str, str]] = []
    names: list[str] = []
    kind = None
    for name, value in elements:
        said = {label for label, _ in parts}
        if not value:
            continue
        if name in ("creator", "contributor", "author"):
            names.append(value)
        elif name == "identifier" and (number := lex.ISBN.search(value) or lex.ISSN.search(value)):
            parts.append((number.group(0)[:4].upper(), number.group(1)))
        elif name == "type" and value.casefold() in ("periodical", "journal", "serial"):
            kind = "periodical"
        elif name == "publisher" and (imprint := re.fullmatch(r"(.{2,40}?)\s?:\s(.+)", value)):
            parts += [("Place", imprint.group(1)), ("Publisher", imprint.group(2))]
        elif (label := _ELEMENTS.get(name)) and (label not in said or label in ("Note", "ISBN")):
            day = re.fullmatch(r"(\d{4})-\d\d(?:-\d\d)?(?:T.*)?", value)  # ISO 8601: its year
            parts.append((label, day.group(1) if label == "Date" and day else value))
    return parts, names, kind


def _from_onix(root: etree._Element) -> Marked:
    """An ONIX product (3.0, or 2.1's flatter elements), alone or the first of a message: its
    own title, not its collection's, which is the series; its publishing date, not a content
    date."""
    products = root.xpath("descendant-or-self::*[local-name()='Product']")
    product = products[0] if products else root

    def first(path: str, within: etree._Element = product) -> str:
        found = within.xpath(f".//*[local-name()='{path}']")
        return _words(found[0]) if found else ""

    parts: list[tuple[str, str]] = []
    collection = product.xpath(".//*[local-name()='Collection' or local-name()='Series']")
    for detail in product.xpath(".//*[local-name()='TitleDetail' or local-name()='Title']"):
        title = first("TitleText", detail) or " ".join(
            filter(None, (first("TitlePrefix", detail), first("TitleWithoutPrefix", detail)))
        )
        if any(detail in c.iter() for c in collection):
            number = first("PartNumber", detail)
            parts.append(("Series", f"{title} ; {number}" if number else title))
        elif title and not any(label == "Title" for label, _ in parts):
            parts.append(("Title", title))
            if subtitle := first("Subtitle", detail):
                parts.append(("Subtitle", subtitle))
    for series in collection:  # 2.1's "<Series><TitleOfSeries>"
        if title := first("TitleOfSeries", series):
            parts.append(("Series", title))
    names: list[str] = []
    for contributor in product.xpath(".//*[local-name()='Contributor']"):
        name = first("PersonNameInverted", contributor) or first("PersonName", contributor)
        name = name or first("CorporateName", contributor)
        role = _ONIX_ROLES.get(first("ContributorRole", contributor))
        if name and role:
            parts.append((role, name))
        elif name:
            names.append(name)
    published = product.xpath(".//*[local-name()='PublishingDate']")
    date = first("Date", published[0]) if published else first("PublicationDate")
    for label, value in (("Place", first("CityOfPublication")),
                         ("Publisher", first("PublisherName")), ("Date", date[:4]),
                         ("Edition", first("EditionStatement"))):  # fmt: skip
        if value:
            parts.append((label, value))
    for extent in product.xpath(".//*[local-name()='Extent']"):
        if first("ExtentUnit", extent) == "03" and (pages := first("ExtentValue", extent)):
            parts.append(("Pages", f"{pages} p."))  # ONIX's unit 03: pages
    if not any(label == "Pages" for label, _ in parts) and (pages := first("NumberOfPages")):
        parts.append(("Pages", f"{pages} p."))
    for identifier in product.xpath(".//*[local-name()='ProductIdentifier']"):
        if first("ProductIDType", identifier) in ("02", "03", "15"):  # ISBN-10, GTIN-13, ISBN-13
            parts.append(("ISBN", first("IDValue", identifier)))
            break
    return parts, names, None
