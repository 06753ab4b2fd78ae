"""100$a, the 36 positions of general processing data, as a pattern (one piece per position).

Kept apart from the field compiler because it is the one subfield whose value is a fixed-width
code rather than text: dates, date type, audience, language and character sets each at their
position, held where the rule set (or the bounded form) treats them as errors; in the bounded
form, the positions copiste owns are its constants.
"""

from __future__ import annotations

from typing import Any

from validators import codes
from validators.grammar.lexicon import DATE, MMDD, alt, char_class
from validators.roles import system_positions_100
from validators.rules.coded import AUDIENCE, F100_CODED


def general_processing_data(compiler: Any) -> str:
    """The pattern of 100$a for `compiler` (`_Compiler`) (its lexicon, schema, profile, the
    rules it holds and whether it is bounded)."""
    free = compiler.lex.free
    parts = [free] * 36
    date = DATE
    if compiler.profile.blank_dates:
        date = f"(?:{date}|{compiler.lex.literal(' ' * 8)})"
    if "F100_A_DATE_ENTERED" in compiler.errors:
        parts[0:8] = [date] + [""] * 7
    positions = compiler.schema.fields["100"].subfields["a"].positions
    for rule_id, key in F100_CODED:
        pos = positions.get(key)
        if rule_id in compiler.errors and pos is not None and pos.codes:
            width = pos.end - pos.start + 1
            options = [c for c in pos.codes if len(c) == width]
            if compiler.bounded:  # real targets leave positions uncoded with the fill character
                options.append("|" * width)
            parts[pos.start : pos.end + 1] = [alt(map(compiler.lex.literal, options))] + [""] * (
                width - 1
            )
    kinds = positions.get("08")
    if "F100_A_DATES" in compiler.errors and kinds is not None and kinds.codes:
        fill = ["|"] if compiler.bounded else []  # as the date type's own piece above
        parts[8:17] = [dated(compiler, sorted(kinds.codes) + fill)] + [""] * 8
    if "F100_A_LANGUAGE" in compiler.errors:
        parts[22:25] = [compiler.code_value(codes.languages(), False), "", ""]
    if "F100_A_AUDIENCE" in compiler.errors:
        parts[17:20] = [char_class(AUDIENCE)] * 3
    if compiler.bounded:
        # copiste rewrites these from its settings whatever a model writes (`roles`); a model
        # free there wrote ISBNs and years into them (`97880101a97885242005...`).
        for i, ch in system_positions_100().items():
            parts[i] = compiler.lex.literal(ch)
    return "".join(parts)


def dated(compiler: Any, kinds: list[str]) -> str:
    """100$a/8-16 as F100_A_DATES takes them together: a type of date (`kinds`, its codes) and
    the two dates that type calls for. A student free there wrote `a1951. In-8°,` (a date type,
    then the extent)."""
    space = compiler.lex.space
    year = f"(?:[0-9](?:[0-9]|u|{space}){{3}}|uuuu)"
    blank = f"{space}{{4}}"
    second = {"a": "9999", "d": blank, "j": MMDD}
    return alt(
        compiler.lex.literal(kind)
        + (f"(?:uuuu|{blank})" if kind == "u" else year)
        + second.get(kind, f"(?:{year}|{blank})")
        for kind in kinds
    )
