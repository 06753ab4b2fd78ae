"""Mechanical repairs of legacy UNIMARC: each one names the rule it satisfies, none invents content.

Real catalogues carry defects that say nothing about the document: a blank indicator written
`#`, whitespace runs collapsed by an export (a 100$a of 28 characters, a leader of 13), a
country code in lower case. A student trained on such records learns the defect; a cataloguer
loading them gets the same findings on every record. Each repair below fixes one such defect
where the rule it satisfies leaves exactly one answer, and leaves the record alone otherwise:

- `blank_indicator` (INDICATOR_UNDEFINED): `#`, a blank in MARC documentation, becomes a blank
  where blank is allowed.
- `single_value_indicator` (INDICATOR_UNDEFINED): a value the field does not define becomes the
  only value it defines (200 ind2 `4` -> blank).
- `title_significance` (F200_IND1): a blank 200 ind1 becomes 1 when no name access point
  (70X-72X) exists: the title is then the record's only access point.
- `source_function` (F801_IND2): the blank ind2 of a record's only 801 becomes 0: the one agency
  recorded is the original cataloguing agency.
- `leader_blanks` (LEADER_LENGTH), `f100_blanks` (F100_A_LENGTH): a leader or 100$a whose blank
  runs an export collapsed or trimmed regains them, when exactly one placement breaks the
  fewest position rules.
- `bibliographic_level` (LEADER_LEVEL): a blank leader/7 becomes m when 100$a/8 codes a
  monograph's dates and no 463 links the record to a host.
- `partial_date_entered` (F100_A_DATE_ENTERED): a date entered cut to its first digits
  (`19      `) becomes the original agency's 801$c when that date starts with them, else the
  blank form of an unknown date (which the lenient set reads as F100_A_DATE_BLANK, a warning).
- `code_case` (F101_LANGUAGE_CODE, F102_COUNTRY_CODE, F801_A_COUNTRY): a code in the wrong case
  becomes the listed code (`it` -> `IT`, `Fre` -> `fre`).
- `empty_subfield` (SUBFIELD_EMPTY, FIELD_EMPTY): empty subfields are removed, and a field left
  with none.
- `isbd_punctuation` (F200_ISBD_PUNCTUATION): a 200 subfield's trailing ISBD mark (` :`, ` /`,
  ` ;`, ` =`) is removed.
- `double_encoding` (ENCODING_SUSPECT): a value whose UTF-8 was read as Latin-1 or Windows-1252
  and encoded again ("Text tipÄ\x83rit", the whole BNR export) is decoded back ("Text
  tipărit"), when its characters re-encoded are valid UTF-8: ordinary accented text ("café")
  never is, so only a double encoding is undone.

Not repaired, because no rule decides the value: 200 ind1 when names exist, 101 ind1, 700 ind2
`|` (the fill character: "not coded"), dates entered that are wrong rather than cut, relator text
in $4. ISBNs are left as written: the rules accept them with or without hyphens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations
from math import comb

from validators import codes
from validators.record import ControlField, DataField, Record, Subfield
from validators.rules.coded import is_date
from validators.rulesets import get_ruleset
from validators.schema import Schema, default_schema, is_local

LEADER_LENGTH = 24
F100_LENGTH = 36
_BLANKS = frozenset({" ", "#", "|", ""})
_NAME_TAGS = re.compile(r"7[012]\d")
# 100$a/8 codes whose schema label says "monograph".
_MONOGRAPH_DATES = frozenset("dfghik")
_ISBD_END = re.compile(r"\s+[:/;=]$")
_PARTIAL_DATE = re.compile(r"\d{1,7} +")
# The code pages a UTF-8 byte stream is most often mistaken for, in the order tried.
_MISREAD_AS = ("latin-1", "cp1252")
# Ways to re-expand collapsed blanks tried at most: beyond that the defect is not mechanical.
_MAX_PLACEMENTS = 20_000


@dataclass(frozen=True, slots=True)
class Change:
    """One repair made to one record: which, for which rule, where, and the values around it."""

    repair: str
    rule: str
    where: str
    before: str
    after: str

    def to_dict(self) -> dict[str, str]:
        return {
            "repair": self.repair,
            "rule": self.rule,
            "where": self.where,
            "before": self.before,
            "after": self.after,
        }


@dataclass(slots=True)
class Repaired:
    record: Record
    changes: list[Change]


Repair = Callable[[Record, Schema], list[Change]]


def _indicators(record: Record, schema: Schema) -> list[Change]:
    changes = []
    for f in record.data_fields:
        spec = schema.fields.get(f.tag)
        if spec is None or is_local(f.tag):
            continue
        for n, allowed in ((1, spec.ind1), (2, spec.ind2)):
            if (f.tag, n) in (("200", 1), ("801", 2)):
                continue  # F200_IND1 and F801_IND2 have repairs of their own
            allowed = allowed or frozenset(" ")  # an undefined indicator is blank
            value = f.ind1 if n == 1 else f.ind2
            if value in allowed:
                continue
            if value == "#" and " " in allowed:
                new, name = " ", "blank_indicator"
            elif len(allowed) == 1:
                new, name = next(iter(allowed)), "single_value_indicator"
            else:
                continue
            if n == 1:
                f.ind1 = new
            else:
                f.ind2 = new
            changes.append(Change(name, "INDICATOR_UNDEFINED", f"{f.tag} ind{n}", value, new))
    return changes


def _title_significance(record: Record, schema: Schema) -> list[Change]:
    if any(_NAME_TAGS.fullmatch(f.tag) for f in record.data_fields):
        return []
    changes = []
    for f in record.datafields("200"):
        if f.ind1 in _BLANKS:
            changes.append(Change("title_significance", "F200_IND1", "200 ind1", f.ind1, "1"))
            f.ind1 = "1"
    return changes


def _source_function(record: Record, schema: Schema) -> list[Change]:
    sources = record.datafields("801")
    if len(sources) != 1 or sources[0].ind2 not in _BLANKS:
        return []
    before, sources[0].ind2 = sources[0].ind2, "0"
    return [Change("source_function", "F801_IND2", "801 ind2", before, "0")]


def placements(text: str, width: int) -> Iterator[str]:
    """Every way to bring `text` to `width` characters by lengthening its runs of blanks and
    padding its ends with blanks: what an export that collapsed or trimmed blanks lost."""
    core = text.strip(" ")
    tokens = core.split()
    runs = len(tokens) - 1
    fixed = sum(map(len, tokens)) + runs
    lead, trail = text != text.lstrip(" "), text != text.rstrip(" ")
    missing = width - fixed - lead - trail
    gaps = runs + 2
    if not tokens or missing < 0 or comb(missing + gaps - 1, gaps - 1) > _MAX_PLACEMENTS:
        return
    # Stars and bars: each composition of `missing` into `gaps` extra blanks.
    for bars in combinations(range(missing + gaps - 1), gaps - 1):
        extra = [b - a - 1 for a, b in zip((-1, *bars), (*bars, missing + gaps - 1), strict=True)]
        out = " " * (extra[0] + lead)
        for i, token in enumerate(tokens):
            out += token + (" " * (extra[i + 1] + 1) if i < runs else "")
        yield out + " " * (extra[-1] + trail)


def _only_fit(text: str, width: int, broken: Callable[[str], int]) -> str | None:
    """The one placement of `text` that breaks the fewest position rules, or None when two tie."""
    best: list[str] = []
    best_count = None
    for candidate in placements(text, width):
        count = broken(candidate)
        if best_count is None or count < best_count:
            best, best_count = [candidate], count
        elif count == best_count:
            best.append(candidate)
    return best[0] if len(best) == 1 else None


def _broken(record: Record, prefix: str) -> int:
    report = get_ruleset("strict").run(record)
    return sum(f.rule.startswith(prefix) for f in report.findings)


def _leader_blanks(record: Record, schema: Schema) -> list[Change]:
    leader = record.leader
    if not leader or len(leader) >= LEADER_LENGTH:
        return []
    fit = _only_fit(leader, LEADER_LENGTH, lambda c: _broken(Record(c, []), "LEADER"))
    if fit is None:
        return []
    record.leader = fit
    return [Change("leader_blanks", "LEADER_LENGTH", "LDR", leader, fit)]


def _bibliographic_level(record: Record, schema: Schema) -> list[Change]:
    leader = record.leader
    coded = record.first("100", "a") or ""
    if not leader or len(leader) != LEADER_LENGTH or leader[7] != " " or len(coded) < 9:
        return []
    if coded[8] not in _MONOGRAPH_DATES or record.datafields("463"):
        return []
    record.leader = leader[:7] + "m" + leader[8:]
    return [Change("bibliographic_level", "LEADER_LEVEL", "LDR/7", " ", "m")]


def _f100_blanks(record: Record, schema: Schema) -> list[Change]:
    changes = []
    for f in record.datafields("100"):
        for i, sub in enumerate(f.subfields):
            if sub.code != "a" or len(sub.value) >= F100_LENGTH or not sub.value.strip():
                continue

            def broken(candidate: str) -> int:
                field = DataField("100", " ", " ", [Subfield("a", candidate)])
                return _broken(Record(None, [field]), "F100_A")

            fit = _only_fit(sub.value, F100_LENGTH, broken)
            if fit is not None:
                changes.append(Change("f100_blanks", "F100_A_LENGTH", "100$a", sub.value, fit))
                f.subfields[i] = Subfield("a", fit)
    return changes


def _partial_date_entered(record: Record, schema: Schema) -> list[Change]:
    """The original cataloguing agency's date (801 ind2 0 $c) when it starts with the digits
    kept, since that is when the record was made; otherwise the blank form of an unknown date,
    which the lenient rule set reads as such (F100_A_DATE_BLANK, a warning)."""
    origin = next((v for f in record.datafields("801") if f.ind2 == "0" for v in f.values("c")), "")
    changes = []
    for f in record.datafields("100"):
        for i, sub in enumerate(f.subfields):
            value = sub.value
            if sub.code == "a" and len(value) == F100_LENGTH and _PARTIAL_DATE.fullmatch(value[:8]):
                kept = value[:8].strip()
                date = origin if is_date(origin) and origin.startswith(kept) else " " * 8
                fixed = date + value[8:]
                changes.append(
                    Change("partial_date_entered", "F100_A_DATE_ENTERED", "100$a/0-7", value, fixed)
                )
                f.subfields[i] = Subfield("a", fixed)
    return changes


def _code_case(record: Record, schema: Schema) -> list[Change]:
    targets = (
        ("101", "abcdefghij", codes.languages(), str.lower, "F101_LANGUAGE_CODE"),
        ("102", "a", codes.countries(), str.upper, "F102_COUNTRY_CODE"),
        ("801", "a", codes.countries(), str.upper, "F801_A_COUNTRY"),
    )
    changes = []
    for tag, subfield_codes, known, fold, rule in targets:
        for f in record.datafields(tag):
            for i, sub in enumerate(f.subfields):
                if sub.code not in subfield_codes or sub.value in known:
                    continue
                folded = fold(sub.value)
                if folded in known:
                    changes.append(
                        Change("code_case", rule, f"{tag}${sub.code}", sub.value, folded)
                    )
                    f.subfields[i] = Subfield(sub.code, folded)
    return changes


def _empty_subfields(record: Record, schema: Schema) -> list[Change]:
    changes = []
    kept_fields = []
    for f in record.fields:
        if isinstance(f, DataField) and not is_local(f.tag):
            empty = [s for s in f.subfields if not s.value.strip()]
            for s in empty:
                changes.append(
                    Change("empty_subfield", "SUBFIELD_EMPTY", f"{f.tag}${s.code}", s.value, "")
                )
            if empty:
                f.subfields = [s for s in f.subfields if s.value.strip()]
                if not f.subfields:
                    changes.append(Change("empty_subfield", "FIELD_EMPTY", f.tag, f.tag, ""))
                    continue
        kept_fields.append(f)
    record.fields = kept_fields
    return changes


def _isbd_punctuation(record: Record, schema: Schema) -> list[Change]:
    changes = []
    for f in record.datafields("200"):
        for i, sub in enumerate(f.subfields):
            fixed = _ISBD_END.sub("", sub.value)
            if fixed != sub.value and fixed:
                changes.append(
                    Change(
                        "isbd_punctuation",
                        "F200_ISBD_PUNCTUATION",
                        f"200${sub.code}",
                        sub.value,
                        fixed,
                    )
                )
                f.subfields[i] = Subfield(sub.code, fixed)
    return changes


def undouble(value: str) -> str | None:
    """`value` decoded back when it is UTF-8 that was read in one of `_MISREAD_AS`, else None.
    Pure ASCII is its own encoding in every one of them, so it is never changed."""
    if value.isascii():
        return None
    for code_page in _MISREAD_AS:
        try:
            decoded = value.encode(code_page).decode("utf-8")
        except UnicodeError:
            continue
        if decoded != value:
            return decoded
    return None


def _double_encoding(record: Record, schema: Schema) -> list[Change]:
    changes = []
    for f in record.data_fields:
        for i, sub in enumerate(f.subfields):
            decoded = undouble(sub.value)
            if decoded is not None:
                where = f"{f.tag}${sub.code}"
                changes.append(
                    Change("double_encoding", "ENCODING_SUSPECT", where, sub.value, decoded)
                )
                f.subfields[i] = Subfield(sub.code, decoded)
    return changes


# In order: the leader and 100$a regain their length before their positions are read. The flag
# says whether the repair restores positions that a wrong length hid from the rules: findings it
# reveals there are the record's own. Any other repair that would make a new rule fire (an empty
# 101 removed: F101_MISSING) is undone.
REPAIRS: dict[str, tuple[Repair, bool]] = {
    "blank_indicator": (_indicators, False),  # also single_value_indicator
    "title_significance": (_title_significance, False),
    "source_function": (_source_function, False),
    "leader_blanks": (_leader_blanks, True),
    "bibliographic_level": (_bibliographic_level, False),
    "f100_blanks": (_f100_blanks, True),
    "partial_date_entered": (_partial_date_entered, False),
    "code_case": (_code_case, False),
    "empty_subfield": (_empty_subfields, False),
    "isbd_punctuation": (_isbd_punctuation, False),
    "double_encoding": (_double_encoding, False),
}


def _copy(record: Record) -> Record:
    """A copy whose fields and subfields can be changed (values are str: shared, never copied).
    Every repair step is tried on one, so it costs little more than a walk over the record."""
    return Record(
        record.leader,
        [
            DataField(f.tag, f.ind1, f.ind2, [Subfield(s.code, s.value) for s in f.subfields])
            if isinstance(f, DataField)
            else ControlField(f.tag, f.value)
            for f in record.fields
        ],
    )


def repair(record: Record, schema: Schema | None = None) -> Repaired:
    """A repaired copy of `record` and the changes made; `record` itself is left as it was."""
    schema = schema or default_schema()
    rules = get_ruleset("strict")
    fixed = _copy(record)
    broken: set[str] | None = None  # computed when a first step changes something
    changes: list[Change] = []
    for step, reveals in REPAIRS.values():
        trial = _copy(fixed)
        made = step(trial, schema)
        if not made:
            continue
        if broken is None:
            broken = rules.run(fixed).broken_rules
        now = rules.run(trial).broken_rules
        if not reveals and now - broken:
            continue
        fixed, broken = trial, now
        changes.extend(made)
    return Repaired(fixed, changes)
