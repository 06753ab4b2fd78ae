"""Descriptions as other catalogues and bibliographies show a record: citations and displays.

A user pastes what is at hand: a reference from a bibliography (Chicago, MLA, ISO 690, the
French `NOM, Prénom` norm) or a record as an online catalogue shows it (WorldCat, the Library of
Congress, the BnF, the Sudoc). Each says less than a title page in its own way: a citation names
the authors but no statement of responsibility beyond their names, MLA gives no town, Chicago
no extent.
What a style leaves out is recorded in the writer's `omitted`, so the target drops it too
(`generator.describe.ground`): a student is never taught to write what it was not told.

`generator.describe` registers `citation`, `display` and `typed` beside its own forms; this
module holds no state of its own and imports nothing from it (the writer is passed in).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from generator.isbd import clean
from validators import DataField, Record

NAME_TAGS = ("700", "701", "702", "710", "711", "712")


class Writer(Protocol):
    """What a renderer reads and records (`generator.describe._Writer`)."""

    record: Record
    rng: Any
    lang: str
    omitted: set[tuple[str, str]]
    dates: bool


def person(field: DataField, *, inverted: bool, dates: bool) -> str:
    """A name as a description prints it: `Surname, Forename` or `Forename Surname`, a body's
    parts joined by full stops, with the dates in brackets when `dates`."""
    surname, forename = " ".join(field.values("a")).strip(), " ".join(field.values("b")).strip()
    if field.tag.startswith("71"):
        name = ". ".join(clean(v) for v in field.values("a") + field.values("b") if clean(v))
    elif forename and surname and inverted:
        name = f"{clean(surname)}, {clean(forename)}"
    else:
        name = " ".join(clean(x) for x in (forename, surname) if clean(x))
    when = " ".join(clean(v) for v in field.values("f")).strip("()")  # "(1843-1916)" once
    return f"{name} ({when})" if dates and when and name else name


def _fields(record: Record) -> list[DataField]:
    return [f for tag in NAME_TAGS for f in record.datafields(tag)]


def _distinct(fields: list[DataField]) -> list[DataField]:
    """One field per person: a catalogue gives the same name twice in two roles (700 and 702),
    which a citation names once."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for f in fields:
        key = tuple(clean(v).casefold() for v in f.values("a") + f.values("b"))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _leave_out(w: Writer, *pairs: str) -> None:
    """Record as omitted each `TAG$CODES` pair the record has (`"215$acde"`)."""
    for pair in pairs:
        tag, codes = pair.split("$")
        for f in w.record.datafields(tag):
            w.omitted |= {(tag, s.code) for s in f.subfields if s.code in codes}


def _title(p: dict[str, list[str]], colon: str = " : ") -> str:
    return colon.join([" ; ".join(p["title"]), *p["subtitle"]])


def _imprint(p: dict[str, list[str]], colon: str = " : ") -> str:
    where, who = " ; ".join(p["place"]), colon.join(p["publisher"])
    text = f"{where}{colon}{who}" if where and who else where or who
    date = ", ".join(p["date"])
    return f"{text}, {date}" if text and date else text or date


def citation(w: Writer, p: dict[str, list[str]]) -> list[str]:
    """One reference in a bibliography's style: authors, title, imprint, and per style the
    edition, extent, series and standard number; no statement of responsibility."""
    style = w.rng.choice(("chicago", "mla", "iso690", "afnor"))
    _leave_out(w, "200$d", "215$cde", "300$a", "320$a", "011$a")
    w.dates = False
    # a reference names its authors (70X/71X 0 and 1), not the others a catalogue adds, whose
    # roles it would not tell (a 702 illustrator, a 712 printer)
    fields = [f for f in _distinct(_fields(w.record)) if f.tag[2] in "01"]
    _leave_out(w, "702$abcdfgh4", "712$abcdefgh4")
    # A statement that only names the authors ("Émile Zola") is theirs to read here, as a
    # cataloguer writes it from the heading; one that says more ("par M. X ; trad. Y") is not.
    direct = {person(f, inverted=False, dates=False).casefold() for f in fields}
    if not all(clean(v).casefold() in direct for v in w.record.values("200", "f")):
        _leave_out(w, "200$f")
    _leave_out(w, "200$g")
    upper = style in ("iso690", "afnor")
    names = []
    for n, f in enumerate(fields):
        name = person(f, inverted=n == 0 or style == "afnor", dates=False)
        if upper and n == 0 and "," in name:  # the surname in capitals
            surname, forename = name.split(",", 1)
            name = f"{surname.upper()},{forename}"
        names.append(name)
    joiner = " ; " if style == "afnor" else " and " if w.lang == "en" else " et "
    head = joiner.join(names)
    parts = [head, _title(p, ": " if style in ("chicago", "mla") else " : ")]
    parts += p["edition"]
    if style == "mla":
        _leave_out(w, "210$a", "214$a", "102$a")  # no town, no country it tells
        parts.append(", ".join(filter(None, [" : ".join(p["publisher"]), *p["date"]])))
    else:
        parts.append(_imprint(p, ": " if style == "chicago" else " : "))
    if style in ("iso690", "afnor") and p["extent"]:
        parts.append(p["extent"][0])
    else:
        _leave_out(w, "215$acde")
    if style != "mla" and p["series"]:
        series = " ; ".join(p["series"])
        parts.append(f"({series})" if style != "chicago" else series)
    else:
        _leave_out(w, "225$aehiv", "410$tvx")
    if upper and p["isbn"]:
        parts.append("ISBN " + ", ".join(x.split(" (")[0] for x in p["isbn"]))
        _leave_out(w, "010$bd")
    else:
        _leave_out(w, "010$abd")
    return [". ".join(x.rstrip(".") for x in parts if x) + "."]


