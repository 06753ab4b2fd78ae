"""Rules the schema states for every field: presence, repetition, indicators, subfield codes.

They run as one pass over the record (each subfield is looked at once), reading the field
definitions of the rule set's Avram schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from validators.engine import Context, Hit, check_pass, declare, rule
from validators.record import ControlField
from validators.schema import is_local

# Mandatory tags with a rule of their own (801 is often missing from legacy data).
OWN_RULE = frozenset({"801"})
# Indicators that have a dedicated rule, so the generic one stays quiet about them.
DEDICATED_INDICATORS = frozenset({("200", 1), ("801", 2)})
_TAG = re.compile(r"[0-9A-Za-z]{3}")
_VERSION = re.compile(r"\d{14}\.\d")

declare(
    "FIELD_MANDATORY",
    "error",
    0.3,
    "a mandatory field is missing",
    "une zone obligatoire est absente",
)
declare(
    "FIELD_NOT_REPEATABLE",
    "error",
    0.2,
    "a non-repeatable field occurs more than once",
    "une zone non répétable est répétée",
)
declare(
    "FIELD_UNDEFINED",
    "warning",
    0.02,
    "the field is not defined in UNIMARC (and is not a local 9XX/X9X field)",
    "la zone n'est pas définie en UNIMARC (et n'est pas une zone locale 9XX/X9X)",
)
declare(
    "FIELD_KIND",
    "error",
    0.1,
    "control fields (00X) hold a value, data fields hold indicators and subfields",
    "les zones de contrôle (00X) ont une valeur, les autres des indicateurs et sous-zones",
)
declare(
    "FIELD_EMPTY",
    "error",
    0.1,
    "the field holds no data",
    "la zone ne contient aucune donnée",
    lenient="warning",
)
declare(
    "TAG_FORMAT",
    "error",
    0.1,
    "a tag must be three digits or letters",
    "une étiquette doit compter trois chiffres ou lettres",
)
declare(
    "INDICATOR_UNDEFINED",
    "error",
    0.05,
    "the indicator value is not defined for this field",
    "la valeur de l'indicateur n'est pas définie pour cette zone",
    lenient="warning",
)
declare(
    "SUBFIELD_UNDEFINED",
    "error",
    0.1,
    "the subfield code is not defined for this field",
    "le code de sous-zone n'est pas défini pour cette zone",
)
declare(
    "SUBFIELD_LOCAL",
    "warning",
    0.02,
    "an undefined numeric subfield code, read as a local control subfield (lenient set only)",
    "un code de sous-zone numérique non défini, lu comme sous-zone locale (jeu souple seulement)",
)
declare(
    "SUBFIELD_NOT_REPEATABLE",
    "error",
    0.05,
    "a non-repeatable subfield occurs more than once in the field",
    "une sous-zone non répétable est répétée dans la zone",
    lenient="warning",
)
declare(
    "SUBFIELD_EMPTY",
    "warning",
    0.02,
    "the subfield is empty",
    "la sous-zone est vide",
)


@check_pass("FIELD_MANDATORY")
def mandatory_fields(ctx: Context):
    missing = [
        tag for tag in ctx.schema.required_tags if tag not in OWN_RULE and tag not in ctx.by_tag
    ]
    return [Hit(tag, detail=tag) for tag in missing] or None


@check_pass(
    "FIELD_NOT_REPEATABLE",
    "FIELD_UNDEFINED",
    "FIELD_KIND",
    "FIELD_EMPTY",
    "TAG_FORMAT",
    "INDICATOR_UNDEFINED",
    "SUBFIELD_UNDEFINED",
    "SUBFIELD_LOCAL",
    "SUBFIELD_NOT_REPEATABLE",
    "SUBFIELD_EMPTY",
)
def schema_pass(ctx: Context):
    """Every field against its definition, in one walk over the record."""
    compiled = ctx.memo.setdefault("schema_pass", {})
    profile = ctx.profile
    # Legacy catalogues put local data in digit subfields ($1, $8, $9) UNIMARC leaves undefined.
    undefined_digit = "SUBFIELD_LOCAL" if profile.local_digit_subfields else "SUBFIELD_UNDEFINED"
    hits: list[Hit] = []
    for tag, fields in ctx.by_tag.items():
        spec = compiled.get(tag)
        if spec is None:
            spec = compiled[tag] = _compile(tag, ctx)
        if spec is LOCAL:
            continue
        if isinstance(spec, Hit):  # an unknown or malformed tag
            hits.append(spec)
            continue
        if spec.single and len(fields) > 1:
            hits.append(Hit(tag, detail=f"{tag} x{len(fields)}", rule="FIELD_NOT_REPEATABLE"))
        for f in fields:
            if type(f) is ControlField:
                if not spec.control:
                    hits.append(Hit(tag, detail=tag, rule="FIELD_KIND"))
                elif not f.value.strip():
                    hits.append(Hit(tag, detail=tag, rule="FIELD_EMPTY"))
                continue
            if spec.control:
                hits.append(Hit(tag, detail=tag, rule="FIELD_KIND"))
                continue
            if spec.ind1 is not None and f.ind1 not in spec.ind1:
                hits.append(Hit(tag, detail=f"{tag} ind1 {f.ind1!r}", rule="INDICATOR_UNDEFINED"))
            if spec.ind2 is not None and f.ind2 not in spec.ind2:
                hits.append(Hit(tag, detail=f"{tag} ind2 {f.ind2!r}", rule="INDICATOR_UNDEFINED"))
            subfields = f.subfields
            if not subfields:
                hits.append(Hit(tag, detail=tag, rule="FIELD_EMPTY"))
                continue
            defined, once = spec.defined, spec.once
            seen: set[str] | None = None
            for sub in subfields:
                code = sub.code
                if code not in defined:
                    rule_id = undefined_digit if code.isdigit() else "SUBFIELD_UNDEFINED"
                    hits.append(Hit(tag, code, f"{tag}${code}", rule=rule_id))
                elif code in once:
                    if seen is None:
                        seen = {code}
                    elif code in seen:
                        hits.append(Hit(tag, code, f"{tag}${code}", rule="SUBFIELD_NOT_REPEATABLE"))
                    else:
                        seen.add(code)
                value = sub.value
                if not value or (value[0] == " " and value.isspace()):
                    hits.append(Hit(tag, code, f"{tag}${code}", rule="SUBFIELD_EMPTY"))
    return hits or None


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A field definition reduced to the sets the schema pass tests values against."""

    single: bool
    control: bool
    ind1: frozenset[str] | None  # accepted values; None: not checked here
    ind2: frozenset[str] | None
    defined: frozenset[str]
    once: frozenset[str]


