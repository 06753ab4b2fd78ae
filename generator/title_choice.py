"""A second opinion on the rules' title, learnt from descriptions in styles nobody wrote rules for.

The rules read the styles they were written for and carry little to styles never read: rounds
23-28 of `distill/data/descriptions.styles_dev.jsonl` gained 0.000-0.004 F1 from what the rounds
before them had taught (issue 11). What does carry from one style to the next is how a title
looks: where it stands, how it is cased, what comes after it (a town, a publisher's word, a
year, ISBD's " / "), what label is in front of it. So a description is cut at its punctuation
into spans of one to four parts, each span is described by such features, and a linear model
scores them; its weights (`title_weights.json`) are fitted by `bench/title_choice.py` on
descriptions of train records only: copiste's own renderings and the hand-written styles.

Only a title the rules took by position (the first line no reader claimed, `Reading.
title_by_position`) or none at all is weighed: one a reader vouched for (a label, quotes, ISBD
areas, a citation's order) stands. A title by position gives way to a span that outscores it by
the margin (in the model's log-odds) the fit chose on copiste's renderings and the fitted
rounds: on copiste's own renderings the first line is the title nine times in ten, in a letter
it is the greeting ("Kính gửi Thư viện") and the book is named further down; where the rules
found none, the best span is the title.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from generator import rules_geography as geo
from generator import rules_lexicon as lex
from generator.checks import fold
from generator.rules_labels import label_of
from generator.rules_places import is_place
from generator.rules_reading import Reading, is_name
from generator.rules_typing import plain_line_ends

WEIGHTS = Path(__file__).with_name("title_weights.json")
# Where a description's parts meet: lines, cells, sentences, ISBD's and citations' punctuation,
# quotes and brackets.
_CUT = re.compile(
    r"\n|\t|[^\S\n]*\|[^\S\n]*|(?<=[^\s.A-Z])\.[^\S\n]+|,[^\S\n]+|[^\S\n]*:[^\S\n]+"
    r"|[^\S\n]+[–—-][^\S\n]+|[^\S\n]*/[^\S\n]+|[^\S\n]*;[^\S\n]+"
    r"|[^\S\n]*[«»“”„\"()\[\]][^\S\n]*|[^\S\n]+=[^\S\n]+"
)
_LABEL = re.compile(r"(?:^|\n|\|)\s*[\w .'’/-]{1,30}?\s*:\s*$")
# The words the lexicon tells a title's language by, small ones mostly ("le", "the", "der"):
# running sentences are full of them.
_SMALL_WORDS = frozenset().union(*geo.STOPWORDS.values())
# The parts the rules read as something else than the title: no second opinion picks them.
_ELSEWHERE = ("subtitle", "responsibility", "more", "names", "name lines", "bodies", "publisher",
              "place", "series")  # fmt: skip
_MOST_PARTS = 4
_LONGEST = 250


class Span(NamedTuple):
    text: str
    start: int
    end: int
    parts: int


def spans(description: str) -> list[Span]:
    """Every run of one to four consecutive parts within a line, each once."""
    return list(_keyed_spans(description).values())


def _keyed_spans(description: str) -> dict[str, Span]:
    cuts = [(m.start(), m.end()) for m in _CUT.finditer(description)]
    starts = [0] + [end for _, end in cuts]
    ends = [start for start, _ in cuts] + [len(description)]
    found: dict[str, Span] = {}
    for i, start in enumerate(starts):
        for j in range(i, min(i + _MOST_PARTS, len(ends))):
            text = description[start : ends[j]].strip(' .,;:–—-«»“”„"()[]')
            if text and len(text) <= _LONGEST and "\n" not in text and (key := fold(text)):
                at = description.index(text, start)
                found.setdefault(key, Span(text, at, at + len(text), j - i + 1))
    return found


def features(description: str, span: Span) -> dict[str, float]:
    """What a title looks like from the outside, in any language: no word of the rules' own."""
    text, before, after = span.text, description[: span.start], description[span.end :]
    line_start = before.rfind("\n") + 1
    line_end = description.find("\n", span.end)
    line = description[line_start : line_end if line_end >= 0 else len(description)]
    in_line = description[line_start : span.start]
    words = text.split()
    f = {
        "relpos": span.start / max(1, len(description)),
        "first": float(span.start == 0),
        "line0": float(before.count("\n") == 0),
        "line1": float(before.count("\n") == 1),
        "line_late": float(before.count("\n") >= 3),
        "starts_line": float(not in_line.strip()),
        "ends_line": float(not line[len(in_line) + len(text) :].strip(" .,;:")),
        "parts": float(span.parts),
        "parts1": float(span.parts == 1),
        "loglen": math.log(1 + len(text)) / 5,
        "cap_first": float(text[:1].isupper()),
        "lower_start": float(text[:1].islower()),
        "cap_ratio": sum(w[:1].isupper() for w in words) / len(words),
        "allcaps": float(text.isupper()),
        "lower_words": sum(w[:1].islower() and w.lower() not in _SMALL_WORDS for w in words)
        / len(words),
        "stopfrac": sum(w.lower() in _SMALL_WORDS for w in words) / len(words),
        "long_line": float(len(line.split()) >= 15),
        "line_words": min(len(line.split()), 60) / 60,
        "digit": float(any(c.isdigit() for c in text)),
        "digits_ratio": sum(c.isdigit() for c in text) / len(text),
        "year": float(bool(lex.YEAR.search(text))),
        "pages": float(bool(re.search(r"\d+\s*(?:p\.|pp|pages|S\.|s\.|f\.)", text))),
        "isbn": float(bool(re.search(r"ISBN|ISSN|\d{3,}-\d", text))),
        "url": float(bool(re.search(r"https?:|www\.|\.(?:com|org|fr)\b", text))),
        "time": float(bool(re.search(r"\d{1,2}:\d{2}", text))),
        "q_or_excl": float(bool(re.search(r"[?!]", text))),
        "label_inside": float(bool(re.match(r"^[\w .'’]{1,25}:\s", text))),
        "by": float(bool(re.search(r"\b(?:by|par|von|di|de)\s+[A-Z]|\bed\.|\béd\.|\bHrsg", text))),
        "name": float(is_name(text)),
        "place": float(is_place(text)),
        "pubword": float(bool(lex.PUBLISHER_WORDS.search(text))),
        "body": float(bool(lex.CORPORATE.search(text))),
        "w1": float(len(words) == 1),
        "w2": float(2 <= len(words) <= 3),
        "w4": float(4 <= len(words) <= 8),
        "w9": float(9 <= len(words) <= 15),
        "w16": float(len(words) >= 16),
    }
    f |= _surroundings(before, after, in_line, text, f["starts_line"] > 0, len(words))
    return f


