"""Decoding that cannot leave the schema: the student writes records under the record grammar.

Every row of a batch may only pick a token that keeps its text a prefix of a record the grammar
(`validators.grammar`) accepts, and may only end where the record is complete: the student then
writes structure right by construction, and training and the checkers deal with content. The
processor itself is `generator.constrain.GrammarLogitsProcessor` (teachers use it too; why
llguidance rather than xgrammar is said there, with the figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.constrain import GrammarLogitsProcessor, apply_bitmask, eos_ids
from validators.grammar import Syntax, value_literal
from validators.grammar.student import student_grammar

__all__ = [
    "GrammarLogitsProcessor",
    "apply_bitmask",
    "eos_ids",
    "record_processor",
    "span_pattern",
    "span_processor",
]


def record_processor(
    tokenizer: Any,
    *,
    syntax: Syntax = "mrk",
    batch_size: int | None = None,
    model: Any = None,
) -> GrammarLogitsProcessor:
    """The processor a student decodes under (`validators.grammar.student`): its fields in
    `syntax`, bounded so that every record ends."""
    return GrammarLogitsProcessor(
        tokenizer, student_grammar(syntax), batch_size, eos_token_id=eos_ids(tokenizer, model)
    )


# Punctuation a copied value leaves out at its ends ("Gallimard," -> "Gallimard").
_TRAILING = ".,;:/=+"
_LEADING = "([«\"'"
_TRAILING_ALL = _TRAILING + ")]»\"'"


def span_pattern(description: str, *, syntax: Syntax = "mrk", max_words: int = 24) -> str:
    """Any run of up to `max_words` consecutive words of `description`, as a value pattern.

    The first word may drop its opening bracket or quote, the last its closing punctuation, so
    "Paris : Gallimard, 1999" yields "Paris", "Gallimard" and "1999" as well as the whole. The
    pattern nests (`w1(?: w2(?: w3)?)?`), so its size grows with words x `max_words`, not with
    every substring.
    """
    words = description.split()
    if not words:
        raise ValueError("the description is empty: there is nothing to copy")

    def lit(text: str) -> str:
        return value_literal(text, syntax)

    def ends(word: str) -> set[str]:
        trimmed = word.rstrip(_TRAILING_ALL)
        return {lit(w) for w in (word, trimmed) if w}

    def run(start: int) -> str:
        tail = ""
        for j in range(min(len(words), start + max_words) - 1, start - 1, -1):
            full = lit(words[j])
            ending = "|".join(sorted(ends(words[j]) - {full}))
            more = f"(?: {tail})?" if tail else ""
            tail = f"(?:{full}{more}" + (f"|{ending})" if ending else ")")
        return tail

    starts = set()
    for i, word in enumerate(words):
        starts.add(run(i))
        opened = word.lstrip(_LEADING)
        if opened and opened != word:
            starts.add(run(i).replace(lit(word), lit(opened), 1))
    return "(?:" + "|".join(sorted(starts)) + ")"


def span_processor(
    tokenizer: Any,
    descriptions: Sequence[str],
    *,
    syntax: Syntax = "mrk",
    model: Any = None,
) -> GrammarLogitsProcessor:
    """Span-copy decoding: each prompt's free subfield values may only copy spans of its own
    description (code lists, 100$a, dates and indicators keep the schema's patterns), which
    removes miscopies ("Vivre énemage" for "Vivre ensemble") outright. One grammar per prompt."""
    grammars = [student_grammar(syntax, value=span_pattern(d, syntax=syntax)) for d in descriptions]
    return GrammarLogitsProcessor(tokenizer, grammars, eos_token_id=eos_ids(tokenizer, model))
