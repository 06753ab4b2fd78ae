"""Citations in the rules-only reading: a reference on one line as a bibliography, a reading list
or a library's "cite this" button writes it (APA, Harvard, MLA, Chicago's bibliography and
notes, Vancouver, a title without an author), cut into the parts the labelled reader knows
(`generator.rules_exports` writes them as "Title : ...", "Authors : ..." lines).

Why one pattern per style: a style fixes the order of the parts and the stops between them, so
a whole line matched by one of them says which words are the title and which the publisher,
where a reading of loose punctuation guesses.
"""

from __future__ import annotations

import re

from generator import rules_lexicon as lex
from generator.rules_citations_continental import (
    GERMAN,
    GERMAN_COMMAS,
    NEXT_AUTHOR,
    ROMANCE_COMMAS,
    YEAR_COLON,
    romance,
)
from generator.rules_places import is_place
from generator.rules_reading import is_name, surname_cased

# A citation's parts as (label, value) pairs, its names, and the kind of document it names.
Cited = tuple[list[tuple[str, str]], list[str], "str | None"]

# A serial's span still open, as a reference list says it: "(1997–heden)", "(2003-present)".
_NOW_WORDS = r"heden|present|presente|heute|aujourd'hui|oggi|nu|idag|nyt|dzisiaj"
_NOW = rf"(?:\s?(?:{_NOW_WORDS}))?"
# APA and Harvard: "Marcy, P., & Morel, J. (1861). Title: subtitle (2e éd.). Place: Publisher."
# Harvard sets no full stop after the year, may name a translator after the title and closes on
# the series in brackets ("Roma; Bari: Laterza (Anticorpi, 43).").
_APA = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я](?:[^()]|\([A-ZÀ-ÝЀ-Я]+\)){1,200}?)\.?\s"
    r"\((?P<date>\d{4}(?:[-–]" + _NOW + r")?)[a-z]?\)\.?\s+"
    r"(?P<title>.+?)"  # a body's acronym in its name: "Centre X (CMIESI). (2012)."
    r"(?:\s\((?P<edition>[^()]*(?:[ée]d\.|ed\.|edition|édition)[^()]*)\))?"
    r"(?:\s\((?P<others>[^()]+),\s(?P<others_role>Trans|Eds?)\.\))?"  # "(W. Weaver, Trans.)"
    r"(?:\.\s+(?:(?P<credit>Translated|Edited|Introduced|Illustrated|Traduit|Trad\.)\s(?:by|par)\s"
    r"(?P<credited>(?:[A-ZÀ-ÝЀ-Я]\.\s?)*[^.]+)\.\s+)?"
    r"(?:(?P<edition2>[^.()]*\b(?:[ée]dn?|edition|édition)\.?)\s+)?"
    r"(?:(?P<place>[^.:]{2,40}):\s)?(?P<publisher>[^.:][^:]{1,80}?)"
    r"(?:\s\((?P<series>[^()]+)\))?(?:\.\s(?P<pages>[\dIVXLC][\dIVXLC\-, ]*\s?(?:p|pp|S|s|o)))?)?"
    r"\.?$"  # APA 7 names no publisher when the author is one: "Body. (1999–). Title [Format]."
)
# Harvard as some handbooks set it, the imprint in brackets and a note after: "Pigeonneau, H.
# (1891), Les régions agricoles de la France (Paris: Veuve Rozier) [lecture given on ...]."
_HARVARD_BRACKETS = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][^()]{1,200}?)\s\((?P<date>\d{4})[a-z]?\),\s+(?P<title>[^()]{3,250}?)"
    r"\s\((?P<place>[^:()]{2,40}):\s(?P<publisher>[^()]{2,80})\)(?:\s\[(?P<note>[^\[\]]{2,300})\])?\.?$"
)
# ACS: "Stourm, R. Le budget, 4th ed.; Guillaumin et Cie: Paris, 1900." (publisher before place).
_ACS = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?,\s(?:[A-ZÀ-ÝЀ-Я]\.\s?(?:-[A-ZÀ-ÝЀ-Я]\.)?){1,3}"
    r"(?:;\s[A-ZÀ-ÝЀ-Я][\w'’\-]+,\s(?:[A-ZÀ-ÝЀ-Я]\.\s?){1,3})*)\s(?P<title>[^;]+?)"
    r"(?:,\s(?P<edition>[^,;]*\b(?:[ée]dn?|edition|édition)\.?[^;]*))?;\s"
    r"(?P<publisher>[^:;]{2,80}):\s(?P<place>[^,;]{2,40}),\s(?P<date>\d{4})\.?$"
)
# MLA and Chicago: "Hugo, Victor. Title. [Place: ]Publisher, 1995."
# French writes "et" ("Say, Léon et André Liesse"); an edition may come before the imprint.
# MLA 9 lists what follows the title with commas ("Translated by X, 14th ed., Publisher, 2016.")
# and may close on the series ("... 2016. Campi del sapere.").
_MLA = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s(?:(?:de|du|des|la|le|van|von|der|da|di)\s)*"
    r"[A-ZÀ-ÝЀ-Я][\w'’\-]+){0,3},\s[A-ZÀ-ÝЀ-Я][\w'’\-. ]*?"  # "La Barre de Nanteuil, Amaury de"
    r"(?:,\s(?!and\s|et\s)[A-ZÀ-ÝЀ-Я][\w'’\-. ]+?){0,4}"  # Chicago: "X, A, B Y, and C Z, eds."
    r"(?:,?\s(?:and|et)\s[A-ZÀ-ÝЀ-Я][\w'’\-. ]+?){0,3})(?:,\s(?P<role>eds?|editors?))?"
    # ISBD's ". — " after the heading; not inside its initials ("Hugo, V. M. Les misérables")
    r"\.\s+(?:[—–]\s)?(?![A-ZÀ-ÝЀ-Я]\.\s)(?P<title>.+?)\.\s+"
    r"(?:(?P<credit>Translated|Edited|Updated|Introduced|Illustrated|Revised|Trans\.|Ed\.)"
    r"\s(?:by\s)?(?P<credited>[^,.]+(?:\.\s?[A-ZÀ-ÝЀ-Я][^,.]+)?)[,.]\s+)?"
    r"(?:(?P<edition>[^.,]*(?:[ée]d|edition|édition|Aufl)\.?[^.,]*?)[.,]\s+)?"
    r"(?:(?P<place>[^.:]{2,40}):\s)?(?P<publisher>[^,:]{2,80}),\s\[?(?P<date>\d{4})\??\]?\.?"
    # an offprint's note, or the series: no extent ("X-266 p.") and no medium ("Print.")
    r"(?:\s+[—–]\s+(?P<pages>(?:[IVXLC]+,\s)?\d+\s(?:p|pages|s|str|с|стр))\.?$"  # ". — 650 p."
    r"|(?:\s+(?:(?P<note>(?:Extract|Extrait|Offprint|Reprinted|Tiré à part)\b[^.]{2,120})"
    # (ISO 690's "16 s.", the Czech and Polish pages, is read as such by the heading's reader)
    r"|(?!(?:[IVXLC]+,\s)?\S*\d\S*\s+(?:p(?:ages)?|s|str|stron|blz|old|sider|sidor|с|стр)\.?$"
    r"|(?:Print|Web|Imprimé)\.?$)"
    r"(?P<series>[^.]{2,80}))\.?)?$)"
)
# Vancouver: "Lee PH, editor. Title [thesis]. 3rd ed. Place: Publisher; 1993. 38 p."
_VANCOUVER = re.compile(
    r"^(?:(?P<names>[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?\s[A-Z]{1,3}"
    r"(?:,\s[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?\s[A-Z]{1,3}){0,5})|(?P<body>[A-ZÀ-ÝЀ-Я][^.;:]{3,150}))"
    r"(?:,\s(?P<role>editors?|eds?\.?))?\.\s+(?P<title>.+?)(?:\s\[(?P<kind>[^\[\]]+)\])?\.\s+"
    r"(?:(?P<edition>[^.]*\bed)\.\s+)?(?:(?P<place>[^.:;]{2,40}):\s)?"
    r"(?P<publisher>[^;]{2,80});\s(?P<date>\d{4}(?:\s?-)?)\s?\.?(?:\s(?P<pages>[\dIVXLCivxlc\-]+\s?p)\.?)?"
    r"(?:\s+(?P<kind_of_number>ISSN|ISBN):?\s?(?P<number>[\dXx\-]+)\.?)?$"
)
_APA_NAMES = re.compile(r"(?<=\.),\s*(?:&\s*)?(?=[A-ZÀ-ÝЀ-Я])|\s*&\s*")
# Chicago's notes and an English bibliography's entry: "Victor Hugo, Les Misérables (Paris:
# Lacroix, 1862), 45." and "Title (Place: Publisher, 1632), 185 pp." (the imprint in brackets);
# a Scandinavian journal's sources: "Juglar, Clément, Title (Paris, 1897), 11 s." (no publisher).
_NOTE = re.compile(
    r"^(?:(?P<names>[A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+){1,3}"
    r"|[A-ZÀ-ÝЀ-Я][\w'’\-]+,\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+)?)(?:\set\sal\.)?,\s)?"
    r"(?P<title>[^()]{3,200}?)\s\((?P<place>[^:()]{2,40}?)(?::\s(?P<publisher>[^,()]{2,80}))?,?\s"
    r"(?P<date>\d{4}(?:\s?[-–]\s?)?)\)(?:,\s(?P<pages>[\dIVXLCivxlc\-]+)\s?(?:pp?\.|pages|s\.|S\.))?"
    r"\.?$"
)
# CSE's name-year system: "Stourm R. 1902. Les finances du Consulat. Paris (France): Guillaumin.
# 363 p." (Vancouver's names, the country after the town in brackets).
_CSE = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?\s[A-Z]{1,3}"
    r"(?:,\s[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?\s[A-Z]{1,3}){0,5})\.\s(?P<date>\d{4})[a-z]?\.\s"
    r"(?P<title>.+?)\.\s(?:(?P<edition>[^.]*\bed)\.\s)?(?P<place>[^.:()]{2,40}?)(?:\s\([^()]{2,30}\))?:\s"
    r"(?P<publisher>[^.]{2,80})\.(?:\s(?P<pages>[\dIVXLCivxlc\-]+\s?p)\.)?$"
)
# China's GB/T 7714: "LEVASSEUR E. Title: subtitle[M]. Budapest: Publisher, 1902." (the kind of
# document in brackets after the title: [M] a book, [D] a thesis, [J] an article).
_GBT = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?\s[A-Z](?:\s?[A-Z]){0,2}"
    r"(?:,\s[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-]+)?\s[A-Z](?:\s?[A-Z]){0,2}){0,5})\.\s"
    r"(?P<title>.+?)\[(?P<code>[A-Z]{1,2})(?:/OL)?\]\.\s(?:(?P<edition>\d+[^.]*ed)\.\s)?"
    r"(?P<place>[^.:]{2,40}):\s(?P<publisher>.+?),\s(?P<date>\d{4})(?::\s?(?P<pages>[\d\-]+\s?p))?\.?$"
)
# OSCOLA's book: "Louis Renault, La guerre et le droit international (Editions X 1914)", an
# edition first when there is one ("(2nd edn, OUP 2010)").
_OSCOLA = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+){1,3}),\s"
    r"(?P<title>(?:(?!\b(?:1[5-9]|20)\d\d\b)[^()]){3,200}?)\s"  # no year before the brackets
    r"\((?:(?P<edition>[^,()]*\bedn),\s)?(?P<publisher>[^()]{2,120}?)\s(?P<date>\d{4})\)\.?$"
)
# A title without an author, as a serial or an anonymous work is cited: "Applied Economics.
# Chapman and Hall, 1969-." and "African Identities (2003– ). Abingdon: Routledge. ISSN ...".
_TITLE_FIRST = re.compile(
    r"^(?P<title>[^.()]{3,150}?)(?:\s\((?P<span>\d{4}\s?[-–]\s?(?:\d{4})?\s?)\)"
    r"|\.\s(?P<span2>\d{4}\s?[-–]\s?(?:\d{4})?))?\.\s+"
    r"(?:(?P<place>[^.:;,]{2,40}):\s)?(?P<publisher>[^,.:;]{2,80}?)"
    r"(?:,\s(?P<date>\d{4}-?(?:\d{4})?))?\.?"
    r"(?:\s+(?P<kind_of_number>ISSN|ISBN)[ :]\s?(?P<number>[\dXx\-]+)\.?)?$"
)

