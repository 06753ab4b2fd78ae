"""The text itself: characters that betray a broken conversion."""

from __future__ import annotations

import re

from validators.engine import Context, Hit, rule
from validators.record import DataField

# C0/C1 control characters, the replacement character, and UTF-8 read as Latin-1 ("Ã©").
_SUSPECT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]|[\u00c2-\u00c5][\u0080-\u00bf]")


@rule(
    "ENCODING_SUSPECT",
    "warning",
    0.05,
    "the text holds control characters or mis-decoded UTF-8 (mojibake)",
    "le texte contient des caractères de contrôle ou de l'UTF-8 mal décodé",
)
def suspect_characters(ctx: Context):
    values = [
        sub.value for f in ctx.record.fields if isinstance(f, DataField) for sub in f.subfields
    ]
    text = " ".join(values)
    if text.isascii() and text.isprintable():
        return None
    found = _SUSPECT.search(text)
    if found is None:
        return None
    start = max(found.start() - 15, 0)
    return [Hit(detail=repr(text[start : found.end() + 15]))]
