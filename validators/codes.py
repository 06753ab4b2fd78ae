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
def _load(filename: str) -> frozenset[str]:
    """The codes of one list (each line's first column), read and built once per process.

    The names in the second column are for people reading the file and for the readers that
    match a name to its code (`names`); no check needs them. Every public function returns this
    same cached set, so a schema that names a list once per subfield costs a dictionary lookup,
    not a new ~500-code set.
    """
    text = (resources.files("validators") / "data" / filename).read_text(encoding="utf-8")
    return frozenset(
        line.partition("\t")[0] for line in text.splitlines() if line and not line.startswith("#")
    )


@cache
def names(filename: str) -> dict[str, str]:
    """Each code of one list (a file of `validators/data/`) with its English name, read once:
    what a description's words are matched against ("Composer" -> 230, "France" -> FR)."""
    text = (resources.files("validators") / "data" / filename).read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[0]: row[1] for row in rows if len(row) > 1}


def named(name: str) -> frozenset[str] | None:
    """The codes of the list a schema names, or None for a name copiste does not know."""
    filename = _FILES.get(name)
    return _load(filename) if filename else None


def languages() -> frozenset[str]:
    """ISO 639-2 codes, bibliographic (fre) and terminology (fra) forms alike."""
    return _load("iso639-2.tsv")


def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, plus UNIMARC's XX for an unknown country."""
    return _load("iso3166-1.tsv")


def relators() -> frozenset[str]:
    """UNIMARC relator codes (Appendix C), for 7XX$4."""
    return _load("relators.tsv")