_DISPLAYS = {
    "worldcat": {
        "title": "Title", "names": "Author", "imprint": "Publisher", "edition": "Edition",
        "extent": "Description", "series": "Series", "isbn": "ISBN", "issn": "ISSN",
        "note": "Notes", "language": "Language",
    },
    "loc": {
        "names": "Personal name", "title": "Main title", "edition": "Edition",
        "imprint": "Published/Created", "extent": "Description", "series": "Series",
        "note": "Notes", "isbn": "ISBN", "issn": "ISSN", "language": "Language",
    },
    "bnf": {
        "title": "Titre(s)", "names": "Auteur(s)", "edition": "Édition", "imprint": "Publication",
        "extent": "Description matérielle", "series": "Collection", "note": "Note(s)",
        "isbn": "ISBN", "issn": "ISSN", "language": "Langue(s)",
    },
    "sudoc": {
        "title": "Titre", "names": "Auteur", "language": "Langue(s)", "edition": "Édition",
        "imprint": "Editeur(s)", "extent": "Description", "series": "Collection",
        "note": "Note", "isbn": "ISBN", "issn": "ISSN",
    },
}  # fmt: skip


def display(w: Writer, p: dict[str, list[str]]) -> list[str]:
    """A record as an online catalogue shows it: one labelled line per area, the title with its
    statement of responsibility as ISBD writes them, names inverted with their dates or not."""
    french = ("bnf", "sudoc")
    catalogue = w.rng.choice(sorted(k for k in _DISPLAYS if (k in french) == (w.lang == "fr")))
    labels = _DISPLAYS[catalogue]
    w.dates = w.rng.random() < 0.6
    fields = _fields(w.record)
    title = _title(p) + "".join(f" = {x}" for x in p["parallel"])
    if p["responsibility"]:
        title += " / " + " ; ".join(p["responsibility"])
    values = {
        "title": [title],
        "names": [person(f, inverted=True, dates=w.dates) for f in fields],
        "edition": p["edition"],
        "imprint": [_imprint(p)],
        "extent": [" ; ".join(filter(None, [" : ".join(p["extent"]), *p["size"]]))],
        "series": p["series"],
        "note": p["note"],
        "isbn": p["isbn"],
        "issn": p["issn"],
        "language": p["language"][:1] if w.rng.random() < 0.5 else [],
    }
    colon = " : " if w.lang == "fr" else ": "
    lines = []
    for key, label in labels.items():
        found = [v for v in values[key] if v]
        if key == "names" and catalogue == "loc":  # one heading, the others added below
            body = bool(found) and fields[0].tag.startswith("71")
            heading = "Corporate name" if body else label
            lines += [f"{heading}{colon}{found[0]}"] if found else []
            lines += [f"Other names{colon}{v}" for v in found[1:]]
        elif found:
            lines += [f"{label}{colon}{v}" for v in found]
    return lines


def typed(w: Writer, p: dict[str, list[str]]) -> list[str]:
    """What a cataloguer types in a hurry: small letters throughout, the title and statement on
    one line, the imprint, extent and size run together with no ISBD marks, the standard
    numbers; notes, series and the other physical details left out."""
    _leave_out(w, "225$aehiv", "410$tvx", "300$a", "320$a", "215$ce", "200$d")
    w.dates = False
    title = _title(p)
    statement = " ; ".join(p["responsibility"])
    lines = [f"{title} / {statement}" if statement else title, *p["edition"]]
    named = [person(f, inverted=True, dates=False) for f in _fields(w.record)]  # no dates here
    others = [n for n in named if n and n.split(",")[0].casefold() not in statement.casefold()]
    lines += [" ; ".join(others)] if others else []
    imprint = ", ".join(filter(None, [" ; ".join(p["place"]), " : ".join(p["publisher"])]))
    lines.append(" ".join(filter(None, [imprint, *p["date"]])))  # every run of a serial
    extent = re.sub(r"\s+(?=p\.|cm\b)", "", " ".join(p["extent"][:1] + p["size"]))
    lines += [extent] if extent else []
    lines += [f"isbn {x.split(' (')[0]}" for x in p["isbn"]] + [f"issn {x}" for x in p["issn"]]
    _leave_out(w, "010$bd")
    return [line.lower() for line in lines if line]