# Chicago's author-date system: "Levasseur, Emile. 1887. Title. Place: Publisher."
_AUTHOR_DATE = re.compile(  # a surname's particles: "Geyr von Schweppenburg, M. Freiherr"
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s(?:(?:von|van|de|der|zu)\s)?[A-ZÀ-ÝЀ-Я][\w'’\-]+)?,\s"
    r"[A-ZÀ-ÝЀ-Я][\w'’\-. ]*?"
    # the others direct or inverted ("... and Goessler, P.")
    r"(?:,?\s(?:and|et)\s[A-ZÀ-ÝЀ-Я][\w'’\-. ]+?(?:,\s[A-ZÀ-ÝЀ-Я][\w'’\-. ]*?)?){0,3})"
    r"(?:,\s(?P<role>eds?|editors?))?\.\s"
    r"(?P<date>\d{4})[a-z]?\.\s+(?P<title>.+?)\.\s+"
    r"(?:(?P<edition>[^.]*(?:[ée]d\.|ed\.|edition|édition|Aufl\.)[^.]*)\.\s+)?"
    r"(?:(?P<place>[^.:]{2,40}):\s)?(?P<publisher>[^.:][^:(]{1,80}?)\.?"
    # in brackets after it: a physical description ("(4to; 75 pp., figs.)"), an edition, a series
    r"(?:\s\((?P<aside>[^()]*)\)\.?)?$"
)
# A series' name in those brackets: capitalised words, perhaps its number; no remark ("(In
# Russian)", "(Diss.)", "(orig. pub. 1867)", "(2 vols.)", "(illus.)")
_SERIES_ASIDE = re.compile(
    r"(?!(?:In|Orig|Repr|Reimpr|Diss|Illus|Trans|First|Vol|Pp|Tr)\b)[A-ZÀ-Ý][^\d()]{2,80}?"
    r"(?:[;,]?\s\d{1,4})?"
)
_DATE_SENTENCE = re.compile(r"\.\s\d{4}[a-z]?\.\s")  # "Levasseur, Emile. 1887. Title"
# ... and a body's, a serial's years open: "American Agricultural Economics Association. 1968–.
# American Journal of Agricultural Economics. Menasha, Wis.: The Association."
_BODY_DATE = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][^.:;()]{2,100}?)\.\s(?P<date>\d{4})(?P<open>\s?[-–])?\.\s+"
    r"(?P<title>.+?)\.\s+(?:(?P<place>[^.:]{2,40}(?:,\s[A-Z][a-z]+\.)?):\s)?"
    r"(?P<publisher>[^.:][^:]{1,80}?)\.?$"
)
# ... and with no date after the body, Chicago's and MLA's way: "United Nations Development
# Programme. Arab human development report. New York, NY: UNDP, 2002– . ISSN 1992-7622."
_BODY_TITLE = re.compile(
    r"^(?P<names>[A-ZÀ-ÝЀ-Я][^.:;()]{2,100}?)\.\s(?P<title>[^.]{3,200}?)\.\s"
    r"(?P<place>[^.:]{2,40}?(?:,\s(?:[A-Z]{2}|[A-Z][a-z]+\.))?):\s(?P<publisher>[^:]{2,80}?),\s"
    r"(?P<date>\d{4})(?P<open>\s?[-–])?\s?\.?"
    r"(?:\s+(?P<kind_of_number>ISSN|ISBN):?\s?(?P<number>[\dXx\-]+)\.?)?$"
)


