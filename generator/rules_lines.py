"""What a line of a description is, in the rules-only reading (`generator.rules_baseline`):
a note, a date alone, a kind of document, a publisher where a title or a name would be read.
Each predicate looks at one line and its neighbours; the reading decides what to do with it."""

from __future__ import annotations

import re

from generator import rules_lexicon as lex
from generator.rules_layout import body_words
from generator.rules_names import heading_surnames, honorific
from generator.rules_places import is_place
from generator.rules_reading import Reading, date_of, is_name, tidy

# A journal whose offices publish, named in quotes ('Paris : aux bureaux de la "Revue ..."'):
# a publisher's name, its quotes dropped so that no title is read in them.
AT_THE_OFFICES = re.compile(
    r"(\b(?:aux\s)?bureaux\s(?:de\s(?:la\s|l['’])?|du\s|des\s)|\bat the offices? of(?: the)?\s)"
    r"[«\"]\s?([^«»\"\n]{2,80}?)\s?[»\"]",
    re.I,
)


def imprint_read(found: Reading, line: str) -> bool:
    """A sentence after the imprint was read (a verso's "... des Académies à Londres, en mai
    1904"): a note, not a second imprint."""
    area = lex.PUBLICATION_AREA.match(line.strip(" ."))  # a serial's next: "Paris : X, 1998-"
    second = area and lex.PUBLICATION_DATE.fullmatch(area.group(3).strip(" ."))
    return "place" in found.parts and "date" in found.parts and is_note(line) and not second


def title_before_publisher(lines: list[str], j: int, found: Reading) -> bool:
    """A title in capitalised words after its author's name, its publisher next and the town
    after ("Peter Philips, Select Italian Madrigals, Stainer and Bell, London, 1970"): the
    words look like a name, their place in the list says title."""
    if "title" in found.parts or j + 2 >= len(lines):
        return False
    publisher, town = lines[j + 1], lex.PUBLICATION_DATE.split(lines[j + 2])[0]
    # a publisher's words are capitalised but for its links ("Stainer and Bell"); a title
    # in sentence case there is the title, the words before it a second name
    linked = all(w[:1].isupper() or w in _LINKS for w in publisher.split())
    return linked and not is_name(publisher) and is_place(town) and not is_place(publisher)


_LINKS = {"and", "et", "&", "und", "e", "y", "de", "du", "des", "of", "the", "la", "le", "les"}


def above_the_town(lines: list[str], j: int, found: Reading) -> bool:
    """A name under the title and just above the town: the publisher, a firm named for its
    founder ("Annales du Parlement français ⏎ Firmin Didot ⏎ Paris")."""
    town = lex.PUBLICATION_DATE.split(lines[j + 1])[0] if j + 1 < len(lines) else ""
    return "title" in found.parts and is_place(town) and not lex.BY.search(lines[j])


def between_town_and_date(lines: list[str], j: int) -> bool:
    """A line between a town alone and a date alone, as a list of parts sets an imprint out
    ("THE AMERICAN SCHOLAR, Washington, D.C., Phi Beta Kappa, 1932-"): the publisher, though
    its words look like a person's name."""
    town, date = lines[j - 1] if j else "", lines[j + 1] if j + 1 < len(lines) else ""
    between = is_place(town) and bare_date(date)
    return between and not is_place(lines[j]) and not lex.YEAR.search(lines[j])


def bare_kind(line: str) -> bool:
    """A line that names a kind of document ("Mémoire de master", "Thèse"), not a title that
    opens on one ("Mémoire sur la condition civile des étrangers")."""
    return len(line.split()) <= 5 and not re.search(r"\b(?:sur|on|about|über|of)\b", line)


def bare_date(line: str) -> bool:
    """A line that is a year or a span of years alone: never a title."""
    return lex.PUBLICATION_DATE.fullmatch(tidy(line)) is not None


def names_a_heading(line: str, found: Reading) -> bool:
    """A title page's statement of responsibility as printed: a line that names, in another
    form, a person the heading lines above the title named ("Alexis Orloff" above, "Comte
    Alexis Orloff" under it), when no statement was read yet."""
    if "responsibility" in found.parts or lex.YEAR.fullmatch(tidy(line)) or is_place(line):
        return False
    return bool(heading_surnames(found) & set(re.findall(r"[^\W\d_]+", lex.fold(line))))


