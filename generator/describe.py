"""Varied descriptions of a record: what a person types from the title page and its verso.

A student trained on one rendering learns that rendering, not how to read a description. Real
users write labels or none, in French or English, copy the title in the title page's capitals,
abbreviate (p., ill., cm, éd.) or not, leave parts out, and make typos. `describe` renders one
such description, chosen by a seed, in one of eight forms (`FORMS`): a title page transcription,
a labelled list, the ISBD card of `generator.isbd`, a sentence, a compact line, and (from
`generator.describe_styles`) a bibliography's citation, an online catalogue's display and a
cataloguer's quick typing in small letters.

A description that leaves a part out says so (`Description.omitted`), and `ground` removes those
subfields from the target record, with identifiers no description carries (authority links $3,
ISNI $o, local $9...): a student is never taught to write what it was not told.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.describe_styles import NAME_TAGS, citation, display, person, typed
from generator.isbd import clean, isbd
from validators import DataField, Record
from validators.codes import names

# The forms that can carry every part of a record, and those of other catalogues and
# bibliographies, some of which leave parts out by their style (a citation has no statement of
# responsibility): held-out descriptions, which keep everything, are drawn from the first.
WHOLE_FORMS = ("title_page", "labelled", "isbd", "prose", "compact")
FORMS = (*WHOLE_FORMS, "citation", "display", "typed")
# Subfields no title page, verso or look at the item grounds: links to authority and bibliographic
# records ($0-$3, $5-$9: ids, scripts, local data) and 7XX$o (ISNI and other name identifiers).
_LINK_CODES = frozenset("012356789")  # $4, the relator code, is the role the text states
_NAME_IDENTIFIERS = frozenset({"o"})
# (tag, code) a description may leave out; the target then drops them too.
OPTIONAL = frozenset({("215", "c"), ("215", "d"), ("215", "e"), ("300", "a"), ("320", "a")})
OPTIONAL |= {("010", "b"), ("010", "d")}
_WORDS = re.compile(r"[A-Za-zÀ-ÿ]{5,}")
LABELS = {
    "fr": {
        "title": ("Titre", "Titre propre"),
        "subtitle": ("Sous-titre", "Complément du titre"),
        "responsibility": ("Mention de responsabilité", "Auteur(s)", "Par"),
        "edition": ("Édition",),
        "place": ("Lieu", "Lieu d'édition", "Ville"),
        "publisher": ("Éditeur", "Maison d'édition"),
        "date": ("Date", "Année", "Date de publication"),
        "extent": ("Pagination", "Nombre de pages", "Description matérielle"),
        "size": ("Format", "Dimensions"),
        "series": ("Collection",),
        "note": ("Note", "Remarque"),
        "isbn": ("ISBN",),
        "issn": ("ISSN",),
        "names": ("Auteurs", "Contributeurs", "Noms"),
        "language": ("Langue",),
        "country": ("Pays",),
    },
    "en": {
        "title": ("Title", "Title proper"),
        "subtitle": ("Subtitle", "Other title information"),
        "responsibility": ("Statement of responsibility", "Author(s)", "By"),
        "edition": ("Edition",),
        "place": ("Place", "Place of publication", "City"),
        "publisher": ("Publisher",),
        "date": ("Date", "Year", "Publication date"),
        "extent": ("Pages", "Extent", "Physical description"),
        "size": ("Size", "Dimensions"),
        "series": ("Series",),
        "note": ("Note", "Notes"),
        "isbn": ("ISBN",),
        "issn": ("ISSN",),
        "names": ("Authors", "Contributors", "Names"),
        "language": ("Language",),
        "country": ("Country",),
    },
}
# Abbreviations of the physical description and edition, written out: (pattern, fr, en).
ABBREVIATIONS = (
    (r"(?<=\d) ?p\.", " pages", " pages"),
    (r"\bill\.", "illustrations", "illustrations"),
    (r"\bvol\.", "volume", "volume"),
    (r"(?<=\d) ?cm\b", " centimètres", " centimetres"),
    (r"\béd\.", "édition", "edition"),
    (r"\bfig\.", "figures", "figures"),
)
_FRENCH_LANGUAGES = {
    "fre": "français", "eng": "anglais", "ger": "allemand", "ita": "italien", "spa": "espagnol",
    "lat": "latin", "por": "portugais", "rus": "russe", "rum": "roumain", "ukr": "ukrainien",
    "dut": "néerlandais", "grc": "grec ancien", "gre": "grec", "ara": "arabe", "chi": "chinois",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Description:
    """A description's text, how it was made, and the (tag, code) pairs it leaves out."""

    text: str
    form: str
    lang: str
    omitted: frozenset[tuple[str, str]]


