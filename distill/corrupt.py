"""Rule-targeted corruption operators: turn a valid record into a near miss that breaks one rule.

DPO needs rejected answers that differ from the chosen one in exactly the way a student gets
wrong: a 200$a moved, an ISBN check digit off by one, a leader one character short. Each operator
is labelled with the id of the rule it breaks (ids fixed in docs/ARCHITECTURE.md), so a DPO pair
says which rule it teaches and the dataset card can count rule coverage. An operator returns None
when the record gives it nothing to break (no 7XX$4 to spoil), never a corruption that misses.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from validators import DataField, Record, Subfield
from validators.schema import is_local

# An operator gets its own copy of the record and returns the corrupted XML, or None.
Apply = Callable[[Record, random.Random], str | None]


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    rule: str
    description: str
    apply: Apply


@dataclass(frozen=True, slots=True)
class Corruption:
    operator: str
    rule: str
    text: str


OPERATORS: dict[str, Operator] = {}


def operator(name: str, rule: str, description: str) -> Callable[[Apply], Apply]:
    def register(apply: Apply) -> Apply:
        OPERATORS[name] = Operator(name, rule, description, apply)
        return apply

    return register


def _xml(record: Record) -> str:
    return record.to_marcxml()


def _insert_in_tag_order(record: Record, field: DataField) -> None:
    for index, existing in enumerate(record.fields):
        if existing.tag > field.tag:
            record.fields.insert(index, field)
            return
    record.fields.append(field)


def _set_leader_position(record: Record, position: int, choices: str, rng: random.Random):
    if record.leader is None or len(record.leader) != 24:
        return None
    leader = record.leader
    record.leader = leader[:position] + rng.choice(choices) + leader[position + 1 :]
    return _xml(record)


@operator("xml_truncated", "XML_WELLFORMED", "the record cut off before its end")
def xml_truncated(record: Record, rng: random.Random) -> str | None:
    text = _xml(record).rstrip()
    end = text.rfind("</")
    return text[: rng.randint(end // 2, end - 1)] if end > 2 else None


@operator("xml_unclosed_tag", "XML_WELLFORMED", "a subfield's closing tag missing")
def xml_unclosed_tag(record: Record, rng: random.Random) -> str | None:
    text = _xml(record)
    closings = [m.start() for m in re.finditer(r"</(?:\w+:)?subfield>", text)]
    if not closings:
        return None
    at = rng.choice(closings)
    return text[:at] + text[text.index(">", at) + 1 :]


@operator("leader_length", "LEADER_LENGTH", "the leader one or more characters short or long")
def leader_length(record: Record, rng: random.Random) -> str | None:
    if record.leader is None:
        return None
    cut = rng.randint(1, 4)
    record.leader = record.leader[:-cut] if rng.random() < 0.5 else record.leader + "0" * cut
    return _xml(record)


@operator("leader_status", "LEADER_STATUS", "leader/5 set to a code outside c, d, n, o, p")
def leader_status(record: Record, rng: random.Random) -> str | None:
    return _set_leader_position(record, 5, "abxz", rng)


@operator("leader_type", "LEADER_TYPE", "leader/6 set to an undefined type of record")
def leader_type(record: Record, rng: random.Random) -> str | None:
    return _set_leader_position(record, 6, "hnqxz", rng)


@operator("leader_level", "LEADER_LEVEL", "leader/7 set to an undefined bibliographic level")
def leader_level(record: Record, rng: random.Random) -> str | None:
    return _set_leader_position(record, 7, "bdxz", rng)


@operator("drop_mandatory", "FIELD_MANDATORY", "001, 100 or 200 removed")
def drop_mandatory(record: Record, rng: random.Random) -> str | None:
    present = [tag for tag in ("001", "100", "200") if record.get_fields(tag)]
    if not present:
        return None
    tag = rng.choice(present)
    record.fields = [f for f in record.fields if f.tag != tag]
    return _xml(record)


@operator("double_field", "FIELD_NOT_REPEATABLE", "100 or 200 written twice")
def double_field(record: Record, rng: random.Random) -> str | None:
    present = [tag for tag in ("100", "200") if record.datafields(tag)]
    if not present:
        return None
    original = record.datafields(rng.choice(present))[0]
    record.fields.insert(record.fields.index(original) + 1, copy.deepcopy(original))
    return _xml(record)


@operator("drop_200a", "F200_A_MISSING", "the title proper (200$a) removed")
def drop_200a(record: Record, rng: random.Random) -> str | None:
    fields = record.datafields("200")
    if not any(f.get("a") for f in fields):
        return None
    for f in fields:
        f.subfields = [s for s in f.subfields if s.code != "a"]
    return _xml(record)


@operator("move_200a", "F200_A_FIRST", "200$a moved after another subfield")
def move_200a(record: Record, rng: random.Random) -> str | None:
    for f in record.datafields("200"):
        if f.subfields and f.subfields[0].code == "a" and any(s.code != "a" for s in f.subfields):
            first = f.subfields.pop(0)
            others = [i for i, s in enumerate(f.subfields) if s.code != "a"]
            f.subfields.insert(rng.choice(others) + 1, first)
            return _xml(record)
    return None


@operator("bad_200_ind1", "F200_IND1", "200 first indicator outside 0/1")
def bad_200_ind1(record: Record, rng: random.Random) -> str | None:
    fields = record.datafields("200")
    if not fields:
        return None
    fields[0].ind1 = rng.choice("23456789")
    return _xml(record)


def _100a(record: Record) -> Subfield | None:
    """The first 100$a, when it has the 36 characters the rules expect: corrupting one already
    wrong would not single out the rule the corruption is labelled with."""
    for f in record.datafields("100"):
        for s in f.subfields:
            if s.code == "a":
                return s if len(s.value) == 36 else None
    return None


@operator("bad_100a_length", "F100_A_LENGTH", "100$a made shorter or longer than 36 characters")
def bad_100a_length(record: Record, rng: random.Random) -> str | None:
    sub = _100a(record)
    if sub is None:
        return None
    # Past the date (0-7), so that only the length is wrong.
    cut = rng.randint(1, 3)
    if rng.random() < 0.5:
        at = rng.randint(9, 36 - cut)
        sub.value = sub.value[:at] + sub.value[at + cut :]
    else:
        sub.value = sub.value + " " * cut
    return _xml(record)


@operator("bad_100a_date", "F100_A_DATE_ENTERED", "100$a/0-7 not a YYYYMMDD date")
def bad_100a_date(record: Record, rng: random.Random) -> str | None:
    sub = _100a(record)
    if sub is None:
        return None
    date = rng.choice(["2024-5-3", "20241399", "20240231", "03052024", "2024/5/3"])
    sub.value = date + sub.value[8:]
    return _xml(record)


def _set_subfield(field: DataField, code: str, value: str) -> None:
    """Give the field's first $code this value, or append a $code when it has none."""
    for s in field.subfields:
        if s.code == code:
            s.value = value
            return
    field.subfields.append(Subfield(code, value))