def quoting_line(text: str) -> str:
    """The line whose quotes give a prose title: the first (a quote in a later line is a note's:
    "Extrait de « X »"), or the sentence under a post's heading ("Veille documentaire — banques
    centrales ⏎ Pour ceux qui suivent ... : « T » est consultable ...": a short line of two
    parts set off by a dash, without a number, above a sentence of twelve words or more)."""
    first, _, rest = text.strip().partition("\n")
    second = rest.split("\n", 1)[0]
    heading = len(first.split()) <= 6 and re.search(r"\s[—–]\s", first) is not None
    heading = heading and not re.search(r"[\d«\"/]", first)
    return second if heading and len(second.split()) >= 12 and re.search(r"«|\"", second) else first


def listed_before(before: str) -> bool:
    """Parts of a list before a quote (commas, dashes, bars), where a sentence has a few words
    ("Livre intitulé «", "A book titled \""), or a title named so after a list ("..., titre
    exact «")."""
    if re.search(rf"\b(?:titre(?: exact)?|title|{lex.TITLE_CUES})\s*:?\s*$", before, re.I):
        return False
    if re.search(r":\s*$", before) and not re.search(r"\.\s—\s|\s/\s", before):
        return False  # a colon announcing it in a sentence ("Yes — it's CEKM 23: \"T\""), not
        # a note's in an ISBD area or a compact form ("— En annexe : \"T\"")
    # ... and the words just before the quote a list's part, not a sentence ("Hallo, ich
    # bräuchte Zugriff auf die \"")
    *earlier, last = re.split(r",\s|\s[-–—|/]\s", before)
    listed = bool(earlier) and len(last.split()) <= 5
    # ... unless the part before the comma is the author a sentence names ("un folleto
    # precioso: Emile Boutmy, «")
    clause = re.split(r"[:;.]\s", earlier[-1])[-1] if earlier else ""
    named = re.search(
        r"(?:[A-ZÀ-ÝЀ-Я][\w'’\-.]+\s){1,2}[A-ZÀ-ÝЀ-Я][\w'’\-]+$", clause
    )  # "di Émile X"
    alone = re.fullmatch(
        r"[A-ZÀ-ÝЀ-Я][\w'’\-]+", clause
    )  # a surname after a colon: ": Schubert, «"
    author = not last.strip() and ((named and is_name(named[0])) or alone)
    return len(before.split()) > 4 and listed and not author


def words_with_a_date(line: str) -> bool:
    """Other title information that holds a date ("décrets du 29 mars 1880"), not an imprint
    ("impr. 2007", "Paris 1995"): words in small letters, three or more, and no publisher's."""
    words = re.findall(r"[^\W\d_]+", line)
    return line[:1].islower() and len(words) >= 3 and not lex.PUBLISHER_WORDS.search(line)


def before_a_date(line: str, after: list[str]) -> bool:
    """A name without small words just before a date alone ("Les misérables ⏎ Gallimard ⏎ 1995",
    "Victor Hugo - Les misérables - Gallimard - 1995"): the publisher, not the subtitle."""
    return bool(after) and bare_date(after[0]) and line[:1].isupper() and not body_words(line)


def is_note(line: str) -> bool:
    """A line after the imprint and extent that reads as a sentence, not a name, a date or a
    number ("Extr. de la Revue d'hygiène", "Publication en 5 fascicules")."""
    words = re.findall(r"[^\W\d_]+", line)
    return (
        len(words) >= 3
        and any(w.islower() for w in words)
        and not line[:1].isdigit()  # an extent copiste does not know ("1 cass. vidéo")
        and not re.match(r"(?:©|\(c\)|cop\.)", line)  # a verso's copyright, binding, price
        and not is_name(line)
        and not lex.CORPORATE.match(line)
        and date_of(line) != tidy(line)
    )


