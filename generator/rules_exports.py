"""Reference managers' exports in the rules-only reading: a BibTeX entry, an RIS record, a
citation (`generator.rules_citations`), as a data team pastes them from Zotero, EndNote or a
library's "cite this" button, or a bookseller's product page, becomes the labelled lines
`generator.rules_labels` reads ("Title : ...", "Authors : A ; B (editor)").

Why a translation rather than a reader of its own: the labelled reader already knows what each
part of a record is, how names in inverted order and their roles become 700/702, and how an
extent or a series is written; an export only names the same parts with other keys.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass

from generator import rules_lexicon as lex
from generator.rules_bibframe import bibframe
from generator.rules_citations import Cited, citation
from generator.rules_json_keys import json_as_labelled
from generator.rules_labels import label_of
from generator.rules_markup import markup
from generator.rules_xml_records import xml_record

# BibTeX's keys and RIS's tags -> the label the labelled reader knows.
_BIBTEX = {
    "title": "Title", "subtitle": "Subtitle", "publisher": "Publisher", "address": "Place",
    "location": "Place", "year": "Date", "date": "Date", "edition": "Edition",
    "series": "Series", "language": "Language", "note": "Note", "pages": "Pages",
    "pagetotal": "Pages", "numpages": "Pages", "school": "Publisher", "institution": "Publisher",
    "isbn": "ISBN", "issn": "ISSN",
}  # fmt: skip
_RIS = {
    "TI": "Title", "T1": "Title", "BT": "Title", "PB": "Publisher", "CY": "Place", "PP": "Place",
    "PY": "Date", "Y1": "Date", "DA": "Date", "ET": "Edition", "T3": "Series", "LA": "Language",
    "N1": "Note", "SP": "Pages", "SN": "ISBN",
}  # fmt: skip
# EndNote's tagged export: "%0 Book", "%A Surname, Forename", "%T Title", "%I Publisher".
_ENDNOTE = {
    "T": "Title", "I": "Publisher", "C": "Place", "D": "Date", "7": "Edition", "B": "Series",
    "S": "Series", "G": "Language", "Z": "Note", "P": "Pages", "@": "ISBN",
}  # fmt: skip
# CSL-JSON's variables, as Zotero exports an item.
_CSL = {
    "title": "Title", "publisher": "Publisher", "publisher-place": "Place", "edition": "Edition",
    "collection-title": "Series", "number-of-pages": "Pages", "language": "Language",
    "ISBN": "ISBN", "ISSN": "ISSN", "note": "Note",
}  # fmt: skip


@dataclass(frozen=True)
class Tagged:
    """A tagged export's grammar: a line's pattern (tag, value), and which tags say what."""

    line: re.Pattern[str]
    kind: str
    authors: frozenset[str]
    editors: frozenset[str]
    labels: dict[str, str]


_RIS_TAGS = Tagged(re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$"), "TY",
                   frozenset({"AU", "A1"}), frozenset({"A2", "ED", "A3"}), _RIS)  # fmt: skip
_ENDNOTE_TAGS = Tagged(re.compile(r"^%([A-Z0-9@])\s(.*)$"), "0", frozenset({"A"}),
                       frozenset({"E", "Y"}), _ENDNOTE)  # fmt: skip
# RefWorks' tagged format: "RT Book, Whole", "A1 Surname, Forename", "T1 Title", "PB ...".
_REFWORKS = {
    "T1": "Title", "T3": "Series", "YR": "Date", "FD": "Date", "PP": "Place", "PB": "Publisher",
    "OP": "Pages", "ED": "Edition", "SN": "ISBN", "LA": "Language", "NO": "Note",
}  # fmt: skip
_REFWORKS_TAGS = Tagged(re.compile(r"^([A-Z][A-Z0-9])\s(.*)$"), "RT", frozenset({"A1"}),
                        frozenset({"A2", "A3"}), _REFWORKS)  # fmt: skip
_BIBTEX_ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*[^,{}]*,", re.S)
_BIBTEX_LINE = re.compile(r"^\s*\w+\s*=\s*(?P<value>\{.*\}|\".*\"|\d+)\s*(?P<comma>,?)\s*$")
_BIBTEX_FIELD = re.compile(r"(\w+)\s*=\s*(?:\{((?:[^{}]|\{[^{}]*\})*)\}|\"([^\"]*)\"|(\d+))", re.S)
# The kinds of item an export names that the labelled reader reads as a kind or a thesis.
_KINDS = {"phdthesis": "thesis", "mastersthesis": "thesis", "thes": "thesis", "thesis": "thesis",
          "dissertation": "thesis", "map": "map",
          "music": "score", "jour": "revue", "jfull": "revue", "periodical": "revue",
          "journal": "revue", "dissertation/thesis": "thesis"}  # fmt: skip


def _kind(named: str | None) -> str | None:
    """The labelled reader's kind for the one an export or a citation names, case aside."""
    return _KINDS.get((named or "").casefold())


