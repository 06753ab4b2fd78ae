"""Teachers: the models that write candidate examples, behind one async interface.

`make_teacher(spec)` reads the spec grammar of docs/ARCHITECTURE.md:
`smollm2` (embedded default) | `transformers:PATH` | `http(s)://HOST:PORT[/v1]` | `vllm:PATH`.
"""

from __future__ import annotations

import inspect
from typing import Any

from generator.models import EMBEDDED_ALIASES
from generator.teachers.base import (
    Completion,
    Message,
    RequestRejected,
    SamplingParams,
    Structured,
    Teacher,
    TeacherError,
    TeacherUnavailable,
)

__all__ = [
    "Completion",
    "Message",
    "RequestRejected",
    "SamplingParams",
    "Structured",
    "Teacher",
    "TeacherError",
    "TeacherSpecError",
    "TeacherUnavailable",
    "make_teacher",
]

SPEC_HELP = "smollm2 (embedded), transformers:PATH, http://HOST:PORT[/v1] or vllm:PATH"


class TeacherSpecError(ValueError):
    """The teacher spec does not follow the grammar."""


def make_teacher(spec: str, **options: Any) -> Teacher:
    """The teacher a spec names. Options a backend does not take are ignored (so a caller can
    pass `concurrency`, `timeout`... whatever the backend), and so are options set to None.

    `model` names the served model of an HTTP teacher (default: the server's first model).
    """
    spec = (spec or "").strip()
    lowered = spec.lower()
    if lowered in EMBEDDED_ALIASES:
        from generator.teachers.hf import TransformersTeacher

        return _build(TransformersTeacher, "smollm2", options)
    if lowered.startswith(("http://", "https://")):
        from generator.teachers.http import OpenAITeacher

        return _build(OpenAITeacher, spec, options)
    backend, _, target = spec.partition(":")
    if backend == "transformers" and target:
        from generator.teachers.hf import TransformersTeacher

        return _build(TransformersTeacher, target, options)
    if backend == "vllm" and target:
        from generator.teachers.local_vllm import VLLMTeacher

        return _build(VLLMTeacher, target, options)
    raise TeacherSpecError(f"unknown teacher {spec!r}; use {SPEC_HELP}")


def _build(cls: type[Teacher], target: str, options: dict[str, Any]) -> Teacher:
    # The first parameter is the spec's target itself, never an option.
    accepted = list(inspect.signature(cls.__init__).parameters)[2:]
    kwargs = {k: v for k, v in options.items() if v is not None and k in accepted}
    return cls(target, **kwargs)
