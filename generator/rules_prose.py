"""Prose in the rules-only reading (`generator.rules_baseline`): a description written as a
sentence ("Un roman de Claire Vasseur intitulé Les jardins..., paru aux Éditions du Vieux Pont à
Lyon en 2021"; "Les jardins... is a novel by Claire Vasseur published in 2021 by X (Lyon)").
Its title is set in quotes, as copiste's own prose renderings quote it, and its imprint read from
the words that announce a publisher.
"""

from __future__ import annotations

import re

from generator import rules_geography as geo
from generator import rules_lexicon as lex
from generator.rules_layout import body_words
from generator.rules_names import names_by
from generator.rules_places import is_place
from generator.rules_reading import Reading, abbreviated, is_name

# "intitulé T," / "titled T by": the title between its cue and the next clause.
# ... and a letter's or a thesis's "nel volume T —", "Na breve memória T,", "Il s'agit de T,"
# before a capital: the title up to the clause after it.
_CUED = re.compile(
    rf"\b((?:{lex.TITLE_WORDS})\s+|(?i:{lex.SENTENCE_CUES})\s+(?=[A-ZÀ-ÝЀ-Я]))(?![«\"])(.+?)"
    r"(?=,|\.\s|\s[—–(]|\s+(?:by|paru|parue|publiée?|published|chez)\s|$)",
    re.M,
)
_NAME = r"[A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s+[A-ZÀ-ÝЀ-Я][\w'’\-.]+){1,3}"
# "T is a novel by X" / "T est un roman de X" / "T by X, published...": the title opens the
# sentence, a person's name follows it.
_OPENING = re.compile(
    r"^(?![«\"])((?:(?! / ).)+?)(?=\s+(?:is an?|est une?)\s+\w+(?:\s+\w+)?\s+(?:by|de|d['’]|par)\s"
    rf"|,?\s+(?:(?:by|par|de)\s+|d['’]){_NAME},?\s+(?:published|issued|printed|publiée?|parue?|"
    r"éditée?)\b"
    # "L'étranger de Camus chez Gallimard": a surname alone before "chez"
    r"|\s+(?:de|by|par)\s+[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s+[A-ZÀ-ÝЀ-Я][\w'’\-]+){0,3},?\s+chez\s)",
    re.M,
)
# "Victor Hugo's novel Les Misérables was published by ...": the name, then the title.
_POSSESSIVE = re.compile(
    rf"^({_NAME})['’]s\s+(?:[a-z]+\s+){{0,2}}(?=[A-ZÀ-ÝЀ-Я])(.+?)"
    r"(?=\s+(?:was|is|has been)\s+(?:first\s+)?(?:published|issued|printed)\b)",
    re.M,
)
# "paru aux Éditions X à Lyon", "published in 2021 by X (Lyon)", "publié chez X, Paris"
_IMPRINT = re.compile(
    r"(?:\b(?:parue?s?|publiée?s?|éditée?s?|published|issued)\s+"
    r"(?:(?:à|in)\s+(?P<before>[A-ZÀ-ÝЀ-Я][\w\-]+(?:[ -][A-ZÀ-ÝЀ-Я][\w\-]+)*)\s+)?"
    r"(?:(?:in|en)\s+\d{4}\s+)?(?:aux|chez|par|by|à l['’]enseigne de)|\bchez)\s+([^(]+?)"
    r"(?:\s+\(([^)]+)\)|(?:\s+(?:à|in)\s+([A-ZÀ-ÝЀ-Я][\w\-]+(?:[ -][A-ZÀ-ÝЀ-Я][\w\-]+)*))?"
    r"(?=[,;]|\.(?=\s+\d|\s*$)|(?<=\w[a-zà-ÿа-џ]{4})\.\s+[A-ZÀ-ÝЀ-Я][a-zà-ÿа-џ]|\s+(?:en|in)\s+\d|$))",
    re.M,  # ... or the sentence's end, not an initial's or an abbreviation's ("A. Colin", "Impr.")
)