def citation(line: str) -> Cited | None:
    """The parts of `line` when a citation style reads it whole; else None."""
    patterns = (_APA, _HARVARD_BRACKETS, _MLA, _AUTHOR_DATE, _BODY_DATE, _BODY_TITLE,
                _VANCOUVER, _CSE, _GBT, _ACS, _NOTE, _OSCOLA, GERMAN, GERMAN_COMMAS,
                ROMANCE_COMMAS, YEAR_COLON, _TITLE_FIRST)  # fmt: skip
    for pattern in patterns:
        if pattern is _AUTHOR_DATE and not _DATE_SENTENCE.search(line):
            continue  # its names' pattern is slow to fail on a long line of initials and "and"
        if not (cited := pattern.match(line)):
            continue
        if pattern is _TITLE_FIRST and not _untitled(cited):
            continue
        if (
            pattern is _VANCOUVER
            and cited.group("body")
            and not lex.CORPORATE.search(cited.group("body"))
        ):
            continue
        if pattern in (_BODY_DATE, _BODY_TITLE) and not lex.CORPORATE.search(cited.group("names")):
            continue
        if pattern in (GERMAN, GERMAN_COMMAS) and not _named(cited.group("names")):
            continue
        if pattern is _NOTE and not cited.group("publisher") and not _town_alone(cited):
            continue  # "(Paris, Impr. royale 1827)", "(Folio ; 1000)", "by X (Tours, 1861)"
        if pattern is _NOTE and cited.group("names") and not _heading_of_a_note(cited["names"]):
            continue  # a title's towns ("Rome, Florence, Naples, impressions de voyage (...)")
        if pattern is _APA and not cited.group("publisher") and not _title_alone(cited["title"]):
            continue  # a title run on over an imprint: "Title, Paris, Veuve Rozier, 45 p."
        if pattern is ROMANCE_COMMAS and NEXT_AUTHOR.match(cited.group("title")):
            continue  # "Murray R., Hill P., McGuffin P. (eds.) — Title": authors, no title
        if pattern is ROMANCE_COMMAS and is_place(cited.group("title")):
            continue  # "OCDE, Perspectives, Paris, OCDE, 1990.": a body and its title
        if pattern in (_MLA, GERMAN, ROMANCE_COMMAS) and _imprint_inside(cited.group("title")):
            continue  # "Title. Paris, F. Alcan, 1913.": the town and the initial are no title's
        return _parts(cited)
    return None


