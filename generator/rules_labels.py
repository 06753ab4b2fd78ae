"""Labelled lines in the rules-only reading (`generator.rules_baseline`): "Titre : ...",
"Publisher - ...", a catalogue's display ("Auteur(s) : Vasseur, Claire. Auteur du texte") and
Dublin Core ("dc:title ..."), a label's typo forgiven.
"""

from __future__ import annotations

import difflib
import re

from generator import rules_label_words as words
from generator import rules_lexicon as lex
from generator.rules_imprint import publication
from generator.rules_layout import body_words
from generator.rules_physical import physical
from generator.rules_places import STATE, is_place
from generator.rules_reading import IMPRINT_PARTS, Reading, date_of, is_name, is_person, tidy
from generator.rules_titles import title_line


def _label_key(label: str) -> str | None:
    """What a folded label names: a whole label of several words (`words.LONG_LABELS`), another
    language's label matched exactly, or its first word as `words.LABELS` knows it, a typo of one
    letter or two forgiven in a word of four or more ("Ttire", "Tile", "Auturs")."""
    parts = [part for part in re.split(r"\s*[,/]\s*", label) if part] if label else []
    if label not in words.LONG_LABELS and len(parts) > 1:  # "Loc / Editură, anul apariţiei"
        keys = {_label_key(part) for part in parts}
        # an imprint's parts named together: the whole area under it; with a town, an
        # "editor" is the publisher Spanish, Portuguese and Romanian name so ("Lugar / Editor")
        if keys & {"publisher", "others\x1f340"} and keys & {"place", "date"}:
            return "publisher"
    if label in words.LONG_LABELS or "," in label:  # "Lieu, éditeur, date"; not "Hugo, V."
        return words.LONG_LABELS.get(label)
    word = re.match(r"[\w\-]*", label).group(0)
    if word in words.FOREIGN_LABELS:
        return words.FOREIGN_LABELS[word]
    if word not in words.LABELS and len(word) >= 4:
        close = difflib.get_close_matches(word, words.LABELS, n=1, cutoff=0.8)
        word = close[0] if close else word
    return words.LABELS.get(word)


# A publisher with the year after it, or with its town in brackets (Gallica, Dublin Core).
_DATED = re.compile(r"^(.+?),\s*(\[?\d{4}\]?(?:-(?:\d{4})?)?)$")
_TOWN_AFTER = re.compile(r"^(.+?)\s+\(([^()]+)\)$")
_TOWN_YEARS = re.compile(r"^(.+?),\s*([^,()]+?)\s*\((\d{4}\s?-?\s?(?:\d{4})?)\s*\)$")
# A serial's publishers one after the other, each with its years: "Plon, Paris (1960-1976);
# Cambridge University Press, London (1977-)", "X (2011-); antes Y (1928-2010)".
_RUN = re.compile(
    r"^(?:(?:antes|previously|formerly|auparavant|puis|then|früher|dann|prima)\s+)?"
    r"(?P<publisher>[^,();]+?)(?:,\s*(?P<place>[^,();]+?))?\s*"
    r"\((?P<dates>\d{4}(?:\s?-\s?(?:\d{4})?)?)\s*\)\.?$",
    re.I,
)


def _history(value: str, found: Reading) -> bool:
    """A serial's publishers after one another (`_RUN`, two at least): the first as the
    imprint, the others each a 210 of its own, as a catalogue records a serial's history."""
    runs = [_RUN.match(part.strip()) for part in value.split(";")]
    if len(runs) < 2 or not all(runs):
        return False
    first, *later = runs
    for key in ("publisher", "place"):
        if first[key]:
            found.add(key, first[key])
    found.add("date", re.sub(r"\s", "", first["dates"]), clean=False)
    for run in later:
        imprint = (
            tidy(run["place"] or ""),
            tidy(run["publisher"]),
            re.sub(r"\s", "", run["dates"]),
        )
        found.add("imprints", IMPRINT_PARTS.join(imprint), clean=False)
    return True