def as_labelled(description: str) -> str:
    """`description` as labelled lines when it is a BibTeX entry, markup
    (`generator.rules_markup`), an RIS record, an EndNote export, a CSL-JSON item or a citation
    on one line; else as it is."""
    if _BIBTEX_ENTRY.match(description) or _bibtex_fields_alone(description):
        return _from_bibtex(description)
    if marked := markup(description):  # MODS, schema.org, a Wikipedia citation template
        parts, names, kind = marked
        return _lines(parts, names, kind)
    if marked := bibframe(description):  # BIBFRAME in Turtle
        parts, names, kind = marked
        return _lines(parts, names, _kind(kind))
    if marked := xml_record(description):  # EndNote XML, Dublin Core
        parts, names, kind = marked
        return _lines(parts, names, _kind(kind))
    lines = description.strip().splitlines()
    if lines and _RIS_TAGS.line.match(lines[0]) and lines[0].startswith("TY"):
        return _from_tagged(lines, _RIS_TAGS)
    if lines and lines[0].startswith("%0 "):
        return _from_tagged(lines, _ENDNOTE_TAGS)
    if lines and lines[0].startswith("RT ") and _REFWORKS_TAGS.line.match(lines[0]):
        return _from_tagged(lines, _REFWORKS_TAGS)
    loaded = _json(description) if description.lstrip()[:1] in ("[", "{") else None
    if items := _json_items(loaded):
        return _from_csl(items)
    if keyed := json_as_labelled(loaded):
        return keyed  # a system's own keys: "titre", "lieu_edition"
    if assigned := _from_toml(lines):  # a harvester's or a site's TOML: 'title = "..."'
        return assigned
    # a reference alone, or with an annotated bibliography's comment under it (sentences, no date)
    annotated = all(len(line.split()) >= 8 and not lex.YEAR.search(line) for line in lines[1:])
    if lines and annotated and (cited := citation(lines[0])):
        parts, names, kind = cited
        return _lines(parts, names, _kind(kind))
    if cited := _cited_among(lines):  # a note's or a list's heading and remarks around it
        return cited
    if len(lines) > 1 and (sold := _BOOKSELLER.match(lines[0])) and _CREDITS.match(lines[1]):
        return _from_bookseller(sold, lines[1], lines[2:])
    return description


# A TOML file's assignment ('title = "Annual report"', 'first_year = 1998'), its table headers
# ("[[source]]") and comments around them.
_ASSIGNED = re.compile(r"^\s*([A-Za-z][\w\-]{0,30})\s*=\s*(.+?)\s*$")
_TOML_ASIDE = re.compile(r"^\s*(?:\[\[?[\w.\-]+\]\]?|#.*)?\s*$")