def _heading_of_a_note(names: str) -> bool:
    """A note's author: "Victor Hugo", or inverted as a person ("Juglar, Clément"), no town."""
    surname, comma, forename = names.partition(", ")
    if not comma:
        return True
    return is_name(f"{forename} {surname}") and not is_place(surname) and not is_place(forename)


def _title_alone(title: str) -> bool:
    """An APA title with no publisher after it (APA 7 names none when the author is it): no
    extent and no town after a comma or a colon in it ("Les Misérables, Paris : Lacroix")."""
    parts = re.split(r"\s?[,:]\s", title)[1:]
    return not (lex.PAGES.search(title) or lex.UNITS.search(title)) and not any(
        is_place(part.strip()) for part in parts
    )


def _town_alone(cited: re.Match[str]) -> bool:
    """A note's imprint that gives the town alone ("Juglar, Clément, Title (Paris, 1897)"): a
    known town, no comma in it, and an author heading before the title."""
    place = cited.group("place")
    return bool(cited.group("names")) and "," not in place and is_place(place)


def _imprint_inside(title: str) -> bool:
    """A title that ran on over the imprint: a sentence in it opens on a town and its comma or
    colon ("Title. Paris, F. Alcan, 1913", "Title. Paris: F. Alcan 1912")."""
    return any(
        is_place(town)
        for town in re.findall(r"\.\s([A-ZÀ-ÝЀ-Я][^.,:]{1,30})(?:\s?[,:]\s|$)", title)
    )