def _town_first(value: str) -> tuple[str, str] | None:
    """A town and the publisher after its comma ("Paris, Guillaumin et cie"); not a town and
    its state ("Sarasota, Fla., etc.")."""
    town, _, publisher = value.partition(", ")
    if publisher and is_place(town) and not STATE.match(publisher.split(",")[0].strip()):
        return town, publisher
    return None


def label_of(line: str) -> tuple[str, str] | None:
    """A "Label : value" line's label as typed and what it names ("Citi autori", "names")."""
    match = words.LABEL.match(line)
    key = _label_key(lex.fold(match.group(1)).strip()) if match else None
    return (match.group(1).strip(), key) if key else None


def short_label(line: str) -> str | None:
    """The label of a "Label : value" line, of three words at most, known or not."""
    match = words.LABEL.match(line)
    return match.group(1) if match and len(match.group(1).split()) <= 3 else None


# A note's own opening words as catalogues write them (ISBD's area 7: "Extrait de : ...",
# "Translation of: ...", "Réunit : ...", "Bibliography: ..."), folded.
_NOTE_OPENING = re.compile(
    r"(?:extr|tire a part|reprint|offprint|sonderdruck|estratto|separata|translat|trad|"
    r"titre original|original title|titulo original|titolo originale|originaltitel|"
    r"en annexe|annexe|appendix|reunit|contient|contains|contenu|includes|comprend|suppl|"
    r"bibliog|index)"
)


def unknown_field(line: str) -> bool:
    """A "Label : value" line, its label short, unknown to the labelled reader and no note's
    opening words: in a display, a field copiste keeps no place for (a screen's "Access: open
    for research", a form's "Krajina vydania: Francúzsko") rather than a note, whose own words
    open it ("Extrait de : Revue ..."); on a card, "Tirage : 100 exemplaires" is a note."""
    label = short_label(line)
    return label is not None and label_of(line) is None and not _NOTE_OPENING.match(lex.fold(label))


def is_label(text: str, whole: bool = False) -> bool:
    """Whether `text` begins with a label the labelled reader knows ("Publicare", "Titre"), or
    is one, `whole` and exact ("Publish Date", not "par Paul Leroy-Beaulieu")."""
    label = lex.fold(text).strip()
    return words.known(label, whole=True) if whole else _label_key(label) is not None


# A YAML file's comment after a value ("end_year: null   # still published").
_YAML_COMMENT = re.compile(r"\s+#\s[^#\n]*$")


