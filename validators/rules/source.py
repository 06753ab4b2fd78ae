"""Originating source (801): who catalogued the record, in which country, when."""

from __future__ import annotations

from validators import codes
from validators.engine import Context, Hit, declare, rule
from validators.record import DataField
from validators.rules.coded import is_date, known

declare(
    "F801_A_COUNTRY",
    "error",
    0.05,
    "801$a must be an ISO 3166-1 alpha-2 country code",
    "la 801$a doit être un code de pays ISO 3166-1 alpha-2",
    lenient="warning",
)
declare(
    "F801_B_AGENCY",
    "error",
    0.05,
    "801 must name the agency in $b",
    "la zone 801 doit nommer l'agence en $b",
    lenient="warning",
)
declare(
    "F801_C_DATE",
    "error",
    0.1,
    "801$c (date of transaction) must be a date YYYYMMDD",
    "la 801$c (date de l'opération) doit être une date AAAAMMJJ",
)


@rule(
    "F801_MISSING",
    "error",
    0.1,
    "801 (originating source) is mandatory",
    "la zone 801 (source d'origine) est obligatoire",
    lenient="warning",
)
def source_present(ctx: Context):
    return None if "801" in ctx.by_tag else [Hit("801")]


@rule(
    "F801_IND2",
    "error",
    0.1,
    "801 ind2 (function) must be 0, 1, 2 or 3",
    "l'indicateur 2 de la 801 (fonction) doit valoir 0, 1, 2 ou 3",
    tags="801",
)
def source_field(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    hits = []
    if f.ind2 not in ("0", "1", "2", "3"):
        hits.append(Hit("801", detail=repr(f.ind2)))
    country = f.get("a")
    if country is not None and not known(country, codes.countries(), ctx, upper=True):
        hits.append(Hit("801", "a", repr(country), rule="F801_A_COUNTRY"))
    if not (f.get("b") or "").strip():
        hits.append(Hit("801", "b", rule="F801_B_AGENCY"))
    when = f.get("c")
    if when is not None and not is_date(when.strip()):
        hits.append(Hit("801", "c", repr(when), rule="F801_C_DATE"))
    return hits or None
