"""A MARC 21 record pasted as other libraries' catalogues show it (the Library of Congress's
"MARC tags" view, OCLC Connexion, a Blacklight or Koha staff view), read as the UNIMARC record it
describes: its descriptive fields carried over field by field, as the MARC 21 to UNIMARC
concordances do (245 is 200, 264 and 260 are 210, 300 is 215, 100 is 700 ...).

Why a crosswalk and not a reading of the words: each value is already where it belongs, under a
tag that says what it is; read as a description, "245 00 |a American anthropologist." is a
title that opens on a number. Only what both formats say alike is carried: what UNIMARC codes
elsewhere (008's dates, 362's "Began with") is left to the fields the rules write anyway.
"""

from __future__ import annotations

import re
from functools import cache

from validators.codes import names
from validators.record import DataField, Subfield

# MARC 21 tag -> (UNIMARC tag, MARC 21 subfield code -> UNIMARC code); codes not named are left.
_CONCORDANCE: dict[str, tuple[str, dict[str, str]]] = {
    "020": ("010", {"a": "a", "q": "b", "z": "z"}),
    "022": ("011", {"a": "a", "y": "y", "z": "z"}),
    "041": ("101", {"a": "a", "h": "c"}),
    "245": ("200", {"a": "a", "h": "b", "b": "e", "c": "f", "n": "h", "p": "i"}),
    "250": ("205", {"a": "a", "b": "f"}),
    "260": ("210", {"a": "a", "b": "c", "c": "d"}),
    "264": ("210", {"a": "a", "b": "c", "c": "d"}),
    "300": ("215", {"a": "a", "b": "c", "c": "d", "e": "e"}),
    "440": ("225", {"a": "a", "v": "v", "x": "x"}),
    "490": ("225", {"a": "a", "v": "v", "x": "x"}),
    "500": ("300", {"a": "a"}),
    "504": ("320", {"a": "a"}),
}  # fmt: skip
# Headings: MARC 21's main entry is UNIMARC's primary responsibility, its added entries the
# secondary one (a person's 701 when the role is an author's, else 702).
_HEADINGS = {"100": "700", "700": "701", "110": "710", "710": "712", "111": "710", "711": "712"}
# MARC's relator codes ($4) most met, as UNIMARC's (Appendix C); the terms ($e) are matched
# against UNIMARC's English labels instead ("composer." -> 230).
_MARC_RELATORS = {"aut": "070", "edt": "340", "trl": "730", "ill": "440", "cmp": "230",
                  "cnd": "250", "prf": "590", "aui": "080", "pbl": "650", "dst": "310",
                  "pro": "630", "sng": "721", "itr": "545", "ctb": "205", "ann": "020"}  # fmt: skip
_AUTHOR = "070"
_PERSON_DETAILS = {"c": "c", "d": "f"}  # a title ("Sir"), dates
# ISBD's punctuation that MARC 21 keeps at a subfield's end (" /", " :", " ;", " =", ","), and
# a closing full stop but an initial's ("T. S.", "p.") or an abbreviation's ("ill.", "Cie.").
_CLOSING_MARK = re.compile(r"\s*[/:;=,]$")
_KEPT_STOP = re.compile(
    r"(?:\b\w|\b(?:ill|vol|col|ed|éd|etc|fig|facs|inc|ltd|bros|cie|impr|pp))\.$", re.I
)
# MARC's relator terms as older records abbreviate them in $e ("ed.", "tr.").
_TERMS = {"ed": "340", "eds": "340", "tr": "730", "trans": "730", "transl": "730", "ill": "440",
          "illus": "440", "comp": "230"}  # fmt: skip
_BRACKETS = re.compile(r"^\[(.*)\]$")
# An ISBN with its qualifier in older records' 020$a: "0521443962 (rel.)" -> 010$a, $b.
_QUALIFIED = re.compile(r"([\dXx\-]{10,17})\s*\((.+)\)")


def is_marc21(fields: list[DataField]) -> bool:
    """A display of MARC 21: a title in 245 and none in 200."""
    tags = {f.tag for f in fields}
    return "245" in tags and "200" not in tags


