"""Code lists the rules check values against: ISO 639-2, ISO 3166-1 alpha-2, UNIMARC relators.

They are plain TSV files in `validators/data/` (code, tab, English name), read once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

# Names by which an Avram schema may refer to each list (ours, and the URIs qa-catalogue uses).
_FILES = {
    "iso639-2": "iso639-2.tsv",
    "https://www.loc.gov/standards/iso639-2/": "iso639-2.tsv",
    "iso3166-1": "iso3166-1.tsv",
    "http://www.wikidata.org/entity/Q1140221": "iso3166-1.tsv",
    "unimarc-relators": "relators.tsv",
    "unimarc-relator-codes": "relators.tsv",
}


@cache
def _load(filename: str) -> dict[str, str]:
    text = (resources.files("validators") / "data" / filename).read_text(encoding="utf-8")
    entries = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.partition("\t")
            entries[code] = name
    return entries


def named(name: str) -> frozenset[str] | None:
    """The codes of the list a schema names, or None for a name copiste does not know."""
    filename = _FILES.get(name)
    return frozenset(_load(filename)) if filename else None


@cache
def languages() -> frozenset[str]:
    """ISO 639-2 codes, bibliographic (fre) and terminology (fra) forms alike."""
    return frozenset(_load("iso639-2.tsv"))


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, plus UNIMARC's XX for an unknown country."""
    return frozenset(_load("iso3166-1.tsv"))


@cache
def relators() -> frozenset[str]:
    return frozenset(_load("relators.tsv"))
