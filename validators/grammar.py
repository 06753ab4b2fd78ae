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

Fields come in ascending tag order. That is what lets a grammar say "at most once" and "exactly
once": a non-repeatable field has one optional slot, a mandatory one a required slot; without an
order, counting needs one state per subset of fields. Copiste writes records in that order
(`roles.fill_system_fields`), so nothing is lost; real records found out of order are a finding
of the acceptance test, and `ordered=False` gives the order-free form (any defined field, any
number of times, mandatory fields unchecked) for reading such records.

Both forms come from the same per-field regular expressions: `record_regex` joins them into one
pattern (Python `re`, Rust `regex` and xgrammar read it alike: only classes, `(?:...)`, `|`, `?`,
`*`, `+` and `{n}`), `record_grammar` names each field as a terminal of a Lark grammar in the
dialect llguidance and vLLM's guidance backend read, so a reader sees one line per field.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from validators import codes
from validators.engine import Profile, RuleSet
from validators.report import Severity
from validators.rules.coded import F100_CODED
from validators.rules.leader import CODED as LEADER_CODED
from validators.rules.leader import FIXED as LEADER_FIXED
from validators.rulesets import get_ruleset
from validators.schema import FieldSpec, Schema, is_local

Syntax = Literal["mrk", "marcxml"]
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
_YEAR4 = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_DAY28 = "(?:0[1-9]|1[0-9]|2[0-8])"
# A calendar date; 29 February is taken in any year (leap years are left to the checker).
_MMDD = (
    f"(?:(?:0[13578]|1[02])(?:{_DAY28}|29|3[01])|(?:0[469]|11)(?:{_DAY28}|29|30)|02(?:{_DAY28}|29))"
)
_DATE = _YEAR4 + _MMDD
_SPECIAL = set("\\.^$|?*+()[]{}/-")


def esc(text: str) -> str:
    """A literal for every regex dialect the grammar goes to (Lark's `/` delimiter included)."""
    return "".join("\\" + c if c in _SPECIAL else ("\\n" if c == "\n" else c) for c in text)


def _class(chars: Iterable[str]) -> str:
    chars = sorted(set(chars))
    body = "".join("\\" + c if c in "\\]^-[" else c for c in chars)
    return body if len(chars) == 1 and body not in _SPECIAL else f"[{body}]"


