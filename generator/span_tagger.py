"""The parts of a description the rules left unread, tagged by a CRF learnt from many styles.

The rules read the styles they were written for; on a style never read they leave parts out
(recall 0.47 on the hand-written styles, where precision is 0.67) and what they did read off one
round carried 0.000-0.004 F1 to the next (issue 11). A linear-chain CRF over the description's
words (`python-crfsuite`) learns where each part stands from how it looks and what surrounds it,
in any language: casing, digits, punctuation, the line's label as `rules_labels` knows it, the
position in the line, what the line holds (a year, how many words), a town, a publisher's or a
body's word, the words on either side. `bench/span_tagger.py` fits it
(`span_tagger.crfsuite`) on descriptions of train records only: copiste's own renderings and the
hand-written styles of `distill/data/descriptions.styles_dev.jsonl` before the held-out rounds,
each word labelled by where its record's subfield values stand in the description.

It fills only what the rules found nothing for (`fill_gaps`): where a reader found a part, the
reader's is kept, as it reads the styles it knows better than the tagger does. The one part it
may replace is a title the rules took by position alone (the first line no reader claimed), and
only where it is sure of its own (`sure_title`): fitted on rounds 1-26 (ninth session's
features), it named the titles of rounds 27-33 right 67 times of 172 where the rules did 45.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pycrfsuite

from generator import rules_lexicon as lex
from generator.checks import fold
from generator.rules_label_words import LABEL
from generator.rules_labels import label_of
from generator.rules_places import is_place
from generator.rules_reading import Reading, tidy
from generator.rules_typing import bounded_blanks, plain_line_ends, straightened
from validators import Record

MODEL = Path(__file__).with_name("span_tagger.crfsuite")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
# What each label stands for in a record, and the labels of names: a person's surname (NA) and
# forename (NB), a body (KA).
LABELS = {
    ("200", "a"): "T", ("200", "e"): "E", ("200", "f"): "F", ("200", "g"): "G",
    ("205", "a"): "ED", ("210", "a"): "P", ("210", "c"): "C", ("210", "d"): "D",
    ("215", "a"): "X", ("215", "c"): "Y", ("215", "d"): "Z", ("225", "a"): "S",
    ("225", "v"): "V", ("010", "a"): "I", ("011", "a"): "I",
}  # fmt: skip
_PERSONS, _BODIES = ("700", "701", "702"), ("710", "711", "712")
# The Reading's part each label fills. Not the title (the rules always give one, weighed by
# `title_choice`), nor the date, identifiers or 200$g: filling them gained nothing measured.
PARTS = {
    "E": "subtitle", "F": "responsibility", "ED": "edition", "P": "place", "C": "publisher",
    "X": "extent", "Y": "ill", "Z": "size",
}  # fmt: skip


# How sure the tagger must be of its title to stand for one the rules took by position: chosen
# on hand-written rounds 23-26 and the validation records with a tagger fitted as the shipped
# one is (features, hand weight) on rounds 1-22: 0.4 to 0.8 read within 0.002 of each other
# there (0.4 the highest, lower on the validation records in other styles); each refit moves
# the marginals: `bench/span_tagger.py --title-sure 0.4,0.5,...` weighs it again.
TITLE_SURE = 0.5


# The parts the rules read that no title of the tagger's may take: names, statements, imprint.
_NOT_TITLES = ("names", "name lines", "responsibility", "publisher", "place", "series")


class Token(NamedTuple):
    text: str
    start: int
    end: int


class Span(NamedTuple):
    """A span the tagger labelled, and how sure it is of it: the least marginal probability of
    its words' labels (a span is only as sure as its weakest word)."""

    text: str
    sure: float


def plain(description: str) -> str:
    """The text the tagger reads, when fitted and when run: line ends made plain, quotes set
    straight and a card's lines joined as the rules read them (`straightened`), and a lone
    surrogate (a broken escape in a JSON line) made "?", which keeps every offset; runs of
    blanks cut (`bounded_blanks`)."""
    description = plain_line_ends(bounded_blanks(description))
    return straightened(description.encode("utf-8", "replace").decode("utf-8"))