def labelled(line: str, found: Reading, only: tuple[str, ...] | None = None) -> bool:
    """A "Label : value" line whose label is known (`words.LABELS`); `only` limits the labels.
    Dublin Core's "dc:title value" is one too."""
    match = words.LABEL.match(re.sub(r"^\s*(?:dc|dcterms):(\w+)\s*:?\s+", r"\1 : ", line))
    if not match:
        return False
    label = lex.fold(match.group(1)).strip()
    key = _label_key(label)
    if key is None or (only is not None and key not in only):
        return False
    value = _YAML_COMMENT.sub("", match.group(2))
    if key == "skip" or (label == "format" and not re.search(r"\d|\bin-", value)):
        return True  # subjects, shelf marks, links; "Format: Book" is no size
    if value in ("null", "~"):  # YAML's empty value
        return True
    if key == "publisher" and re.fullmatch(r"\[?\d{4}\]?(?:\s?[-–]\s?(?:\d{4})?)?\.?", value):
        key = "date"  # "Utgitt: 2003–2004": the label's word is the imprint's, its value a date
    bare = re.sub(r"\s*\([^()]*\)", "", value).split(",")[0]  # no affiliation in brackets
    if key == "others\x1f340" and lex.CORPORATE.search(bare) and "publisher" not in found.parts:
        key = "publisher"  # "Editor: Panama Canal Commission": Spanish's, Italian's "editor"
    if key in ("date", "publisher"):  # a later imprint after a date: "1966-2000; Paris : X"
        value = re.sub(r"(?<=[\d\-\]])\s*;\s+(?=\S)", " ; ", value)
    if key == "publisher":  # a display's closing stop after the year: "..., 1951."
        value = re.sub(r"(?<=\d)\.$", "", value)
    if key == "publisher" and _history(value, found):
        return True
    area = key in ("date", "publisher") and lex.PUBLICATION_AREA.match(value)
    if area and publication(value, found):  # "Publication : Lyon : X, 2021"
        return True
    imprint = key == "publisher" and lex.IMPRINT.match(value)
    if imprint and is_place(imprint.group(1)):  # "Verlag: München : Lindenhof Verlag"
        found.add("place", imprint.group(1))
        found.add("publisher", imprint.group(2))
        return True
    if key == "publisher" and (dated := _DATED.match(value)):  # "G. Stilke, 1914"
        # "Erschienen: Paris, 1907-1964": a town alone is the place; "Esslingen a. N., M.
        # Schreiber, 1911": a town and its publisher
        if town_first := _town_first(dated.group(1)):
            found.add("place", town_first[0])
            found.add("publisher", town_first[1])
        else:
            found.add("place" if is_place(dated.group(1)) else "publisher", dated.group(1))
        found.add("date", dated.group(2), clean=False)
        return True
    if key == "publisher" and (since := _TOWN_YEARS.match(value)) and is_place(since.group(2)):
        found.add("place", since.group(2))  # "Cambridge University Press, Cambridge (2011- )"
        found.add("publisher", since.group(1))
        found.add("date", re.sub(r"\s", "", since.group(3)), clean=False)
        return True
    town = _TOWN_AFTER.match(value)
    named = town.group(2).split(", ")[0] if town else ""  # "X (Villemer, Francia)": its country
    if key == "publisher" and town and is_place(named):  # "Hachette (Paris)"
        found.add("place", named)
        found.add("publisher", town.group(1))
        return True
    publisher, _, town = value.rpartition(", ")
    if key == "publisher" and publisher and is_place(town) and "place" not in found.parts:
        found.add("place", town)  # "Publisher: Harcourt Brace Jovanovich, San Diego"
        found.add("publisher", publisher)
        return True
    if key == "publisher" and (town_first := _town_first(value)):
        found.add("place", town_first[0])  # "Lieu / éditeur : Paris, Guillaumin et cie"
        found.add("publisher", town_first[1])
        return True
    if key == "title":  # a subtitle after English punctuation's colon: ISBD's " : "
        value = re.sub(r"(?<=\w)(?<! ):\s", " : ", value, count=1)
    if key == "title" and re.search(r" / | : |\s=\s", value):  # as a catalogue displays it
        title_line(value, found)
    elif key == "names" or (key == "responsibility" and _heading(value.split(" ; ")[0])):
        # "Auteur(s) : Vasseur, Claire (1978-....). Auteur du texte ; ..." lists access points
        _listed(value, found)
    elif key == "reference":  # "Verfasser u. Titel: Goessler, P.: Die Altertümer ..."
        author, colon, title = value.partition(": ")
        if colon and is_name(author):
            found.add("names", author)
            value = title
        title_line(value, found)
    elif key == "bodies":  # "Organisation(en): Pfarrarchiv Sankt Peter (Zülpich)"
        for name in (tidy(_role_cut(n)) for n in _names(value)):
            found.add("names", name)
            found.add("said bodies", name)
    elif key == "extent" or key == "size":
        pages = key == "extent" and re.fullmatch(r"\d+", value.strip())  # "Nombre de pages : 1232"
        physical(f"{value.strip()} p." if pages else value, found)
    elif key.startswith("others\x1f"):  # "Translator: William Weaver"
        for name in _names(value):
            found.add(key, _role_cut(name))
    elif key == "series":
        found.add("series", value)
    elif key == "start" and re.fullmatch(r"\d{4}", value.strip()):  # "Since: 2007": still going
        found.add("date", f"{value.strip()}-{found.first('end') or ''}", clean=False)
    elif key == "end":  # "End year: 2005" closes the run; "end_year: null" leaves it open
        if year := re.fullmatch(r"\d{4}", value.strip()):
            found.add("end", year[0])
        if year and "date" in found.parts:
            found.parts["date"] = [
                f"{date}{year[0]}" if re.fullmatch(r"\d{4}-", date) else date
                for date in found.parts["date"]
            ]
    elif key in ("date", "start"):
        date = date_of(value)
        found.add("date", date or value, clean=date is None)
    elif key == "publisher" and re.search(r"\w;\s|\(.*\d{4}.*\)", value):  # "X; 2nd ed. (2019)"
        publisher, *others = re.split(r"\s*;\s*", re.sub(r"\s*\(([^)]*)\)", r"; \1", value))
        found.add("publisher", publisher)
        for other in others:
            if edition := lex.EDITION.search(other):
                found.add("edition", edition.group(1))
            elif date := date_of(other):
                found.add("date", date, clean=False)
    else:
        # towns in a citation's English punctuation too ("Roma; Bari: Laterza")
        # and two publishers a bookseller's form sets apart with a slash ("Dentu / La société")
        cut = {"place": r"\s*;\s", "publisher": r" ; | / "}.get(key, " ; ")
        parts = re.split(cut, value)
        for part in parts if key in ("title", "place", "publisher") else [value]:
            found.add(key, part)
    return True


