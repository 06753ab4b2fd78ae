"""What a check says about one record: findings, a weighted score and a verdict.

The same `Report` filters teacher output, grades students and, through its score, rewards GRPO
rollouts, so it is deliberately small and JSON-friendly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    tag: str | None = None
    subfield: str | None = None
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict:
        """`rule`, `severity`, `tag` (None for the record as a whole) and `message` always;
        `subfield`, `line` and `column` when known."""
        data = asdict(self)
        data["severity"] = str(self.severity)
        return {k: v for k, v in data.items() if v is not None or k == "tag"}


@dataclass(slots=True)
class Report:
    """`valid` means no finding of severity error; `score` is in [0, 1], 1.0 for a clean record."""

    valid: bool
    score: float
    findings: list[Finding] = field(default_factory=list)
    record_id: str | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def broken_rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    def to_dict(self) -> dict:
        return {
            "record_id": self.record_id,
            "valid": self.valid,
            "score": round(self.score, 4),
            "findings": [f.to_dict() for f in self.findings],
        }