def tokens(description: str) -> list[Token]:
    """Words (with their inner apostrophes: "l'Aube") and marks, each with its offsets."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(description)]


def _shape(word: str) -> str:
    shape = re.sub(r"\d", "d", re.sub(r"[^\W\d_]", lambda m: "X" if m[0].isupper() else "x", word))
    return re.sub(r"(.)\1+", r"\1\1", shape)[:6]


def _own(description: str, found: list[Token]) -> tuple[list[dict[str, float | str]], list[int]]:
    """Each word's own features (its form, where it stands in its line and among the lines that
    hold words, what its line holds) and its line's number. Places and lengths are categories
    ("il=3"), not magnitudes one weight scales (as categories they gained 0.005 on held-out
    rounds 27-33)."""
    lines = description.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    # blank lines do not count: a trailing newline must not move the last line's place
    filled = [n for n, line in enumerate(lines) if line.strip()]
    rank = {n: i for i, n in enumerate(filled)}
    # what each labelled line's label names, and where its value begins ("Éditeur - Paris :
    # Gallimard": after " - ", not at the colon)
    heads = {}
    for n, line in enumerate(lines):
        if (known := label_of(line)) and (match := LABEL.match(line)):
            heads[n] = (known[1], starts[n] + match.start(2))
    # each token's line; what each line holds: a year, how many words, how many tokens
    rows = [bisect.bisect_right(starts, token.start) - 1 for token in found]
    yeared = [bool(lex.YEAR.search(line)) for line in lines]
    worded = [len(re.findall(r"\w+", line)) for line in lines]
    counts = Counter(rows)
    depth, quotes, at = 0, 0, -1
    own = []
    for n, (word, start, _) in enumerate(found):
        row = rows[n]
        at = at + 1 if n and rows[n - 1] == row else 0
        f: dict[str, float | str] = {
            "w": fold(word) or word, "sh": _shape(word), "len": str(min(len(word), 8)),
            "up": float(word.isupper() and len(word) > 1), "ti": float(word.istitle()),
            "dig": float(word.isdigit()), "yr": float(bool(lex.YEAR.fullmatch(word))),
            "il": str(min(at, 6)), "ln": str(min(rank[row], 5)),
            "lnl": str(min(len(filled) - 1 - rank[row], 3)),
            "dep": float(depth > 0), "q": float(quotes % 2 == 1),
            "place": float(word[:1].isupper() and is_place(word)),
            "lyr": float(yeared[row]), "lw": str(min(worded[row], 12) // 3),
            "last": float(at == counts[row] - 1),
            "pubw": float(bool(lex.PUBLISHER_WORDS.fullmatch(word))),
            "corp": float(bool(lex.CORPORATE.fullmatch(word))),
        }  # fmt: skip
        if row in heads:  # the line's label, as `rules_labels` knows it, or the label's words
            key, value_at = heads[row]
            f["lab" if start >= value_at else "inlab"] = key if start >= value_at else 1.0
        depth = depth + (word in "([") - (word in ")]" and depth > 0)
        quotes += word in '"«“»”'
        own.append(f)
    return own, rows


def features(description: str) -> list[dict[str, float]]:
    """Each word's features and its neighbours' (two each side), as pycrfsuite takes them: a
    string value becomes the feature "name=value" of weight 1."""
    own, rows = _own(description, tokens(description))
    out = []
    for i, f in enumerate(own):
        row = dict(f)
        for step in (-2, -1, 1, 2):
            j = i + step
            if not 0 <= j < len(own):
                row[f"{step}:edge"] = 1.0
                continue
            row[f"{step}:w"], row[f"{step}:sh"] = own[j]["w"], own[j]["sh"]
            if rows[j] != rows[i]:
                row[f"{step}:nl"] = 1.0
        out.append({(f"{k}={v}" if isinstance(v, str) else k): (1.0 if isinstance(v, str) else v)
                    for k, v in row.items() if v})  # fmt: skip
    return out


def labelled(description: str, record: Record) -> list[str]:
    """Each word's label (BIO) from where `record`'s values stand in `description`: the longest
    values first, each at its first place not yet labelled, words compared folded (a token
    "l'Aube" is the two words "l aube" a value folds to)."""
    found = tokens(description)
    words = [(i, word) for i, t in enumerate(found) for word in fold(t.text).split()]
    sequence = [word for _, word in words]
    values = []
    for field in record.data_fields:
        for sub in field.subfields:
            label = LABELS.get((field.tag, sub.code))
            if field.tag in _PERSONS + _BODIES and sub.code in "ab":
                label = ("N" if field.tag in _PERSONS else "K") + sub.code.upper()
            if label and (wanted := fold(sub.value).split()):
                values.append((label, wanted))
    tags = ["O"] * len(found)
    for label, wanted in sorted(values, key=lambda v: -len(" ".join(v[1]))):
        for k in range(len(sequence) - len(wanted) + 1):
            first, last = words[k][0], words[k + len(wanted) - 1][0]
            if sequence[k : k + len(wanted)] == wanted and set(tags[first : last + 1]) == {"O"}:
                tags[first : last + 1] = [f"B-{label}"] + [f"I-{label}"] * (last - first)
                break
    return tags


# One tagger per model is shared by the threads of a server's jobs: tagging and reading the
# marginals of what was tagged must not interleave.
_TAGGING = threading.Lock()


@cache
def _tagger(model: Path) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return tagger


def _closed(description: str, start: int, end: int) -> int:
    """A span's end moved past the marks that close it, which tokens leave out: a bracket it
    opened ("1 vol. (28 p.)"), a format's degree ("in-8°"), the full stop of a short
    abbreviation ("308 p.", "Menasha, Wis.")."""
    for _ in range(3):
        text, after = description[start:end], description[end : end + 1]
        opened = {")": "(", "]": "["}.get(after)
        closes = (opened and text.count(opened) > text.count(after)) or after == "°"
        if not closes and not (after == "." and re.search(r"(?:^|\W)[^\W\d_]{1,4}$", text)):
            return end
        end += 1
    return end


def tagged(description: str, model: Path = MODEL) -> dict[str, list[Span]]:
    """The spans the tagger labels in `plain(description)`, by label, in their order."""
    description = plain(description)
    found = tokens(description)
    if not found:
        return {}
    spans: dict[str, list[Span]] = defaultdict(list)
    tagger = _tagger(model)
    with _TAGGING:  # a tagger keeps the words it tagged last, which its marginals read
        labels = tagger.tag(features(description))
        sureness = [tagger.marginal(label, k) for k, label in enumerate(labels)]
    at = 0
    while at < len(found):
        if labels[at] == "O":
            at += 1
            continue
        label, first = labels[at][2:], at
        at += 1
        while at < len(found) and labels[at] == f"I-{label}":
            at += 1
        start, end = found[first].start, _closed(description, found[first].start, found[at - 1].end)
        spans[label].append(Span(description[start:end], min(sureness[first:at])))
    return dict(spans)


def sure_title(found: Reading, spans: dict[str, list[Span]]) -> str | None:
    """The tagger's title where it is sure of it (`TITLE_SURE`), to stand for a title the rules
    took by position alone; never a part the rules read as someone's or as the imprint. The
    rules' subtitle gives way, and a note it names: a title by position is often a heading above
    the title, which the rules then read as the subtitle (on rounds 23-26, with a tagger fitted
    on rounds 1-22, the tagger was right 11 times of 12 there), or the line under a heading
    (rounds 34-37: 0.518 -> 0.525 with the rules' subtitle dropped, the k=2 corpus unmoved)."""
    title = spans.get("T", [None])[0]
    if not title or title.sure < TITLE_SURE:
        return None
    theirs, key = fold(found.first("title") or ""), fold(title.text)
    # the rules' title stands where the tagger reads it as a title too, reads its opening
    # words only ("Lieder und Balladen" of "Lieder und Balladen... mit Piano... Op. 18") or
    # runs it on into what the rules read as its subtitle ("LA DISTINCTION ⏎ CRITIQUE ..."),
    # word by word ("Hi" is no opening of "Histoire")
    read_as_titles = [folded for span in spans["T"] if (folded := fold(span.text))]
    if not key or any(_opens(theirs, t) or _opens(t, theirs) for t in read_as_titles if theirs):
        return None
    if any(key == fold(v) for part in _NOT_TITLES for v in found.parts.get(part, [])):
        return None
    # the rules' subtitle was read against their title (the line under it): it goes with it,
    # and the tagger's own fills its place (`fill_gaps`); a note equal to the title goes too
    found.parts.pop("subtitle", None)
    found.parts["note"] = [v for v in found.parts.get("note", []) if fold(v) != key]
    return tidy(title.text)


def _opens(words: str, opening: str) -> bool:
    """Whether `words` open on all of `opening`'s, word by word."""
    return f"{words} ".startswith(f"{opening} ")


def fill_gaps(found: Reading, spans: dict[str, list[Span]]) -> None:
    """Add to `found` the parts the tagger found (`tagged`) where the rules found none: the
    areas of `PARTS` and a series with its number. A span the rules read as another part stays
    that part ("Publisher: Harper" read as the publisher is no place; a format read as the size
    is no extent). Names are left to the rules: filled from the tagger, they moved no held-out
    figure (rounds 31-33 0.468 with them, 0.467 without) and wrote access points a cataloguer
    would strike ("Heimatkunde, Zeitschrift")."""
    read = {fold(value) for values in found.parts.values() for value in values}

    def first(label: str) -> str:
        return spans[label][0].text if label in spans else ""

    # a later statement the rules read, inside the one tagged or around it ("Traduit du chinois
    # par X" read, "Traduit du chinois par X... [Publ. par Y" tagged): no first statement
    later = [fold(more) for more in found.parts.get("more", [])]
    # ... nor one that holds the title read ("Victor. Essai sur Colbert et Turgot")
    titles = [fold(title) for title in found.parts.get("title", []) if len(title) > 10]

    def restated(folded: str) -> bool:
        return any(m in folded or folded in m for m in later) or any(t in folded for t in titles)

    for label, part in PARTS.items():
        chosen = first(label)
        if chosen and not found.parts.get(part) and fold(chosen) not in read:
            if part == "responsibility" and restated(fold(chosen)):
                continue
            found.add(part, chosen)
    series, number = first("S"), first("V")
    if series and not found.parts.get("series") and fold(series) not in read:
        found.add("series", f"{series} ; {number}" if number.isdigit() else series)