def _named(names: str) -> bool:
    """A German reference's heading before its colon: a person inverted ("Poinsard, Léon") or
    a body ("Deutsche Bundesbank"), not a title's first words ("Les misérables: roman")."""
    people = re.split(r"\s[/;]\s", names)  # "Geyr von Schweppenburg, Max Frhr. / Goessler, Peter"
    return all(lex.INVERTED.match(p) for p in people) or bool(lex.CORPORATE.search(names))


def _untitled(cited: re.Match[str]) -> bool:
    """A title-first reading needs a date, or a place and publisher, and a title that is no
    person's name ("Hugo, Victor. Les Misérables ...": MLA's, read before)."""
    dated = cited.group("date") or cited.group("span") or cited.group("span2")
    return bool(dated and (cited.group("place") or cited.group("date"))) and "," not in cited.group(
        "title"
    )


# The credit a citation gives after its title, as the label of a person's role; an update's
# reviser has none (205$f, which the labelled reader does not write).
_CREDIT_LABELS = {"translated": "Translator", "traduit": "Translator", "trad.": "Translator",
                  "trans.": "Translator", "edited": "Editor", "ed.": "Editor",
                  "introduced": "Foreword", "illustrated": "Illustrator"}  # fmt: skip


def _parts(cited: re.Match[str]) -> Cited:
    """A citation's parts; APA lists "Surname, I., & Surname, I.", MLA "Surname, Forename, and
    Forename Surname", Vancouver "Surname AB, Surname C"."""
    # ISBD's ". — " before an area no pattern sets apart ("Title. — Quimperlé : X, 1990.")
    groups = {k: v.lstrip("—– ") if k in ("place", "publisher", "edition") else v
              for k, v in cited.groupdict().items() if v}  # fmt: skip
    if span := groups.get("span") or groups.get("span2"):  # a serial's years: "2003– "
        groups["date"] = re.sub(r"\s", "", span)
    if cited.re is ROMANCE_COMMAS:
        groups = romance(groups)
    if "open" in groups:  # "1996 ff.": still going
        groups["date"] += "-"
    groups["date"] = re.sub(rf"\s|{_NOW_WORDS}", "", groups["date"]).replace("–", "-")
    if "names" not in groups and "body" not in groups:
        names = []
    elif cited.re in (_NOTE, _OSCOLA):  # "Victor Hugo": the labelled reader turns it about
        names = [groups["names"]]
    elif cited.re is _VANCOUVER and "body" in groups:
        names = [groups["body"]]
    elif cited.re in (_VANCOUVER, _CSE, _GBT):
        names = [_initials(n) for n in groups["names"].split(", ")]
    elif cited.re in (GERMAN, GERMAN_COMMAS, _BODY_DATE, _BODY_TITLE, _ACS):
        names = [n.strip() for n in re.split(r"\s*[;/]\s*", groups["names"])]
    elif cited.re is YEAR_COLON:  # "Geyr von Schweppenburg, M. – Goessler, P."
        names = [n.strip() for n in re.split(r"\s*[;/–—&]\s+", groups["names"])]
    else:
        names = _listed(groups["names"], cited.re in (_APA, _HARVARD_BRACKETS))
    if "role" in groups and "body" not in groups:  # "eds.", "editor": each an editor
        names = [n + " (editor)" for n in names]
    if cited.re is _MLA and re.fullmatch(r"[\dIVXLC][\dIVXLC\-, ]*\s?pp", groups.get("series", "")):
        groups["pages"] = groups.pop("series")  # "Troyes, 1880. 63 pp.": the pages, no series
    if cited.re is _MLA and "publisher" in groups:  # two publishers ("Sirey / L. Tenin")
        groups["publisher"] = groups["publisher"].replace(" / ", " ; ")
    form = re.search(r"\s\[[^\[\]]+\]$", groups["title"])
    if cited.re is _APA and form and not lex.GMD.search(form[0]):  # "[Online annual report]",
        groups["title"] = groups["title"][: form.start()]  # not a designation ("[Texte imprimé]")
    sentences = re.match(r"(.+?\w{4})\.\s(?=[A-ZÀ-ÝЀ-Я])(.+)$", groups["title"])
    # the subtitle as a sentence, or a statement ("Ed. by Willi Apel", "Hrsg. von X")
    stated = sentences and lex.ROLE_STATEMENT.match(sentences[2])
    if cited.re in (GERMAN, ROMANCE_COMMAS) and sentences:
        groups["title"] = f"{sentences[1]} {'/' if stated else ':'} {sentences[2]}"
    edition = groups.get("edition") or groups.get("edition2")
    closing = lex.EDITION.search(groups["title"])  # "Title. 4e éd., revue et augm."
    if not edition and closing and closing.end() == len(groups["title"]):
        title = groups["title"][: closing.start()].rstrip()
        if title.endswith("."):
            groups["title"], edition = title.rstrip(" ."), closing.group(1)
    aside = groups.get("aside", "")
    if not edition and lex.EDITION.search(aside):  # "(2nd ed.)"
        edition = aside
    elif _SERIES_ASIDE.fullmatch(aside):
        groups["series"] = aside  # "(Penguin Classics)"; not "(4to; 75 pp.)", "(orig. pub. 1867)"
    pages = groups.get("pages")
    parts = [(label, value) for label, value in (
        ("Title", groups["title"]), ("Edition", edition), ("Place", groups.get("place")),
        ("Publisher", groups.get("publisher")), ("Date", groups["date"]),
        ("Series", groups.get("series")),
        ("Pages", pages and re.sub(r"\s?(pp|[pSso]|с|стр)$", r" \1.", pages)),
        ("Note", groups.get("note")),
        (groups.get("kind_of_number"), groups.get("number")),
    ) if value]  # fmt: skip
    # A citation writes the subtitle after "Title: " as English punctuation does; ISBD's " : ".
    parts = [(k, re.sub(r"(?<! ):\s", " : ", v, count=1) if k == "Title" else v) for k, v in parts]
    if "others" in groups:  # APA's translator, editors
        role = "Translator" if groups["others_role"] == "Trans" else "Editor"
        parts += [(role, "; ".join(_APA_NAMES.split(groups["others"])))]
    if (label := _CREDIT_LABELS.get(groups.get("credit", "").casefold())) and "credited" in groups:
        parts += [(label, groups["credited"])]
    return parts, names, groups.get("kind")


