"""Identifiers and imprint in the rules-only reading: ISBNs and ISSNs, and the place, publisher
and date of publication, in ISBD's order or in the order of a compact description.
"""

from __future__ import annotations

import re

from generator import rules_geography as geo
from generator import rules_label_words as words
from generator import rules_lexicon as lex
from generator.rules_layout import sentences
from generator.rules_names import heading_surnames, surname
from generator.rules_physical import physical
from generator.rules_places import REGION, STATE, is_place, towns_in, typed_imprint, typed_place
from generator.rules_reading import (
    IMPRINT_PARTS,
    TRANSCRIBED,
    Reading,
    abbreviated,
    date_of,
    is_name,
    tidy,
)
from validators.rules.identifiers import isbn_ok, issn_ok, normalise


def identifiers(text: str, found: Reading) -> str:
    """ISBNs and ISSNs whose check digit holds go to 010/011; the text without them is returned.
    A book's ISBN-10 beside its ISBN-13 (as booksellers list both) is one number: the 13."""
    matches = list(lex.ISBN.finditer(text)) or list(lex.BARE_ISBN.finditer(text))
    # (written, compact, qualifier); WorldCat lists both numbers after one label, by a space
    found_numbers = [
        (written, normalise(written), match.group(2) if match.re is lex.ISBN else None)
        for match in matches
        for written in _isbns_in(match.group(1).strip())
    ]
    numbers = [compact for _, compact, _ in found_numbers]
    for written, compact, qualifier in found_numbers:
        if not (len(compact) == 10 and _isbn13(compact) in numbers):
            found.add(
                "isbn", written + (f"\x1f{qualifier.strip()}" if qualifier else ""), clean=False
            )
    for match in list(lex.ISSN.finditer(text)) or list(lex.BARE_ISSN.finditer(text)):
        number = match.group(1)
        years = lex.YEAR.fullmatch(number[:4]) and lex.YEAR.fullmatch(number[5:])
        if issn_ok(number.replace("-", "").upper()) and not years:  # not "1906-2001"
            found.add("issn", number)
            if match.re is lex.BARE_ISSN:
                text = text.replace(number, " ")
    text = lex.BARE_ISBN.sub(" ", lex.ISBN.sub(" ", lex.ISSN.sub(" ", text)))
    return re.sub(r"\s*\(\s*\)", "", text)  # brackets that held a number alone: "(ISSN ...)"


def _isbns_in(written: str) -> list[str]:
    """The valid ISBNs a matched run of digits holds: itself, or its parts set off by spaces
    ("9782707302755 2707302759")."""
    if isbn_ok(normalise(written)):
        return [written]
    return [part for part in written.split() if isbn_ok(normalise(part))]


def _isbn13(isbn10: str) -> str:
    """The ISBN-13 of an ISBN-10: 978, its first nine digits, a new (EAN) check digit."""
    digits = "978" + isbn10[:9]
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str(-total % 10)


# How a publisher in small letters opens: "l'Harmattan", "printed for the author", "s.n.".
_SMALL_PUBLISHER = re.compile(r"(?:[ld]['’]|s\.|printed|impr|chez|aux?\s|at\s|for\s|éd)", re.I)


def _subtitled(after_colon: str) -> bool:
    """Words after a colon in small letters that name no publisher: a subtitle's."""
    lowered = after_colon[:1].islower() and not lex.PUBLISHER_WORDS.search(after_colon)
    return lowered and not _SMALL_PUBLISHER.match(after_colon)


def _dated_area(text: str) -> bool:
    """A whole publication area with its own date ("Paris : Colin, 1946-1997")."""
    area = lex.PUBLICATION_AREA.match(text.strip())
    return bool(area) and bool(lex.PUBLICATION_DATE.fullmatch(area.group(3).rstrip(" .")))


# A music publisher's towns in brackets after its name: "Boosey and Hawkes (London / Paris /
# Bonn), 1979"; two at least, as a serial's key title names one town ("Revue historique (Paris)").
_TOWNS_AFTER = re.compile(
    r"^(?P<publisher>[^(),]{2,60}?)\s\((?P<towns>[^()]{2,80})\),?\s(?P<year>\[?\d{4}\]?(?:-\d{0,4})?)"
)