def language_name(code: str, lang: str) -> str:
    code = code.strip().lower()
    if lang == "fr" and code in _FRENCH_LANGUAGES:
        return _FRENCH_LANGUAGES[code]
    return names("iso639-2.tsv").get(code, code)


def _values(record: Record, tag: str, code: str) -> list[str]:
    return [v for v in (clean(x) for x in record.values(tag, code)) if v]


class _Writer:
    """One description in the making: the seeded choices and what was left out."""

    def __init__(self, record: Record, rng: random.Random, lang: str, drop: bool):
        self.record, self.rng, self.lang, self.drop = record, rng, lang, drop
        self.omitted: set[tuple[str, str]] = set()
        self.expand = rng.random() < 0.4
        self.dates = False

    def maybe(self, tag: str, code: str, values: list[str], keep: float = 0.7) -> list[str]:
        """`values`, or nothing (recorded as omitted) when the seed leaves the part out."""
        if values and self.drop and (tag, code) in OPTIONAL and self.rng.random() > keep:
            self.omitted.add((tag, code))
            return []
        return values

    def words(self, text: str) -> str:
        if not self.expand:
            return text
        for pattern, fr, en in ABBREVIATIONS:
            text = re.sub(pattern, fr if self.lang == "fr" else en, text)
        return text

    def parts(self, form: str) -> dict[str, list[str]]:
        r = self.record
        extent = [self.words(v) for v in _values(r, "215", "a")]
        extent += [self.words(v) for v in self.maybe("215", "c", _values(r, "215", "c"))]
        extent += [self.words(v) for v in self.maybe("215", "e", _values(r, "215", "e"))]
        isbns = []
        for f in r.datafields("010"):
            for number in (clean(v) for v in f.values("a")):
                extras = self.maybe("010", "b", [clean(v) for v in f.values("b") if clean(v)])
                extras += self.maybe("010", "d", [clean(v) for v in f.values("d") if clean(v)])
                isbns.append(" ".join([number, *(f"({x})" for x in extras)]))
        publication = r.datafields("210") or r.datafields("214")
        pub_tag = publication[0].tag if publication else "210"
        series = []
        for f in r.datafields("225"):
            text = " : ".join(clean(v) for v in f.values("a") + f.values("e") if clean(v))
            numbers = [clean(v) for v in f.values("v") if clean(v)]
            series.append(f"{text} ; {numbers[0]}" if numbers else text)
        notes = self.maybe("300", "a", _values(r, "300", "a"), keep=0.6)
        notes += self.maybe("320", "a", _values(r, "320", "a"), keep=0.6)
        # A title page prints names in direct order; lists and cards often invert them.
        inverted = form != "title_page" and self.rng.random() < 0.6
        self.dates = inverted and self.rng.random() < 0.5
        return {
            "title": _values(r, "200", "a")[:1] + _values(r, "200", "h") + _values(r, "200", "i"),
            "parallel": _values(r, "200", "d"),
            "subtitle": _values(r, "200", "e"),
            "responsibility": _values(r, "200", "f") + _values(r, "200", "g"),
            "edition": [self.words(v) for v in _values(r, "205", "a")],
            "place": _values(r, pub_tag, "a"),
            "publisher": _values(r, pub_tag, "c"),
            "date": _values(r, pub_tag, "d"),
            "extent": extent,
            "size": [self.words(v) for v in self.maybe("215", "d", _values(r, "215", "d"))],
            "series": series,
            "note": notes,
            "isbn": isbns,
            "issn": _values(r, "011", "a"),
            "names": [
                n
                for tag in NAME_TAGS
                for f in r.datafields(tag)
                if (n := person(f, inverted=inverted, dates=self.dates))
            ],
            "language": [language_name(v, self.lang) for v in _values(r, "101", "a")],
            "country": [names("iso3166-1.tsv").get(v.upper(), v) for v in _values(r, "102", "a")],
        }

    def label(self, key: str) -> str:
        return self.rng.choice(LABELS[self.lang].get(key, (key.capitalize(),)))