def _from_toml(lines: list[str]) -> str | None:
    """A TOML file's keys and values as labelled lines ("title : Annual report"), its strings'
    and arrays' quotes left out; None unless three lines or more assign and all others are
    headers, comments or blank."""
    assigned = [match.groups() for line in lines if (match := _ASSIGNED.match(line))]
    if len(assigned) < 3 or len(assigned) + sum(
        bool(_TOML_ASIDE.match(line)) for line in lines
    ) != len(lines):
        return None
    if any(re.fullmatch(r"[A-Z][A-Z0-9]", key) for key, _ in assigned):
        return None  # a tagged export's two letters ("TI = Title"), read by its own reader
    values = [_toml_value(value) for _, value in assigned]
    if None in values:  # an inline table, BibTeX's braces: no labelled line
        return None
    return "\n".join(f"{key} : {value}" for (key, _), value in zip(assigned, values, strict=True))


def _toml_value(text: str) -> str | None:
    """A TOML value as a label's text: a string unquoted, an array's items after commas; an
    INI file's or a form's bare text ("lloc=París") as it is; braces None."""
    try:
        value = tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return None if text.startswith("{") or text.endswith(("}", "},")) else text
    if isinstance(value, (int, float)):
        return text  # as written: "edition = 3.10" is no 3.1
    items = value if isinstance(value, list) else [value]
    if any(isinstance(item, dict) for item in items):
        return None
    return ", ".join(str(item) for item in items)


def _cited_among(lines: list[str]) -> str | None:
    """The one line of a few that a citation style reads whole, its list's number or bullet
    left out, when the others date nothing: a heading and remarks around it ("Referat WK I –
    Lit. ⏎ Kielmansegg, Peter Graf: Title. Stuttgart: Klett-Cotta 1980. ⏎ → UB Lesesaal"), as
    labelled lines; the lines under it that give a part of their own (an ISBN, an extent, a
    series) kept after them, the heading and the remarks left out."""
    lines = [line.strip() for line in lines if line.strip()]
    if not 0 < len(lines) <= 6:
        return None
    read = [_cited(re.sub(r"^(?:\(?\d{1,3}[.)]|[-•*→])\s+", "", line)) for line in lines]
    # an author's or a body's heading before it: not a title-first reading's ("Tours : Impr.")
    at = [i for i, parts in enumerate(read) if parts and parts[1]]
    if len(at) != 1:
        return None
    # (a comment's sentence may name years: "es geht um ... der Jahre 1813/14")
    others = [line for i, line in enumerate(lines) if i != at[0] and len(line.split()) < 12]
    if any(lex.YEAR.search(line) for line in others):
        return None
    if sum(label_of(line) is not None for line in lines) > 1:
        return None  # a display's labelled lines ("Publication details: Paris : X, 1882")
    parts, names, kind = read[at[0]]
    below = [line for line in lines[at[0] + 1 :] if _PART_OF_ITS_OWN.match(line)]
    return "\n".join([_lines(parts, names, _kind(kind)), *below])


# A remark after a reference and a dash, in a sentence's words and no year: a bookseller's on
# the copy ("... (Corpus of Early Keyboard Music, 23). — Umschlag leicht fleckig, ..."), a
# footnote's on the work.
_REMARK_AFTER = re.compile(
    r"\s[—–]\s(?=[A-ZÀ-ÝЀ-Я][a-zà-ÿа-џ]+,?\s[a-zà-ÿа-џ]+\s\S+\s\S)(?!.*\s[—–]\s)(?!.*\b(?:1[5-9]|20)\d\d\b)"
)

# ... or a reading list's sentence after the reference's pages, with no year in it: "..., pp.
# VIII-288. Datato ma ancora insostituibile per l'età carolingia."
_REMARK_AFTER_PAGES = re.compile(
    r"(?:\bpp?\.\s?[\dIVXLCivxlc][\dIVXLCivxlc\-]*|\b\d+\s?(?:pp?|S|s|str|blz)\.?)\.?"
    r"\s+(?=[A-ZÀ-ÝЀ-Я][a-zà-ÿа-џ]+\s[a-zà-ÿа-џ]+\s\S)(?!.*\b(?:1[5-9]|20)\d\d\b)"
)