def _towns_first(line: str) -> str:
    """A publisher's towns in brackets after it set as ISBD does, the rest after the year left
    out ("London ; Paris ; Bonn : Boosey and Hawkes, 1979"); else `line`."""
    after = _TOWNS_AFTER.match(line)
    towns = re.split(r"\s*[/;,]\s*", after["towns"]) if after else []
    if after and len(towns) > 1 and all(is_place(town) for town in towns):  # not "Revue (Paris)"
        return f"{' ; '.join(towns)} : {after['publisher']}, {after['year']}"
    return line


def publication(line: str, found: Reading) -> bool:
    """Place, publisher and year of a line that names a known place or a publisher."""
    line = _towns_first(line)
    # a citation's one sentence goes on with the extent: "Paris : Minuit, 1979, 670 p."
    extent = lex.PAGES.search(line) or lex.UNITS.search(line)
    dated = extent and lex.PUBLICATION_DATE.search(line, 0, extent.start())
    if dated and re.fullmatch(r"[\s,.;:]*", line[dated.end() : extent.start()]):
        line = line[: dated.end()]
    # a serial's imprints one after the other: "Paris : X, 1946-1997 ; Paris : Y, 1998-"
    areas = re.split(r"\s;\s+(?=[^:;,]{2,40}\s?:\s)", line)
    if len(areas) > 1 and all(_dated_area(a) for a in areas):
        return all([publication(a, found) for a in areas])
    area = lex.PUBLICATION_AREA.match(line) if " / " not in line else None
    if area and line[area.end(1) :].lstrip("]").startswith(":") and not is_place(area.group(1)):
        area = None  # English's colon after a known town only: "Reading rooms: public ..., 1880"
    # the date after the last comma: "Paris: A. Lacroix, Verboeckhoven & Cie, 1862"
    joined = f"{area.group(2)}, {area.group(3)}" if area else ""  # "Paris: Minuit; 1979" too
    publisher, _, year = joined.rpartition(", ")
    year = re.sub(r"[\s.]+$", "", year)  # "1975-. ." where an ISSN was read off
    town = area and typed_place(area.group(1))
    if area and _subtitled(area.group(2)) and not town:
        area = None  # "Reading rooms : public libraries in Irish towns, 1880-1930"
    if area and lex.PUBLICATION_DATE.fullmatch(year):
        if found.first("date") and (date := date_of(year)):
            # a serial's later imprint, with its own date: a 210 of its own ("Paris : Colin,
            # 1946-1997" then "Paris : Éd. de l'EHESS, 1998-", on a line each or after " ; ")
            imprint = (tidy(area.group(1)), tidy(publisher), date)
            found.add("imprints", IMPRINT_PARTS.join(imprint), clean=False)
            return True
        # a serial's earlier run before the last ("Sirey : Dalloz, 1952-1999, 2000-")
        earlier = []
        while (run := re.search(r",\s*(\d{4}-\d{0,4})$", publisher)) and run.start() > 0:
            earlier.insert(0, run.group(1))
            publisher = publisher[: run.start()]
        for run in earlier:
            found.add("runs", run, clean=False)
        for key, value in (("place", area.group(1)), ("publisher", publisher)):
            for part in re.split(r" ; | : ", value):  # "Paris : Dentu : La Société, 1877"
                found.add(key, part)
        found.add("date", date_of(year) or "", clean=False)
        return True
    # not a title and its subtitle in small letters ("Germinal : roman", Germinal a town too)
    if (
        (imprint := lex.IMPRINT.match(line))
        and is_place(imprint.group(1))
        and not _subtitled(imprint.group(2))
    ):
        # "Santiago : Banco central de Chile," with the date on the next line
        found.add("place", imprint.group(1))
        found.add("publisher", abbreviated(imprint.group(2)), clean=False)
        return True
    if " / " in line:  # a title and its statement of responsibility ("... / Association X")
        return False
    if typed := typed_imprint(line):  # "paris, a. cotillon 1880", "fagaras, agape 1993"
        place, publishers, date = typed
        found.add("place", place)
        for publisher in publishers.split(" : "):  # "recueil sirey : l. tenin"
            found.add("publisher", publisher)
        found.add("date", date, clean=False)
        return True
    if _place_line(line):  # "Detroit, Mich.", "Frankfurt am Main 1996-"
        date = date_of(line)
        head = lex.PUBLICATION_DATE.split(line)[0] if date else line
        found.add("place", abbreviated(head), clean=False)
        found.add("date", date or "", clean=False)
        return True
    if "« »" in line and "publisher" in found.parts:
        return False  # a sentence whose imprint `rules_prose` read: no second publisher
    firm = lex.PUBLISHERS_WORD.search(line)  # "Harcourt Brace Jovanovich, Publishers"
    line = lex.PUBLISHERS_WORD.sub("", line)
    words = [tidy(w) for w in re.split(r"\s*[,:;]\s*|\s+-\s+", line) if tidy(w)]
    folded = lex.fold(line)
    place = next((p for p in geo.COUNTRIES if _stands_alone(p, words)), None)
    # The part a cue names ("..., de Association X, publié chez AAG, Washington") before any
    # part that only sounds like a publisher; a quoted title's sentence is never one
    # ("publié par X" is as often a statement of responsibility).
    chez = (w for w in words if lex.PUBLISHER_CUE.match(w) and not re.search(r"\bpar\b", w))
    publisher = next(chez, None) or next(
        (
            w
            for w in words
            if lex.PUBLISHER_WORDS.search(w) and lex.fold(w) != place and "« »" not in w
        ),
        None,
    )
    if place is None and publisher:  # "Université de Tours", "publiée à Nantes par ..."
        place = next((p for p in geo.COUNTRIES if re.search(rf"\b{p}\b", folded)), None)
    if firm and publisher is None and "publisher" not in found.parts:
        publisher = tidy(line)  # "G. Charpentier et Cie, Éditeurs": the line names itself one
    if place is None and publisher is None:
        return False
    if place:
        start = folded.index(place)
        found.add("place", line[start : start + len(place)])
    if publisher:
        found.add("publisher", lex.PUBLISHER_NOISE.sub("", publisher))
    if date := date_of(line):  # "depuis 1949", "from 1949": date_of reads a run still open
        found.add("date", date, clean=False)
    return True


