"""Records in markup in the rules-only reading: a MODS record (as a repository or a library's
OAI feed gives it), schema.org's JSON-LD (what a web page embeds for search engines), a IIIF
manifest's label / value pairs (what a digital library's viewer reads) and a Wikipedia citation
template ("{{Cite book |last=...}}", French Wikipedia's "{{Ouvrage |nom=...}}"),
each cut into the parts `generator.rules_exports` writes as labelled lines.

Why here and not in `rules_exports`: each of these names its parts by element or key, so a
small mapping reads it; the exports module keeps the line-by-line formats (BibTeX, RIS,
EndNote, CSL-JSON) and the dispatch.
"""

from __future__ import annotations

import json
import re

from lxml import etree

from validators.readers import safe_parser

# A markup's parts, its names ("Surname, Forename", "Body", "X (editor)") and its kind.
Marked = tuple[list[tuple[str, str]], list[str], "str | None"]

# MODS' roles (MARC relator terms and codes) as the labelled reader's role after a name.
_MODS_ROLES = {"edt": "editor", "editor": "editor", "trl": "translator",
               "translator": "translator"}  # fmt: skip


def markup(description: str) -> Marked | None:
    """The parts of a MODS record, a schema.org item, a IIIF manifest's metadata or a Wikipedia
    citation template; None when `description` is none of them."""
    text = description.strip()
    if text.startswith("<") and re.search(r"<(?:\w+:)?mods\b", text[:400]):
        return _from_mods(text)
    if text.startswith("{{") and text.endswith("}}"):
        return _from_template(text)
    if text.startswith("{") and "schema.org" in text[:400]:
        return _from_schema_org(text)
    if text.startswith("{") and "iiif.io" in text[:400]:
        return _from_iiif(text)
    return None


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _children(parent: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in parent if isinstance(c.tag, str) and _local(c) == name]


def _words(element: etree._Element) -> str:
    """An element's text, its runs of white space one space."""
    return " ".join((element.text or "").split())


def _text(parent: etree._Element | None, name: str) -> str:
    found = _children(parent, name) if parent is not None else []
    return _words(found[0]) if found else ""


def parsed(text: str) -> etree._Element | None:
    """`text` as XML, leniently (a pasted record is often cut or unescaped) and safely (no DTD,
    no entities: `validators.readers.safe_parser`); None when nothing can be read."""
    try:
        return etree.fromstring(text.encode("utf-8"), safe_parser(recover=True))
    except etree.XMLSyntaxError:
        return None


def _from_mods(text: str) -> Marked | None:
    root = parsed(text)
    if root is None:
        return None
    mods = root if _local(root) == "mods" else next(root.iter("{*}mods"), root)
    parts: list[tuple[str, str]] = []
    titles = [t for t in _children(mods, "titleInfo") if t.get("type") is None]
    if titles:
        title = " ".join(filter(None, (_text(titles[0], "nonSort"), _text(titles[0], "title"))))
        parts.append(("Title", title))
        parts += [("Subtitle", s) for s in [_text(titles[0], "subTitle")] if s]
    origin = next(iter(_children(mods, "originInfo")), None)
    if origin is not None:
        places = [p for p in origin.iter("{*}placeTerm") if p.get("type") != "code"]
        parts += [("Place", _words(places[0]))] if places else []
        parts += [(label, v) for label, key in (("Publisher", "publisher"),
                  ("Edition", "edition")) if (v := _text(origin, key))]  # fmt: skip
        dates = _children(origin, "dateIssued")
        plain = [d.text for d in dates if d.get("encoding") is None and d.text]
        start = [d.text for d in dates if d.get("point") == "start" and d.text]
        continuing = _text(origin, "issuance") in ("continuing", "serial")
        date = (plain or start or [""])[0].strip()
        parts += [("Date", date + ("-" if continuing and re.fullmatch(r"\d{4}", date) else ""))]
    physical = next(iter(_children(mods, "physicalDescription")), None)
    parts += [("Pages", e) for e in [_text(physical, "extent")] if e]
    for identifier in _children(mods, "identifier"):
        kind = (identifier.get("type") or "").upper()
        if kind in ("ISBN", "ISSN") and (identifier.text or "").strip():
            parts.append((kind, identifier.text.strip()))
    for language in mods.iter("{*}languageTerm"):
        parts.append(("Language", (language.text or "").strip()))
    for related in _children(mods, "relatedItem"):
        if related.get("type") == "series":
            parts.append(
                ("Series", _text(next(iter(_children(related, "titleInfo")), None), "title"))
            )
    parts += [("Note", _words(n)) for n in _children(mods, "note")]
    names = []
    for name in _children(mods, "name"):
        pieces = {p.get("type"): _words(p) for p in _children(name, "namePart")}
        if "family" in pieces:
            written = ", ".join(filter(None, (pieces["family"], pieces.get("given"))))
        else:
            written = pieces.get(None, "")
        role = next((_MODS_ROLES[r] for t in name.iter("{*}roleTerm")
                     if (r := (t.text or "").strip().casefold()) in _MODS_ROLES), None)  # fmt: skip
        names += [f"{written} ({role})" if role else written] if written else []
    genre = _text(mods, "genre").casefold()
    kind = "revue" if genre in ("periodical", "journal") else None
    return [(k, v) for k, v in parts if v], names, kind