# The words a catalogue's note opens on, accents and case folded: an offprint's, a translation's,
# a title's, a content's, an occasion's (a lecture, a thesis), a publication's history, a
# version's ("Extrait de ...", "Texte en français et en anglais", "Conférence faite le ...",
# "Paraît en trois langues", "En version électronique à partir de 2006", "Includes index").
_NOTE_WORDS = re.compile(
    r"(?:extr|tir|reprint|offprint|sonderdr|estratto|separata|translat|trad|titre|title|titel|"
    r"en annexe|annexe|appendix|reunit|contient|contains|contenu|includes|comprend|suppl|"
    r"bibliog|index|conferen|communication|discours|lecture|these|thesis|diss|memoire|texte|"
    r"text|parait|publication|publ|en version|version|a partir|a dater|acces|catalogue|"
    r"numero|fac-sim|reprod|impr|issued|originally|cover|couv|note|notice|avec|with|"
    r"a la fin|at end|au dos|en tete|at head|resum|summar|zusammenf|riassun|original|reimpr|"
    r"couronn|suivi|precede|followed|sommaire|inhalt|enthalt|zawiera|obsahuje|w ksiazce|"
    r"testo|tekst|bound|relie|en appendice|edition originale|first edition|tirage|limited|"
    r"ouvrage)"
)
# ... or that a catalogue sets after an area's dash, a list's bar or slash, or on a verso
_NOTE_PLACE = r"(?:\s[—–\-|/]\s+|(?i:verso)\s?:\s*\n?(?:.*\n){0,3}?)"


def catalogue_note(line: str, text: str) -> bool:
    """Whether a line after the imprint is a note a catalogue would keep (300): one in a
    catalogue's words, or set where a catalogue sets its notes in `text`; not what a dealer, a
    reader or a card says of one copy or of its use ("Spine rubbed", "[Reliure abîmée]", "Da
    leggere per l'esame"): of the 344 lines after the imprint the styles of rounds 1-47 had
    kept as notes, 8 were the record's."""
    if _NOTE_WORDS.match(lex.fold(line)):
        return True
    return bool(re.search(_NOTE_PLACE + re.escape(line[:25]), text))


# What a person says, not what a catalogue notes: a word that is the first or second person, a
# greeting's or a request's, in small letters (a title quoted in a note capitalises its first
# word) and in no other language a word ("je" is Czech's "is", "eu" French's "had", "ihr"
# German's "her"): "j'ai trouvé cet exemplaire", "check we have the 2004 issue", "merci".
_REMARKING = (
    r"(?:nous|vous|votre|merci|we|you|your|please|thanks|ich|wir|euch|bitte|danke|grazie|vorrei|"
    r"gracias|quisiera|usted|você|obrigad[oa]|ik|wij|jij|bedankt|graag|jag|proszę|dziękuję)"
)
_REMARK = re.compile(
    # "Pourriez-vous ...", not the "Rendez-vous de l'histoire"
    rf"(?<![\w'’])(?<![Rr]endez-)(?:j['’](?=\w)|{_REMARKING}(?![\w'’]))"
    rf"|^\s*(?i:j['’](?=\w)|(?:je|{_REMARKING})(?![\w'’]))"  # "Vorrei sapere", "THANKS"
)


def is_remark(line: str) -> bool:
    """A line after the imprint that someone says to someone (a letter's, a chat's, a working
    note's), which no catalogue would keep as its note (300)."""
    return bool(_REMARK.search(line))


# A page's links, a menu, an export's key: the screen around a description, no sentence of its
# ("[Citeren] [E-mail] [Permalink]", "Lisää ostoskoriin ¦ Kysy myyjältä", "estat=pendent");
# a bar " | " is a line break already (`rules_layout.split_lines`), each cell its own line.
_LINK = re.compile(r"\[[^\[\]\n]{1,60}\]")


def is_chrome(line: str) -> bool:
    """A line of a screen's or a form's furniture after the imprint, which no catalogue would
    keep as its note (300): three links or more in brackets (two are a card's notes: "[Manque
    la page de titre] [Reliure abîmée]"), short cells between broken bars, a key=value pair,
    a price line (`priced`)."""
    cells = re.split(r"\s+¦\s+", line.strip())
    links = _LINK.findall(line)
    return (
        (len(cells) > 1 and all(len(cell.split()) <= 4 for cell in cells))
        or (len(links) > 2 and len(_LINK.sub(" ", line).split()) <= 3)
        or bool(re.match(r"\w+=\S", line))
        or priced(line)
    )