def imprint_and_extent(line: str, found: Reading) -> bool:
    """A citation's sentence with its imprint and extent ("Paris : Éditions de Minuit, 1979,
    670 p. (Le sens commun)"): both read, and the series in parentheses after them."""
    if not lex.PAGES.search(line):
        return False
    if not lex.PUBLICATION_AREA.match(_towns_first(line)) or not publication(line, found):
        return False
    physical(line, found)
    series = re.search(r"\(([^()]+)\)[\s.]*$", line)
    if series and not (lex.PAGES.search(series[1]) or lex.SIZE.search(series[1])):
        found.add("series", series[1])
    return True


def _place_line(line: str) -> bool:
    """A line that is a town with its region or a date: a title page's imprint set one part to
    a line ("Detroit, Mich.", "Frankfurt am Main 1996-"). A town alone is left to the order of
    the parts (`publication_by_order`): a word alone may be a town of the gazetteer ("Emile",
    "Africa") as much as a forename or a title."""
    dated = lex.PUBLICATION_DATE.search(line)
    town, _, region = (line[: dated.start()] if dated else line).strip().rstrip(",").partition(", ")
    regional = bool(REGION.match(region.strip())) if region else bool(dated)
    return bool(tidy(town)) and not town.isupper() and regional and is_place(town)  # not "SAGA"


def _stands_alone(place: str, parts: list[str]) -> bool:
    """A known place that is a part of an imprint line on its own ("Paris", "A Paris", "Dublin
    1999-", "[Paris]", "Paris Paris 1996-2000"), not a word of a title ("L'Exposition de
    Chicago", "... des étrangers en France")."""
    pattern = rf"\[?(?:a\s+)?{re.escape(place)}\]?(?:\s+\D*\d.*)?"
    return any(re.fullmatch(pattern, lex.fold(part)) for part in parts)