def _cited(line: str) -> Cited | None:
    """A citation style's reading of `line`, or of the reference before a remark after it."""
    if parts := citation(line):
        return parts
    if remark := _REMARK_AFTER.search(line):
        return citation(line[: remark.start()])
    remark = _REMARK_AFTER_PAGES.search(line)
    said = line[remark.end() :] if remark else ""
    if remark and len(said.split()) >= 5 and not lex.EDITION.search(said):
        return citation(line[: remark.end()].rstrip())
    return None


# A line under a reference that gives a part of its own: an ISBN or an ISSN, an extent ("10
# vol. ; 24 cm", "XII, 755 S."), a series ("Collection Hetzel", "Reihe: Deutsche Geschichte").
_PART_OF_ITS_OWN = re.compile(
    r"^(?:ISBN|ISSN|(?:[IVXLC]+,\s)?\d+\s?(?:p|pp|S|s|vol|Bl|cm)\b|\(?(?:coll\.|collection|"
    r"série|series|reihe|collana|colección)\b)",
    re.I,
)


# A bookseller's page: "Les misérables (Folio classique) Poche – 15 mars 1995", then
# "de Victor Hugo (Auteur), Guy Rosa (Préface)", then its details as labelled lines.
_BOOKSELLER = re.compile(
    r"^(?P<title>[^()]+?)(?:\s\((?P<series>[^()]+)\))?"
    r"(?:\s+(?:Poche|Broché|Relié|Paperback|Hardcover|Mass Market Paperback|Format Kindle))?"
    r"\s+[–-]\s+(?P<date>[^–-]*\d{4})\s*$"
)
_CREDITS = re.compile(r"^(?:de|by)\s+(.+\((?:Auteur|Author)\).*)$")
_CREDIT = re.compile(r"\s*(.+?)\s*\(([^()]+)\)\s*(?:,|$)")
# A bookseller's credits as the role a catalogue displays after a name (`lex.ROLE_AFTER_NAME`).
_CREDITED = {"préface": "Préfacier", "traduction": "Traducteur", "illustrations": "Illustrateur",
             "foreword": "Foreword", "translator": "Translator", "editor": "Editor",
             "illustrator": "Illustrator"}  # fmt: skip


def _from_bookseller(sold: re.Match[str], credits: str, details: list[str]) -> str:
    names = []
    for name, credit in _CREDIT.findall(_CREDITS.match(credits).group(1)):
        role = _CREDITED.get(credit.casefold())
        names.append(f"{name} ({role})" if role else name)
    parts = [("Title", sold.group("title")), ("Series", sold.group("series")),
             ("Date", sold.group("date"))]  # fmt: skip
    return "\n".join([_lines([p for p in parts if p[1]], names, None), *details])


# BibTeX's accents, as Zotero and JabRef write them by default: {\'e}, \'{e}, \`a, \c{c}, {\"o}.
_LATEX_ACCENT = re.compile(r"\{?\\([`'^\"~]|c(?=\{))\s?\{?([A-Za-z])\}?\}?")
_MARKS = {"`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303", "c": "\u0327"}


