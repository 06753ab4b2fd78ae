"""The grammar of a valid UNIMARC record, compiled from the Avram schema and a rule set.

A model that writes records should not be able to leave the schema: decoding under this grammar
(llguidance, xgrammar, vLLM's structured outputs) makes the structure right by construction, so
the checkers only have content left to judge. Two syntaxes: MarcEdit's mnemonic lines ("mrk":
`=LDR  ...`, `=200  1\\$aTitre$fAuteur`, `\\` for a blank) and MARCXML as `Record.to_marcxml`
writes it (lxml's attribute order, any indentation of at most eight spaces after a newline).

What the grammar holds, per rule set: the leader's length and the positions the set checks as
errors, the tags the schema defines (local X9X/9XX optional when no tag set is given), control
versus data fields, indicator values, subfield codes, 200$a first, a 7XX entry element, 801$b,
100$a as its 36-character pattern with the coded positions, code-list values (101, 102, 7XX$4,
801$a) and dates (100$a/0-7, 801$c). It also holds two things the rule sets only warn about,
because a model should never write them: undefined tags and empty fields or subfields
(`TIGHTER`). What a regular language cannot reasonably say is left to the checkers
(`NOT_EXPRESSED`): check digits, subfield repetition, fields that exclude or call for each other.
`warnings=True` also holds what the set only warns about (leader, 100$a codes, indicators);
`bounded=True` caps fields, subfields and values so every record ends (`bounds`: the form
students decode under, `student`); `value=` replaces free values by a pattern (span copy).

Fields come in ascending tag order: that lets a grammar say "at most once" and "exactly once"
(without an order, counting needs one state per subset of fields). Copiste writes records in
that order (`roles.fill_system_fields`); `ordered=False` gives the order-free form (any defined
field, any number of times, mandatory fields unchecked) for reading records as found.

`record_regex` joins the per-field regular expressions into one pattern (Python `re`, Rust
`regex` and xgrammar read it alike: `lexicon`); `record_grammar` names each field as a terminal
of a Lark grammar (llguidance's and vLLM's dialect), one line per field.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

from validators import codes
from validators.engine import Profile, RuleSet
from validators.grammar import bounds
from validators.grammar.coded import general_processing_data
from validators.grammar.lexicon import (
    DATE,
    LEXICONS,
    WS,
    Syntax,
    alt,
    char_class,
    esc,
)
from validators.report import Severity
from validators.rules.leader import CODED as LEADER_CODED
from validators.rules.leader import FIXED as LEADER_FIXED
from validators.rulesets import get_ruleset
from validators.schema import FieldSpec, Schema, is_local

SYNTAXES: tuple[Syntax, ...] = ("mrk", "marcxml")

# Rules the grammar enforces more tightly than the rule sets (where they are only warnings).
TIGHTER = frozenset({"FIELD_UNDEFINED", "FIELD_EMPTY", "SUBFIELD_EMPTY"})
# Rules a grammar does not hold: left to the checkers after decoding.
NOT_EXPRESSED = frozenset(
    {
        "F010_ISBN_FORMAT",  # a prefix of digits, hyphens and spaces whose digits count 10 or 13
        "F010_ISBN_CHECKDIGIT",
        "F011_ISSN_CHECKDIGIT",
        "F100_A_DATES",  # date 2 not before date 1 compares two numbers
        "F101_MISSING",  # depends on leader/6, twenty fields earlier
        "F7XX_PRIMARY_EXCLUSIVE",  # 700/710/720 exclude each other across 701-716
        "SUBFIELD_NOT_REPEATABLE",  # "at most once, in any order" needs one state per subset
    }
)
# Subfields whose values come from a code list: (tags, codes, rule, list, upper case for folding).
_CODE_LISTS = (
    (("101",), "abcdefghij", "F101_LANGUAGE_CODE", codes.languages, False),
    (("102",), "a", "F102_COUNTRY_CODE", codes.countries, True),
    (("801",), "a", "F801_A_COUNTRY", codes.countries, True),
)
_RELATOR_TAGS = "7"  # 7XX$4, local 79X excepted
_ENTRY_ELEMENT = ("70", "71", "72")  # with tag[2] in 0-3: $a required


@dataclass(frozen=True, slots=True)
class _Slot:
    """One place in the record: a terminal name, its pattern and how many times it may occur."""

    name: str
    pattern: str
    quantifier: str  # "", "?", "*" or "+"


class _Compiler:
    def __init__(
        self,
        syntax: Syntax,
        ruleset: RuleSet,
        value: str | None = None,
        warnings: bool = False,
        bounded: bool = False,
        repeats: int = bounds.FIELD_REPEATS,
    ):
        if syntax not in LEXICONS:
            raise ValueError(f"unknown syntax {syntax!r}; choose one of {', '.join(SYNTAXES)}")
        self.lex = LEXICONS[syntax]
        self.bounded = bounded
        self.repeats = repeats
        self.value = value or (bounds.value(self.lex) if bounded else self.lex.value())
        self.syntax = syntax
        self.schema: Schema = ruleset.schema
        self.profile: Profile = ruleset.profile
        held = [r for r, s in ruleset.severities.items() if warnings or s is Severity.ERROR]
        # Bounded (a student's form): also the codes a decoder loses nothing by being kept to.
        self.errors = frozenset(held) | TIGHTER | (bounds.HELD if bounded else frozenset())

    def code_value(self, codes_: Collection[str], upper: bool) -> str:
        """A value from a code list; in a set that folds case, any case the check folds."""
        if not self.profile.fold_case:
            return alt(self.lex.literal(c) for c in codes_)
        folded = [c.upper() if upper else c.lower() for c in codes_]
        return alt(
            "".join(char_class({ch.lower(), ch.upper()}) if ch.isalpha() else esc(ch) for ch in c)
            for c in folded
        )

    # -- leader -------------------------------------------------------------------------------
    def leader(self) -> str:
        if self.bounded:
            return self.leader_line(bounds.leader(self.lex, self.schema))
        chars = [self.lex.free_control] * 24
        for rule_id, key in LEADER_CODED:
            pos = self.schema.leader.get(key)
            if rule_id in self.errors and pos is not None and pos.codes:
                chars[pos.start] = self.position(pos.codes)
        for rule_id, (start, expected) in LEADER_FIXED.items():
            if rule_id in self.errors:
                for i, ch in enumerate(expected):
                    chars[start + i] = self.lex.literal(ch, control=True)
        if "LEADER_NUMERIC" in self.errors:  # record length, base address: digits or blank
            numeric = f"(?:[0-9]{{5}}|{self.lex.blank}{{5}})"
            chars[0:5] = [numeric, "", "", "", ""]
            chars[12:17] = [numeric, "", "", "", ""]
        return self.leader_line("".join(chars))

    def leader_line(self, body: str) -> str:
        if self.syntax == "mrk":
            return f"=LDR  {body}\\n"
        return f"{WS}<leader>{body}<\\/leader>"

    def many(self, pattern: str, at_least: int = 0) -> str:
        """Subfields repeated: without end, or at most `bounds.SUBFIELDS` times when bounded."""
        if self.bounded:
            return bounds.repeat(pattern, at_least, bounds.SUBFIELDS)
        return f"(?:{pattern})" + ("+" if at_least else "*")

    def position(self, allowed: Collection[str]) -> str:
        """One coded character (leader, indicator)."""
        written = {self.lex.blank if c == " " else esc(c) for c in allowed}
        return written.pop() if len(written) == 1 else "(?:" + "|".join(sorted(written)) + ")"

    # -- 100$a --------------------------------------------------------------------------------
    def general_processing_data(self) -> str:
        return general_processing_data(self)

    # -- fields -------------------------------------------------------------------------------
    def indicator(self, spec: FieldSpec, n: int) -> str:
        dedicated = {("200", 1): ("F200_IND1", "01"), ("801", 2): ("F801_IND2", "0123")}
        if (spec.tag, n) in dedicated:
            rule_id, allowed = dedicated[(spec.tag, n)]
            return self.position(allowed) if rule_id in self.errors else self.any_indicator()
        if "INDICATOR_UNDEFINED" not in self.errors:
            return self.any_indicator()
        allowed = spec.ind1 if n == 1 else spec.ind2
        if allowed is None or " " in allowed:
            allowed = (allowed or frozenset(" ")) | self.profile.blank_indicators
        fill = {self.profile.fill_indicator} if self.profile.fill_indicator else set()
        if self.bounded:  # a blank where a code is due: legacy, kept by real targets
            fill.add(" ")
        return self.position(set(allowed) | fill)

    def any_indicator(self) -> str:
        return "[^\\n\\r$]" if self.syntax == "mrk" else '[^"<&]'

    def subfield(self, code_class: str, value: str) -> str:
        if self.syntax == "mrk":
            return f"\\${code_class}{value}"
        return f'{WS}<subfield code="{code_class}">{value}<\\/subfield>'

    def values_by_code(self, spec: FieldSpec) -> dict[str, str]:
        """Each subfield code the field takes, with the pattern of its values."""
        value = self.value
        found = dict.fromkeys(spec.subfields, value)
        # A set that reads undefined digit codes as local ones lets a record keep them; a
        # bounded form (a model's) has no local data to keep and would write "200 ... $4".
        local = self.profile.local_digit_subfields and not self.bounded
        if local and "SUBFIELD_UNDEFINED" in self.errors:
            found.update({d: value for d in "0123456789" if d not in found})
        if "SUBFIELD_UNDEFINED" not in self.errors:
            found.update(
                {c: value for c in "abcdefghijklmnopqrstuvwxyz0123456789" if c not in found}
            )
        for tags, letters, rule_id, code_list, upper in _CODE_LISTS:
            if spec.tag in tags and rule_id in self.errors:
                coded = self.code_value(code_list(), upper)
                found.update({c: coded for c in letters if c in found})
        if spec.tag[0] == _RELATOR_TAGS and "4" in found and "F7XX_RELATOR_CODE" in self.errors:
            found["4"] = alt(map(esc, codes.relators()))
        if spec.tag == "100" and "a" in found:
            found["a"] = self.general_processing_data()
        if spec.tag == "801" and "c" in found and "F801_C_DATE" in self.errors:
            found["c"] = f"{self.lex.space}*{DATE}{self.lex.space}*"
        return found

    def subfields(self, values: dict[str, str], codes_: Iterable[str]) -> str:
        by_value: dict[str, set[str]] = {}
        for code in codes_:
            by_value.setdefault(values[code], set()).add(code)
        return alt(self.subfield(char_class(cs), v) for v, cs in by_value.items())

    def data_field(self, spec: FieldSpec) -> str:
        values = self.values_by_code(spec)
        every = self.subfields(values, values)
        if spec.tag == "100" and "F100_A_MISSING" in self.errors:
            others = [c for c in values if c != "a"]
            head = self.many(self.subfields(values, others)) if others else ""
            body = head + self.subfield("a", values["a"]) + head
        elif spec.tag == "200" and "F200_A_FIRST" in self.errors:
            links = [c for c in "67" if c in values]
            head = self.many(self.subfields(values, links)) if links else ""
            body = head + self.subfield("a", values["a"]) + self.many(every)
        elif self.required_subfield(spec) in values:
            code = self.required_subfield(spec)
            others = [c for c in values if c != code]
            before = self.many(self.subfields(values, others))
            body = before + self.subfield(code, values[code]) + self.many(every)
        else:
            body = self.many(every, at_least=1)
        ind = self.indicator(spec, 1) + self.indicator(spec, 2)
        if self.syntax == "mrk":
            return f"={spec.tag}  {ind}{body}\\n"
        ind1, ind2 = self.indicator(spec, 1), self.indicator(spec, 2)
        opening = f'<datafield tag="{spec.tag}" ind1="{ind1}" ind2="{ind2}">'
        return f"{WS}{opening}{body}{WS}<\\/datafield>"

    def required_subfield(self, spec: FieldSpec) -> str | None:
        if spec.tag[:2] in _ENTRY_ELEMENT and spec.tag[2] in "0123":
            return "a" if "F7XX_ENTRY_ELEMENT" in self.errors else None
        if spec.tag == "801" and "F801_B_AGENCY" in self.errors:
            return "b"
        return None

    def control_field(self, tag: str) -> str:
        value = self.lex.control_value()
        if self.syntax == "mrk":
            return f"={tag}  {value}\\n"
        return f'{WS}<controlfield tag="{tag}">{value}<\\/controlfield>'

    def local_field(self, prefix: str) -> str:
        """Any data field of a local block (X9X or 9XX): local rules are the library's own."""
        digits = "[0-9]" * (3 - len(prefix))
        value = self.lex.value()
        sub = self.subfield("[0-9a-z]", value)
        ind = self.any_indicator()
        if self.syntax == "mrk":
            return f"={prefix}{digits}  {ind}{ind}(?:{sub})+\\n"
        return (
            f'{WS}<datafield tag="{prefix}{digits}" ind1="{ind}" ind2="{ind}">'
            f"(?:{sub})+{WS}<\\/datafield>"
        )

    def field(self, spec: FieldSpec) -> str:
        return self.control_field(spec.tag) if spec.is_control else self.data_field(spec)

    def slots(self, tags: Collection[str] | None, required: Collection[str] = ()) -> list[_Slot]:
        mandatory = {t for t in self.schema.required_tags if t != "801"}
        if "F801_MISSING" in self.errors:
            mandatory.add("801")
        chosen = [t for t in self.schema.fields if not is_local(t) and (tags is None or t in tags)]
        if "FIELD_MANDATORY" not in self.errors:
            mandatory = set()
        mandatory |= set(required)
        slots = []
        for tag in chosen:
            spec = self.schema.fields[tag]
            once = not spec.repeatable and ("FIELD_NOT_REPEATABLE" in self.errors or self.bounded)
            needed = tag in mandatory
            quantifier = ("" if needed else "?") if once else ("+" if needed else "*")
            if self.bounded and not once:
                quantifier = f"{{{int(needed)},{max(self.repeats, int(needed))}}}"
            slots.append(_Slot(f"F{tag}", self.field(spec), quantifier))
        if tags is None:
            for block in [f"{d}9" for d in "012345678"] + ["9"]:
                slots.append(_Slot(f"L{block.ljust(3, 'X')}", self.local_field(block), "*"))
        return sorted(slots, key=lambda s: s.name[1:].replace("X", "0"))

    def record_parts(self) -> tuple[str, str]:
        if self.syntax == "mrk":
            return "", ""
        return (
            '<record(?: xmlns="http:\\/\\/www\\.loc\\.gov\\/MARC21\\/slim")?>',
            f"{WS}<\\/record>",
        )