def publication_by_order(text: str, found: Reading) -> None:
    """Place and publisher where a compact description sets its parts off by commas, dashes,
    bars, slashes or lines, in a title page's order: the place just before the date (or with
    it: "Singapore 1997-"), the publisher before the place ("Hachette, Paris, 1924", "publié
    chez Guillaumin et cie, Paris, 1879"), or after it ("Paris, Gallimard, 1990")."""
    # A labelled line was read by its label ("Author: Hugo, Victor, 1802-1885": no town Victor)
    lines = [part for line in text.splitlines() if not words.opens_on_label(line)
             for part in sentences(line)]  # "T. Paris, X, 1862"  # fmt: skip
    listed = lex.PUBLISHERS_WORD.sub("", "\n".join(lines))
    parts = [p.strip() for p in re.split(r"\n|\t|\s+[-|/–—]\s+|,\s+(?![^()\n]*\))", listed)]
    parts = [p for p in parts if tidy(p) or p == "« »"]  # a quoted title's place is kept
    alone: str | None = None  # a publisher before a date with no town, on a one-line list
    for i, part in enumerate(parts):
        date = lex.PUBLICATION_DATE.search(part)
        head = part[: date.start()].strip() if date else ""
        if words.opens_on_label(part):
            continue  # "Date : 1995" (read as labelled): "Date" is no town here
        region = REGION.match(head) and i > 0 and is_place(parts[i - 1])  # "..., D.C. 1936-"
        if not date or (head and not is_place(head) and not region):
            continue
        before = parts[:i] + ([head] if head else [])
        if before and (towns := towns_in(before[-1])):  # "San Diego New York London ⏎ 1983"
            before[-1:] = towns[:1]
            for town in towns:
                found.add("place", town)
        # "Malden, Mass.", and a town the gazetteer lacks before a state ("Newbury Park, Calif.")
        regional = len(before) > 1 and REGION.match(before[-1])
        town = regional and (
            is_place(before[-2])
            or (STATE.match(before[-1]) and re.fullmatch(r"[A-ZÀ-ÝЀ-Я][\w'’\- ]+", before[-2]))
        )
        if town:
            before[-2:] = [f"{before[-2]}, {before[-1]}"]
        cued = len(before) > 1 and lex.PUBLISHER_CUE.match(before[-2])
        if len(before) > 1 and (town or is_place(before[-1]) or cued):
            place, publisher = before[-1], before[-2]
            if len(before) > 2 and lex.fold(tidy(publisher)) == lex.fold(tidy(place)):
                publisher = before[-3]  # "Harmattan | INJEP | Paris | Paris | 1995-"
            elif len(before) > 2 and not cued and not town and _second_town(publisher, found):
                # two towns ("published by P. J. de Mat, Paris, Bruxelles, 1815")
                found.add("place", abbreviated(publisher), clean=False)
                publisher = before[-3]
                cued = lex.PUBLISHER_CUE.match(publisher)
        elif (
            # the title before them, or read already by its label ("Titre : ... ⏎ Paris, X, 1913")
            (len(before) > 2 or (len(before) == 2 and "title" in found.parts))
            and is_place(before[-2])
            and not _forename(before[-2], found)
        ):
            place, publisher = before[-2], before[-1]
        else:
            alone = alone or (_publisher_alone(before, found) and before[-1])
            continue
        if not cued and re.search(r"(?:^|\s)(?:par|by)\s", publisher, re.I):
            publisher = ""  # a statement ("/ par X", "transcrites pour piano par F. Thomé")
        if re.match(r"(?:le|la|les|l['’]|du|des|de|et|the|and|of)\b", publisher):
            publisher = ""  # a title's list ("La monnaie, le crédit et le change, Paris, 1990")
        if lex.EDITION.fullmatch(publisher.strip()):
            publisher = ""  # "..., 3e éd., Paris, 1880": an edition, no publisher named
        found.add("place", abbreviated(place), clean=False)
        at = before.index(publisher) if publisher in before else 0
        previous = lex.PUBLISHER_CUE.sub("", before[at - 1]) if at else ""
        if _PARTNERS.match(publisher) and _INITIALLED.match(previous):
            publisher = f"{previous}, {publisher}"  # "(published by) E. Plon, Nourrit et cie"
        publisher = abbreviated(lex.PUBLISHER_NOISE.sub("", publisher))
        # a review's series in brackets after its publisher: "Laterza («Anticorpi», 43)"
        publisher = _SERIES_AFTER.sub("", publisher)
        if (
            "publisher" not in found.parts
            # not the title, unless said twice: the title, then a publisher named after it
            # ("Les 4 vérités | Les 4 vérités | Paris | 1976-")
            and (
                publisher not in found.parts.get("title", [])
                or [tidy(b) for b in before].count(publisher) > 1
            )
            and not _named_above(publisher, found)
        ):
            found.add("publisher", publisher, clean=False)
        return
    # On a one-line list only: on a title page's lines the part before the date is as often a
    # town the gazetteer lacks ("Latresne", "Esslingen a. N."; 5 train rows worse, none better).
    if alone and len([line for line in text.splitlines() if tidy(line)]) == 1:
        found.add("publisher", abbreviated(alone), clean=False)