def _replace_or_add(record: Record, tag: str, code: str, value: str, ind: str = " ") -> None:
    fields = record.datafields(tag)
    for f in fields:
        for s in f.subfields:
            if s.code == code:
                s.value = value
                return
    if fields:
        fields[0].subfields.insert(0, Subfield(code, value))
    else:
        _insert_in_tag_order(record, DataField(tag, ind, " ", [Subfield(code, value)]))


@operator("bad_101_language", "F101_LANGUAGE_CODE", "101$a not an ISO 639-2 code")
def bad_101_language(record: Record, rng: random.Random) -> str | None:
    # Mistakes cataloguers and models make: ISO 639-1, a name, a country code.
    _replace_or_add(record, "101", "a", rng.choice(["fr", "en", "french", "Français", "FR"]), "0")
    return _xml(record)


@operator("bad_102_country", "F102_COUNTRY_CODE", "102$a not an ISO 3166-1 alpha-2 code")
def bad_102_country(record: Record, rng: random.Random) -> str | None:
    _replace_or_add(record, "102", "a", rng.choice(["FRA", "France", "ITA", "F", "Italia"]))
    return _xml(record)


def _isbn_check(digits: str) -> str:
    if len(digits) == 13:
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        return str((10 - total % 10) % 10)
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


_ISBN = re.compile(r"97[89][\d\- ]{9,14}\d|\d[\d\- ]{7,11}[\dXx]")