@cache
def _compiled(
    syntax: Syntax,
    rules: str,
    tags: frozenset[str] | None,
    value: str | None,
    warnings: bool,
    bounded: bool = False,
    repeats: int = bounds.FIELD_REPEATS,
    required: frozenset[str] = frozenset(),
) -> tuple[str, list[_Slot], str, str]:
    compiler = _Compiler(syntax, get_ruleset(rules), value, warnings, bounded, repeats)
    opening, closing = compiler.record_parts()
    return compiler.leader(), compiler.slots(tags, required), opening, closing


def record_regex(
    syntax: Syntax = "mrk",
    *,
    rules: str = "lenient",
    tags: Collection[str] | None = None,
    ordered: bool = True,
    value: str | None = None,
    warnings: bool = False,
    bounded: bool = False,
    repeats: int = bounds.FIELD_REPEATS,
    required: Collection[str] = (),
) -> str:
    """One record in `syntax`, valid under `rules` where a grammar can say so, as a regex.

    `tags`: only these fields (e.g. `roles.STUDENT_TAGS`, leaving system fields to copiste);
    mandatory fields outside the set are not asked for, and local fields are left out.
    `value`: a pattern every free subfield value must match, written as `syntax` writes values
    (`value_literal`): span-copy decoding. Code lists, 100$a and dates keep their own.
    `warnings`: also hold what the set only warns about where a grammar can (leader positions,
    100$a codes, indicators, 801): for decoding, where keeping a model to the codes costs
    nothing; the acceptance of real records is then no longer the rule set's.
    `bounded`: fields, subfields and values within `bounds` and the leader `roles.normal_leader`
    writes, so that every record the grammar allows ends (the form students decode under);
    `repeats`: how often a repeatable field may occur there. `required`: fields asked for
    beyond the schema's mandatory ones (101 where the records are texts: F101_MISSING reads
    leader/6, which a grammar cannot carry twenty fields on).
    """
    leader, slots, opening, closing = _compiled(
        syntax, rules, _frozen(tags), value, warnings, bounded, repeats, frozenset(required)
    )
    if ordered:
        body = "".join(f"(?:{s.pattern}){s.quantifier}" for s in slots)
    else:
        body = "(?:" + "|".join(s.pattern for s in slots) + ")*"
    return opening + leader + body + closing


