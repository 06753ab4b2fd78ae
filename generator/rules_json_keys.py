"""A JSON object in a system's own keys (a library system's API, an inventory's export, a
script's dump: "titre", "lieu_edition", "publicationYear") as the labelled lines the rules-only
reading knows ("titre : ...", "lieu edition : Paris").

Why a reader of its own: CSL-JSON, Crossref, schema.org and IIIF have theirs, which know what
each key means; any other JSON was read as text, its opening brace taken for the title. Its keys
are labels like a display's, so the labelled reader's words read them, whatever the system.
"""

from __future__ import annotations

import re

from generator.rules_label_words import known
from generator.rules_lexicon import fold


def json_as_labelled(loaded: object) -> str | None:
    """A JSON object (or a list's one object), as read, as "key : value" lines, nested objects
    by their own keys where the labelled reader knows them, lists of values after " ; "; None
    when it is no object."""
    if isinstance(loaded, list) and len(loaded) == 1:
        loaded = loaded[0]
    if not isinstance(loaded, dict):
        return None
    lines = list(_flat(loaded, ""))
    return "\n".join(lines) or None


def _label(key: str) -> str:
    """A key as a display's label: "lieu_edition" -> "lieu edition", "publicationYear" ->
    "publication Year"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).replace("_", " ").replace("-", " ").strip()


def _flat(value: object, label: str):
    """The labelled lines of `value` under `label`."""
    if isinstance(value, dict):
        for key, inner in value.items():
            own = _label(str(key))
            # {"publication": {"place": ...}}: the inner key says it; {"title": {"main": ...}}:
            # the outer one
            named = own if known(fold(own), whole=False) or not label else f"{label} {own}"
            yield from _flat(inner, named)
    elif isinstance(value, list):
        said = [_said(item) for item in value]
        if said and all(said):
            yield f"{label} : {' ; '.join(said)}"
        else:
            for item in value:
                yield from _flat(item, label)
    elif (said := _said(value)) and label:
        yield f"{label} : {said}"


def _said(value: object) -> str:
    """A value as one line: a string or a number as it is, an object of strings their values
    after commas ({"family": "Hugo", "given": "Victor"} -> "Hugo, Victor"); "" for what is no
    text (true, null, an object of objects)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return ", ".join(" ".join(v.split()) for v in value.values() if v.strip())
    return ""