# The imprint a sentence states in the languages of the letters and theses that cite a book:
# "pubblicata a Parigi da Alcan nel 1911", "impressa em Nancy por Berger-Levrault em 1896",
# "sorti chez Maison Didot vers 1898", "published in London by Murray in 1859".
_MADE = (
    r"(?:publiée?s?|parue?s?|sortie?s?|éditée?s?|imprimée?s?|pubblicat[oaie]|stampat[oaie]|"
    r"edit[oaie]|publicad[oa]s?|impress[oa]s?|editad[oa]s?|published|printed|issued|"
    r"erschienen|gedruckt|verlegt|uitgegeven|gedrukt)"
)
_AT = r"(?:à|a|em|en|in|te|no|na)"
_BY = r"(?:par|da|dalla|dal|por|pela|pelo|by|bei|chez|door|aux)"
_WHEN = (
    r"(?:\s+(?:en|nel|em|in|vers|around|um|im\s+Jahr|c\.|ca\.)\s+|,\s*)(?P<year>(?:1[5-9]|20)\d\d)"
)
_PROSE_PLACE = r"(?P<place>[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:[ -][A-ZÀ-ÝЀ-Я][\w'’\-]+){0,2})"
_PROSE_PUBLISHER = r"(?P<publisher>[A-ZÀ-ÝЀ-Я][^,.;:()«»\"]{1,60}?)"
_SAID = (
    re.compile(rf"\b{_MADE}\s+{_AT}\s+{_PROSE_PLACE}\s+{_BY}\s+{_PROSE_PUBLISHER}{_WHEN}"),
    re.compile(rf"\b{_MADE}\s+{_BY}\s+{_PROSE_PUBLISHER}\s+{_AT}\s+{_PROSE_PLACE}{_WHEN}"),
    re.compile(rf"\b{_MADE}\s+{_BY}\s+{_PROSE_PUBLISHER}{_WHEN}"),  # no town said
    # the year first: "erschienen 1891 in Paris bei Perrin et Cie – ein handlicher Band"
    re.compile(
        rf"\b{_MADE}\s+(?:(?:en|nel|em|in|im\s+Jahr)\s+)?(?P<year>(?:1[5-9]|20)\d\d)\s+{_AT}\s+"
        rf"{_PROSE_PLACE}\s+{_BY}\s+{_PROSE_PUBLISHER}"
        r"(?=\s*[,.;:()–—]|\s+(?:and|und|et|e|y|en|in|im)\s+[a-zà-ÿа-џ]|$)"  # "bei Perrin und sehr"
    ),
)


def imprint_said(text: str, found: Reading) -> None:
    """Place, publisher and year as a long sentence says them (`_SAID`), a town it names a known
    one; read before the lines' readers, which take such a sentence's words for an imprint."""
    if len(text.split()) < 25:
        return
    for said in _SAID:
        for match in said.finditer(text):
            place = match.groupdict().get("place")
            if place is not None and not is_place(place):
                continue
            publisher = match["publisher"]
            if place is None and is_place(publisher):  # "publié chez Paris, 1838": a town
                place, publisher = publisher, ""
            if place:
                found.add("place", place)
            if publisher:
                found.add("publisher", abbreviated(publisher), clean=False)
            found.add("date", match["year"], clean=False)
            return


def read_prose(text: str, found: Reading) -> str:
    """The description with a prose title set in quotes and the imprint its words announce
    read, when the prose names the title by a cue or opens on it; otherwise unchanged (copiste's
    own prose quotes its titles and lists its imprint by commas: `publication_by_order`)."""
    if re.search(r"«|\"", text.split("\n", 1)[0]):
        return text
    # "Le livre : Germinal, d'Émile Zola, paru ...": what the sentence is about, then its title
    heading = re.match(r"(?i:(?:le|un|the|a)\s+(?:livre|book|ouvrage)\s*:\s*)(?=[A-ZÀ-ÝЀ-Я])", text)
    prefix = heading.group(0) if heading else ""
    return prefix + _titled(text[len(prefix) :], found)


def _titled(text: str, found: Reading) -> str:
    """`read_prose` past a heading."""
    if cued := _CUED.search(text):
        text = text[: cued.start(2)] + f"« {cued.group(2).strip()} »" + text[cued.end(2) :]
    elif (opening := _OPENING.match(text)) and not _place_before_chez(text[opening.end(1) :]):
        text = f"« {opening.group(1).strip()} »" + text[opening.end(1) :]
        if elided := re.match(rf"« [^»]*»,?\s+d['’]({_NAME})", text):  # "..., d'Émile Zola"
            found.add("names", elided.group(1))
    elif possessive := _POSSESSIVE.match(text):
        found.add("names", possessive.group(1))
        text = f"« {possessive.group(2).strip()} »" + text[possessive.end(2) :]
    else:
        return text
    _imprint_announced(text, found)
    return text