def record_grammar(
    syntax: Syntax = "mrk",
    *,
    rules: str = "lenient",
    tags: Collection[str] | None = None,
    ordered: bool = True,
    value: str | None = None,
    warnings: bool = False,
    bounded: bool = False,
    repeats: int = bounds.FIELD_REPEATS,
    required: Collection[str] = (),
) -> str:
    """The same language as `record_regex`, as a Lark grammar (llguidance's dialect): one
    terminal per field, so the grammar reads as the list of fields a record may hold."""
    leader, slots, opening, closing = _compiled(
        syntax, rules, _frozen(tags), value, warnings, bounded, repeats, frozenset(required)
    )
    what = f"{len(slots)} field slots" + (", any order" if not ordered else ", in tag order")
    lines = [f"// UNIMARC record, {syntax} syntax, rule set {rules}: {what}"]
    head = ["OPEN"] if opening else []
    tail = ["CLOSE"] if closing else []
    if ordered:
        body = [s.name + s.quantifier for s in slots]
    else:
        lines.append("field: " + " | ".join(s.name for s in slots))
        body = ["field*"]
    lines.insert(1, "start: " + " ".join([*head, "LDR", *body, *tail]))
    if opening:
        lines.append(f"OPEN: /{opening}/")
        lines.append(f"CLOSE: /{closing}/")
    lines.append(f"LDR: /{leader}/")
    lines.extend(f"{s.name}: /{s.pattern}/" for s in slots)
    return "\n".join(lines) + "\n"


def value_literal(text: str, syntax: Syntax = "mrk") -> str:
    """A regex for `text` as a subfield value written in `syntax` (its escapes applied)."""
    return LEXICONS[syntax].literal(text)


def _frozen(tags: Collection[str] | None) -> frozenset[str] | None:
    return None if tags is None else frozenset(tags)
