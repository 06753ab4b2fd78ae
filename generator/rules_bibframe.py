"""A BIBFRAME 2.0 description in Turtle (what the Library of Congress's and other linked-data
catalogues export: "bf:mainTitle", "bf:provisionActivity [ a bf:Publication ; bf:place ...]"),
in the rules-only reading: its literal values cut into the parts `generator.rules_exports`
writes as labelled lines.

Why by patterns and not by an RDF parser: a description pasted from a page is often a fragment
(prefixes left out, a work without its instance), which a parser refuses whole, while each
value a catalogue needs stands as one quoted literal after its property.
"""

from __future__ import annotations

import re

from generator.rules_markup import Marked

_LITERAL = r'\s*"((?:[^"\\]|\\.)*)"'
# A property's literal -> the labelled reader's label.
_PROPERTIES = {"bf:mainTitle": "Title", "bf:subtitle": "Subtitle",
               "bf:responsibilityStatement": "Statement", "bf:editionStatement": "Edition",
               "bf:seriesStatement": "Series", "bf:date": "Date"}  # fmt: skip
# A node's class and its label or value: "bf:place [ a bf:Place ; rdfs:label "Paris" ]".
_NODES = {"Place": "Place", "Agent": "Publisher", "Organization": "Publisher",
          "Extent": "Pages", "Issn": "ISSN", "Isbn": "ISBN"}  # fmt: skip


def bibframe(description: str) -> Marked | None:
    """The parts of a BIBFRAME description in Turtle; None for anything else."""
    text = description.strip()
    if not re.search(r"\bbf:(?:mainTitle|Instance|Work)\b", text):
        return None
    parts: list[tuple[str, str]] = []
    for prop, label in _PROPERTIES.items():
        if found := re.search(re.escape(prop) + _LITERAL, text):
            parts.append((label, found.group(1)))
    provision = text.find("bf:provisionActivity")  # the publication's place and agent
    for kind, label in _NODES.items():
        where = provision if label in ("Place", "Publisher") and provision >= 0 else 0
        node = re.compile(rf"\ba bf:{kind}\s*;\s*(?:rdfs:label|rdf:value){_LITERAL}")
        if (found := node.search(text, where)) and label not in {k for k, _ in parts}:
            parts.append((label, found.group(1)))
    names = re.findall(rf"\ba bf:Person\s*;\s*rdfs:label{_LITERAL}", text)
    kind = "periodical" if re.search(r"\bbf:Serial\b|issuance/serl\b", text) else None
    return (parts, names, kind) if parts else None
