"""The teacher spec, read in one place: `--teacher`, `RunConfig.teacher`, the API's `teacher`.

A spec names a backend and its target: `smollm2` (and its aliases) is the embedded model,
`transformers:PATH`, `vllm:PATH`, `http(s)://HOST:PORT[/v1]`, several of those URLs joined
by commas (a fleet: replicas of one model, `generator.teachers.fleet`), or `isbd` (and its
aliases) for the rule-based writer that needs no model. Everything that must know what a spec
means (the run, the teacher factory, the server's allow-list, the demo) reads the `TeacherSpec`
this module returns instead of matching strings of its own, so a new backend or alias is added
here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from validators.errors import CopisteError

EMBEDDED_NAME = "SmolLM2-135M-Instruct"
EMBEDDED_ALIASES = frozenset({"smollm2", "embedded", "default", EMBEDDED_NAME.lower()})
RULE_ALIASES = frozenset({"isbd", "rules", "none"})
FORMS = (
    "smollm2 (embedded, CPU), transformers:PATH, http://HOST:PORT[/v1] (vllm serve; "
    "replicas joined by commas: http://A,http://B), vllm:PATH (in-process), or isbd "
    "(rule-based, unimarc backtranslation only)"
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

    @property
    def endpoints(self) -> tuple[str, ...]:
        """The server URLs of a remote teacher: one, or a fleet's replicas (none otherwise)."""
        return tuple(self.target.split(",")) if self.is_remote else ()


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
        return TeacherSpec("http", _endpoints(spec), spec)
    backend, _, target = spec.partition(":")
    if backend in ("transformers", "vllm") and target.strip():
        return TeacherSpec(backend, target.strip(), spec)  # type: ignore[arg-type]
    raise TeacherSpecError(f"unknown teacher {spec!r}; use {FORMS}")


def _endpoints(spec: str) -> str:
    """One URL, or a fleet's URLs joined by commas (blanks and repeats dropped, order kept)."""
    urls = list(dict.fromkeys(url.strip() for url in spec.split(",") if url.strip()))
    wrong = [url for url in urls if not url.lower().startswith(("http://", "https://"))]
    if wrong:
        raise TeacherSpecError(
            f"teacher replica {wrong[0]!r} is not an http(s):// URL; a fleet is "
            "http://HOST:PORT,http://HOST:PORT,..."
        )
    return ",".join(urls)


def join_teachers(specs: list[str]) -> str:
    """`--teacher` given several times (or with several values): one spec, the replicas of a
    fleet joined by commas; a single value is kept as it is."""
    return ",".join(spec.strip() for spec in specs)
