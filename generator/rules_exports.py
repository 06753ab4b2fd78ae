"""Reference managers' exports in the rules-only reading: a BibTeX entry, an RIS record, a
citation in APA, MLA or Chicago style, as a data team pastes them from Zotero, EndNote or a
library's "cite this" button, or a bookseller's product page, becomes the labelled lines
`generator.rules_labels` reads ("Title : ...", "Authors : A ; B (editor)").

Why a translation rather than a reader of its own: the labelled reader already knows what each
part of a record is, how names in inverted order and their roles become 700/702, and how an
extent or a series is written; an export only names the same parts with other keys.
"""

from __future__ import annotations

import re

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
_RIS_AUTHORS = {"AU", "A1"}
_RIS_EDITORS = {"A2", "ED", "A3"}
_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_BIBTEX_ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*[^,{}]*,", re.S)
_BIBTEX_FIELD = re.compile(r"(\w+)\s*=\s*(?:\{((?:[^{}]|\{[^{}]*\})*)\}|\"([^\"]*)\"|(\d+))", re.S)
# The kinds of item an export names that the labelled reader reads as a kind or a thesis.
_KINDS = {"phdthesis": "thesis", "mastersthesis": "thesis", "thes": "thesis", "thesis": "thesis",
          "dissertation": "thesis", "map": "map",
          "music": "score", "jour": "revue", "jfull": "revue", "periodical": "revue"}  # fmt: skip


# APA and Harvard: "Marcy, P., & Morel, J. (1861). Title: subtitle (2e éd.). Place: Publisher."
# Harvard sets no full stop after the year, may name a translator after the title and closes on
# the series in brackets ("Roma; Bari: Laterza (Anticorpi, 43).").
_APA = re.compile(
    r"^(?P<names>[A-ZÀ-Ý](?:[^()]|\([A-ZÀ-Ý]+\)){1,200}?)\.?\s\((?P<date>\d{4})[a-z]?\)\.?\s+"
    r"(?P<title>.+?)"  # a body's acronym in its name: "Centre X (CMIESI). (2012)."
    r"(?:\s\((?P<edition>[^()]*(?:[ée]d\.|ed\.|edition|édition)[^()]*)\))?"
    r"(?:\s\((?P<others>[^()]+),\s(?P<role>Trans|Eds?)\.\))?\.\s+"  # "(W. Weaver, Trans.)"
    r"(?:(?P<credit>Translated|Edited|Introduced|Illustrated|Traduit|Trad\.)\s(?:by|par)\s"
    r"(?P<credited>(?:[A-ZÀ-Ý]\.\s?)*[^.]+)\.\s+)?"
    r"(?:(?P<edition2>[^.()]*\b(?:[ée]dn?|edition|édition)\.?)\s+)?"
    r"(?:(?P<place>[^.:]{2,40}):\s)?(?P<publisher>[^.:][^:]{1,80}?)"
    r"(?:\s\((?P<series>[^()]+)\))?\.?$"
)
# MLA and Chicago: "Hugo, Victor. Title. [Place: ]Publisher, 1995."
# French writes "et" ("Say, Léon et André Liesse"); an edition may come before the imprint.
# MLA 9 lists what follows the title with commas ("Translated by X, 14th ed., Publisher, 2016.")
# and may close on the series ("... 2016. Campi del sapere.").
_MLA = re.compile(
    r"^(?P<names>[A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+)?,\s[A-ZÀ-Ý][\w'’\-. ]*?"
    r"(?:,?\s(?:and|et)\s[A-ZÀ-Ý][\w'’\-. ]+?){0,3})\.\s+(?P<title>.+?)\.\s+"
    r"(?:(?P<credit>Translated|Edited|Updated|Introduced|Illustrated|Revised|Trans\.|Ed\.)"
    r"\s(?:by\s)?(?P<credited>[^,.]+(?:\.\s?[A-ZÀ-Ý][^,.]+)?)[,.]\s+)?"
    r"(?:(?P<edition>[^.,]*(?:[ée]d\.|ed\.|edition|édition|Aufl\.)[^.,]*)[.,]\s+)?"
    r"(?:(?P<place>[^.:]{2,40}):\s)?(?P<publisher>[^,:]{2,80}),\s(?P<date>\d{4})\.?"
    # no extent ("X-266 p.") and no medium ("Print.") in a series
    r"(?:\s+(?!\S*\d\S*\s+p(?:ages)?\.?$|(?:Print|Web|Imprimé)\.?$)(?P<series>[^.]{2,80})\.?)?$"
)
# Vancouver: "Lee PH, editor. Title [thesis]. 3rd ed. Place: Publisher; 1993. 38 p."
_VANCOUVER = re.compile(
    r"^(?P<names>[A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+)?\s[A-Z]{1,3}"
    r"(?:,\s[A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+)?\s[A-Z]{1,3}){0,5})"
    r"(?:,\s(?P<role>editors?|eds?\.?))?\.\s+(?P<title>.+?)(?:\s\[(?P<kind>[^\[\]]+)\])?\.\s+"
    r"(?:(?P<edition>[^.]*\bed)\.\s+)?(?:(?P<place>[^.:;]{2,40}):\s)?"
    r"(?P<publisher>[^;]{2,80});\s(?P<date>\d{4})-?\.?(?:\s(?P<pages>[\dIVXLCivxlc\-]+\s?p)\.?)?$"
)
_APA_NAMES = re.compile(r"(?<=\.),\s*(?:&\s*)?(?=[A-ZÀ-Ý])|\s*&\s*")