def unimarc_fields(fields: list[DataField]) -> list[DataField]:
    """The UNIMARC fields that `fields` (MARC 21) say; the fields with no counterpart left."""
    carried: list[DataField] = []
    for field in fields:
        if field.tag in _HEADINGS and field.get("a"):
            carried.append(_heading(field))
        elif field.tag in _CONCORDANCE and not (field.tag == "264" and field.ind2 == "4"):
            tag, codes = _CONCORDANCE[field.tag]
            subfields = [
                Subfield(codes[s.code], value)
                for s in field.subfields
                if s.code in codes and (value := _value(s.value, tag, codes[s.code]))
            ]
            qualified = tag == "010" and subfields and subfields[0].code == "a"
            if qualified and (isbn := _QUALIFIED.fullmatch(subfields[0].value)):
                subfields[:1] = [Subfield("a", isbn[1]), Subfield("b", isbn[2])]
            if tag == "210" and not field.get("c") and (span := field.get("3")):
                subfields.append(
                    Subfield("d", _value(span, tag, "d"))
                )  # a serial's "|3 1920-2003:"
            if subfields:
                carried.append(DataField(tag, *_indicators(field, tag), subfields))
    return carried


def _indicators(field: DataField, tag: str) -> tuple[str, str]:
    """UNIMARC's indicators: the title significant (200 "1"), a translation's languages (101
    "1" when an original language is named), a series traced (225 "2"), else blank."""
    if tag == "200":
        return "1", " "
    if tag == "101":
        return ("1" if any(s.code == "h" for s in field.subfields) else "0"), " "
    if tag == "225":
        return "2", " "
    return " ", " "


def _value(value: str, tag: str, code: str) -> str:
    value = _CLOSING_MARK.sub("", value.strip()).strip()
    state = tag == "210" and re.search(r"\b[A-Z][a-z]{1,4}\.$", value)  # "Menasha, Wis."
    if value.endswith(".") and not (_KEPT_STOP.search(value) or state):
        value = value[:-1].rstrip()
    if tag == "200" and code == "b":  # "[electronic resource]": the designation, unbracketed
        value = _BRACKETS.sub(r"\1", value)
    return value


def _heading(field: DataField) -> DataField:
    """A name heading: a person's "Surname, Forename," $d dates -> $a, $b, $f; a body's $a, $b;
    its role from $4 or $e, the author's when it says none."""
    tag, relator = _HEADINGS[field.tag], _relator(field)
    if field.tag in ("100", "700"):
        if tag == "701" and relator != _AUTHOR:
            tag = "702"
        name = next((s.value for s in field.subfields if s.code == "a"), "")
        surname, _, forename = _value(name, tag, "a").partition(", ")
        subfields = [Subfield("a", surname)] + [Subfield("b", forename)] * bool(forename)
        subfields += [Subfield(_PERSON_DETAILS[s.code], _value(s.value, tag, "f"))
                      for s in field.subfields if s.code in _PERSON_DETAILS]  # fmt: skip
        indicators = (" ", "1" if forename else "0")
    else:
        subfields = [Subfield(s.code, _value(s.value, tag, s.code))
                     for s in field.subfields if s.code in ("a", "b")]  # fmt: skip
        indicators = ("1" if field.tag.endswith("11") else "0", "2")
    role = [Subfield("4", relator)] if relator else []
    return DataField(tag, *indicators, [*subfields, *role])


def _relator(field: DataField) -> str | None:
    """The role `field` states, the author's for a person who has none; a body's only stated."""
    for subfield in field.subfields:
        coded = subfield.value.strip(" ./").rpartition("/")[2][:3]  # "edt", ".../relators/edt"
        if subfield.code == "4" and (code := _MARC_RELATORS.get(coded)):
            return code
        term = _term(subfield.value)
        if subfield.code == "e" and (code := _TERMS.get(term) or _unimarc_relators().get(term)):
            return code
    return _AUTHOR if field.tag in ("100", "700") else None


def _term(value: str) -> str:
    return value.strip(" .,").casefold()


@cache
def _unimarc_relators() -> dict[str, str]:
    """UNIMARC's relator labels (folded) -> codes, from the table 7XX$4's check reads."""
    return {_term(label): code for code, label in names("relators.tsv").items()}
