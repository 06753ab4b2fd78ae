"""Fields that depend on the type of resource (leader/6) and its bibliographic level (leader/7)."""

from __future__ import annotations

from validators.engine import Context, Hit, rule

# Coded and material-specific fields, and the leader/6 types they describe.
BY_TYPE = {
    "105": "ab",
    "115": "gm",
    "116": "km",
    "117": "rm",
    "120": "efm",
    "121": "efm",
    "123": "efm",
    "124": "efm",
    "125": "cdijm",
    "126": "ijm",
    "127": "cdijm",
    "128": "cdijm",
    "206": "efm",
    "208": "cdm",
}
# Fields only continuing resources (leader/7 s or i) carry.
CONTINUING = ("110", "207", "326")
# The coded field each type is expected to carry.
EXPECTED_BY_TYPE = {"e": "120", "f": "120", "g": "115", "k": "116", "r": "117"}


@rule(
    "DOCTYPE_FIELD",
    "warning",
    0.02,
    "the field does not fit the type of resource (leader/6-7)",
    "la zone ne convient pas au type de ressource (label/6-7)",
)
def field_fits_type(ctx: Context):
    kind, level = ctx.record_type, ctx.bibliographic_level
    if not kind:
        return None
    hits = [
        Hit(tag, detail=f"{tag}, leader/6 {kind}")
        for tag, kinds in BY_TYPE.items()
        if tag in ctx.by_tag and kind not in kinds
    ]
    if level and level not in "si":
        hits += [
            Hit(tag, detail=f"{tag}, leader/7 {level}") for tag in CONTINUING if tag in ctx.by_tag
        ]
    return hits or None


@rule(
    "DOCTYPE_FIELD_EXPECTED",
    "warning",
    0.02,
    "the type of resource (leader/6-7) calls for a coded field that is missing",
    "le type de ressource (label/6-7) appelle une zone de données codées absente",
)
def expected_coded_field(ctx: Context):
    hits = []
    if ctx.bibliographic_level == "s" and "110" not in ctx.by_tag:
        hits.append(Hit("110", detail="110, leader/7 s"))
    expected = EXPECTED_BY_TYPE.get(ctx.record_type)
    if expected and expected not in ctx.by_tag:
        hits.append(Hit(expected, detail=f"{expected}, leader/6 {ctx.record_type}"))
    return hits or None
