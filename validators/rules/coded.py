"""Coded data: 100$a (general processing data), 101 (language), 102 (country)."""

from __future__ import annotations

import re
from datetime import date

from validators import codes
from validators.engine import Context, Hit, check_pass, declare, rule
from validators.record import DataField

# 100$a coded positions checked against the schema's codes: (rule id, schema position key).
F100_CODED = (
    ("F100_A_DATE_TYPE", "08"),
    ("F100_A_GOVERNMENT", "20"),
    ("F100_A_MODIFIED", "21"),
    ("F100_A_TRANSLITERATION", "25"),
    ("F100_A_CHARSET", "26-27"),
    ("F100_A_CHARSET", "28-29"),
    ("F100_A_CHARSET", "30-31"),
    ("F100_A_CHARSET", "32-33"),
    ("F100_A_SCRIPT", "34-35"),
)
AUDIENCE = frozenset("abcdekmu ")
# A year in 100$a: digits, with unknown trailing digits written u (IFLA) or blank (legacy).
_YEAR = re.compile(r"\d[\du ]{3}|uuuu")
_MMDD = re.compile(r"(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
RANGE_TYPES = frozenset("bfg")  # date 2 ends a span that date 1 starts
LANGUAGE_SUBFIELDS = frozenset("abcdefghij")
LANGUAGE_MATERIALS = frozenset("ab")

declare(
    "F100_A_MISSING",
    "error",
    0.3,
    "100 must have its general processing data in $a",
    "la zone 100 doit contenir ses données générales de traitement en $a",
)
declare(
    "F100_A_LENGTH",
    "error",
    0.2,
    "100$a must be exactly 36 characters",
    "la 100$a doit compter exactement 36 caractères",
)
declare(
    "F100_A_DATE_ENTERED",
    "error",
    0.1,
    "100$a/0-7 (date entered on file) must be a date YYYYMMDD",
    "la 100$a/0-7 (date de création) doit être une date AAAAMMJJ",
)
declare(
    "F100_A_DATE_BLANK",
    "warning",
    0.02,
    "100$a/0-7 (date entered on file) is left blank (accepted for legacy records only)",
    "la 100$a/0-7 (date de création) est vide (admis pour les notices anciennes seulement)",
)
declare(
    "F100_A_DATE_TYPE",
    "error",
    0.05,
    "100$a/8 (type of date) is not a UNIMARC code",
    "la 100$a/8 (type de date) n'est pas un code UNIMARC",
    lenient="warning",
)
declare(
    "F100_A_DATES",
    "error",
    0.05,
    "100$a/9-16 (dates 1 and 2) do not fit the type of date",
    "la 100$a/9-16 (dates 1 et 2) ne correspond pas au type de date",
    lenient="warning",
)
declare(
    "F100_A_AUDIENCE",
    "warning",
    0.02,
    "100$a/17-19 (target audience) holds an unknown code",
    "la 100$a/17-19 (public visé) contient un code inconnu",
)
declare(
    "F100_A_GOVERNMENT",
    "warning",
    0.02,
    "100$a/20 (government publication) is not a UNIMARC code",
    "la 100$a/20 (publication officielle) n'est pas un code UNIMARC",
)
declare(
    "F100_A_MODIFIED",
    "warning",
    0.02,
    "100$a/21 (modified record) must be 0 or 1",
    "la 100$a/21 (notice modifiée) doit valoir 0 ou 1",
)
declare(
    "F100_A_LANGUAGE",
    "error",
    0.05,
    "100$a/22-24 (language of cataloguing) must be an ISO 639-2 code",
    "la 100$a/22-24 (langue de catalogage) doit être un code ISO 639-2",
    lenient="warning",
)
declare(
    "F100_A_TRANSLITERATION",
    "warning",
    0.02,
    "100$a/25 (transliteration code) is not a UNIMARC code",
    "la 100$a/25 (code de translittération) n'est pas un code UNIMARC",
)
declare(
    "F100_A_CHARSET",
    "error",
    0.05,
    "100$a/26-33 (character sets) hold an unknown code",
    "la 100$a/26-33 (jeux de caractères) contient un code inconnu",
    lenient="warning",
)
declare(
    "F100_A_SCRIPT",
    "warning",
    0.02,
    "100$a/34-35 (script of title) is not a UNIMARC code",
    "la 100$a/34-35 (écriture du titre) n'est pas un code UNIMARC",
)


def is_date(text: str) -> bool:
    if len(text) != 8 or not text.isdigit():
        return False
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True


@check_pass(
    "F100_A_MISSING",
    "F100_A_LENGTH",
    "F100_A_DATE_ENTERED",
    "F100_A_DATE_BLANK",
    "F100_A_DATE_TYPE",
    "F100_A_DATES",
    "F100_A_AUDIENCE",
    "F100_A_GOVERNMENT",
    "F100_A_MODIFIED",
    "F100_A_LANGUAGE",
    "F100_A_TRANSLITERATION",
    "F100_A_CHARSET",
    "F100_A_SCRIPT",
    tags="100",
)
def general_processing_data(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    value = f.get("a")
    if value is None:
        return [Hit("100", "a", rule="F100_A_MISSING")]
    if len(value) != 36:
        # Every position after a lost or extra character is shifted: report the length only.
        return [Hit("100", "a", f"{len(value)}: {value!r}", rule="F100_A_LENGTH")]
    hits = []
    if not is_date(value[:8]):
        blank = ctx.profile.blank_dates and value[:8].isspace()
        rule_id = "F100_A_DATE_BLANK" if blank else "F100_A_DATE_ENTERED"
        hits.append(Hit("100", "a", f"/0-7 {value[:8]!r}", rule=rule_id))
    spec = ctx.schema.fields.get("100")
    sub = spec.subfields.get("a") if spec else None
    positions = sub.positions if sub else {}
    for rule_id, key in F100_CODED:
        pos = positions.get(key)
        if pos is not None and pos.codes is not None:
            found = pos.slice(value)
            if found not in pos.codes:
                hits.append(Hit("100", "a", f"/{key} {found!r}", rule=rule_id))
    dates = _dates_problem(value[8], value[9:13], value[13:17])
    if dates:
        hits.append(Hit("100", "a", dates, rule="F100_A_DATES"))
    audience = value[17:20]
    if not set(audience) <= AUDIENCE:
        hits.append(Hit("100", "a", f"/17-19 {audience!r}", rule="F100_A_AUDIENCE"))
    language = value[22:25]
    if not known(language, codes.languages(), ctx, upper=False):
        hits.append(Hit("100", "a", f"/22-24 {language!r}", rule="F100_A_LANGUAGE"))
    return hits or None


def _dates_problem(kind: str, date1: str, date2: str) -> str | None:
    """Why dates 1 and 2 do not fit the type of date, or None when they do."""
    if kind == "u":
        return None if date1 in ("uuuu", "    ") else f"type u, date 1 {date1!r}"
    if not _YEAR.fullmatch(date1):
        return f"type {kind}, date 1 {date1!r}"
    if kind == "a" and date2 != "9999":
        return f"type a (current), date 2 {date2!r} is not 9999"
    if kind == "d" and date2.strip():
        return f"type d (single date), date 2 {date2!r} is not blank"
    if kind == "j" and not _MMDD.fullmatch(date2):
        return f"type j, date 2 {date2!r} is not MMDD"
    numeric = date1.isdigit() and date2.isdigit()
    if kind in RANGE_TYPES and date2 != "9999" and numeric and date2 < date1:
        return f"type {kind}, date 2 {date2} is before date 1 {date1}"
    if kind in "bcefghik" and date2.strip() and not _YEAR.fullmatch(date2):
        return f"type {kind}, date 2 {date2!r}"
    return None


def known(value: str, known: frozenset[str], ctx: Context, *, upper: bool) -> bool:
    if value in known:
        return True
    if ctx.profile.fold_case:
        return (value.upper() if upper else value.lower()) in known
    return False


@rule(
    "F101_LANGUAGE_CODE",
    "error",
    0.1,
    "101 language codes must be ISO 639-2 codes",
    "les codes de langue de la 101 doivent être des codes ISO 639-2",
    tags="101",
)
def language_codes(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    languages = codes.languages()
    hits = [
        Hit("101", sub.code, repr(sub.value))
        for sub in f.subfields
        if sub.code in LANGUAGE_SUBFIELDS and not known(sub.value, languages, ctx, upper=False)
    ]
    return hits or None


@rule(
    "F101_TRANSLATION",
    "warning",
    0.02,
    "101 ind1=1 (translation) needs the original language in $c",
    "101 ind1=1 (traduction) demande la langue originale en $c",
    tags="101",
)
def translation_original(f, ctx: Context):
    if isinstance(f, DataField) and f.ind1 == "1" and f.get("c") is None:
        return [Hit("101", "c")]
    return None


@rule(
    "F101_MISSING",
    "error",
    0.1,
    "101 (language of the resource) is mandatory for language materials",
    "la zone 101 (langue de la ressource) est obligatoire pour les textes",
    lenient="warning",
)
def language_present(ctx: Context):
    if ctx.record_type in LANGUAGE_MATERIALS and not ctx.has("101"):
        return [Hit("101", detail=f"leader/6 {ctx.record_type}")]
    return None


@rule(
    "F102_COUNTRY_CODE",
    "error",
    0.1,
    "102$a must be an ISO 3166-1 alpha-2 country code",
    "la 102$a doit être un code de pays ISO 3166-1 alpha-2",
    tags="102",
)
def country_codes(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    countries = codes.countries()
    hits = [
        Hit("102", "a", repr(sub.value))
        for sub in f.subfields
        if sub.code == "a" and not known(sub.value, countries, ctx, upper=True)
    ]
    return hits or None
