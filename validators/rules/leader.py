"""The record label (leader): 24 characters whose positions say what the record describes."""

from __future__ import annotations

from validators.engine import Context, Hit, check_pass, declare, rule

# (rule id, schema position key) for the coded positions; their codes come from the schema.
CODED = (
    ("LEADER_STATUS", "05"),
    ("LEADER_TYPE", "06"),
    ("LEADER_LEVEL", "07"),
    ("LEADER_HIERARCHY", "08"),
    ("LEADER_ENCODING_LEVEL", "17"),
    ("LEADER_DESCRIPTIVE_FORM", "18"),
)
FIXED = {"LEADER_INDICATOR_COUNT": (10, "22"), "LEADER_ENTRY_MAP": (20, "450 ")}


@rule(
    "LEADER_LENGTH",
    "error",
    0.3,
    "the leader must be 24 characters",
    "le label doit compter 24 caractères",
)
def leader_length(ctx: Context):
    if ctx.leader is None:
        return [Hit("LDR", detail="no leader")]
    if len(ctx.leader) != 24:
        return [Hit("LDR", detail=f"{len(ctx.leader)}")]
    return None


declare(
    "LEADER_STATUS",
    "error",
    0.15,
    "leader/5 (record status) must be c, d, n, o or p",
    "label/5 (statut de la notice) doit valoir c, d, n, o ou p",
)
declare(
    "LEADER_TYPE",
    "error",
    0.2,
    "leader/6 (type of record) is not a UNIMARC code",
    "label/6 (type de document) n'est pas un code UNIMARC",
)
declare(
    "LEADER_LEVEL",
    "error",
    0.2,
    "leader/7 (bibliographic level) must be a, c, i, m or s",
    "label/7 (niveau bibliographique) doit valoir a, c, i, m ou s",
)
declare(
    "LEADER_HIERARCHY",
    "error",
    0.05,
    "leader/8 (hierarchical level) must be blank, 0, 1 or 2",
    "label/8 (niveau hiérarchique) doit valoir blanc, 0, 1 ou 2",
    lenient="warning",
)
declare(
    "LEADER_ENCODING_LEVEL",
    "error",
    0.05,
    "leader/17 (encoding level) must be blank, 1, 2 or 3",
    "label/17 (niveau de catalogage) doit valoir blanc, 1, 2 ou 3",
    lenient="warning",
)
declare(
    "LEADER_DESCRIPTIVE_FORM",
    "error",
    0.05,
    "leader/18 (descriptive cataloguing form) must be blank, i or n",
    "label/18 (forme du catalogage descriptif) doit valoir blanc, i ou n",
    lenient="warning",
)
declare(
    "LEADER_INDICATOR_COUNT",
    "error",
    0.05,
    "leader/10-11 must be 22 (indicator and subfield identifier lengths)",
    "label/10-11 doit valoir 22 (longueurs des indicateurs et identifiants de sous-zone)",
    lenient="warning",
)
declare(
    "LEADER_ENTRY_MAP",
    "error",
    0.05,
    "leader/20-23 (directory map) must be '450 '",
    "label/20-23 (image du répertoire) doit valoir '450 '",
    lenient="warning",
)
declare(
    "LEADER_NUMERIC",
    "warning",
    0.02,
    "leader/0-4 (record length) and /12-16 (base address) must be digits",
    "label/0-4 (longueur) et /12-16 (adresse de base) doivent être numériques",
)


@check_pass(*(r for r, _ in CODED), *FIXED, "LEADER_NUMERIC")
def leader_positions(ctx: Context):
    leader = ctx.leader
    if leader is None or len(leader) != 24:
        return None  # positions mean nothing in a leader of the wrong length
    hits = None
    positions = ctx.schema.leader
    for rule_id, key in CODED:
        pos = positions.get(key)
        if pos is not None and pos.codes is not None and leader[pos.start] not in pos.codes:
            hits = hits or []
            hits.append(Hit("LDR", detail=f"/{pos.start} {leader[pos.start]!r}", rule=rule_id))
    for rule_id, (start, expected) in FIXED.items():
        found = leader[start : start + len(expected)]
        if found != expected:
            hits = hits or []
            hits.append(Hit("LDR", detail=f"/{start} {found!r}", rule=rule_id))
    for start in (0, 12):
        part = leader[start : start + 5]
        # XML exports leave the ISO 2709 lengths blank: blank is fine, anything else must be digits.
        if not (part.isdigit() or part.isspace()):
            hits = hits or []
            hits.append(Hit("LDR", detail=f"/{start} {part!r}", rule="LEADER_NUMERIC"))
    return hits
