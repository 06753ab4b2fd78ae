"""The title's line in the rules-only reading (`generator.rules_baseline`): title proper, other
title information and statement of responsibility, and a title in capitals set in a catalogue's
case.
"""

from __future__ import annotations

import re
from functools import cache

from generator import rules_geography as geo
from generator import rules_lexicon as lex
from generator.rules_names import dated_names, names_by
from generator.rules_places import is_place
from generator.rules_reading import Reading, is_name


def sentence_case(title: str, description: str) -> str:
    """A title typed in the title page's capitals, as a catalogue writes it: first word up, and
    the names the description writes elsewhere in their own case ("ANNUAL REPORT - CENTRAL BANK
    OF IRELAND" under "Central Bank of Ireland": "Annual report - Central Bank of Ireland")."""
    letters = [c for c in title if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters) or len(letters) <= 3:
        return title
    cased = title[:1] + title[1:].lower()
    for form in _proper_forms(description):
        cased = re.sub(rf"(?<!\w){re.escape(form.lower())}(?!\w)", form, cased)
    return re.sub(r"(?<![\w'’-])([^\W\d_]+)", lambda m: _proper_word(m.group(1)), cased)


def _proper_word(word: str) -> str:
    """A country's or region's name keeps its capital in a title set in a catalogue's case."""
    return word[:1].upper() + word[1:] if lex.fold(word) in _regions() else word


@cache
def _regions() -> frozenset[str]:
    countries = {name for _, name in geo.country_names() if " " not in name}
    return frozenset(geo.REGIONS_FR | countries)


def _proper_forms(description: str) -> list[str]:
    """Names as the description writes them outside capitals, longest first: each part of a
    line set off by punctuation, and each capitalised word that does not open its part."""
    forms = set()
    for part in re.split(r"\s*(?:[,;:/|()\[\]\n]|\s-\s|—|\.\s)\s*", description):
        words = part.split()
        if not words or part.isupper() or part.islower():
            continue
        forms.add(part)
        forms.update(w for w in words[1:] if w[:1].isupper() and not w.isupper() and len(w) > 1)
    return sorted(forms, key=len, reverse=True)


# The words that open a sentence naming someone's part in the book: "Traduit de l'anglais par",
# "Translated from the German by", "Édition établie par", "Illustrated by"
_ROLE_OPENING = (
    r"(?:Tradu|Transl|Trad\.|Trans\.|Illustr|Préfa|Prefa|Introd|Édit|Edit|Établi|Annot|Revu|Rev\.)"
)
_IMPRINT_AFTER = re.compile(
    r"(?:\.\.\.|…|(?<=\w\w)\.)\s+(?P<place>[A-ZÀ-ÝЀ-Я][^\W\d][^.:;,/]{1,40}?)\s?:\s+"
    r"(?P<publisher>[^:;/]{2,80}?),\s+\[?\d{4}\]?\.?$"
)
# ... a surname and one initial (not a regnal I, V, X), which no title's word and its letter
# is ("Vitamin C.", "Henry V.", "Plan B.", "Annexe A.")
_ONE_INITIAL = re.compile(
    r"(?!(?i:plan|annexe?|appendix|anhang|hepatitis|vitamin|type|group|groupe|gruppe|part|"
    r"partie|section|series|serie|class|classe|model|phase|stage|level|niveau)\b)"
    r"[^\W\d_][\w'’\-]{3,},?\s(?-i:[A-HJ-UWYZÀ-ÝЀ-Я])\."
)
# A heading of a surname and initials: "Иванов И. И.", "Leroy-Beaulieu, P."
_SURNAME, _INITIALS = r"(?-i:[A-ZÀ-ÝЀ-Я])[^\W\d_][\w'’\-]+", r"(?:(?-i:[A-ZÀ-ÝЀ-Я])\.\s?){1,3}"
_INITIALLED_HEADING = re.compile(rf"({_SURNAME}),?\s({_INITIALS})\s*(?=[^\W\d_])")
# ... and two to four of them, GOST's co-authors ("Андрущенко В. П., Михальченко М. І. Title")
_HEADED = re.compile(rf"({_SURNAME})\s({_INITIALS})")
_CO_HEADINGS = re.compile(
    rf"((?:{_HEADED.pattern})(?:,\s{_HEADED.pattern}){{1,3}})\s*(?=(?-i:[A-ZÀ-ÝЀ-Я]))"
)