def _imprint_announced(text: str, found: Reading) -> None:
    """The publisher and town the words after a quoted title announce ("chez Henry Lemoine à
    Paris"), unless the sentence's words gave them already (`imprint_said`)."""
    if "publisher" in found.parts:
        return
    after = text.find("»") + 1  # not the title's own "chez"; not a statement's in brackets
    outside = (
        m
        for m in _IMPRINT.finditer(text, after)
        if text.count("(", after, m.start()) == text.count(")", after, m.start())
    )
    if imprint := next(outside, None):
        publisher = re.sub(r"^(?:la|le|les|l['’]|the)\s*(?=[A-ZÀ-ÝЀ-Я])", "", imprint.group(2))
        if is_place(publisher):  # "publié chez Paris, 1838": a town
            return
        found.add("publisher", abbreviated(publisher), clean=False)  # "par la Central Bank"
        place = imprint.group("before") or imprint.group(3) or imprint.group(4)
        place = re.split(r",\s*(?=\d)", place)[0] if place else None  # "(Paris, 1995)"
        if place and is_place(place):
            found.add("place", place)


def said_of_the_title(text: str, found: Reading) -> None:
    """What a sentence says around the title it quotes: who wrote it ("« T » de X", "Un roman de
    X intitulé"), the body that issued it ("« T » by Institut X"), the statement ("« T » de X
    (par M. X)") and the imprint its words announce ("« T », chez Henry Lemoine à Paris")."""
    names_by(text, found)
    bodies_by(text, found)
    statement_by(text, found)
    _imprint_announced(text, found)


def _place_before_chez(rest: str) -> bool:
    """'Atlas de France chez Hachette': the words before "chez" are the title's place, not
    its author."""
    named = re.match(r"\s+(?:de|by|par)\s+(.+?),?\s+chez\s", rest)
    place = named.group(1) if named else ""
    return bool(named) and (is_place(place) or lex.fold(place) in geo.state_names())


def bodies_by(text: str, found: Reading) -> None:
    """Bodies a sentence names after its quoted title ("« T » de Institut national de la
    statistique et des études économiques", "by Institut X (Hambourg)"), which the names
    after "de"/"by" (`rules_names.names_by`: persons, capitalised words) leave out."""
    by = re.search(
        r"« »\s+(?:de|by)\s+(.+?(?:\s\([^)]+\))?)(?=\s*\(|,\s|\.\s|\s+chez\s|$)", text, re.M
    )
    if not by:
        return
    # A name after "et" opens on a capital ("de Marcel Ruedel et France coloniale"), a body's
    # own "et" does not ("... de la statistique et des études économiques").
    for name in re.split(r"\s+(?:et|and)\s+(?=[A-ZÀ-ÝЀ-Я])", by.group(1)):
        qualified = re.fullmatch(r"(.+?)\s\(([^)]+)\)", name)  # "Institut X (Hambourg)"
        if qualified and not is_place(qualified.group(2)):
            name = qualified.group(1)
        if not is_name(name) and name[:1].isupper() and body_words(name):
            found.add("names", name)
            found.add("bodies", name)


# "« T » de Fournier, August (August Fournier), publié chez": the statement of responsibility as
# the title page gives it, in parentheses after the names (a name's dates are too: "((1828-1911))")
_STATEMENT = re.compile(r"« »\s+(?:de|by)\s.*?\(((?:[^()]|\([^()]*\))+)\)(?=,\s|\.\s|\.?$)", re.M)


def statement_by(text: str, found: Reading) -> None:
    """200$f from the parentheses after a sentence's names, when they hold neither dates nor
    a place ("by Institut X (Hambourg)")."""
    sentence = re.split(r",\s+\S+\s+(?:chez|by)\s|\.\s+(?=\d|[A-Z][a-z]+\s\w)", text)[0]
    stated = _STATEMENT.search(sentence)  # not the extent's "(33 p.)" of a later sentence
    if not stated or "responsibility" in found.parts:
        return
    statement = stated.group(1).strip()
    head = statement.split(",")[0]
    numbers = re.fullmatch(r"[\d\s.?\-()]+", statement) or lex.YEAR.fullmatch(head)
    if numbers or is_place(head) or lex.PAGES.search(statement) or lex.UNITS.search(statement):
        return
    found.add("responsibility", statement)
