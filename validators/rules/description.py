"""Descriptive fields: title (200), publication (210/214), physical description (215),
series (225), electronic location (856)."""

from __future__ import annotations

import re

from validators.engine import Context, Hit, rule
from validators.record import DataField
from validators.rules.coded import RANGE_TYPES

# ISBD punctuation belongs to the display, not to UNIMARC subfields (except inside values).
_ISBD_END = (" :", " /", " ;", " =")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
PUBLICATION = ("210", "214")


@rule(
    "F200_A_MISSING",
    "error",
    0.3,
    "200 must have a title proper ($a)",
    "la zone 200 doit contenir un titre propre ($a)",
    tags="200",
)
def title_proper(f, ctx: Context):
    if isinstance(f, DataField) and not any(s.code == "a" and s.value.strip() for s in f.subfields):
        return [Hit("200", "a")]
    return None


@rule(
    "F200_A_FIRST",
    "error",
    0.1,
    "200$a (title proper) must be the first subfield",
    "la 200$a (titre propre) doit être la première sous-zone",
    tags="200",
)
def title_first(f, ctx: Context):
    if not isinstance(f, DataField) or not f.subfields:
        return None
    codes = [s.code for s in f.subfields if s.code not in "67"]  # $6/$7 link scripts, first
    if "a" in codes and codes[0] != "a":
        return [Hit("200", "a", f"first is ${codes[0]}")]
    return None


@rule(
    "F200_IND1",
    "error",
    0.1,
    "200 ind1 (title significance) must be 0 or 1",
    "l'indicateur 1 de la 200 (titre significatif) doit valoir 0 ou 1",
    tags="200",
)
def title_significance(f, ctx: Context):
    if isinstance(f, DataField) and f.ind1 not in ("0", "1"):
        return [Hit("200", detail=repr(f.ind1))]
    return None


@rule(
    "F200_ISBD_PUNCTUATION",
    "warning",
    0.01,
    "200 subfields should not end with ISBD punctuation (' :', ' /', ' ;', ' =')",
    "les sous-zones de la 200 ne doivent pas finir par une ponctuation ISBD",
    tags="200",
)
def title_punctuation(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    hits = [
        Hit("200", s.code, repr(s.value[-2:]))
        for s in f.subfields
        if s.value.rstrip().endswith(_ISBD_END) or s.value.endswith(_ISBD_END)
    ]
    return hits or None


@rule(
    "F210_DATE_VS_100",
    "warning",
    0.02,
    "the year of publication in 210/214$d differs from the dates in 100$a",
    "l'année de publication en 210/214$d ne correspond pas aux dates de la 100$a",
    tags=PUBLICATION,
)
def publication_year(f, ctx: Context):
    if not isinstance(f, DataField) or ctx.by_tag.get(f.tag, [None])[0] is not f:
        return None  # the first publication statement carries the date 100$a codes
    stated = f.get("d")
    coded = ctx.first("100", "a")
    if not stated or not coded or len(coded) != 36:
        return None
    found = _YEAR.search(stated)
    date1, date2, kind = coded[9:13], coded[13:17], coded[8]
    if not found or not date1.isdigit():
        return None
    year = found.group(1)
    if year in (date1, date2):
        return None
    if kind in RANGE_TYPES and date2.isdigit() and date1 <= year <= date2:
        return None
    return [Hit(f.tag, "d", f"{f.tag}$d {year}, 100$a {date1}/{date2.strip() or '-'}")]


@rule(
    "F210_214_MISSING",
    "warning",
    0.02,
    "no publication statement (210 or 214)",
    "aucune mention de publication (210 ou 214)",
)
def publication_present(ctx: Context):
    if ctx.bibliographic_level == "a" or any(t in ctx.by_tag for t in PUBLICATION):
        return None  # a component part takes its publication from its host
    return [Hit("210")]


@rule(
    "F215_MISSING",
    "warning",
    0.01,
    "no physical description (215)",
    "aucune description matérielle (215)",
)
def physical_description_present(ctx: Context):
    if ctx.bibliographic_level in ("m", "") and "215" not in ctx.by_tag:
        return [Hit("215")]
    return None


@rule(
    "F225_SERIES_LINK",
    "warning",
    0.01,
    "225 ind1 0 or 2 (series with an established form) expects a 410 link",
    "une 225 d'indicateur 0 ou 2 (collection à forme établie) appelle un lien 410",
    tags="225",
)
def series_link(f, ctx: Context):
    if isinstance(f, DataField) and f.ind1 in ("0", "2") and "410" not in ctx.by_tag:
        return [Hit("225", detail=f"ind1 {f.ind1}")]
    return None


@rule(
    "F856_URL",
    "warning",
    0.01,
    "856$u must be a URI (scheme:...)",
    "la 856$u doit être une URI (schéma:...)",
    tags="856",
)
def electronic_location(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    hits = [
        Hit("856", "u", repr(s.value[:60]))
        for s in f.subfields
        if s.code == "u" and (":" not in s.value or " " in s.value.strip())
    ]
    return hits or None