def title_line(line: str, found: Reading) -> None:
    """Title, subtitle and responsibility of the line that holds the title, with names set off
    before or after it by a comma or a dash ("Giulia Ferraris, Le città di pietra")."""
    heading = re.match(r"(.+?\))\.?:\s+(?=\S)", line)  # a sale's "Eckardt, Julius (1836-1908): T"
    if heading and _dated_heading(heading.group(1)):
        found.add("names", heading.group(1))  # an access point, no transcription (200$f)
        line = line[heading.end() :]
    # GOST's and ISO 690's heading, the surname then initials, before the title the statement
    # after " / " names again, in full ("Иванов И. И. История России / Иван Иванов"), which the
    # access point takes
    # ... or, with no statement at all, the one access point the line gives when it has two
    # initials ("Иванов И. И. История ..."); one could be a title's ("Vitamin C. Its chemistry",
    # "Henry V. A play")
    if (co := _CO_HEADINGS.match(line)) and " / " not in line:
        for heading in _HEADED.finditer(co.group(1)):
            found.add("names", f"{heading.group(1)}, {heading.group(2).strip()}")
        line = line[co.end() :]
    gost = _INITIALLED_HEADING.match(line)
    if gost and lex.fold(gost.group(1)) in lex.fold(line.partition(" / ")[2]):
        line = line[gost.end() :]
    elif (
        gost
        and " / " not in line
        and line[gost.end() : gost.end() + 1].isupper()
        and (gost.group(2).count(".") > 1 or _ONE_INITIAL.fullmatch(gost.group(0).strip()))
    ):
        found.add("names", f"{gost.group(1)}, {gost.group(2).strip()}")
        line = line[gost.end() :]
    title, _, responsibility = line.partition(" / ")
    *whole, part = re.split(r"\.\s+(?=[A-Z])|,\s+(?=[A-Z]\w*\.?\s*[0-9IVXLC]+\b)", title)
    numbered = lex.PART.match(part)
    # "Les misérables. T. 1": the part is 200$h; "Traité ..., T. 1: Des revenus publics": the
    # words after it the title's other information
    if whole and numbered and (numbered.end() == len(part) or part[numbered.end()] == ":"):
        found.add("part", numbered.group(0))
        title = ". ".join(whole) + part[numbered.end() :]
    title = _imprint_cut(title, found)
    # a title page's imprint after the title's stop or its omission mark, with a town no list
    # knows ("Bescriffuelse ... Kiobenhaffn: Melchior Marzan, 1632")
    if (imprint := _IMPRINT_AFTER.search(title)) and "place" not in found.parts:
        found.add("place", imprint["place"])
        found.add("publisher", imprint["publisher"])
        title = title[: imprint.start()].rstrip(" .…")
    # "T ; 8 ; 1 ; Russie": the parts after the title proper are its volume's, not its words
    title, _, sections = title.partition(" ; ")
    title = title.rstrip(" .") if sections else title
    while (lead := re.match(r"^(.+?)(?:,\s+|\s+-\s+)(.+)$", title)) and is_name(lead.group(1)):
        found.add_standing_name(lead.group(1))
        title = lead.group(2)
    after: list[str] = []
    while (tail := re.match(r"^(.+)(?:,\s+|\s+-\s+)(.+?)$", title)) and is_name(tail.group(2)):
        after.insert(0, tail.group(2))
        title = tail.group(1)
    for name in after:
        found.add_standing_name(name)
    # ", edited by X", ", traduit par X": the role's words are the statement's
    # not "apprendre l'informatique par la pratique": an article and a word in small letters
    means = r"(?!(?:(?:la|le|les|un|une|des|the|a|an)\s+|l['’])[a-zà-ÿа-џ])"
    # a sentence of its own that a role's word opens ("... Traduit de l'anglais par A. Mazon"):
    # a later statement (200$g)
    cued = re.search(rf"(?:\.|…)\s+({_ROLE_OPENING}[^.]{{0,40}}?\s(?:par|by)\s+{means}.+?)"
                     r"(?:(?<=\w\w)(?:\.{1,3}|…)\s|$)", title)  # fmt: skip
    if cued:
        found.add("more", cued.group(1))
        title = title[: cued.start()].rstrip(" .…")
        names_by(cued.group(1), found)
    elif by := re.search(rf",\s+((?:[a-zà-ÿа-џ.]+\s+){{1,6}}(?:par|by)\s+{means}.+)$", title) or (
        re.search(rf",?\s+((?:par|by)\s+{means}.+)$", title)  # "par X" as transcribed
    ):
        responsibility, title = responsibility or by.group(1), title[: by.start()]
        names_by(by.group(0), found)
    # or as a sentence of its own ("Original Compositions for Organ. Hrsg. von Willi Apel")
    elif role := re.search(rf"(?:,|\.|\s:)\s+((?:{lex.ROLE_STATEMENT.pattern}).+)$", title, re.I):
        found.add("more", role.group(1))  # ", con una prefazione di P. Deschanel": 200$g
        title = title[: role.start()]
        names_by(role.group(1), found)
    # A comma before a word in small letters sets off other title information ("On patience,
    # an essay"), not before a list's next item ("La monnaie, le crédit et le change", "Lois,
    # décrets, ordonnances et règlements").
    listed = r"(?!(?:le|la|les|l['’]|et|ou|en|de|du|des|à|au|aux|and|or|in|of|the)\b)"
    listed += r"(?![^,]*(?:,\s|\s(?:et|and)\s))"
    parts = re.split(
        rf"\s*:\s+|\s+-\s+(?=[a-zà-ÿа-џ])|,\s+{listed}(?=[a-zà-ÿа-џ])", title, maxsplit=1
    )
    found.add("title", parts[0])
    other = parts[1] if len(parts) > 1 else sections
    if not lex.PART_NUMBER.match(other):  # "; 8 ; Russie": a part's number, no $e
        found.add("subtitle", other)
    found.add("responsibility", responsibility)
    names_by(responsibility, found)  # "/ par Paul Marcy ; trad. de ..."