def as_labelled(description: str) -> str:
    """`description` as labelled lines when it is a BibTeX entry, an RIS record or a citation
    on one line; else as it is."""
    if _BIBTEX_ENTRY.match(description):
        return _from_bibtex(description)
    lines = description.strip().splitlines()
    if lines and _RIS_LINE.match(lines[0]) and lines[0].startswith("TY"):
        return _from_ris(lines)
    cite = (_APA, _MLA, _VANCOUVER)
    if len(lines) == 1 and (cited := next(filter(None, (c.match(lines[0]) for c in cite)), None)):
        return _from_citation(cited)
    if len(lines) > 1 and (sold := _BOOKSELLER.match(lines[0])) and _CREDITS.match(lines[1]):
        return _from_bookseller(sold, lines[1], lines[2:])
    return description


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


# The credit a citation gives after its title, as the label of a person's role; an update's
# reviser has none (205$f, which the labelled reader does not write).
_CREDIT_LABELS = {"translated": "Translator", "traduit": "Translator", "trad.": "Translator",
                  "trans.": "Translator", "edited": "Editor", "ed.": "Editor",
                  "introduced": "Foreword", "illustrated": "Illustrator"}  # fmt: skip


def _from_citation(cited: re.Match[str]) -> str:
    """A citation's parts; APA lists "Surname, I., & Surname, I.", MLA "Surname, Forename, and
    Forename Surname", Vancouver "Surname AB, Surname C"."""
    groups = {k: v for k, v in cited.groupdict().items() if v}
    if cited.re is _VANCOUVER:
        names = [_initials(n) for n in groups["names"].split(", ")]
        names = [n + (" (editor)" if "role" in groups else "") for n in names]
    else:
        listed = _APA_NAMES if cited.re is _APA else re.compile(r",?\s(?:and|et)\s")
        names = [n.strip() for n in listed.split(groups["names"]) if n.strip()]
    edition = groups.get("edition") or groups.get("edition2")
    pages = groups.get("pages")
    parts = [(label, value) for label, value in (
        ("Title", groups["title"]), ("Edition", edition), ("Place", groups.get("place")),
        ("Publisher", groups["publisher"]), ("Date", groups["date"]),
        ("Series", groups.get("series")), ("Pages", pages and re.sub(r"\s?p$", " p.", pages)),
    ) if value]  # fmt: skip
    # A citation writes the subtitle after "Title: " as English punctuation does; ISBD's " : ".
    parts = [(k, re.sub(r"(?<! ):\s", " : ", v, count=1) if k == "Title" else v) for k, v in parts]
    if "others" in groups:  # APA's translator, editors
        role = "Translator" if groups["role"] == "Trans" else "Editor"
        parts += [(role, "; ".join(_APA_NAMES.split(groups["others"])))]
    if (label := _CREDIT_LABELS.get(groups.get("credit", "").casefold())) and "credited" in groups:
        parts += [(label, groups["credited"])]
    return _lines(parts, names, _KINDS.get(groups.get("kind", "").casefold()))


def _initials(name: str) -> str:
    """Vancouver's "Lee PH" as a heading: "Lee, P. H."."""
    surname, _, initials = name.rpartition(" ")
    return f"{surname}, {' '.join(c + '.' for c in initials)}"


def _from_bibtex(entry: str) -> str:
    kind = _BIBTEX_ENTRY.match(entry).group(1).lower()
    parts: list[tuple[str, str]] = []
    names: list[str] = []
    for match in _BIBTEX_FIELD.finditer(entry):
        key, value = match.group(1).lower(), next(g for g in match.groups()[1:] if g is not None)
        value = re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()
        if key in ("author", "editor"):
            role = " (editor)" if key == "editor" else ""
            names += [n.strip() + role for n in re.split(r"\s+and\s+", value) if n.strip()]
        elif key in _BIBTEX and value:
            parts.append((_BIBTEX[key], value))
    return _lines(parts, names, _KINDS.get(kind))


def _from_ris(lines: list[str]) -> str:
    parts: list[tuple[str, str]] = []
    names: list[str] = []
    kind = None
    for line in lines:
        match = _RIS_LINE.match(line.strip())
        if not match or not (value := (match.group(2) or "").strip()):
            continue
        tag = match.group(1)
        if tag == "TY":
            kind = _KINDS.get(value.lower())
        elif tag in _RIS_AUTHORS or tag in _RIS_EDITORS:
            names.append(value + (" (editor)" if tag in _RIS_EDITORS else ""))
        elif tag in _RIS:
            parts.append((_RIS[tag], value))
    return _lines(parts, names, kind)


def _lines(parts: list[tuple[str, str]], names: list[str], kind: str | None) -> str:
    """The labelled lines; a year its own line (the labelled reader gives a bare page count
    its unit)."""
    out = [f"Type : {kind}"] if kind else []
    for label, value in parts:
        if label == "Date" and (year := re.search(r"\d{4}", value)):  # RIS's "2020///"
            value = year.group(0)
        out.append(f"{label} {value}" if label in ("ISBN", "ISSN") else f"{label} : {value}")
    if names:
        out.append("Authors : " + " ; ".join(names))
    return "\n".join(out)