def _alt(options: Iterable[str]) -> str:
    options = sorted(set(options))
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """How one syntax writes the characters of a record.

    mrk (as `validators.formats.mrk` writes it) spells `$`, braces, backslashes and control
    characters as mnemonics (`{dollar}`, `{0A}`), and a space of the leader or a control field
    as a backslash; MARCXML escapes `<` and `&` as entities.
    """

    syntax: Syntax
    blank: str  # a blank of the leader, a control field or an indicator
    text: str  # one character of a subfield value, spaces excepted
    space: str  # a space in a subfield value

    @property
    def free(self) -> str:
        """Any one character of a subfield value (100$a's positions)."""
        return f"(?:{self.text}|{self.space})"

    @property
    def free_control(self) -> str:
        """Any one character of the leader or a control field."""
        return f"(?:{self.text}|{self.blank})"

    def value(self) -> str:
        """A subfield value holding at least one character other than a space."""
        return f"{self.space}*{self.text}{self.free}*"

    def control_value(self) -> str:
        return f"{self.blank}*{self.text}{self.free_control}*"

    def literal(self, value: str, *, control: bool = False) -> str:
        """A fixed value as this syntax writes it (`control`: in the leader or a 00X field)."""
        if self.syntax == "mrk":
            escaped = value.translate(_MRK_CONTROL if control else _MRK_VALUE)
            return esc(escaped)
        return esc(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


_MNEMONIC = "\\{(?:dollar|lcub|rcub|bsol|[0-7][0-9A-Fa-f])\\}"
_MRK_VALUE = {ord("$"): "{dollar}", ord("{"): "{lcub}", ord("}"): "{rcub}", ord("\\"): "{bsol}"}
_MRK_CONTROL = {**_MRK_VALUE, ord(" "): "\\"}
_XML_ENTITY = "&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);"
_LEXICONS = {
    "mrk": _Lexicon(
        "mrk",
        blank="\\\\",
        text=f"(?:[^\\x00-\\x20\\x7f$\\\\{{}}]|{_MNEMONIC})",
        space=" ",
    ),
    "marcxml": _Lexicon(
        "marcxml",
        blank=" ",
        text=f"(?:[^<&\\s]|{_XML_ENTITY})",
        space="[^<&\\S]",
    ),
}
_WS = "(?:\\n {0,8})?"  # MARCXML: what pretty printing puts between elements


@dataclass(frozen=True, slots=True)
class _Slot:
    """One place in the record: a terminal name, its pattern and how many times it may occur."""

    name: str
    pattern: str
    quantifier: str  # "", "?", "*" or "+"


class _Compiler:
    def __init__(self, syntax: Syntax, ruleset: RuleSet, value: str | None = None):
        if syntax not in _LEXICONS:
            raise ValueError(f"unknown syntax {syntax!r}; choose one of {', '.join(SYNTAXES)}")
        self.lex = _LEXICONS[syntax]
        self.value = value or self.lex.value()
        self.syntax = syntax
        self.schema: Schema = ruleset.schema
        self.profile: Profile = ruleset.profile
        self.errors = (
            frozenset(r for r, s in ruleset.severities.items() if s is Severity.ERROR) | TIGHTER
        )

    def code_value(self, codes_: Collection[str], upper: bool) -> str:
        """A value from a code list; in a set that folds case, any case the check folds."""
        if not self.profile.fold_case:
            return _alt(self.lex.literal(c) for c in codes_)
        folded = [c.upper() if upper else c.lower() for c in codes_]
        return _alt(
            "".join(_class({ch.lower(), ch.upper()}) if ch.isalpha() else esc(ch) for ch in c)
            for c in folded
        )

    # -- leader -------------------------------------------------------------------------------
    def leader(self) -> str:
        chars = [self.lex.free_control] * 24
        for rule_id, key in LEADER_CODED:
            pos = self.schema.leader.get(key)
            if rule_id in self.errors and pos is not None and pos.codes:
                chars[pos.start] = self.position(pos.codes)
        for rule_id, (start, expected) in LEADER_FIXED.items():
            if rule_id in self.errors:
                for i, ch in enumerate(expected):
                    chars[start + i] = self.lex.literal(ch, control=True)
        body = "".join(chars)
        if self.syntax == "mrk":
            return f"=LDR  {body}\\n"
        return f"{_WS}<leader>{body}<\\/leader>"

    def position(self, allowed: Collection[str]) -> str:
        """One coded character (leader, indicator)."""
        written = {self.lex.blank if c == " " else esc(c) for c in allowed}
        return written.pop() if len(written) == 1 else "(?:" + "|".join(sorted(written)) + ")"

    # -- 100$a --------------------------------------------------------------------------------
    def general_processing_data(self) -> str:
        free = self.lex.free
        parts = [free] * 36
        date = _DATE
        if self.profile.blank_dates:
            date = f"(?:{date}|{self.lex.literal(' ' * 8)})"
        if "F100_A_DATE_ENTERED" in self.errors:
            parts[0:8] = [date] + [""] * 7
        positions = self.schema.fields["100"].subfields["a"].positions
        for rule_id, key in F100_CODED:
            pos = positions.get(key)
            if rule_id in self.errors and pos is not None and pos.codes:
                width = pos.end - pos.start + 1
                options = [c for c in pos.codes if len(c) == width]
                parts[pos.start : pos.end + 1] = [_alt(map(self.lex.literal, options))] + [""] * (
                    width - 1
                )
        if "F100_A_LANGUAGE" in self.errors:
            parts[22:25] = [self.code_value(codes.languages(), False), "", ""]
        return "".join(parts)

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
        return self.position(set(allowed) | fill)

    def any_indicator(self) -> str:
        return "[^\\n\\r$]" if self.syntax == "mrk" else '[^"<&]'

    def subfield(self, code_class: str, value: str) -> str:
        if self.syntax == "mrk":
            return f"\\${code_class}{value}"
        return f'{_WS}<subfield code="{code_class}">{value}<\\/subfield>'

    def values_by_code(self, spec: FieldSpec) -> dict[str, str]:
        """Each subfield code the field takes, with the pattern of its values."""
        value = self.value
        found = dict.fromkeys(spec.subfields, value)
        if self.profile.local_digit_subfields and "SUBFIELD_UNDEFINED" in self.errors:
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
            found["4"] = _alt(map(esc, codes.relators()))
        if spec.tag == "100" and "a" in found:
            found["a"] = self.general_processing_data()
        if spec.tag == "801" and "c" in found and "F801_C_DATE" in self.errors:
            found["c"] = f"{self.lex.space}*{_DATE}{self.lex.space}*"
        return found

    def subfields(self, values: dict[str, str], codes_: Iterable[str]) -> str:
        by_value: dict[str, set[str]] = {}
        for code in codes_:
            by_value.setdefault(values[code], set()).add(code)
        return _alt(self.subfield(_class(cs), v) for v, cs in by_value.items())

    def data_field(self, spec: FieldSpec) -> str:
        values = self.values_by_code(spec)
        every = self.subfields(values, values)
        if spec.tag == "100" and "F100_A_MISSING" in self.errors:
            others = [c for c in values if c != "a"]
            head = f"(?:{self.subfields(values, others)})*" if others else ""
            body = (
                head
                + self.subfield("a", values["a"])
                + (f"(?:{self.subfields(values, others)})*" if others else "")
            )
        elif spec.tag == "200" and "F200_A_FIRST" in self.errors:
            links = [c for c in "67" if c in values]
            head = f"(?:{self.subfields(values, links)})*" if links else ""
            body = head + self.subfield("a", values["a"]) + f"(?:{every})*"
        elif self.required_subfield(spec) in values:
            code = self.required_subfield(spec)
            others = [c for c in values if c != code]
            before = f"(?:{self.subfields(values, others)})*"
            body = before + self.subfield(code, values[code]) + f"(?:{every})*"
        else:
            body = f"(?:{every})+"
        ind = self.indicator(spec, 1) + self.indicator(spec, 2)
        if self.syntax == "mrk":
            return f"={spec.tag}  {ind}{body}\\n"
        ind1, ind2 = self.indicator(spec, 1), self.indicator(spec, 2)
        opening = f'<datafield tag="{spec.tag}" ind1="{ind1}" ind2="{ind2}">'
        return f"{_WS}{opening}{body}{_WS}<\\/datafield>"

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
        return f'{_WS}<controlfield tag="{tag}">{value}<\\/controlfield>'

    def local_field(self, prefix: str) -> str:
        """Any data field of a local block (X9X or 9XX): local rules are the library's own."""
        digits = "[0-9]" * (3 - len(prefix))
        value = self.lex.value()
        sub = self.subfield("[0-9a-z]", value)
        ind = self.any_indicator()
        if self.syntax == "mrk":
            return f"={prefix}{digits}  {ind}{ind}(?:{sub})+\\n"
        return (
            f'{_WS}<datafield tag="{prefix}{digits}" ind1="{ind}" ind2="{ind}">'
            f"(?:{sub})+{_WS}<\\/datafield>"
        )

    def field(self, spec: FieldSpec) -> str:
        return self.control_field(spec.tag) if spec.is_control else self.data_field(spec)

    def slots(self, tags: Collection[str] | None) -> list[_Slot]:
        mandatory = {t for t in self.schema.required_tags if t != "801"}
        if "F801_MISSING" in self.errors:
            mandatory.add("801")
        chosen = [t for t in self.schema.fields if not is_local(t) and (tags is None or t in tags)]
        if "FIELD_MANDATORY" not in self.errors:
            mandatory = set()
        slots = []
        for tag in chosen:
            spec = self.schema.fields[tag]
            once = "FIELD_NOT_REPEATABLE" in self.errors and not spec.repeatable
            needed = tag in mandatory
            quantifier = ("" if needed else "?") if once else ("+" if needed else "*")
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
            f"{_WS}<\\/record>",
        )