_SERIES_AFTER = re.compile(r"\s*\(\s*[«\"“][^()]*?[»\"”](?:\s*[,;]\s*\d+)?\s*\)\s*$")


def _forename(part: str, found: Reading) -> bool:
    """A part that is the forename of a name read already ("De Heurle, Victor": no town
    Victor)."""
    return any(name.endswith(f", {part}") for name in found.parts.get("names", []))


def publisher_above_town(text: str, found: Reading) -> None:
    """When the order of the parts found no publisher (a title page with no date: "P. Dupont ⏎
    Paris"), the line just above the town is it, when no other part claimed it (title,
    statement, a name above); not the first line, the title's."""
    if "publisher" in found.parts or "place" not in found.parts:
        return
    lines = [tidy(line) for line in text.splitlines()]
    town = lex.fold(tidy(found.parts["place"][0]))
    at = next((k for k, line in enumerate(lines) if lex.fold(line) == town), 0)
    above = lines[at - 1] if at > 1 else ""
    claimed = {lex.fold(tidy(v)) for key in (*TRANSCRIBED, "names", "name lines", "bodies")
               for v in found.parts.get(key, [])}  # fmt: skip
    if above and lex.fold(above) not in claimed and not re.search(r"\d|:", above):
        found.add("publisher", abbreviated(above), clean=False)


# A firm named by its partners, the first by an initial: "E. Plon, Nourrit et cie".
_PARTNERS = re.compile(r"[A-ZÀ-ÝЀ-Я][\w\-]+ (?:et|&) [Cc]ie\.?$")
_INITIALLED = re.compile(r"(?:[A-ZÀ-ÝЀ-Я]\.\s?)+[A-ZÀ-ÝЀ-Я][\w\-]+$")


def _second_town(part: str, found: Reading) -> bool:
    """A town before the imprint's last: not a country ("Mérida, Venezuela"), an acronym
    ("BBC") or the title ("Africa"), which the gazetteer also holds as towns."""
    name = lex.fold(tidy(part))
    titled = {lex.fold(tidy(t)) for t in found.parts.get("title", [])}
    return is_place(part) and not part.isupper() and name not in geo.state_names() | titled


def _publisher_alone(before: list[str], found: Reading) -> bool:
    """The part just before a date with no town, next to the title or after a name that follows
    it ("Les misérables - Gallimard - 1995", "Les Misérables, Victor Hugo, Gallimard, 1995"):
    the publisher. Further from the title it is as often an unknown town ("... | Melchior
    Marzan | Kiobenhaffn | 1632")."""
    if "publisher" in found.parts:
        return False
    titled = found.parts.get("title", []) + found.parts.get("subtitle", [])
    titles = {lex.fold(tidy(t)) for t in titled}
    at = max(  # "« »": where a quoted title was read off
        (i for i, part in enumerate(before) if part == "« »" or lex.fold(tidy(part)) in titles),
        default=None,
    )
    if at is None or len(before) - at not in (2, 3):
        return False
    between, part = before[at + 1 : -1], tidy(before[-1])
    return (
        all(is_name(name) for name in between)
        and part[:1].isupper()
        and not is_name(part)
        and not lex.PUBLICATION_DATE.search(part)
        and not re.match(r"(?:par|by|de|d['’]|et|and)\b", part, re.I)  # a statement's words
        and not re.search(r"\s[:;]\s", part)  # a whole area ("Paris ; Paris : X : Y")
    )


def _named_above(part: str, found: Reading) -> bool:
    """A person the lines above the title named, in another form ("Comte Alexis Orloff" under
    "Alexis Orloff"): the statement of responsibility, not the publisher."""
    person = is_name(part) and not lex.CORPORATE.search(part)
    return person and surname(part) in heading_surnames(found, leaving=part)