def _title_page(w: _Writer, p: dict[str, list[str]]) -> list[str]:
    title = " ; ".join(p["title"])
    if w.rng.random() < 0.5:
        title = title.upper()
    front = [*p["names"], title, *p["parallel"], *p["subtitle"], *p["responsibility"]]
    front += p["edition"] + p["publisher"]
    front.append(" ".join(p["place"] + p["date"]) if w.rng.random() < 0.5 else "")
    if not front[-1]:
        front[-1:] = p["place"] + p["date"]
    verso = [f"ISBN {x}" for x in p["isbn"]] + [f"ISSN {x}" for x in p["issn"]]
    verso += [f"© {p['date'][0]}"] if p["date"] and w.rng.random() < 0.3 else []
    verso += p["series"] + p["note"]
    heading = w.rng.choice(
        {"fr": ("Verso :", "Au verso :", ""), "en": ("Verso:", "Back:", "")}[w.lang]
    )
    lines = [x for x in front if x]
    if verso:
        lines += [""] + ([heading] if heading else []) + verso
    physical = ", ".join(p["extent"] + p["size"])
    if physical:
        lines.append(physical)
    if p["language"] and w.rng.random() < 0.5:
        lines.append(f"{w.label('language')} : {', '.join(p['language'])}")
    return lines


def _labelled(w: _Writer, p: dict[str, list[str]]) -> list[str]:
    keys = [k for k in LABELS[w.lang] if p.get(k)]
    if w.rng.random() < 0.6:
        rest = [k for k in keys if k != "title"]
        w.rng.shuffle(rest)
        keys = ["title", *rest]
    else:
        w.rng.shuffle(keys)
    colon = (
        w.rng.choice((" : ", ": ", " - ", "\t")) if w.lang == "fr" else w.rng.choice((": ", " - "))
    )
    return [f"{w.label(k)}{colon}{' ; '.join(p[k])}" for k in keys]


def _isbd(w: _Writer, p: dict[str, list[str]]) -> list[str]:
    text = isbd(_without(w.record, w.omitted), w.lang)
    if w.rng.random() < 0.4:  # the same card without ISBD's area separators
        text = text.replace(" — ", "\n")
    w.dates = False
    return [w.words(text)]


def _prose(w: _Writer, p: dict[str, list[str]]) -> list[str]:
    fr = w.lang == "fr"
    title = " ; ".join(p["title"] + p["subtitle"])
    text = f"Livre intitulé « {title} »" if fr else f'A book titled "{title}"'
    if p["names"]:
        text += (" de " if fr else " by ") + (" et " if fr else " and ").join(p["names"])
    if p["responsibility"]:
        text += f" ({' ; '.join(p['responsibility'])})"
    published = ", ".join(p["publisher"] + p["place"] + p["date"])
    if published:
        text += (", publié chez " if fr else ", published by ") + published
    sentences = [text + "."]
    extras = p["edition"] + p["extent"] + p["size"] + p["series"] + p["note"]
    extras += [f"ISBN {x}" for x in p["isbn"]] + [f"ISSN {x}" for x in p["issn"]]
    if extras:
        sentences.append(". ".join(extras) + ".")
    if p["language"]:
        sentences.append(("En " if fr else "In ") + ", ".join(p["language"]) + ".")
    return [" ".join(sentences)]


