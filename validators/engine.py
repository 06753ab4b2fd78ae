"""The rule engine: a registry of rules, each with a stable id, severity, weight and messages.

A rule is declared once, with its strict (IFLA) severity and, where legacy data bends it, a
softer `lenient` one. Its check is a plain function registered beside it:

- `@rule(id, ..., tags="200")`: `check(field, ctx)` runs on each field of those tags only (the
  engine dispatches by tag, so a record pays only for the fields it holds);
- `@rule(id, ...)` without tags: `check(ctx)` runs once per record;
- `@check_pass(*ids)`: one pass over the record that reports several rules at once (the schema
  checks walk every subfield once instead of once per rule); its hits name their rule.

Checks return None (nothing wrong) or an iterable of `Hit`s. A `RuleSet` compiles the rules it
uses into a dispatch table once; `RuleSet.run(record)` gives a `Report`.

Scoring: every broken rule multiplies the score by `1 - weight` (by `1 - weight / 2` when it
is only a warning), whatever the number of places it is broken in. A clean record scores 1.0,
a record that breaks many rules tends to 0, and each rule's weight says how much it matters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from validators.langs import DEFAULT_LANG
from validators.record import DataField, Record
from validators.report import Finding, Report, Severity
from validators.schema import Schema, default_schema, is_local


@dataclass(frozen=True, slots=True)
class Hit:
    """One place where a rule is broken; `detail` completes the rule's message."""

    tag: str | None = None
    subfield: str | None = None
    detail: str = ""
    rule: str | None = None  # set by checks that report several rules


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    weight: float
    message_en: str
    message_fr: str
    lenient: Severity | None = None  # severity in the lenient set when it differs

    def message(self, lang: str, detail: str) -> str:
        base = self.message_fr if lang == "fr" else self.message_en
        return f"{base}: {detail}" if detail else base


@dataclass(frozen=True, slots=True)
class Check:
    function: Callable[..., Iterable[Hit] | None]
    rules: tuple[str, ...]
    tags: tuple[str, ...] | None  # patterns such as "200" or "7XX"; None: once per record

    def applies_to(self, tag: str) -> bool:
        return self.tags is not None and any(_matches(p, tag) for p in self.tags)


REGISTRY: dict[str, Rule] = {}
CHECKS: list[Check] = []


def declare(
    id: str,
    severity: Severity | str,
    weight: float,
    en: str,
    fr: str,
    *,
    lenient: Severity | str | None = None,
) -> Rule:
    """Register a rule whose findings come from a pass or from the readers."""
    if id in REGISTRY:
        raise ValueError(f"rule {id} registered twice")
    if not 0 < weight <= 1:
        raise ValueError(f"rule {id}: weight must be in (0, 1]")
    REGISTRY[id] = Rule(
        id, Severity(severity), weight, en, fr, Severity(lenient) if lenient else None
    )
    return REGISTRY[id]


def rule(
    id: str,
    severity: Severity | str,
    weight: float,
    en: str,
    fr: str,
    *,
    tags: str | tuple[str, ...] | None = None,
    lenient: Severity | str | None = None,
) -> Callable:
    """Register a rule and its check function (per field of `tags`, or per record)."""
    declare(id, severity, weight, en, fr, lenient=lenient)

    def register(function: Callable) -> Callable:
        CHECKS.append(Check(function, (id,), _tags(tags)))
        return function

    return register


def check_pass(*ids: str, tags: str | tuple[str, ...] | None = None) -> Callable:
    """Register one check that reports several declared rules (its hits carry `rule`)."""

    def register(function: Callable) -> Callable:
        CHECKS.append(Check(function, ids, _tags(tags)))
        return function

    return register


def _tags(tags: str | tuple[str, ...] | None) -> tuple[str, ...] | None:
    return (tags,) if isinstance(tags, str) else tags


def _matches(pattern: str, tag: str) -> bool:
    """`7XX` matches 700-789 but not the local 79X: local fields follow local rules."""
    if len(pattern) != len(tag) or ("X" in pattern and is_local(tag)):
        return False
    return all(p in ("X", t) for p, t in zip(pattern, tag, strict=True))


@dataclass(frozen=True, slots=True)
class Profile:
    """What a rule set tolerates in the data itself, beyond rule severities.

    `blank_indicators`: the characters read as a blank indicator (legacy data writes `#`);
    `fill_indicator`: a character accepted in any indicator ("not coded", BnF writes `|`);
    `fold_case`: accept code-list values in the wrong case (`it` for `IT`);
    `blank_dates`: accept coded dates left all blank (old conversions did not record them);
    `local_digit_subfields`: read undefined digit subfield codes as local ones (a warning).
    """

    blank_indicators: frozenset[str] = frozenset(" ")
    fill_indicator: str | None = None
    fold_case: bool = False
    blank_dates: bool = False
    local_digit_subfields: bool = False


