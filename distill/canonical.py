"""Canonical forms of records: what two examples must share to be "the same record".

Raw XML differs in namespace prefixes, indentation, field order and blank-indicator spelling
(`#`, `|`, space) even when the cataloguing is identical, so deduplication, decontamination and
the field-level agreement of the evaluation compare these canonical forms instead of text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from validators import ReadError, Record
from validators.readers import read_text
from validators.record import ControlField, DataField

# Identifiers and timestamps of one catalogue's copy of a record: they say nothing about the
# document, so two libraries' records of one book must not differ by them.
NON_DESCRIPTIVE_TAGS = frozenset({"001", "003", "005"})
_BLANK_INDICATORS = {"#": " ", "|": " ", "": " "}
_SPACES = re.compile(r"\s+")
# ISBD punctuation that cataloguers put at the end of subfields (" /", " :", " ;", " =", ".").
_EDGE_PUNCTUATION = " \t/:;=,.[]"
# Non-sorting markers: control characters NSB/NSE and the `<<...>>` convention.
_NON_SORTING = re.compile(r"[\x88\x89\x98\x9c]|<<|>>")
# Marks a web page leaves in copied text (left-to-right mark, zero-width space): invisible to a
# cataloguer, so a value with them is the same value (some real records carry them).
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")


def normalise_space(text: str) -> str:
    """NFC, whitespace runs collapsed, ends stripped: layout never makes two values differ."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def normalise_value(text: str) -> str:
    """A subfield value as compared for field agreement: case, ISBD punctuation, non-sorting
    markers, invisible marks and parentheses around the whole value ("(1802-1885)", as some
    catalogues write a heading's dates, is "1802-1885") do not count."""
    text = normalise_space(_INVISIBLE.sub("", _NON_SORTING.sub("", text)))
    if re.fullmatch(r"\([^()]*\)", text):
        text = text[1:-1]
    return text.casefold().strip(_EDGE_PUNCTUATION)


def parse_record(text: str | None) -> Record | None:
    """The first record in `text` (XML or MarcEdit lines, bare or with prose around), or None."""
    if not text:
        return None
    item = read_text(text)
    return None if isinstance(item, ReadError) else item


def canonical_text(record: Record) -> str:
    """One line per field, fields sorted, whitespace and blank indicators normalised.

    Subfield order is kept: in UNIMARC it carries meaning (200$a first, $e after its $a).
    """
    lines = []
    for f in record.fields:
        if f.tag in NON_DESCRIPTIVE_TAGS:
            continue
        if isinstance(f, ControlField):
            lines.append(f"{f.tag} {normalise_space(f.value)}")
        elif isinstance(f, DataField):
            ind = _BLANK_INDICATORS.get(f.ind1, f.ind1) + _BLANK_INDICATORS.get(f.ind2, f.ind2)
            body = "".join(f"${s.code}{normalise_space(s.value)}" for s in f.subfields)
            lines.append(f"{f.tag}{ind}{body}")
    leader = normalise_space(record.leader or "")
    return "\n".join([f"LDR {leader}", *sorted(lines)])


def canonical_key(record: Record) -> str:
    return hashlib.sha256(canonical_text(record).encode("utf-8")).hexdigest()


def field_triples(record: Record) -> Counter[tuple[str, str, str]]:
    """(tag, subfield code, normalised value) of the descriptive data fields, with multiplicity.

    Control fields (ids, coded 00X data) and 9XX local fields are left out: a description of a
    document can ground neither, so no student or teacher should be judged on them.
    """
    triples: Counter[tuple[str, str, str]] = Counter()
    for f in record.data_fields:
        if f.tag.startswith("9") or f.tag in NON_DESCRIPTIVE_TAGS:
            continue
        for s in f.subfields:
            value = normalise_value(s.value)
            if value:
                triples[(f.tag, s.code, value)] += 1
    return triples


@lru_cache(maxsize=4096)
def gold_triples(gold: str | None) -> Counter[tuple[str, str, str]] | None:
    """`field_triples` of a gold record given as text, or None when it holds no record.

    GRPO scores every completion of a prompt, and the evaluation every candidate, against the
    same gold: it is parsed once. The Counter is shared between callers, who must not mutate it.
    """
    record = parse_record(gold)
    return None if record is None else field_triples(record)


def normalise_question(text: str) -> str:
    return normalise_space(text).casefold()
