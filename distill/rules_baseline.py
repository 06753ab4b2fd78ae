"""A rules-only cataloguer: copiste's own reading of a description into a record, no model.

Evaluation needs an honest floor beside the students (issue 11, "Measurement"): what a few
regular expressions get from what a person types off a title page and its verso. If a trained
student does not beat this, the learning added nothing. It is deliberately cheap: labelled lines
("Titre : ..."), ISBD punctuation (" : ", " / ", " — "), identifiers, years, extents, sizes,
series and "par"/"by" are recognised; everything else falls to the first unclaimed line being
the title. It writes the student view (`validators.roles.student_view`): leader, 100 and the
descriptive fields, so its answers are graded exactly like a student's.

It does not read `generator.describe`'s label tables on purpose: a parser tuned to the renderer
would measure the renderer, not how far rules go on what people type.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from validators.codes import languages
from validators.record import DataField, Record, Subfield
from validators.roles import normal_leader, student_view
from validators.rules.identifiers import isbn_ok, issn_ok

_ISBN = re.compile(r"\bISBN(?:-1[03])?\s*:?\s*([0-9][0-9\- ]{8,16}[0-9Xx])(?:\s*\(([^)]{1,30})\))?")
_BARE_ISBN = re.compile(r"\b(97[89][\- ]?[0-9][0-9\- ]{8,14}[0-9])\b")
_ISSN = re.compile(r"\bISSN\s*:?\s*([0-9]{4}-?[0-9]{3}[0-9Xx])")
_YEAR = re.compile(r"(?<![0-9\-])(1[4-9][0-9]{2}|20[0-9]{2})(?![0-9])")
_PAGES = re.compile(
    r"((?:[\[\]ivxlcdm0-9]+\s*[-+,]\s*)?\[?[0-9]+\]?)\s*(p\.|pages?|f\.|ff\.|feuillets|leaves)",
    re.I,
)
_SIZE = re.compile(r"([0-9]+(?:\s*x\s*[0-9]+)?)\s*(?:cm\b|centim[eè]tres?)", re.I)
_ILL = re.compile(r"\b(ill\.|illustr|illustré|en couleurs|cartes?\b|fig\.|figures)", re.I)
_EDITION = re.compile(
    r"\b([0-9]+\s*(?:e|è|ème|ª|nd|rd|st|th|re)?\.?\s*(?:éd\.|édition|ed\.|edition|ed\b))", re.I
)
_SERIES = re.compile(r"^\(?(?:collection|coll\.|series|série)\s*:?\s*(.+?)\)?$|^\((.+?)\)$", re.I)
_SERIES_NUMBER = re.compile(r"\s*(?:[;,]\s*|\s)(?:n°|no\.?|vol\.?|num[ée]ro)?\s*([0-9]+)\s*$", re.I)
# The words before a name say its role: the author's (700/701) or another's (702, relator code).
_ROLES = {
    "sous la direction de": "727", "under the supervision of": "727", "traduit par": "730",
    "translated by": "730", "edited by": "340", "édité par": "340", "édition de": "340",
    "edición de": "340", "a cura di": "340", "cartographie": "180", "illustré par": "440",
    "illustrated by": "440", "préface de": "080", "preface by": "080",
}  # fmt: skip
_BY = re.compile(
    rf"(?:^|[\s(])((?i:{'|'.join(_ROLES)}|par|by|written by|auctore|von|di|de))"
    r"\s+([A-ZÀ-Ý][\w'’\-.]+(?:\s+[A-ZÀ-Ý][\w'’\-.]+){1,3})"
)
_NAME = re.compile(r"^[A-ZÀ-Ý][\w'’\-.]+(?:\s+(?:de\s+|van\s+|von\s+)?[A-ZÀ-Ý][\w'’\-.]+){1,3}$")
_INVERTED = re.compile(r"^([A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+)?),\s*([A-ZÀ-Ý][\w'’\-. ]+?)"
                       r"(?:\s*\(([0-9.\-]+)\))?$")  # fmt: skip
_HEADING = re.compile(
    r"^(?:(?:au |le )?verso|back|dos de la page de titre|page de titre|couverture|cover|"
    r"(revue|périodique|partition|score|carte|map|livre|thèse|mémoire)[^:]{0,40}?)\s*:\s*",
    re.I,
)
_GENRE = re.compile(r"^(?:partition|score|livre|book|thèse|mémoire|thesis|revue|carte|map)\b", re.I)
# Leader/6-7 from what the description says the item is: music, maps, serials.
_KINDS = {"partition": "cm", "score": "cm", "carte": "em", "map": "em", "revue": "as",
          "périodique": "as"}  # fmt: skip
_ARTICLES = {"le", "la", "les", "l", "un", "une", "the", "a", "an", "die", "der", "das", "il",
             "el", "lo", "los", "las", "de", "du", "des", "ein", "eine"}  # fmt: skip
_LABEL = re.compile(r"^\s*([A-Za-zÀ-ÿ()' ]{2,40}?)\s*(?::|\t| - )\s*(.+)$")
_PUBLISHER_WORDS = re.compile(
    r"\b(éditions?|editions?|edizioni|ediciones|press|presses|verlag|publish\w*|books|"
    r"libraire|librairie|université|university|apud|impr\w*|association|cartes)\b",
    re.I,
)
# Words around a publisher's name: "publiée à Nantes par ...", "apud ...", "... depuis 2005".
_PUBLISHER_NOISE = re.compile(
    r"^.*\b(?:chez|apud|par|présentée? à l'|à)\s*|\s+(?:depuis|en|since)\s+[0-9]{4}$", re.I
)
# What a label names, by its first word (French and English, accents and case folded).
_LABELS = {
    "titre": "title", "title": "title", "sous-titre": "subtitle", "subtitle": "subtitle",
    "complement": "subtitle", "other": "subtitle", "mention": "responsibility",
    "statement": "responsibility", "auteur": "responsibility", "author": "responsibility",
    "par": "responsibility", "by": "responsibility", "auteurs": "names", "authors": "names",
    "contributeurs": "names", "contributors": "names", "noms": "names", "names": "names",
    "edition": "edition", "lieu": "place", "ville": "place", "place": "place", "city": "place",
    "editeur": "publisher", "maison": "publisher", "publisher": "publisher", "date": "date",
    "annee": "date", "year": "date", "publication": "date", "pagination": "extent",
    "nombre": "extent", "pages": "extent", "extent": "extent", "description": "extent",
    "physical": "extent", "format": "size", "dimensions": "size", "size": "size",
    "collection": "series", "series": "series", "langue": "language", "language": "language",
    "note": "note", "notes": "note", "remarque": "note", "pays": "country", "country": "country",
}  # fmt: skip
# Publishing places and their ISO 3166-1 country (102$a): a few dozen, as a user would name them.
_PLACES = {
    "paris": "FR", "lyon": "FR", "marseille": "FR", "toulouse": "FR", "bordeaux": "FR",
    "nantes": "FR", "lille": "FR", "grenoble": "FR", "rennes": "FR", "strasbourg": "FR",
    "tours": "FR", "montpellier": "FR", "rouen": "FR", "arles": "FR", "lugduni": "FR",
    "parisiis": "FR", "london": "GB", "londres": "GB", "oxford": "GB", "cambridge": "GB",
    "edinburgh": "GB", "cork": "IE", "dublin": "IE", "new york": "US", "chicago": "US",
    "boston": "US", "bruxelles": "BE", "brussels": "BE", "genève": "CH", "geneve": "CH",
    "lausanne": "CH", "zürich": "CH", "montréal": "CA", "québec": "CA", "berlin": "DE",
    "münchen": "DE", "munich": "DE", "frankfurt": "DE", "leipzig": "DE", "wien": "AT",
    "vienne": "AT", "roma": "IT", "rome": "IT", "milano": "IT", "milan": "IT", "torino": "IT",
    "turin": "IT", "firenze": "IT", "napoli": "IT", "madrid": "ES", "barcelona": "ES",
    "sevilla": "ES", "séville": "ES", "lisboa": "PT", "amsterdam": "NL", "bucurești": "RO",
    "bucuresti": "RO", "moskva": "RU", "moscou": "RU",
}  # fmt: skip
# Languages as a description names them, and a few words that give a title's language away.
_LANGUAGES = {
    "fre": ("français", "french", "française"), "eng": ("anglais", "english"),
    "ger": ("allemand", "german", "deutsch"), "ita": ("italien", "italian", "italiano"),
    "spa": ("espagnol", "spanish", "español"), "lat": ("latin",),
    "por": ("portugais", "portuguese"), "dut": ("néerlandais", "dutch"),
}  # fmt: skip
_STOPWORDS = {  # function words only: no word of any evaluation title
    "fre": {"le", "la", "les", "de", "l", "des", "du", "et", "une", "dans", "pour", "sur", "aux"},
    "eng": {"the", "of", "and", "in", "on", "an", "to", "for", "with"},
    "ger": {"der", "die", "das", "und", "am", "im", "eine", "von", "zur"},
    "ita": {"il", "lo", "gli", "della", "delle", "di", "nel", "nell", "con", "per"},
    "spa": {"el", "los", "las", "del", "desde", "y", "con", "para"},
    "lat": {"et", "ad", "cum", "in", "quae", "sive"},
}  # fmt: skip


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_COUNTRIES = {_fold(place): country for place, country in _PLACES.items()}


@cache
def _country_names() -> list[tuple[str, str]]:
    """(code, folded English name) of ISO 3166-1, from the table 102's check reads."""
    text = (resources.files("validators") / "data" / "iso3166-1.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return [(row[0], _fold(row[1])) for row in rows if len(row) > 1]


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(' \t,;:.-—/«»"')


def _sentence_case(title: str) -> str:
    """A title typed in the title page's capitals, as a catalogue writes it (first word up)."""
    letters = [c for c in title if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        return title[:1] + title[1:].lower()
    return title


def _split_lines(description: str) -> list[str]:
    """Lines, with ISBD's area separators and compact forms' separators as line breaks."""
    text = description.replace(" — ", "\n").replace(" | ", "\n").replace(". - ", "\n")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _person(name: str, tag: str, relator: str = "070") -> DataField:
    """A 70X for a personal name in direct ("Claire Vasseur") or inverted order."""
    name = _tidy(name)
    dates = None
    inverted = _INVERTED.match(name)
    if inverted:
        surname, forename, dates = inverted.groups()
    else:
        words = name.split()
        surname, forename = words[-1], " ".join(words[:-1])
    subfields = [Subfield("a", surname)] + ([Subfield("b", forename)] if forename else [])
    subfields += [Subfield("f", dates)] if dates else []
    return DataField(tag, " ", "1", [*subfields, Subfield("4", relator)])


class _Reading:
    """The parts found so far; each line is claimed by at most one part."""

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {}

    def add(self, key: str, value: str, *, tidy: bool = True) -> None:
        value = _tidy(value) if tidy else value.strip()
        if value and value not in self.parts.setdefault(key, []):
            self.parts[key].append(value)

    def first(self, key: str) -> str | None:
        return (self.parts.get(key) or [None])[0]


def _identifiers(text: str, found: _Reading) -> str:
    """ISBNs and ISSNs whose check digit holds go to 010/011; the text without them is returned."""
    for match in list(_ISBN.finditer(text)) or list(_BARE_ISBN.finditer(text)):
        number = match.group(1).strip()
        if isbn_ok(number.replace("-", "").replace(" ", "").upper()):
            qualifier = match.group(2) if match.re is _ISBN else None
            found.add(
                "isbn", number + (f"\x1f{qualifier.strip()}" if qualifier else ""), tidy=False
            )
    for match in _ISSN.finditer(text):
        if issn_ok(match.group(1).replace("-", "").upper()):
            found.add("issn", match.group(1))
    text = _ISBN.sub(" ", _ISSN.sub(" ", text))
    return _BARE_ISBN.sub(" ", text)


def _physical(line: str, found: _Reading) -> bool:
    """Extent, illustrations and size of a line; True if the line was a physical description."""
    pages, size = _PAGES.search(line), _SIZE.search(line)
    if pages:
        unit = "f." if pages.group(2).lower().startswith(("f", "l")) else "p."
        found.add("extent", re.sub(r"\s+", "", pages.group(1)) + " " + unit, tidy=False)
    if size:
        found.add("size", f"{size.group(1)} cm")
    if (pages or size) and _ILL.search(line):
        found.add("ill", "ill.", tidy=False)
    return bool(pages or size)


def _publication(line: str, found: _Reading) -> bool:
    """Place, publisher and year of a line that names a known place or a publisher."""
    words = [_tidy(w) for w in re.split(r"\s*[,:;]\s*|\s+-\s+", line) if _tidy(w)]
    folded = _fold(line)
    place = next((p for p in _COUNTRIES if re.search(rf"\b{p}\b", folded)), None)
    publisher = next((w for w in words if _PUBLISHER_WORDS.search(w) and _fold(w) != place), None)
    if place is None and publisher is None:
        return False
    if place:
        start = folded.index(place)
        found.add("place", line[start : start + len(place)])
    if publisher:
        found.add("publisher", _PUBLISHER_NOISE.sub("", publisher))
    if year := _YEAR.search(line):
        found.add("date", year.group(1))
    return True


def _labelled(line: str, found: _Reading, only: tuple[str, ...] | None = None) -> bool:
    """A "Label : value" line whose label is known (`_LABELS`); `only` limits the labels."""
    match = _LABEL.match(line)
    if not match:
        return False
    key = _LABELS.get(re.match(r"[\w\-]*", _fold(match.group(1))).group(0))
    if key is None or (only is not None and key not in only):
        return False
    value = match.group(2)
    if key == "names":
        for name in re.split(r"\s*;\s*|\s+et\s+|\s+and\s+", value):
            found.add("names", name)
    elif key == "extent" or key == "size":
        _physical(value, found)
    elif key == "series":
        found.add("series", value)
    else:
        for part in value.split(" ; ") if key == "title" else [value]:
            found.add(key, part)
    return True


def _names_by(text: str, found: _Reading) -> None:
    """Names after "par", "by", "traduit par"...: authors, or others with their role's code."""
    for by in _BY.finditer(text):
        if not by.group(2).isupper():
            role = _ROLES.get(by.group(1).casefold())
            found.add(f"others\x1f{role}" if role else "names", by.group(2))


def _is_name(text: str) -> bool:
    """A personal name in direct or inverted order, not a capitalised title ("Les Misérables")."""
    words = text.split()
    if _INVERTED.match(text):
        return True
    if not _NAME.match(text) or text.isupper() or _fold(words[0]) in _ARTICLES:
        return False
    return not _PUBLISHER_WORDS.search(text)


def _title_line(line: str, found: _Reading) -> None:
    """Title, subtitle and responsibility of the line that holds the title, with names set off
    before or after it by a comma or a dash ("Giulia Ferraris, Le città di pietra")."""
    title, _, responsibility = line.partition(" / ")
    while (lead := re.match(r"^(.+?)(?:,\s+|\s+-\s+)(.+)$", title)) and _is_name(lead.group(1)):
        found.add("names", lead.group(1))
        title = lead.group(2)
    after: list[str] = []
    while (tail := re.match(r"^(.+)(?:,\s+|\s+-\s+)(.+?)$", title)) and _is_name(tail.group(2)):
        after.insert(0, tail.group(2))
        title = tail.group(1)
    for name in after:
        found.add("names", name)
    if by := re.search(r",?\s+(?:par|by)\s+(.+)$", title):
        responsibility, title = responsibility or by.group(1), title[: by.start()]
        _names_by(by.group(0), found)
    parts = re.split(r"\s*:\s+|\s+-\s+(?=[a-zà-ÿ])|,\s+(?=[a-zà-ÿ])", title, maxsplit=1)
    found.add("title", parts[0])
    found.add("subtitle", parts[1] if len(parts) > 1 else "")
    found.add("responsibility", responsibility)


def _read(description: str) -> _Reading:
    found = _Reading()
    lines = description.splitlines()
    notes = [n for n in lines if _labelled(n, found, only=("note",))]
    # A note's standard numbers are other titles' ("continues ... ISSN ..."): read it first.
    text = _identifiers("\n".join(line for line in lines if line not in notes), found)
    if prose := re.search(r"«\s*(.+?)\s*»|\"(.+?)\"", text):
        title, _, subtitle = (prose.group(1) or prose.group(2)).partition(" ; ")
        found.add("title", title)
        found.add("subtitle", subtitle)
        _names_by(text[prose.end() :], found)
    rest: list[str] = []
    for line in _split_lines(text):
        if heading := _HEADING.match(line):
            found.add("kind", heading.group(1) or "")
            line = line[heading.end() :]
        if not line or _labelled(line, found):
            continue
        if series := _SERIES.match(line):
            found.add("series", series.group(1) or series.group(2))
        elif edition := _EDITION.search(line):
            found.add("edition", edition.group(1))
        elif not _physical(line, found) and not _publication(line, found):
            rest.append(line)
    title_at: int | None = None
    for i, line in enumerate(rest):
        if "date" not in found.parts and (year := _YEAR.search(line)):
            found.add("date", year.group(1))
        by = _BY.search(line)
        if by and not by.group(2).isupper() and (by.start() == 0 or "title" in found.parts):
            found.add("responsibility", re.sub(r"^\S+(?: de| by)?\s+", "", line))
            _names_by(line, found)
        elif _is_name(line.split(" / ")[0]) and ("title" in found.parts or i + 1 < len(rest)):
            found.add("names", line.split(" / ")[0])
        elif _GENRE.match(line) and "title" not in found.parts:
            found.add("kind", _GENRE.match(line).group(0))
        elif "title" not in found.parts and not re.match(r"^©", line):
            _title_line(line, found)
            title_at = i
        elif (
            title_at is not None
            and i == title_at + 1
            and "subtitle" not in found.parts
            and not _YEAR.search(line)
        ):
            found.add("subtitle", line)
    if "date" not in found.parts and (year := _YEAR.search(text)):
        found.add("date", year.group(1))
    return found


def _language(found: _Reading, description: str) -> str:
    """101$a: the language a label names or codes, else one the text states ("en anglais"), else
    the one the title's words give away, else French (the description's own language)."""
    labelled = _fold(" ".join(found.parts.get("language", [])))
    stated = _fold(description)
    if labelled in languages():  # "Langue : fre"
        return labelled
    for code, names in _LANGUAGES.items():
        if labelled and any(_fold(n) in labelled for n in names):
            return code
    for code, names in _LANGUAGES.items():
        if any(re.search(rf"\b(?:en|in)\s+{_fold(n)}\b", stated) for n in names):
            return code
    title = found.parts.get("title", []) + found.parts.get("subtitle", [])
    words = set(re.findall(r"[a-zà-ÿ]+", " ".join(title).casefold()))
    scores = {code: len(words & stop) for code, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] else "fre"


def catalogue_by_rules(description: str) -> Record:
    """The student view of a record for `description`, read by rules alone (see the module)."""
    found = _read(description)
    fields: list[DataField] = []
    for isbn in found.parts.get("isbn", []):
        number, _, qualifier = isbn.partition("\x1f")
        fields.append(DataField("010", " ", " ", [Subfield("a", number)]
                                + ([Subfield("b", qualifier)] if qualifier else [])))  # fmt: skip
    fields += [DataField("011", " ", " ", [Subfield("a", v)]) for v in found.parts.get("issn", [])]
    year = _YEAR.search(found.first("date") or "")
    date = year.group(1) if year else ""
    coded = ("d" if date else "u") + date.ljust(4) + "    " + "m  y0" + "   y" + " " * 8 + "ba"
    fields.append(DataField("100", " ", " ", [Subfield("a", " " * 8 + coded)]))
    fields.append(DataField("101", "0", " ", [Subfield("a", _language(found, description))]))
    place = _fold(found.first("place") or "")
    named = _fold(found.first("country") or "")
    country = _COUNTRIES.get(place) or next((c for c, n in _country_names() if n == named), None)
    if country:
        fields.append(DataField("102", " ", " ", [Subfield("a", country)]))
    title = [Subfield("a", _sentence_case(found.first("title") or _tidy(description)[:80]))]
    title += [Subfield("e", v) for v in found.parts.get("subtitle", [])[:1]]
    responsibility = found.first("responsibility")
    names = found.parts.get("names") or [
        n for n in re.split(r"\s*[;,]\s*|\s+(?:et|and)\s+", responsibility or "") if _is_name(n)
    ]
    responsibility = responsibility or ", ".join(names)
    title += [Subfield("f", responsibility)] if responsibility else []
    fields.append(DataField("200", "1", " ", title))
    if edition := found.first("edition"):
        fields.append(DataField("205", " ", " ", [Subfield("a", edition)]))
    publication = [Subfield(c, v) for c, k in (("a", "place"), ("c", "publisher"), ("d", "date"))
                   if (v := found.first(k))]  # fmt: skip
    if publication:
        fields.append(DataField("210", " ", " ", publication))
    physical = [Subfield(c, v) for c, k in (("a", "extent"), ("c", "ill"), ("d", "size"))
                if (v := found.first(k))]  # fmt: skip
    if physical:
        fields.append(DataField("215", " ", " ", physical))
    for series in found.parts.get("series", []):
        number = _SERIES_NUMBER.search(series)
        name = [Subfield("a", _tidy(series[: number.start()] if number else series))]
        fields.append(DataField("225", "2", " ", name + ([Subfield("v", number.group(1))]
                                                         if number else [])))  # fmt: skip
    fields += [DataField("300", " ", " ", [Subfield("a", n)]) for n in found.parts.get("note", [])]
    others = {n: k.split("\x1f")[1] for k, v in found.parts.items() if "\x1f" in k for n in v}
    authors = [n for n in names if _is_name(n) and n not in others]  # a stated role wins
    people = [_person(n, "700" if i == 0 else "701") for i, n in enumerate(authors)]
    people += [_person(n, "702", code) for n, code in others.items() if _is_name(n)]
    fields += people
    kind = _KINDS.get(_fold(found.first("kind") or "").split()[0] if "kind" in found.parts else "")
    leader = normal_leader(f"     n{kind or 'am'}0")
    return student_view(Record(leader, sorted(fields, key=lambda f: f.tag)))