def _listed(names: str, apa: bool) -> list[str]:
    """APA's "Surname, I., & Surname, I."; MLA's and Chicago's first name inverted, the others
    direct after commas or "and" ("Murray, Robin, Peter Hill, and Peter McGuffin")."""
    if apa:
        return [n.strip() for n in _APA_NAMES.split(names) if n.strip()]
    people = re.split(r",?\s(?:and|et|&)\s", names)
    if len(people) > 1 and all(", " in p for p in people):  # "X, M. and Goessler, P."
        return [p.strip() for p in people]
    parts = [n.strip() for n in re.split(r",?\s(?:and|et)\s|,\s", names) if n.strip()]
    return [", ".join(parts[:2]), *parts[2:]] if len(parts) > 1 else parts


def _initials(name: str) -> str:
    """Vancouver's "Lee PH" as a heading: "Lee, P. H."; GB/T 7714's "LEVASSEUR E": "Levasseur,
    E."."""
    spaced = re.fullmatch(r"(.+?)((?:\s[A-Z])+)", name)  # "LEVASSEUR E R": initials spaced
    surname, initials = (spaced[1], spaced[2].replace(" ", "")) if spaced else name.rsplit(" ", 1)
    surname = surname_cased(surname)
    return f"{surname}, {' '.join(c + '.' for c in initials)}"
