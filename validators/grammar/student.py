"""The one grammar a student writes under: its fields, its rule set, bounded.

Training keeps only the targets this grammar accepts (`distill.corpus`), and evaluation,
`copiste catalogue`, best-of-N and span-copy decoding all decode under it, so a student is never
forced off a form it was taught, and never taught a form it cannot write. Lenient rules rather
than strict: real catalogues' targets keep fill characters and legacy codes the lenient set
accepts (the strict grammar refused 43 % of the corpus's targets); bounded so that a record
always ends (see `bounds`).
"""

from __future__ import annotations

from validators.grammar import Syntax, record_grammar, record_regex
from validators.roles import STUDENT_RULES, STUDENT_TAGS

# How often one field may recur in a student's record: the most any does in the 601 real and
# sample records of the corpus (210 places, 712 bodies: 5). A tighter bound than the general
# grammar's ends a student's loop (`=225 ...` eight times over, then the next tag up) sooner,
# before the token budget cuts the record.
STUDENT_REPEATS = 5


def student_grammar(syntax: Syntax = "mrk", *, value: str | None = None) -> str:
    """The Lark grammar of a student's record; `value`: a pattern for every free value
    (span-copy decoding)."""
    return record_grammar(
        syntax,
        rules=STUDENT_RULES,
        tags=STUDENT_TAGS,
        value=value,
        bounded=True,
        repeats=STUDENT_REPEATS,
    )


def student_regex(syntax: Syntax = "mrk") -> str:
    """The same language as a regex (Python `re` reads it): which targets a student can write."""
    return record_regex(
        syntax, rules=STUDENT_RULES, tags=STUDENT_TAGS, bounded=True, repeats=STUDENT_REPEATS
    )
