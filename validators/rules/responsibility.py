"""Responsibility access points (7XX): entry element, relator codes, one primary responsibility."""

from __future__ import annotations

from validators import codes
from validators.engine import Context, Hit, rule
from validators.record import DataField

NAMES = ("70X", "71X", "72X")
PRIMARY = ("700", "710", "720")


@rule(
    "F7XX_RELATOR_CODE",
    "error",
    0.1,
    "7XX$4 must be a 3-digit UNIMARC relator code",
    "la 7XX$4 doit être un code de fonction UNIMARC à 3 chiffres",
    tags="7XX",
)
def relator_code(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    known = codes.relators()
    hits = [
        Hit(f.tag, "4", repr(s.value))
        for s in f.subfields
        if s.code == "4" and s.value not in known
    ]
    return hits or None


@rule(
    "F7XX_RELATOR_MISSING",
    "warning",
    0.01,
    "a name access point should say the function in $4",
    "un point d'accès auteur devrait préciser sa fonction en $4",
    tags=NAMES,
)
def relator_present(f, ctx: Context):
    if isinstance(f, DataField) and f.get("4") is None and f.tag[2] in "012":
        return [Hit(f.tag, "4", f.tag)]
    return None


@rule(
    "F7XX_ENTRY_ELEMENT",
    "error",
    0.1,
    "a name access point must have its entry element ($a)",
    "un point d'accès auteur doit avoir son élément d'entrée ($a)",
    tags=NAMES,
)
def entry_element(f, ctx: Context):
    if isinstance(f, DataField) and f.tag[2] in "0123" and f.get("a") is None:
        return [Hit(f.tag, "a", f.tag)]
    return None


@rule(
    "F7XX_PRIMARY_EXCLUSIVE",
    "error",
    0.1,
    "700, 710 and 720 (primary responsibility) exclude each other",
    "les zones 700, 710 et 720 (responsabilité principale) s'excluent",
    lenient="warning",
)
def one_primary(ctx: Context):
    present = [t for t in PRIMARY if t in ctx.by_tag]
    return [Hit(present[1], detail="+".join(present))] if len(present) > 1 else None