# A price, in a currency's sign or code before or after the amount: a sale's or an order's
# line ("Fiyat: 1.250,00 TL", "R$ 65,00 + frete", "8 800円"), which no note carries; a note
# that names a sum among its words ("The £1,000,000 bank-note") is no price line.
_CURRENCY = r"(?:[€$£¥₺₽₹円元]|R\$|(?:EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|zł|TL|Kč|Ft|lei|руб)\b)"
_PRICE = re.compile(rf"{_CURRENCY}\s?\d|(?<![\d.,])\d[\d.,]*\s?{_CURRENCY}")


def priced(line: str) -> bool:
    """A line that ends on a price, three words at most after the amount, the line short or
    labelled ("8 800円", "Fiyat: 1.250,00 TL", "Vendido por: Sebo Dante – São Paulo/SP R$
    65,00 + frete"); not a note naming a sum among its words ("The £1,000,000 bank-note; and
    other new stories", "Includes a facsimile of the 1862 $5 note")."""
    amount = _PRICE.search(line)
    labelled = re.match(r"[^\W\d_][\w .'’-]{0,30}:\s", line)
    short = len(line.split()) <= 6 or bool(labelled)
    return bool(amount) and short and len(line[amount.end() :].split()) <= 3


def title_and_statement(line: str) -> bool:
    """A title and its statement of responsibility as ISBD sets them off: "T / par X", "T /
    Comte Alexis Orloff" (a name after its honorific), "T / É. Levasseur ; trad. ..."."""
    title, slash, statement = line.partition(" / ")
    if not slash or len(title) < 3:
        return False
    by = lex.BY.search(statement)
    first = statement.split(" ; ")[0].strip(" .").split()
    while first and honorific(first[0]):
        first = first[1:]
    return bool(by and by.start() == 0) or (bool(first) and is_name(" ".join(first)))


def goes_on(line: str) -> bool:
    """A line that goes on from the title above it: in small letters ("depuis les traités de
    Westphalie ...", "étude historique"), or a volume of it ("Tome premier", "Vol. 2")."""
    return line[:1].islower() or bool(_VOLUME.match(line))


_VOLUME = re.compile(r"(?:T|Tome|Vol|Volume|Livre|Partie|Part|Bd|Band|Book|Fasc|Fascicule)\b\.?")


# The words that open a clause, not a name ("and published in Washington", "que le Collège
# de France publie ..."): a publisher's name may open on any other small word ("por Juan de la
# Cuesta", "presso Ulrico Hoepli", "the Bodley Head", "van Gorcum").
_CLAUSE = {"and", "und", "que", "qui", "dont", "which", "that", "where", "when", "while",
           "dass", "wenn", "but", "aber", "mais", "pero", "och", "oder"}  # fmt: skip


def sentence(part: str) -> bool:
    """A part read where a name stands that is a sentence, not a name: a question or an
    exclamation among four words or more (not a doubt in brackets, "[s.n.?]", nor "Jump!"),
    more than fifteen words, or a clause's word opening it ("and published in Washington")."""
    bare = re.sub(r"\[[^\[\]]{0,80}\]", "", part)
    asked = re.search(r"[?!]", bare) and len(part.split()) >= 4
    opening = re.match(r"[^\W\d_]+", part.strip())
    clause = opening and opening.group(0) in _CLAUSE
    return bool(asked) or len(part.split()) > 15 or bool(clause)


def lone_surname(line: str, after: str, text: str) -> bool:
    """A surname alone before a title that opens on an article or runs in sentence case, as a
    quick note cites a book ("Stourm, Le trésor de guerre, Paris, 1896", "Delebecque, Rapport
    sur le tracé ..., Calais, 1843"); not a town ("Paris, Les éditions ...")."""
    opening = re.split(r"[\s'’]", after.strip(), maxsplit=1)[0]
    single = re.fullmatch(r"[A-ZÀ-ÝЀ-Я][\w\-]+", line.strip(" .,")) and not is_place(line)
    words = after.split()
    sentence = len(words) >= 3 and opening[:1].isupper() and any(w.islower() for w in words[1:])
    sentence = sentence and f"{line.strip()}, {after.strip()}" in text  # a comma list's parts
    return bool(single) and (lex.fold(opening) in lex.ARTICLES or sentence)
