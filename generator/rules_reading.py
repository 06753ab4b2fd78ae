"""What the rules-only reading (`generator.rules_baseline`) keeps as it goes: the parts found in
a description (`Reading`), and how a value is cleaned, a date taken and a person's name told
from a title, shared by the modules that read names and imprints.
"""

from __future__ import annotations

import re

from generator import rules_lexicon as lex


def tidy(text: str) -> str:
    """A value with its spaces made single and the punctuation around it dropped, but for a
    quotation's mark at an edge when its pair is inside: the closing « » ('Extrait de la « Revue
    X »'), a straight quote at either end ('"Extrait du catalogue" : p. 169')."""
    spaced = re.sub(r"\s+", " ", text).strip()
    value = spaced.strip(' \t,;:.-—/«»"')
    if value and value.count("«") > value.count("»") and "»" in spaced[spaced.rfind(value[-1]) :]:
        value += " »"
    if value.count('"') % 2 and spaced.lstrip(" .,;:").startswith('"'):
        value = '"' + value  # '"Extrait du catalogue du Musée" : p. 169-185'
    elif value.count('"') % 2 and spaced.rstrip(" .,;:").endswith('"'):
        value += '"'
    return value


def abbreviated(text: str) -> str:
    """`tidy`'s value with the full stop of an abbreviation it ends on kept, as imprints
    transcribe it ("Malden, Mass.", "Harbour Publ.", "s.n.")."""
    value = tidy(text)
    kept = text.rstrip().endswith(".") and re.search(r"(?:^|[\s.])[^\W\d]{1,4}$", value)
    return value + "." if kept else value


def date_of(text: str) -> str | None:
    """210$d as the text gives it (`lex.PUBLICATION_DATE`), a bracket left unpaired dropped;
    a person's life in parentheses is no date of publication ("Levasseur, Emile (1828-1911)")."""
    text = re.sub(r"\(\(?\d{4}-(?:\d{4}|\.{4})?\)?\)", "", text)
    match = lex.PUBLICATION_DATE.search(text)
    if not match:
        return None
    supplied = lex.NO_DATE.fullmatch(match.group(1)) and lex.PUBLICATION_DATE.search(
        text, match.end()
    )
    match = supplied or match  # "s.d. [1874]": the year a bookseller supplies
    date = match.group(1)
    if date.count("[") != date.count("]"):
        date = date.replace("[", "").replace("]", "")
    year = re.escape(date)
    # no closing year after it: "od 1993 do 2000", "desde 1974 hasta 1980", "1992 → 1995" (a
    # count is no year: "depuis 1949 à 4 numéros par an" is still going)
    closing = r"\s*\[?\d{4}(?!\d)"
    still = rf"(?!\s*(?:[-–—→]|to|till|until|bis|do|tot|à|au|al|a|hasta|jusqu['’]\w+){closing})"
    since = (
        rf"(?:\b(?:depuis|dès|since|seit|dal|desde|a partir de|à partir de|vanaf|sinds|sedert|"
        # not a Swedish firm's "AB 1965", a reprint's "from 1890 ed."
        rf"från)|(?-i:\b[Aa]b|\b[Oo]d)|\bfrom(?=\s+{year}(?!\s+ed)))\s+{year}(?![\d\-–/]){still}"
        # a run left open after the year: "1992 →", "1966 ff.", "1997 onwards" (not "2015 -"
        # at a line's end: an ISBN read out of "2015 - ISBN ..." leaves that too)
        rf"|{year}(?:\s*→(?!{closing})|\s+ff\.|\s+onwards?\b)"
    )
    if not date.endswith("-") and re.search(since, text, re.I):
        date += "-"  # "paraît depuis 1949", "running since c2005": a serial still going
    return date