LOCAL = _Compiled(False, False, None, None, frozenset(), frozenset())  # 9XX, X9X: not checked


def _compile(tag: str, ctx: Context) -> _Compiled | Hit:
    spec = ctx.schema.fields.get(tag)
    if spec is None:
        if not _TAG.fullmatch(tag):
            return Hit(tag, detail=repr(tag), rule="TAG_FORMAT")
        return LOCAL if is_local(tag) else Hit(tag, detail=tag, rule="FIELD_UNDEFINED")
    profile = ctx.profile
    fill = {profile.fill_indicator} if profile.fill_indicator else set()

    def accepted(n: int, allowed: frozenset[str] | None) -> frozenset[str] | None:
        if (tag, n) in DEDICATED_INDICATORS:
            return None
        if allowed is None or " " in allowed:
            allowed = (allowed or frozenset(" ")) | profile.blank_indicators
        return frozenset(allowed | fill)

    if is_local(tag):
        return LOCAL
    return _Compiled(
        single=not spec.repeatable,
        control=spec.is_control,
        ind1=accepted(1, spec.ind1),
        ind2=accepted(2, spec.ind2),
        defined=frozenset(spec.subfields),
        once=frozenset(c for c, s in spec.subfields.items() if not s.repeatable),
    )


@rule(
    "F005_FORMAT",
    "warning",
    0.02,
    "005 (version identifier) must be YYYYMMDDHHMMSS.T",
    "la 005 (identifiant de version) doit avoir la forme AAAAMMJJHHMMSS.T",
    tags="005",
)
def version_identifier(f, ctx: Context):
    if isinstance(f, ControlField) and not _VERSION.fullmatch(f.value.strip()):
        return [Hit("005", detail=repr(f.value))]
    return None