@operator("bad_isbn", "F010_ISBN_CHECKDIGIT", "010$a ISBN with a wrong check digit")
def bad_isbn(record: Record, rng: random.Random) -> str | None:
    for f in record.datafields("010"):
        for s in f.subfields:
            found = _ISBN.search(s.value) if s.code == "a" else None
            core = re.sub(r"[\- ]", "", found.group(0)) if found else ""
            if len(core) in (10, 13) and core[:-1].isdigit():
                right = _isbn_check(core)
                wrong = rng.choice([d for d in "0123456789" if d != right])
                end = found.end()
                s.value = s.value[: end - 1] + wrong + s.value[end:]
                return _xml(record)
    body = "97820" + "".join(rng.choice("0123456789") for _ in range(7))
    right = _isbn_check(body + "0")
    wrong = rng.choice([d for d in "0123456789" if d != right])
    _insert_in_tag_order(record, DataField("010", " ", " ", [Subfield("a", body + wrong)]))
    return _xml(record)


@operator("bad_801c", "F801_C_DATE", "801$c not a YYYYMMDD date")
def bad_801c(record: Record, rng: random.Random) -> str | None:
    fields = record.datafields("801")
    if not fields:
        return None
    bad = rng.choice(["2024-05-03", "03/05/2024", "202405", "20241399", "May 2024"])
    target = next((f for f in fields if f.get("c") is not None), fields[0])
    _set_subfield(target, "c", bad)
    return _xml(record)


@operator("bad_801_ind2", "F801_IND2", "801 second indicator outside 0-3")
def bad_801_ind2(record: Record, rng: random.Random) -> str | None:
    fields = record.datafields("801")
    if not fields:
        return None
    rng.choice(fields).ind2 = rng.choice("456789")
    return _xml(record)


@operator("bad_relator", "F7XX_RELATOR_CODE", "7XX$4 not a 3-digit relator code")
def bad_relator(record: Record, rng: random.Random) -> str | None:
    # local 79X fields follow local rules, which the relator rule leaves alone
    fields = [f for f in record.data_fields if f.tag.startswith("7") and not is_local(f.tag)]
    if not fields:
        return None
    bad = rng.choice(["aut", "author", "Auteur", "70", "0700"])
    with_code = [f for f in fields if f.get("4") is not None]
    target = rng.choice(with_code or fields)
    _set_subfield(target, "4", bad)
    return _xml(record)


@operator("undefined_subfield", "SUBFIELD_UNDEFINED", "a subfield code 200 does not define")
def undefined_subfield(record: Record, rng: random.Random) -> str | None:
    fields = record.datafields("200")
    if not fields:
        return None
    target = fields[0]
    at = rng.randint(1, len(target.subfields))
    target.subfields.insert(at, Subfield(rng.choice("qwxy"), "x"))
    return _xml(record)


def corrupt(record: Record, name: str, rng: random.Random) -> Corruption | None:
    """Apply operator `name` to a copy of `record`; the record itself is never changed."""
    op = OPERATORS[name]
    text = op.apply(copy.deepcopy(record), rng)
    return None if text is None else Corruption(op.name, op.rule, text)


def corruptions(
    record: Record, *, seed: int | str, count: int, names: Iterable[str] | None = None
) -> Iterator[Corruption]:
    """Up to `count` corruptions of `record` by distinct operators, chosen deterministically
    from `seed` so that a rebuilt dataset holds the same pairs."""
    rng = random.Random(f"corrupt:{seed}")
    order = list(names or OPERATORS)
    rng.shuffle(order)
    made = 0
    for name in order:
        if made >= count:
            return
        found = corrupt(record, name, rng)
        if found is not None:
            made += 1
            yield found


def rules_targeted() -> set[str]:
    return {op.rule for op in OPERATORS.values()}
