"""Standard numbers: ISBN (010), ISSN (011), EAN (073), with their check digits."""

from __future__ import annotations

import re

from validators.engine import Context, Hit, declare, rule
from validators.record import DataField

# The number itself, before any qualifier some catalogues leave in $a ("2-07-054127-2 (br.)").
_NUMBER = re.compile(r"[0-9Xx][0-9Xx\- ]*")


def normalise(value: str) -> str:
    found = _NUMBER.match(value.strip())
    return found.group(0).replace("-", "").replace(" ", "").upper() if found else ""


def isbn_ok(isbn: str) -> bool:
    """Check digit of an ISBN-10 (mod 11) or ISBN-13 (EAN mod 10), hyphens removed."""
    if len(isbn) == 10 and isbn[:9].isdigit() and (isbn[9].isdigit() or isbn[9] == "X"):
        total = sum((10 - i) * int(c) for i, c in enumerate(isbn[:9]))
        check = 10 if isbn[9] == "X" else int(isbn[9])
        return (total + check) % 11 == 0
    return len(isbn) == 13 and isbn.isdigit() and ean_ok(isbn)


def ean_ok(number: str) -> bool:
    digits = [int(c) for c in number]
    return sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0


def issn_ok(issn: str) -> bool:
    if len(issn) != 8 or not issn[:7].isdigit() or not (issn[7].isdigit() or issn[7] == "X"):
        return False
    total = sum((8 - i) * int(c) for i, c in enumerate(issn[:7]))
    check = 10 if issn[7] == "X" else int(issn[7])
    return (total + check) % 11 == 0


def looks_like_isbn(isbn: str) -> bool:
    if len(isbn) == 10:
        return isbn[:9].isdigit()
    return len(isbn) == 13 and isbn.isdigit() and isbn[:3] in ("978", "979")


declare(
    "F010_ISBN_FORMAT",
    "error",
    0.05,
    "010$a must be an ISBN of 10 or 13 digits",
    "la 010$a doit être un ISBN de 10 ou 13 chiffres",
    lenient="warning",
)


@rule(
    "F010_ISBN_CHECKDIGIT",
    "error",
    0.1,
    "the check digit of the ISBN in 010$a is wrong",
    "la clé de contrôle de l'ISBN en 010$a est fausse",
    tags="010",
)
def isbn(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    hits = []
    for sub in f.subfields:
        if sub.code != "a":
            continue
        number = normalise(sub.value)
        if not looks_like_isbn(number):
            hits.append(Hit("010", "a", repr(sub.value), rule="F010_ISBN_FORMAT"))
        elif not isbn_ok(number):
            hits.append(Hit("010", "a", repr(sub.value)))
    return hits or None


@rule(
    "F011_ISSN_CHECKDIGIT",
    "error",
    0.05,
    "the ISSN in 011$a or $f is malformed or its check digit is wrong",
    "l'ISSN en 011$a ou $f est mal formé ou sa clé de contrôle est fausse",
    tags="011",
    lenient="warning",
)
def issn(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    hits = [
        Hit("011", sub.code, repr(sub.value))
        for sub in f.subfields
        if sub.code in "af" and not issn_ok(normalise(sub.value))
    ]
    return hits or None


@rule(
    "F073_EAN_CHECKDIGIT",
    "warning",
    0.02,
    "the EAN in 073$a is not 13 digits with a valid check digit",
    "l'EAN en 073$a n'a pas 13 chiffres avec une clé valide",
    tags="073",
)
def ean(f, ctx: Context):
    if not isinstance(f, DataField):
        return None
    hits = []
    for sub in f.subfields:
        if sub.code == "a":
            number = normalise(sub.value)
            if not (len(number) == 13 and number.isdigit() and ean_ok(number)):
                hits.append(Hit("073", "a", repr(sub.value)))
    return hits or None
