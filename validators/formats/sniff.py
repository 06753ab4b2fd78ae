"""Guess a record format from the first bytes of an input: the one place that knows the signs.

The readers, `copiste validate`, `copiste convert` and generation seeds all ask here, so a file
is read the same way by every entry point.
"""

from __future__ import annotations

import re

GZIP = "gzip"
MARCXML = "marcxml"
ISO2709 = "iso2709"
MRK = "mrk"
JSON = "json"

_MRK_LINE = re.compile(rb"=(?:LDR|[0-9A-Za-z]{3})(?:  |\s*$)")


def sniff(head: bytes) -> str | None:
    """The format `head` (the first bytes of an input) starts like, or None when none fits.

    XML starts with `<` (after a BOM and blanks); ISO 2709 with its five-digit record length;
    MarcEdit text with a `=TAG  ` line (comment lines `#` may come first); MARC-in-JSON with
    `{` or `[`; gzip with its magic bytes (the caller decompresses and sniffs again).
    """
    if head[:2] == b"\x1f\x8b":
        return GZIP
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body[:1] == b"<":
        return MARCXML
    if body[:5].isdigit():
        return ISO2709
    if body[:1] in (b"{", b"["):
        return JSON
    for line in body.split(b"\n", 64)[:64]:
        line = line.strip(b"\r")
        if line.startswith(b"#") or not line.strip():
            continue
        return MRK if _MRK_LINE.match(line) else None
    return None