def _accented(mark: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", mark.group(2) + _MARKS[mark.group(1)])


def _bibtex_fields_alone(description: str) -> bool:
    """An entry's fields copied without its "@book{key," line: two or more, braced or quoted,
    each but the last closed by a comma (TOML's have none) or one braced."""
    lines = [_BIBTEX_LINE.match(line) for line in description.splitlines() if line.strip()]
    if len(lines) < 2 or not all(lines):
        return False
    braced = any(line["value"].startswith("{") for line in lines)
    return braced or all(line["comma"] for line in lines[:-1])


def _from_bibtex(entry: str) -> str:
    kind = (entry_line := _BIBTEX_ENTRY.match(entry)) and entry_line.group(1).lower()
    parts: list[tuple[str, str]] = []
    names: list[str] = []
    for match in _BIBTEX_FIELD.finditer(entry):
        key, value = match.group(1).lower(), next(g for g in match.groups()[1:] if g is not None)
        value = _LATEX_ACCENT.sub(_accented, value)
        value = re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()
        if key in ("author", "editor"):
            role = " (editor)" if key == "editor" else ""
            names += [n.strip() + role for n in re.split(r"\s+and\s+", value) if n.strip()]
        elif key in _BIBTEX and value:
            parts.append((_BIBTEX[key], value))
    return _lines(parts, names, _kind(kind))


def _from_tagged(lines: list[str], tagged: Tagged) -> str:
    """An RIS record or an EndNote export: one tag and its value a line."""
    parts: list[tuple[str, str]] = []
    names: list[str] = []
    kind = None
    for line in lines:
        match = tagged.line.match(line.strip())
        if not match or not (value := (match.group(2) or "").strip()):
            continue
        tag = match.group(1)
        if tag == tagged.kind:
            kind = _kind(value)
        elif tag in tagged.authors or tag in tagged.editors:
            names.append(value + (" (editor)" if tag in tagged.editors else ""))
        elif tag in tagged.labels:
            parts.append((tagged.labels[tag], value))
    return _lines(parts, names, kind)


def _from_csl(items: list[dict]) -> str:
    """A CSL-JSON item, as Zotero and Mendeley export it ("family"/"given" names, the year in
    "issued"'s "date-parts")."""
    item = items[0]
    parts = [(label, str(item[key])) for key, label in _CSL.items() if item.get(key)]
    issued = item.get("issued") or {}
    year = (
        (issued.get("date-parts") or [[None]])[0][0] or issued.get("raw") or issued.get("literal")
    )
    parts += [("Date", str(year))] if year else []
    names = []
    for key, role in (("author", ""), ("editor", " (editor)"), ("translator", " (translator)")):
        for person in item.get(key) or []:
            name = person.get("literal") or ", ".join(
                filter(None, (person.get("family"), person.get("given")))
            )
            names += [name + role] if name else []
    return _lines(parts, names, _kind(str(item.get("type", ""))))


def _json(text: str) -> object:
    """`text` as JSON, None when it is none."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def _json_items(loaded: object) -> list[dict] | None:
    """The items of a CSL-JSON export (a list of objects, or one) or of Crossref's API, None
    when it is neither."""
    if loaded is None:
        return None
    if isinstance(loaded, dict) and isinstance(loaded.get("message"), dict):
        loaded = loaded["message"]  # Crossref's API wraps its item: {"status": "ok", ...}
    items = loaded if isinstance(loaded, list) else [loaded]
    ok = items and all(isinstance(i, dict) and "title" in i for i in items)
    # Crossref lists its titles and ISSNs ("title": ["..."]); CSL-JSON gives one
    return [{k: v[0] if isinstance(v, list) and v and isinstance(v[0], str) else v
             for k, v in i.items()} for i in items] if ok else None  # fmt: skip


def _lines(parts: list[tuple[str, str]], names: list[str], kind: str | None) -> str:
    """The labelled lines; a year its own line (the labelled reader gives a bare page count
    its unit)."""
    out = [f"Type : {kind}"] if kind else []
    for label, value in parts:
        # RIS's "2020///"; a serial's "1969-" stays open
        if label == "Date" and (year := re.search(r"\d{4}(?:-(?:\d{4})?)?", value)):
            value = year.group(0)
        out.append(f"{label} {value}" if label in ("ISBN", "ISSN") else f"{label} : {value}")
    if names:
        out.append("Authors : " + " ; ".join(names))
    return "\n".join(out)