def role_line(line: str, found: Reading) -> bool:
    """A display's name under its label's first, with its role ("Crouzet, Michel (1928-2019).
    Éditeur scientifique" on the line after "Auteur(s) : Stendhal (1783-1842). Auteur du
    texte"): an access point like the first."""
    if _role_cut(line) == line.strip() or not _heading(line):
        return False
    _listed(line, found)
    return True


def _listed(value: str, found: Reading) -> None:
    """Access points from a labelled list of names, each with the role displayed after it."""
    for name in _names(value):
        name, role = _role_cut(name), lex.ROLE_AFTER_NAME.search(name)
        code = lex.ROLES_AFTER.get(lex.fold(role.group(1))) if role else None
        main = code in (None, "070", "230")  # an author, or a score's composer
        found.add("names" if main else f"others\x1f{code}", name)
        if not is_person(name) and name[:1].isupper() and body_words(name):
            found.add("bodies", tidy(name))  # "Mouvement des entreprises de France"


def _heading(name: str) -> bool:
    """A name as a catalogue's heading writes it, its role cut ("Hugo, Victor (1802-1885).
    Auteur du texte", "Stendhal (1783-1842)")."""
    name = _role_cut(name)
    return bool(lex.INVERTED.match(name) or lex.SINGLE_NAME.match(name))


# The others a list of names leaves unnamed: "[et al.]", "et al.", "u. a.", "i in.", "[etc.]".
_OTHERS = re.compile(r",?\s*\[?\b(?:(?i:et al)|u\.\s?a|i in|etc|e\.a)\.?\]?(?=\s*(?:;|$))")


def _names(listed: str) -> list[str]:
    """The names of a labelled list, set off by semicolons; "et"/"and" set off persons only
    ("Marcy, Paul et Morel, Jean", not "Comité des congrès et conférences")."""
    names = []
    listed = lex.BORN.sub(r"(\1-)", listed)  # "Peter Burian (n. 1951)": born in 1951
    listed = _OTHERS.sub("", listed)  # "Arnauné, Auguste [et al.]": the others unnamed
    for part in re.split(r"\s*;\s*(?![^()]*\))", listed):  # not "(1878 ; Paris)"
        persons = re.split(r"\s+(?:et|and)\s+", part)
        names += persons if all(is_name(_role_cut(p)) for p in persons) else [part]
    return names


def _role_cut(name: str) -> str:
    """A name without the role a catalogue displays after it ("Vasseur, Claire (1978-....).
    Auteur du texte")."""
    return lex.ROLE_AFTER_NAME.sub("", name).strip()