# A template's parameters as labels; "last"/"first" and "nom"/"prénom" pair into names.
_TEMPLATE = {
    "title": "Title", "titre": "Title", "subtitle": "Subtitle", "sous-titre": "Subtitle",
    "location": "Place", "place": "Place", "lieu": "Place", "publisher": "Publisher",
    "éditeur": "Publisher", "editeur": "Publisher", "year": "Date", "date": "Date",
    "année": "Date", "edition": "Edition", "numéro d'édition": "Edition", "series": "Series",
    "collection": "Series", "language": "Language", "langue": "Language", "isbn": "ISBN",
    "issn": "ISSN", "pages": "Pages", "pages totales": "Pages", "total pages": "Pages",
}  # fmt: skip


def _from_template(text: str) -> Marked | None:
    body = text[2:-2]
    name, _, rest = body.partition("|")
    if not re.fullmatch(r"\s*(?:[Cc]ite|[Cc]itation|[Oo]uvrage|[Ll]ien web)[\w ]*\s*", name):
        return None
    given = {}
    for parameter in rest.split("|"):
        key, equals, value = parameter.partition("=")
        if equals and value.strip():
            given[key.strip().casefold()] = re.sub(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]", r"\1",
                                                    value.strip())  # fmt: skip
    parts = [(label, given[key]) for key, label in _TEMPLATE.items() if key in given]
    names = []
    for n in ("", "1", "2", "3", "4"):
        family = given.get(f"last{n}") or given.get(f"nom{n}")
        forename = given.get(f"first{n}") or given.get(f"prénom{n}")
        whole = given.get(f"author{n}") or given.get(f"auteur{n}")
        written = ", ".join(filter(None, (family, forename))) if family else whole
        names += [written] if written else []
        editor = given.get(f"editor{n}-last") or given.get(f"editor-last{n}")
        if editor:
            first = given.get(f"editor{n}-first") or given.get(f"editor-first{n}")
            names.append(", ".join(filter(None, (editor, first))) + " (editor)")
    return parts, names, None


def _from_schema_org(text: str) -> Marked | None:
    try:
        item = json.loads(text)
    except ValueError:
        return None
    if isinstance(item, list):
        item = next((i for i in item if isinstance(i, dict)), None)
    if not isinstance(item, dict) or not item.get("name"):
        return None
    publisher = item.get("publisher")
    publisher = publisher[0] if isinstance(publisher, list) and publisher else publisher
    place = publisher.get("location") if isinstance(publisher, dict) else None
    place = place.get("name") or place.get("address") if isinstance(place, dict) else place
    kind = str(item.get("@type", ""))
    start, end = item.get("startDate"), item.get("endDate")
    date = item.get("datePublished") or (f"{start}-{end or ''}" if start else None)
    series = item.get("isPartOf")
    parts = [("Title", item["name"]), ("Subtitle", item.get("alternativeHeadline")),
             ("Edition", item.get("bookEdition")), ("Place", place),
             ("Publisher", _named(publisher)), ("Date", date),
             ("Pages", item.get("numberOfPages")), ("Series", _named(series)),
             ("Language", _named(item.get("inLanguage"))), ("ISBN", item.get("isbn")),
             ("ISSN", item.get("issn"))]  # fmt: skip
    names = []
    for key, role in (("author", ""), ("creator", ""), ("editor", " (editor)"),
                      ("translator", " (translator)"), ("sourceOrganization", "")):  # fmt: skip
        listed = item.get(key) or []
        for person in listed if isinstance(listed, list) else [listed]:
            names += [written + role] if (written := _person(person)) else []
    marked = [(k, str(v)) for k, v in parts if v]
    return marked, names, "revue" if kind in ("Periodical", "PublicationVolume") else None


# A IIIF manifest's metadata labels that name persons; the others go to the labelled reader.
_IIIF_NAMES = {"creator", "author", "contributor", "auteur", "autor", "artist", "engraver"}


def _from_iiif(text: str) -> Marked | None:
    """A IIIF manifest's metadata (Presentation 2: strings; 3: {"en": ["Title"]}), its own
    label the title where the metadata names none."""
    try:
        manifest = json.loads(text)
    except ValueError:
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("metadata"), list):
        return None
    parts, names = [], []
    for entry in manifest["metadata"]:
        if not isinstance(entry, dict):
            continue
        label, value = _iiif_text(entry.get("label")), _iiif_text(entry.get("value"))
        if label and value:
            if label.casefold() in _IIIF_NAMES:
                names.append(value)
            else:
                parts.append((label, value))
    titled = any(label.casefold() == "title" for label, _ in parts)
    if not titled and (title := _iiif_text(manifest.get("label"))):
        parts.insert(0, ("Title", title))
    return (parts, names, None) if parts else None


def _iiif_text(value: object) -> str:
    """A IIIF string as it is given: a string, a list of them or of {"@value": ...}, or a
    language map ({"en": ["..."]}); the first."""
    if isinstance(value, dict):
        value = value.get("@value") or next(iter(value.values()), "")
    if isinstance(value, list):
        value = value[0] if value else ""
        return _iiif_text(value) if not isinstance(value, str) else value.strip()
    return value.strip() if isinstance(value, str) else ""


def _named(value: object) -> str | None:
    """A schema.org thing's name: a string as it is, an object's "name"."""
    if isinstance(value, dict):
        return value.get("name")
    return value if isinstance(value, str) else None


def _person(value: object) -> str | None:
    """A person as a heading writes it ("familyName, givenName"), or a body's name."""
    if isinstance(value, dict) and value.get("familyName"):
        return ", ".join(filter(None, (value["familyName"], value.get("givenName"))))
    return _named(value)
