"""A list's, a form's or a page's headings above the one item a description gives, set aside
for the rules-only reading (`generator.rules_pasted.set_aside`): "Bibliografia ⏎ Źródła
drukowane", "LISTE DES DONS — PÉRIODIQUES", "Seznam docházejících periodik ⏎⏎ Arabies. – ...".

Why a module of its own: the words of such headings grow with every list read, and the entry
below that tells a heading from a title (one given whole: a citation, ISBD's areas, a table's
row) is its own question; the pasted module keeps the rest of what surrounds an item.
"""

from __future__ import annotations

import re

from generator import rules_lexicon as lex
from generator.rules_citations import citation
from generator.rules_reading import is_name

# The words of a list's or a form's heading, with `_LINKS` between them.
_SECTION_WORDS = {
    "liste", "list", "dons", "don", "donation", "donations", "revues", "périodiques",
    "periodicals", "serials", "order", "orders", "request", "requests", "commande", "commandes",
    "acquisitions", "nouveautés", "new", "titles", "livres", "ouvrages", "reçus", "received",
    "bibliographie", "bibliography", "références", "references", "sources", "form",
    "formulaire", "renewal", "renouvellement", "subscriptions", "abonnements", "offered",
    "proposés", "proposées", "estampes", "prints", "books", "items", "transcription", "page",
    "titre", "title", "cahier", "liaison", "fiche", "circulation", "fonds", "ancien",
    "patrimonial", "salle", "bon", "reliure", "numérisation", "demande", "bordereau", "transfert",
    "récolement", "inventaire", "dépouillement", "recueils", "factices", "imprimées", "brochures",
    "médiathèque", "municipale", "électroniques", "hôtel", "drouot", "vente", "catalogue",
    "bulletin", "bibliothèques", "archives",
    # a reference list's, in the languages of the theses and articles it closes
    "bibliographies", "bibliographiques", "bibliographical", "cited", "consulted",
    "endnotes", "imprimés", "cités", "consultés", "lectures", "literaturverzeichnis",
    "literatur", "quellen", "quellenverzeichnis", "gedruckte", "zitierte", "verwendete",
    "anmerkungen", "literatuurlijst", "literatuur", "geraadpleegde", "bronnen", "bibliografia",
    "bibliografía", "bibliografie", "riferimenti", "bibliografici", "fonti", "letture",
    "referencias", "bibliográficas", "fuentes", "obras", "citadas", "referências",
    "bibliográficos", "źródła", "drukowane", "wykaz", "literatury", "seznam", "použité",
    "použitá", "literatura", "kirjallisuus", "lähteet", "litteratur", "litteraturliste",
    "källor", "kilder", "irodalom", "felhasznált", "bibliografija", "izvori",
    "painetut", "lähdeluettelo", "tryckta", "otryckta", "referenser", "kaynakça", "kaynaklar",
    "prameny", "surse", "referències", "daftar", "pustaka", "βιβλιογραφία", "πηγές",
    "参考文献", "欧文文献", "和文文献", "文献",
    # a periodicals room's, an exchange's or a holdings list's
    "zeitschriftenbestand", "zeitschriften", "bestand", "handbibliothek", "exchange", "quarter",
    "publications",
    "hemeroteca", "revistas", "periódicos", "permuta", "lista", "travée",
    "propos", "biblioteca", "bibliothek", "bibliothèque",
    "umlauf", "tauschliste", "dubletten", "doubles", "désherbage", "weeding", "holdings",
    # a loan's or a circulation log's
    "loan", "loans", "out", "prêt", "prêts", "prestito", "préstamo", "ausleihe", "log",
    # a library's accessions list, a newsletter's note on a book
    "accessions", "accession", "literaturhinweis", "literaturhinweise",
    # a reference list's sections: its serials, its books
    "periodika", "periodici", "czasopisma", "časopisy", "tidskrifter", "tidsskrifter",
    "monographien", "monografie", "monographs", "monographies", "monografías", "monografias",
}  # fmt: skip
_HEADING_PARTS = re.compile(r"\s[—–]\s")
# A list's section lettered or numbered in roman ("a) Periodika", "A Books", "II. Monographien")
SECTION_LETTER = re.compile(r"(?:[a-hA-H]|[IVX]{1,4})[.)]?\s")
_TITLE_AND_IMPRINT = re.compile(r"\w\w\.\s+[A-ZÀ-ÝЀ-Я][^.:;]{1,40}\s?:\s[^:;]{2,80},\s\[?\d{4}")
_AUTHOR_FIRST = re.compile(
    r"^[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:\s[\w'’\-]+){0,2},\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+)?"
    # ... and its co-authors' after a slash ("STRUNCK, Delphin / MOHRHARDT, Peter: Original ...")
    r"(?:\s/\s[A-ZÀ-ÝЀ-Я][\w'’\-]+,\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+){0,3}"
    r"(?:\s\(\d{4}\))?[,:.]\s+(?=[A-ZÀ-ÝЀ-Я«\"])"
)
_TOWN = re.compile(r"^[^\W\d][\w .'’\-]{1,40}(?:\s?:|,)\s")  # an imprint's "Paris : ", "Paris, "
# The words that link a heading's: alone they head no list ("DE" opening a Latin title page).
_LINKS = {"des", "de", "du", "la", "le", "les", "of", "the", "for", "et", "and", "en", "und",
          "y", "e", "i", "a", "à", "on", "nd", "rd", "th", "st", "n", "º", "z", "och", "és",
          "ve", "og", "ja", "și"}  # fmt: skip