@cache
def _compiled(
    syntax: Syntax, rules: str, tags: frozenset[str] | None, value: str | None = None
) -> tuple[str, list[_Slot], str, str]:
    compiler = _Compiler(syntax, get_ruleset(rules), value)
    opening, closing = compiler.record_parts()
    return compiler.leader(), compiler.slots(tags), opening, closing


def record_regex(
    syntax: Syntax = "mrk",
    *,
    rules: str = "lenient",
    tags: Collection[str] | None = None,
    ordered: bool = True,
    value: str | None = None,
) -> str:
    """One record in `syntax`, valid under `rules` where a grammar can say so, as a regex.

    `tags`: only these fields (e.g. `roles.STUDENT_TAGS`, leaving system fields to copiste);
    mandatory fields outside the set are not asked for, and local fields are left out.
    `value`: a pattern every free subfield value must match, written as `syntax` writes values
    (`value_literal`): span-copy decoding. Code lists, 100$a and dates keep their own.
    """
    leader, slots, opening, closing = _compiled(syntax, rules, _frozen(tags), value)
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
) -> str:
    """The same language as `record_regex`, as a Lark grammar (llguidance's dialect): one
    terminal per field, so the grammar reads as the list of fields a record may hold."""
    leader, slots, opening, closing = _compiled(syntax, rules, _frozen(tags), value)
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
    return _LEXICONS[syntax].literal(text)


def _frozen(tags: Collection[str] | None) -> frozenset[str] | None:
    return None if tags is None else frozenset(tags)
