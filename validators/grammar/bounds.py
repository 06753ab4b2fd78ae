"""Limits that make a record grammar finite: the form a model decodes under (`bounded=True`).

A grammar that allows any number of fields, subfields and characters lets a small model loop
(`=011 ...` fifty times, `$a2017$a2017...`, a leader of `1951.1951.`) until the token budget
cuts the record, which then fails to parse: measured in the demo, a LoRA student decoded under
the unbounded lenient grammar ended 0 of 3 held-out records. Under these bounds every path
through the grammar ends after a few hundred tokens, so a record decoded under it is complete.
The limits sit above what real records hold (in the 614 real and sample records of the corpus:
a field repeated at most 5 times, at most 15 subfields in a field, values of at most 552
characters, one note); a target over them is left out of training like any other target the
grammar refuses (`distill.corpus`).

The leader is the one `validators.roles.normal_leader` writes: positions a writer computes or
UNIMARC fixes as constants, the kept positions from their code lists.
"""

from __future__ import annotations

from validators.grammar.lexicon import Lexicon, alt
from validators.roles import LEADER_KEPT, normal_leader
from validators.schema import Schema

FIELD_REPEATS = 8  # a repeatable field (7XX names, 210 places, 300 notes) at most this often
SUBFIELDS = 16  # subfields in one field
VALUE_CHARS = 400  # characters in one free subfield value, after its first
# Held by the bounded form though the lenient set only warns: subfield codes and indicators the
# schema defines (a blank or fill where a code is due is kept: real targets have them), the
# date type of 100$a and the dates it calls for (4 % of the corpus's targets miss them, `19..`,
# `----`: those leave training). Not the other coded positions of 100$a: real targets carry
# legacy values there (`km-` for the audience in one library's 237 records) the student must be
# able to write.
HELD = frozenset({"SUBFIELD_UNDEFINED", "INDICATOR_UNDEFINED", "F100_A_DATE_TYPE", "F100_A_DATES"})


def repeat(pattern: str, at_least: int, at_most: int) -> str:
    """`pattern` between `at_least` and `at_most` times, in every dialect the grammar goes to."""
    return f"(?:{pattern}){{{at_least},{at_most}}}"


def value(lex: Lexicon, chars: int = VALUE_CHARS) -> str:
    """A free subfield value of at most `chars` characters after its first, not only spaces."""
    return f"{lex.space}{{0,3}}{lex.text}{lex.free}{{0,{chars}}}"


def leader(lex: Lexicon, schema: Schema) -> str:
    """The leader as `normal_leader` writes it: constants, and each kept position one of its
    codes (status, type and level from the schema's lists)."""
    template = normal_leader(None)
    kept = dict(LEADER_KEPT)
    for key in ("05", "06", "07"):
        pos = schema.leader.get(key)
        if pos is not None and pos.codes:
            kept[pos.start] = "".join(sorted(pos.codes))
    chars = []
    for i, ch in enumerate(template):
        allowed = kept.get(i)
        if allowed is None:
            chars.append(lex.literal(ch, control=True))
        else:
            chars.append(alt(lex.literal(c, control=True) for c in allowed))
    return "".join(chars)
