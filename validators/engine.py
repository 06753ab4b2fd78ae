"""The rule engine: a registry of plain check functions, each with an id, severity and weight.

A rule is a function from a `Record` to the places where it is broken (`Hit`s). Rules are
registered with `@rule(...)` in the modules of `validators.rules`; a rule set picks the rules
that apply and may change their severity (legacy data bends rules that IFLA states strictly).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from validators.record import Record
from validators.report import Finding, Report, Severity


@dataclass(frozen=True, slots=True)
class Hit:
    """One place where a rule is broken; `detail` completes the rule's message."""

    tag: str | None = None
    subfield: str | None = None
    detail: str = ""


Check = Callable[[Record], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    weight: float
    message_en: str
    message_fr: str
    check: Check

    def message(self, lang: str, detail: str) -> str:
        base = self.message_fr if lang == "fr" else self.message_en
        return f"{base}: {detail}" if detail else base


REGISTRY: dict[str, Rule] = {}


def rule(
    id: str, severity: Severity | str, weight: float, en: str, fr: str
) -> Callable[[Check], Check]:
    """Register a check function under a stable rule id."""

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise ValueError(f"rule {id} registered twice")
        REGISTRY[id] = Rule(id, Severity(severity), weight, en, fr, check)
        return check

    return register


@dataclass(frozen=True, slots=True)
class RuleSet:
    name: str
    description: str
    rules: tuple[Rule, ...]
    total_weight: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total_weight", sum(r.weight for r in self.rules) or 1.0)

    def run(self, record: Record, *, lang: str = "en") -> Report:
        findings: list[Finding] = []
        lost = 0.0
        for r in self.rules:
            hits = list(r.check(record))
            if hits:
                lost += r.weight
                findings.extend(
                    Finding(r.id, r.severity, r.message(lang, h.detail), h.tag, h.subfield)
                    for h in hits
                )
        valid = not any(f.severity is Severity.ERROR for f in findings)
        return Report(valid, max(0.0, 1.0 - lost / self.total_weight), findings, record.record_id)
