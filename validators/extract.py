"""Find the record inside model output: bare, in a code fence, or inside prose.

A model answers in MARCXML or in MarcEdit's line syntax (.mrk); `extract_record` finds either,
`extract_xml` only the former.
"""

from __future__ import annotations

import re

_FENCE = re.compile(
    r"```[ \t]*(?:xml|marcxml|marc)?[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL | re.IGNORECASE
)
_RECORD = re.compile(r"<(?:\w+:)?(collection|record)\b.*?</(?:\w+:)?\1\s*>", re.DOTALL)
_OPENING = re.compile(r"<(?:\w+:)?(?:collection|record)\b")
_DECLARATION = re.compile(r"<\?xml[^>]*\?>\s*$")
_MRK_LINE = re.compile(r"^=(?:LDR|[0-9A-Za-z]{3})(?:  |\s*$)", re.MULTILINE)


def extract_record(text: str) -> str | None:
    """The record in `text`, in whichever syntax comes first: the XML as `extract_xml` finds
    it, or the whole text when a MarcEdit field line comes first (`parse_mrk` then takes the
    record's lines out of their fence or prose). None when there is neither."""
    line = _MRK_LINE.search(text)
    opening = _OPENING.search(text)
    if line is not None and (opening is None or line.start() < opening.start()):
        return text
    return extract_xml(text)


def extract_xml(text: str) -> str | None:
    """The first MARCXML record or collection in `text`, or None when there is none.

    A fenced block is preferred to the surrounding prose. An XML declaration just before the
    record is kept. A record whose closing tag never comes (a truncated generation) is returned
    from its opening tag to the end, so that validation reports it as malformed XML rather than
    as missing.
    """
    for block in _FENCE.findall(text):
        found = _find(block)
        if found:
            return found
    return _find(text)


def _find(text: str) -> str | None:
    found = _RECORD.search(text)
    start = found.start() if found else None
    if found is None:
        opening = _OPENING.search(text)
        if opening is None:
            return None
        start = opening.start()
    declaration = _DECLARATION.search(text, 0, start)
    if declaration:
        start = declaration.start()
    return text[start : found.end()] if found else text[start:].rstrip()