def _compact(w: _Writer, p: dict[str, list[str]]) -> list[str]:
    order = ("names", "title", "parallel", "subtitle", "responsibility", "edition", "publisher",
             "place", "date", "extent", "size", "series", "note", "isbn", "issn")  # fmt: skip
    sep = w.rng.choice((", ", " / ", " | ", " - "))
    return [sep.join(v for k in order for v in p[k])]


RENDERERS: dict[str, Callable[[_Writer, dict[str, list[str]]], list[str]]] = {
    "title_page": _title_page,
    "labelled": _labelled,
    "isbd": _isbd,
    "prose": _prose,
    "compact": _compact,
    "citation": citation,
    "display": display,
    "typed": typed,
}


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def _noise(lines: list[str], rng: random.Random, protect: list[str]) -> list[str]:
    """One or two typos in the words around the values (labels, headings: never in a value the
    target copies, or the student would learn to miscopy), and a stray break or space."""
    text = "\n".join(lines)
    spared = " ".join(protect).casefold()
    words = [m for m in _WORDS.finditer(text) if m.group(0).casefold() not in spared]
    for match in sorted(
        rng.sample(words, min(len(words), rng.randint(1, 2))), key=lambda m: -m.start()
    ):
        text = text[: match.start()] + _typo(match.group(0), rng) + text[match.end() :]
    if rng.random() < 0.5:
        text = text.replace(", ", ",\n", 1)
    if rng.random() < 0.3:
        text = text.replace(" ", "  ", 1)
    return text.splitlines()


def describe(
    record: Record,
    seed: int | str,
    *,
    form: str | None = None,
    lang: str | None = None,
    noise: float = 0.3,
    drop: bool = True,
) -> Description:
    """One description of `record`, all of whose choices come from `seed`.

    `drop=False` keeps every optional part and draws the form from `WHOLE_FORMS` (the held-out
    descriptions use it, so the gold record is the whole student view; a citation named in
    `form` still leaves out what its style does); `noise` is the chance of light typos.
    """
    rng = random.Random(f"{seed}")
    lang = lang or rng.choice(("fr", "fr", "en"))
    form = form or rng.choice(FORMS if drop else WHOLE_FORMS)
    writer = _Writer(record, rng, lang, drop)
    parts = writer.parts(form)
    lines = RENDERERS[form](writer, parts)
    if rng.random() < noise:
        lines = _noise(lines, rng, [v for values in parts.values() for v in values])
    if not writer.dates:
        writer.omitted |= {(f.tag, "f") for f in record.data_fields if f.tag in NAME_TAGS}
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return Description(text, form, lang, frozenset(writer.omitted))


def descriptions(
    record: Record, k: int, seed: int | str, *, noise: float = 0.3
) -> list[Description]:
    """`k` descriptions of `record` with distinct texts (fewer if the record allows fewer),
    cycling through the forms so each record is seen in several."""
    out: list[Description] = []
    seen: set[str] = set()
    rng = random.Random(f"forms:{seed}")
    forms = list(FORMS)
    rng.shuffle(forms)
    for attempt in range(k * 4):
        if len(out) == k:
            break
        form = forms[attempt % len(forms)]
        found = describe(record, f"{seed}:{attempt}", form=form, noise=noise)
        if found.text not in seen:
            seen.add(found.text)
            out.append(found)
    return out


def _without(record: Record, omitted: frozenset[tuple[str, str]] | set[tuple[str, str]]) -> Record:
    fields = []
    for f in record.fields:
        if isinstance(f, DataField):
            subs = [s for s in f.subfields if (f.tag, s.code) not in omitted]
            if not subs:
                continue
            f = DataField(f.tag, f.ind1, f.ind2, subs)
        fields.append(f)
    return Record(record.leader, fields)


def ground(record: Record, description: Description) -> Record:
    """`record` without what `description` leaves out and without identifiers no description
    carries: the target a student can learn from that description."""
    never = {
        (f.tag, s.code)
        for f in record.data_fields
        for s in f.subfields
        if s.code in _LINK_CODES or (f.tag in NAME_TAGS and s.code in _NAME_IDENTIFIERS)
    }
    return _without(record, description.omitted | never)
