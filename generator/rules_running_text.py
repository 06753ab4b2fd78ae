"""A reference cited inside running text, cut out of it for the rules-only reading
(`generator.rules_pasted.set_aside`): a letter's "... pensavo di citare dalla traduzione,
cioè A. Honneth, L'idea di socialismo, Milano, Feltrinelli, 2016 (Campi del sapere), 152 p.
Secondo lei ...", an article's "(vgl. Reserve Bank of New Zealand, Annual report, Wellington:
Reserve Bank of New Zealand, 1997 ff.)", a request's "... la obra Sourcebook of Korean
civilization, ed. by Peter H. Lee (New York, Columbia University Press, 1993- ; ...)".

Why a cut: the sentence around the reference is no part of the record, and read whole its
first words are a title; the reference itself, alone, is a citation the other readers know. A
quoted title's prose ("le livre « X » de Y, publié chez Z") is `generator.rules_prose`'s.
"""

from __future__ import annotations

import re

from generator.rules_places import is_place
from generator.rules_reading import is_person

# A town, its publisher and the year, as a citation in a sentence gives them.
_IMPRINT = re.compile(
    r"(?P<town>[A-ZÀ-ÝЀ-Я][\w'’\-]+(?:[ -][\w'’\-]+){0,2})\s?[:,]\s(?P<publisher>[^,;:()]{2,60}?)"
    r",?\s(?P<year>(?:1[5-9]|20)\d\d)(?:\s?-(?!\d)|\s?ff\.)?"
)
# What opens a reference in a sentence: "cioè", "d. h.", "i.e.", "vgl.", "cf.", "voir", "la
# obra", "la revista", "la revue".
_CUE = re.compile(
    r"\b(?:cioè|ossia|d\.\s?h\.|i\.\s?e\.|namely|vgl\.|cf\.|cfr\.|voir|siehe|see|es decir|"
    r"à savoir|la obra|la revista|la revue|la rivista|die Zeitschrift|the journal)\s+"
    r"|(?:^|(?<=[.!?]\s))(?:In|Dans|En|Nel|Em|Im)\s+(?=[A-ZÀ-ÝЀ-Я])"  # "In Title (Paris: X 1899)"
)
# With no cue, the author's name and its comma before the title and its bracketed imprint.
_NAMED_BEFORE = re.compile(
    r"(?<![\w'’\-.])([A-ZÀ-ÝЀ-Я][\w'’\-.]+(?:\s[A-ZÀ-ÝЀ-Я][\w'’\-.]+){1,2}),\s"
    # the title: a capital first, twelve words at most, one comma at most, in one sentence
    r"(?=[A-ZÀ-ÝЀ-Я])(?!(?:\S+\s+){12})(?![^,(]*,[^,(]*,)(?:(?!\.\s)[^()!?;]){3,150}?\s\($"
)
# A greeting just before a name: the person written to, no author ("Dear colleagues, Maria X,").
_GREETED = re.compile(
    r"(?i:\b(?:dear|hello|hi|bonjour|chère?s?|liebe[rs]?|hallo|cara|caro|querid[oa]s?|hola|beste)"
    r"\b[^.!?]{0,30})$"
)
# What a reference goes on with after its year: an extent, a series in brackets, a designation,
# an ISBN.
_AFTER = re.compile(
    r"(?:\s?\)|\s?\([^()]{2,80}\)|\s?\[[^\[\]]{3,40}\]|,?\s\d+\s?(?:p|pp|S|pages|páginas|pagine)\.?"
    r"|[,;]?\s(?:ISBN|ISSN)[:\s]*[\dXx-]+)*"
)


def cited_in_text(text: str) -> str | None:
    """The reference a long sentence cites after its cue ("cioè", "vgl.", "la obra"), as a
    citation on its own line; None when the text is no running text (under 25 words, a quoted
    title's, a list's) or cites none so."""
    if len(text.split()) < 25 or re.search(r"[«\"“„\t|]| — | -- ", text):
        return None  # short, a quoted title's, or a list's parts set off
    for imprint in _IMPRINT.finditer(text):
        if not is_place(imprint.group("town")):
            continue
        before = text[max(0, imprint.start() - 300) : imprint.start()]
        cues = [c for c in _CUE.finditer(before) if c.end() < len(before) - 15]
        named = _NAMED_BEFORE.search(before)
        if cues:
            start = imprint.start() - len(before) + cues[-1].end()
        elif named and is_person(named[1]) and not _GREETED.search(before[: named.start()]):
            # "... το Peter Goessler, Title (Stuttgart, X, 1904)"; not "Hello Anna Schmidt, I ..."
            start = imprint.start() - len(before) + named.start(1)
        else:
            return None
        end = _AFTER.match(text, imprint.end()).end()
        # the imprint a sentence of its own: "Title, ed. by X (New York, Y, 1993- ; ...)",
        # "Body, Title, Wellington: Body, 1997 ff."
        head = text[start : imprint.start()].rstrip(" ,(")
        tail = text[imprint.start() : end].strip(" ,;").removesuffix(")").rstrip()
        if re.match(r"[^:,]+:\s[^,]+\s(?:1[5-9]|20)\d\d", tail):  # "Paris: Alcan 1899": a comma
            tail = re.sub(r"\s(?=(?:1[5-9]|20)\d\d)", ", ", tail, count=1)
        # Chicago's "Name, Title (Paris: X, 1880)" in its brackets, which the citation readers
        # know; else a sentence of its own ("Title, ed. by X. New York, Y, 1993-")
        bracketed = text[: imprint.start()].rstrip().endswith("(")
        bracketed = bracketed and text[imprint.end("town") :].lstrip().startswith(":")
        # ... the imprint alone in them, ending on its year, and found by no cue word
        bracketed = bracketed and not cues and re.fullmatch(r"[^()]+,\s(?:1[5-9]|20)\d\d", tail)
        cited = f"{head} ({tail})" if bracketed else f"{head}. {tail}"
        return cited if len(head.split()) >= 2 else None
    return None