_HEADING_WORDS = _SECTION_WORDS | _LINKS
# A library's list of what it received, whose words ("The Library") head no list alone.
_ACCESSIONS = re.compile(r"(?i)(?:recent\s)?accessions\s(?:to|of)\s(?:the\s)?library\.?")


def headings(lines: list[str]) -> int:
    """How many lines at the top head a list or a form (up to three: "Bibliografia ⏎ Źródła
    drukowane"), when in capitals or set off by a blank line from what follows; else 0. Any
    words head it when a blank line sets them off above an entry that gives a reference whole
    ("Seznam docházejících periodik – blízkovýchodní studia ⏎⏎ Arabies. – Paris : Arabies,
    1987- . – ISSN 0983-1509"; "BIBLIOGRAFÍA ⏎⏎ B) Obras citadas ⏎⏎ ESMEIN, Adhémar, ...")."""
    entry = next((i for i, line in enumerate(lines[:8]) if _whole_entry(line)), None)
    if (  # a blank line above it, headings above
        entry
        and entry > 1
        and not lines[entry - 1]
        and not _card_heading([line for line in lines[: entry - 1] if line])
        and not _VOLUME.match(lines[entry])  # "LES MISÉRABLES ⏎⏎ Tome premier. Paris : ..."
    ):
        return entry - 1
    count = next((i for i, line in enumerate(lines[:4]) if not _section(line)), min(len(lines), 4))
    if not 0 < count <= 3 or count >= len(lines):
        return 0
    set_off = not lines[count] and count + 1 < len(lines)
    # ... or above a reference that a list's entry gives whole ("Tryckta källor och litteratur
    # ⏎ Juglar, Clément, Le rapport légal ... (Paris, 1897), 11 s.")
    below = lines[count]
    cited = len(below.split()) >= 8 and lex.YEAR.search(below)
    cited = cited and (lex.INVERTED.match(below) is not None or citation(below) is not None)
    shouted = all(_shouted(line) for line in lines[:count])
    # ... or lettered as a list's sections are ("a) Periodika", "II. Monographien")
    lettered = all(SECTION_LETTER.match(line) for line in lines[:count])
    return count if set_off or shouted or cited or lettered else 0


# A volume's designation opening a line: the title above is its work's, no heading
_VOLUME = re.compile(r"(?i)(?:tome|t\.|vol\.|volume|band|bd\.|part|partie|livre|book|tomo)\s")