def _surroundings(
    before: str, after: str, in_line: str, text: str, starts_line: bool, words: int
) -> dict[str, float]:
    """What stands just before and after the span: quotes, a label, the punctuation between
    areas, and, soon after a title, its imprint."""
    # " " where nothing stands: `"" in "«..."` would be true
    opened, closed = before.rstrip()[-1:] or " ", after.lstrip()[:1] or " "
    labelled = label_of(in_line + text) if in_line.strip() else None
    if not (labelled and len(in_line.strip()) <= 45 and in_line.rstrip(" .\t")[-1:] in ":：\t-"):
        labelled = None
    following = re.split(r"[,:;\n(]|\s[–—-]\s|\.\s", after.lstrip(" ,.:;–—-("), maxsplit=1)[0]
    prior = re.split(r"[,:\n]\s*", before.rstrip(" ,:;.–—-"))[-1].strip() if before else ""
    return {
        "quoted": float(opened in "«\"“„‚'" and closed in "»\"”“'"),
        "bracketed": float(opened in "[(" and closed in "])"),
        "title_label": float(bool(labelled) and labelled[1] == "title"),
        "other_label": float(bool(labelled) and labelled[1] != "title"),
        "any_label": float(bool(_LABEL.search(before[-40:])) and not labelled),
        "after_colon": float(before.rstrip().endswith(":")),
        "after_comma": float(before.rstrip().endswith(",")),
        "after_dash": float(opened in "–—-"),
        "after_period": float(before.rstrip().endswith(".")),
        "after_name": float(bool(prior) and is_name(prior)),
        "before_slash": float(closed == "/"),
        "before_colon": float(closed == ":"),
        "colon_tight": float(after.startswith(":")),
        "before_paren": float(closed == "("),
        "before_comma": float(closed == ","),
        "before_period": float(closed == "."),
        "label_key": float(starts_line and closed == ":" and words <= 3),
        "word_then_colon": float(starts_line and closed == ":" and words == 1),  # "Couverture :"
        "next_place": float(bool(following.strip()) and is_place(following.strip())),
        "year_soon": float(bool(lex.YEAR.search(after[:90]))),
        "pub_soon": float(bool(lex.PUBLISHER_WORDS.search(after[:90]))),
    }


