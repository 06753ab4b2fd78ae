"""Find the XML record inside model output: bare, in a code fence, or inside prose."""

from __future__ import annotations

import re

_FENCE = re.compile(r"```(?:xml|marcxml)?[ \t]*\n(.*?)```", re.DOTALL | re.IGNORECASE)
_RECORD = re.compile(r"<(?:\w+:)?(collection|record)\b.*?</(?:\w+:)?\1\s*>", re.DOTALL)


def extract_xml(text: str) -> str | None:
    """The first MARCXML record or collection in `text`, or None when there is none."""
    for block in _FENCE.findall(text):
        found = _RECORD.search(block)
        if found:
            return found.group(0)
    found = _RECORD.search(text)
    return found.group(0) if found else None
