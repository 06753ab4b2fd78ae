"""Find the XML record inside model output: bare, in a code fence, or inside prose."""

from __future__ import annotations

import re

_FENCE = re.compile(
    r"```[ \t]*(?:xml|marcxml|marc)?[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL | re.IGNORECASE
)
_RECORD = re.compile(r"<(?:\w+:)?(collection|record)\b.*?</(?:\w+:)?\1\s*>", re.DOTALL)
_OPENING = re.compile(r"<(?:\w+:)?(?:collection|record)\b")
_DECLARATION = re.compile(r"<\?xml[^>]*\?>\s*$")


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