def candidates(description: str, title: str) -> list[tuple[Span, dict[str, float]]]:
    """The spans and the rules' own title among them (added where no span is it)."""
    found = _keyed_spans(description)
    if title and fold(title) not in found:
        at = max(description.find(title), 0)
        found[fold(title)] = Span(title, at, at + len(title), 1)
    return [(span, features(description, span)) for span in found.values()]


@cache
def _model() -> tuple[dict[str, float], float]:
    fitted = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return fitted["weights"], fitted["margin"]


def score(weights: dict[str, float], found: dict[str, float]) -> float:
    return sum(weights.get(name, 0.0) * value for name, value in found.items())


def weighed(found: Reading) -> bool:
    """Whether the model is asked about the rules' title: one taken by position (the first line
    no reader claimed) or none at all; a title a reader vouched for stands."""
    return found.first("title") is None or found.title_by_position


def better_title(description: str, found: Reading) -> str | None:
    """A span of `description` the fitted model prefers to the title the rules `found`, if
    they took theirs by position or found none (`weighed`)."""
    if not weighed(found):
        return None
    description = plain_line_ends(description)
    title = found.first("title")
    return second_opinion(description, candidates(description, title or ""), found, *_model())


def _line_after(description: str, span: Span) -> str:
    end = description.find("\n", span.end)
    return description[span.end : end if end >= 0 else len(description)]


def _vouched(after: str, found: dict[str, float]) -> bool:
    """Whether what follows the rules' title on its line says it is one: ISBD's " / " or " : "
    (a title area, whatever its words), or its imprint (a town or a publisher, and a year)."""
    imprint = (found["next_place"] or found["pub_soon"]) and lex.YEAR.search(after)
    return bool(re.search(r"\s[/:]\s", after) or imprint)


def second_opinion(
    description: str,
    found: list[tuple[Span, dict[str, float]]],
    reading: Reading,
    weights: dict[str, float],
    margin: float,
) -> str | None:
    """`better_title` on spans already described (the fit scores each description's once):
    the best span where the rules found no title, else one that beats theirs by `margin`; never
    a part the rules read as something else (a name, a subtitle, a publisher, a place)."""
    title = reading.first("title")
    own = fold(title) if title is not None else None
    keyed = [(fold(span.text), span, f) for span, f in found]
    theirs = next(((span, f) for key, span, f in keyed if key == own), None)
    if theirs and _vouched(_line_after(description, theirs[0]), theirs[1]):
        return None
    elsewhere = {fold(v) for key in _ELSEWHERE for v in reading.parts.get(key, [])} - {own}
    # a line's first words before a colon are its label ("Le livre : Germinal"), not a title
    scored = [
        (score(weights, f), span.text, key)
        for key, span, f in keyed
        if key == own or (not f["label_key"] and key not in elsewhere)
    ]
    if not scored:
        return None
    best, text, picked = max(scored)
    if own is None:
        return text
    mine = next((s for s, _, key in scored if key == own), None)
    words, theirs_words = picked.split(), own.split()
    if own and words[: len(theirs_words)] == theirs_words:
        return None  # the title and more words: where it ends the rules said (", by X", ": Y")
    if f" {picked} " in f" {own} " and theirs_words[: len(words)] != words:
        return None  # words from inside the title: the end of a title is no title
    return None if mine is not None and best - mine <= margin else text