class Context:
    """What the checks of one record share: its fields by tag, the schema and the profile."""

    __slots__ = ("by_tag", "leader", "memo", "profile", "record", "schema")

    def __init__(self, record: Record, schema: Schema, profile: Profile, memo: dict | None = None):
        self.record = record
        self.leader = record.leader
        self.schema = schema
        self.profile = profile
        # Per rule set, across records: what checks derive once from the schema and profile.
        self.memo = {} if memo is None else memo
        by_tag: dict[str, list[Any]] = {}
        for f in record.fields:
            found = by_tag.get(f.tag)
            if found is None:
                by_tag[f.tag] = [f]
            else:
                found.append(f)
        self.by_tag = by_tag

    def first(self, tag: str, code: str) -> str | None:
        """First value of `tag`$`code` across repeated fields, or None (`Record.first`, by tag)."""
        for f in self.by_tag.get(tag, ()):
            if isinstance(f, DataField):
                value = f.get(code)
                if value is not None:
                    return value
        return None

    def has(self, tag: str) -> bool:
        return tag in self.by_tag

    @property
    def record_type(self) -> str:
        """Leader/6, or "" when the leader is missing or too short."""
        leader = self.leader
        return leader[6] if leader and len(leader) > 6 else ""

    @property
    def bibliographic_level(self) -> str:
        """Leader/7, or ""."""
        leader = self.leader
        return leader[7] if leader and len(leader) > 7 else ""


@dataclass(frozen=True)
class RuleSet:
    """Rules with the severity each has here, the data profile, and the schema they read."""

    name: str
    description: str
    severities: dict[str, Severity]
    profile: Profile = field(default_factory=Profile)
    schema: Schema = field(default_factory=default_schema)
    _record_checks: list[Check] = field(init=False, repr=False, compare=False)
    _field_checks: list[Check] = field(init=False, repr=False, compare=False)
    _dispatch: dict[str, tuple[Check, ...]] = field(init=False, repr=False, compare=False)
    _memo: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.severities) - set(REGISTRY))
        if unknown:
            raise ValueError(f"rule set {self.name}: unknown rules {', '.join(unknown)}")
        severities = {rule_id: Severity(s) for rule_id, s in self.severities.items()}
        object.__setattr__(self, "severities", severities)
        active = [c for c in CHECKS if any(r in self.severities for r in c.rules)]
        object.__setattr__(self, "_record_checks", [c for c in active if c.tags is None])
        object.__setattr__(self, "_field_checks", [c for c in active if c.tags is not None])
        object.__setattr__(self, "_dispatch", {})
        object.__setattr__(self, "_memo", {})

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(REGISTRY[r] for r in self.severities)

    def run(self, record: Record, *, lang: str = DEFAULT_LANG) -> Report:
        ctx = Context(record, self.schema, self.profile, self._memo)
        broken: dict[str, list[Hit]] = {}
        for check in self._record_checks:
            hits = check.function(ctx)
            if hits:
                _collect(broken, check, hits)
        dispatch = self._dispatch
        for tag, fields in ctx.by_tag.items():
            checks = dispatch.get(tag)
            if checks is None:
                checks = dispatch[tag] = tuple(c for c in self._field_checks if c.applies_to(tag))
            for check in checks:
                function = check.function
                for f in fields:
                    hits = function(f, ctx)
                    if hits:
                        _collect(broken, check, hits)
        if not broken:
            return Report(True, 1.0, [], record.record_id)
        return self._report(broken, record.record_id, lang)

    def _report(self, broken: dict[str, list[Hit]], record_id: str | None, lang: str) -> Report:
        findings: list[Finding] = []
        score = 1.0
        valid = True
        for rule_id, hits in broken.items():
            severity = self.severities.get(rule_id)
            if severity is None:  # a pass may report rules this set leaves out
                continue
            rule_ = REGISTRY[rule_id]
            if severity is Severity.ERROR:
                valid = False
                score *= 1.0 - rule_.weight
            else:
                score *= 1.0 - rule_.weight / 2
            findings.extend(
                Finding(rule_id, severity, rule_.message(lang, h.detail), h.tag, h.subfield)
                for h in hits
            )
        return Report(valid, max(0.0, score), findings, record_id)

    def fingerprint(self) -> str:
        """What this set checks, as text: its rules, severities, weights and the schema."""
        p = self.profile
        blanks = "".join(sorted(p.blank_indicators))
        flags = f"[{blanks}] {p.fill_indicator} {p.fold_case} {p.blank_dates}"
        flags += f" {p.local_digit_subfields}"
        lines = [f"{self.name} {flags} {self.schema.digest}"]
        lines += [f"{r} {s} {REGISTRY[r].weight}" for r, s in sorted(self.severities.items())]
        return "\n".join(lines)


def _collect(broken: dict[str, list[Hit]], check: Check, hits: Iterable[Hit]) -> None:
    default = check.rules[0]
    for hit in hits:
        broken.setdefault(hit.rule or default, []).append(hit)


# Named rule sets register their factories here (`validators.rulesets` does, on import), so the
# version below covers them without the engine importing the module that builds on it.
RULESETS: dict[str, Callable[[], RuleSet]] = {}


def engine_version() -> str:
    """A short hash of every rule set's rules, severities, weights and schema (for provenance)."""
    digest = hashlib.sha256()
    for name in sorted(RULESETS):
        digest.update(RULESETS[name]().fingerprint().encode())
    return f"unimarc-rules-{digest.hexdigest()[:12]}"


def __getattr__(name: str) -> str:
    # ENGINE_VERSION is computed once the rule modules have registered their rules.
    if name == "ENGINE_VERSION":
        version = engine_version()
        globals()["ENGINE_VERSION"] = version
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
