"""The teacher spec, read in one place: `--teacher`, `RunConfig.teacher`, the API's `teacher`.

A spec names a backend and its target: `smollm2` (and its aliases) is the embedded model,
`transformers:PATH`, `vllm:PATH`, `http(s)://HOST:PORT[/v1]`, or `isbd` (and its aliases) for
the rule-based writer that needs no model. Everything that must know what a spec means (the
run, the teacher factory, the server's allow-list, the demo) reads the `TeacherSpec` this module
returns instead of matching strings of its own, so a new backend or alias is added here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from validators.errors import CopisteError

EMBEDDED_NAME = "SmolLM2-135M-Instruct"
EMBEDDED_ALIASES = frozenset({"smollm2", "embedded", "default", EMBEDDED_NAME.lower()})
RULE_ALIASES = frozenset({"isbd", "rules", "none"})
FORMS = (
    "smollm2 (embedded, CPU), transformers:PATH, http://HOST:PORT[/v1] (vllm serve), "
    "vllm:PATH (in-process), or isbd (rule-based, unimarc backtranslation only)"
)

Backend = Literal["embedded", "transformers", "vllm", "http", "rules"]


class TeacherSpecError(CopisteError, ValueError):
    """The teacher spec follows none of the forms; the message names them, on one line."""

    http_status = 422
    code = "unknown_teacher"


@dataclass(frozen=True, slots=True)
class TeacherSpec:
    """What a spec means: the backend and what it runs (a model name or path, a base URL)."""

    backend: Backend
    target: str
    text: str

    @property
    def needs_model(self) -> bool:
        """False for the rule-based teacher: no model to start, sample or evaluate."""
        return self.backend != "rules"

    @property
    def is_embedded(self) -> bool:
        """The embedded SmolLM2, named by an alias or through `transformers:`/`vllm:`."""
        return self.backend == "embedded" or (
            self.backend in ("transformers", "vllm") and is_embedded(self.target)
        )

    @property
    def is_remote(self) -> bool:
        return self.backend == "http"


def is_embedded(name: str) -> bool:
    """Whether a model name is one of the embedded model's aliases."""
    return name.strip().lower() in EMBEDDED_ALIASES


def parse_teacher(text: str | TeacherSpec) -> TeacherSpec:
    """The meaning of a spec, or `TeacherSpecError` naming the valid forms."""
    if isinstance(text, TeacherSpec):
        return text
    spec = (text or "").strip()
    lowered = spec.lower()
    if lowered in EMBEDDED_ALIASES:
        return TeacherSpec("embedded", "smollm2", spec)
    if lowered in RULE_ALIASES:
        return TeacherSpec("rules", "isbd", spec)
    if lowered.startswith(("http://", "https://")):
        return TeacherSpec("http", spec, spec)
    backend, _, target = spec.partition(":")
    if backend in ("transformers", "vllm") and target.strip():
        return TeacherSpec(backend, target.strip(), spec)  # type: ignore[arg-type]
    raise TeacherSpecError(f"unknown teacher {spec!r}; use {FORMS}")