def is_name(text: str) -> bool:
    """A personal name in direct or inverted order, not a capitalised title ("Les Misérables")."""
    if inverted := lex.INVERTED.match(text):
        # not "Washington, D.C. 1936-": digits in the name's words, not in its dates; not
        # "Pierre Bourdieu, La Distinction": a forename opens on no article
        opening = inverted.group(2).split()
        titled = len(opening) > 1 and lex.fold(opening[0]) in lex.ARTICLES
        # a forename's words are capitalised but for its particles: not "Delebecque, Rapport
        # sur le tracé", a surname alone before its title
        worded = any(w[:1].islower() and not lex.PARTICLE.match(w) for w in opening)
        titled = titled or worded or len(opening) > 4
        return not titled and not re.search(r"\d", inverted.group(1) + inverted.group(2))
    text = lex.DATES_AFTER.sub("", lex.BORN.sub("", text))  # "Émile Zola (1840-1902)", Gallica
    if re.fullmatch(r"[A-ZÀ-ÝЀ-Я][A-ZÀ-ÝЀ-Я'’\-]{2,}(?: [A-ZÀ-ÝЀ-Я]\.?){1,3}", text):
        return True  # the French norm's "CHEYSSON É.": a surname in capitals and initials
    words = text.split()
    if not lex.NAME.match(text) or text.isupper() or lex.fold(words[0]) in lex.NOT_NAMES:
        return False
    return not lex.PUBLISHER_WORDS.search(text) and not lex.SERIAL_WORDS.search(text)


def surname_cased(surname: str) -> str:
    """A surname a bibliography or a title page prints in capitals as a heading writes it
    ("HUGO" -> "Hugo", "LEROY-BEAULIEU" -> "Leroy-Beaulieu"); any other as it is."""
    return surname.title() if surname.isupper() else surname


def is_person(text: str) -> bool:
    """A personal name, or a person known by one name with the dates that tell it from a word
    ("Stendhal (1783-1842)")."""
    return is_name(text) or lex.SINGLE_NAME.match(text) is not None


TRANSCRIBED = ("title", "subtitle", "responsibility", "more")
# Between a later imprint's place, publisher and date in one part ("imprints"): no white space,
# which `Reading.add` would strip with an empty place.
IMPRINT_PARTS = "\u241f"


class Reading:
    """The parts found so far; each line is claimed by at most one part."""

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {}
        # The title is the first line no reader claimed: the rules' weakest reading of it.
        self.title_by_position = False

    def add(self, key: str, value: str, *, clean: bool = True) -> None:
        # An omission's mark ends a transcribed title or statement ("... Goessler...",
        # "Charles Lesage,..."): kept, as a catalogue transcribes it.
        omitted = re.search(r",?\s?\.{3}$", value.rstrip()) if key in TRANSCRIBED else None
        value = tidy(value) if clean else value.strip()
        if clean and omitted and value:
            value += omitted.group(0)
        if value and value not in self.parts.setdefault(key, []):
            self.parts[key].append(value)

    def first(self, key: str) -> str | None:
        return (self.parts.get(key) or [None])[0]

    def forget_names(self, others: list[str]) -> None:
        """Drop persons' names, the subtitle, a statement and a note that are a publisher's or a
        place's ("F. Alcan", "Washington, D.C.", "Dalloz" on the line after the title), taken
        for them before the imprint was read; a body stays (a bank is often its own report's
        author and publisher), as does a name a label says is a body's."""
        claimed = {lex.fold(tidy(o)) for o in others}

        def imprint(name: str) -> bool:  # "Dalloz", "Universitätsverlag Winter, Heidelberg"
            return all(lex.fold(tidy(part)) in claimed for part in name.split(", "))

        keys = ["names", "name lines", "subtitle", "responsibility", "note"]
        keys += [key for key in self.parts if key.startswith("others\x1f")]  # "by John Murray"
        for key in keys:
            if key in self.parts:  # a body stays an author and a statement, not a subtitle
                body = key not in ("subtitle", "note")  # nor a note: "A. Colin et Cie" again
                self.parts[key] = [
                    n for n in self.parts[key]
                    if not imprint(n) or (body and lex.CORPORATE.search(n))
                    or n in self.parts.get("said bodies", [])  # "Körperschaft: Suomen Pankki"
                ]  # fmt: skip

    def add_standing_name(self, name: str) -> None:
        """A name standing on its own as on a title page: an access point, and a statement of
        responsibility (200$f) when the description transcribes none."""
        self.add("names", name)
        self.add("name lines", name)