def _dated_heading(text: str) -> bool:
    """A person's name with their life dates and nothing else ("Eckardt, Julius Albert Wilhelm
    von (1836-1908)"), as a bookseller's or a list's heading sets it before the title."""
    dated = dated_names(text, Reading())
    return len(dated) == 1 and re.sub(r"\s", "", dated[0]) == re.sub(r"\s", "", text.strip(" ."))


def _imprint_cut(title: str, found: Reading) -> str:
    """A title line that goes on, after commas, with its imprint and extent ("Les Misérables,
    Victor Hugo, Gallimard, 1995, 1232 pages"; "Victor Hugo, Les Misérables, Paris, Gallimard,
    1995"): those parts cut off (the imprint's reader finds them in the text), and the part
    before a date or a place that no person's name nor small letters open is its publisher."""
    parts = re.split(r",\s+", title)
    if len(parts) < 3 or not any(lex.PUBLICATION_DATE.fullmatch(p.strip(" .")) for p in parts):
        return title
    cut, imprint = len(parts), False
    while cut > 1:
        part = parts[cut - 1].strip(" .")
        if (
            lex.PUBLICATION_DATE.fullmatch(part)
            or lex.PAGES.search(part)
            or lex.UNITS.search(part)
            or lex.SIZE.search(part)
            or is_place(part)
        ):
            imprint = True
        elif imprint and part[:1].isupper() and len(part.split()) <= 5 and not is_name(part):
            if "publisher" not in found.parts:
                found.add("publisher", part)
            imprint = False
        else:
            break
        cut -= 1
    return ", ".join(parts[:cut])