def _card_heading(above: list[str]) -> bool:
    """Lines above an entry that are the entry's own: a title and its statement, or one line
    alone that is a label's value or an author's or a body's name, as a card sets its heading
    ("Hugo, Victor ⏎⏎ Les misérables. Paris : ...", "Société de géographie ⏎⏎ Bulletin. ...");
    not a paper's or a list's several lines above ("Jordan Ellis ⏎ Prof. Kessler ⏎ ENGL 348")."""
    if any(" / " in line for line in above):
        return True
    if len(above) != 1:
        return False
    line = above[0]
    bare = lex.DATES_AFTER.sub("", line).strip(" .")
    return (
        re.match(r"[^\W\d][^:]{0,30}\s?:\s", line) is not None
        or is_name(bare)
        or lex.INVERTED.match(bare) is not None
        or (lex.CORPORATE.search(line) is not None and len(line.split()) <= 12)
    )


def _whole_entry(line: str) -> bool:
    """A list's entry that gives a reference whole, its number aside: one a citation style
    reads, or ISBD's areas with a year whose first is no imprint ("Arabies. – Paris : Arabies,
    1987-"), or a table's row of four cells or more with a year; or a title and its imprint
    ("L'année politique. Paris: Charpentier, 1875–1905."), or an author's heading before them
    ("ESMEIN, Adhémar, Le mariage en droit canonique, ..., París, ..., 1891")."""
    original, line = line, re.sub(r"^\s*(?:\(?\d{1,4}[.)]|č\.\s?\d+\s?\||[-•*–])\s+", "", line)
    if not lex.YEAR.search(line):
        return False
    areas = re.split(r"\.\s[–—-]\s", line)
    first = areas[0].strip()
    isbd = len(areas) > 1 and not lex.PUBLICATION_AREA.match(first) and not _TOWN.match(first)
    # ... not an author and an imprint with no title between ("Blake, William. London : ...")
    imprint = _TITLE_AND_IMPRINT.search(line)
    titled = imprint and not lex.INVERTED.match(line[: imprint.start() + 2].strip(" ."))
    heading = _AUTHOR_FIRST.match(line)
    headed = heading and len(line.split()) >= 6 and not _TOWN.match(line[heading.end() :])
    # ... or a list's numbered entry of some length, a heading first: a surname in capitals or
    # inverted ("1187. STOURM (René). — Le système ...", "127. STRUNCK, Delphin / ..."; not
    # "5. edition, London", "1. Les origines, la Gaule ...")
    numbered = re.match(
        r"\s*\d{1,4}\.\s+(?:[A-ZÀ-ÝЀ-Я]{2,}[\w'’\-]*[\s,(]|[A-ZÀ-ÝЀ-Я][\w'’\-]+,\s[A-ZÀ-ÝЀ-Я])",
        original,
    )
    numbered = numbered and len(line.split()) >= 8 and lex.YEAR.search(line)
    return bool(isbd or titled or headed or numbered or line.count(" | ") >= 3 or citation(line))


def _shouted(line: str) -> bool:
    """A heading in capitals, or a part of it ("SALLE DES PÉRIODIQUES — Travée 7")."""
    return any(p.isupper() and _section(p) for p in _HEADING_PARTS.split(line))


def _section(line: str) -> bool:
    """A heading or a part of one set off by a dash ("Bank Library — Publications received on
    exchange", "Hemeroteca — Revistas de la A a la Z") in words that name no document; not a
    breadcrumb's "›", whose last part is the title ("Society › Publications › Journal")."""
    line = SECTION_LETTER.sub("", line, count=1) if SECTION_LETTER.match(line) else line
    return any(_heading_words(part) for part in _HEADING_PARTS.split(line))


def _heading_words(line: str) -> bool:
    """A list's or a form's heading above the item, in words that name no document ("REVUES",
    "LISTE DES DONS — PÉRIODIQUES", "Transcription de la page de titre :", "Seznam použité
    literatury"; not "BIBLIOGRAPHIE DE LA FRANCE")."""
    if _ACCESSIONS.match(line.strip()):
        return True
    words = re.findall(r"[^\W\d_]+", line.casefold())
    named = set(words) - _LINKS
    return bool(named) and set(words) <= _HEADING_WORDS
