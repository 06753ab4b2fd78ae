"""Teachers: the models that write candidate examples, behind one async interface.

`make_teacher(spec)` builds the teacher a spec names (`generator.teacher_spec` reads the
grammar of docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import inspect
from typing import Any

from generator.teacher_spec import TeacherSpec, TeacherSpecError, parse_teacher
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
    "TeacherSpec",
    "TeacherSpecError",
    "TeacherUnavailable",
    "make_teacher",
    "parse_teacher",
    "teacher_class",
]


def make_teacher(spec: str | TeacherSpec, **options: Any) -> Teacher:
    """The teacher a spec names. Options a backend does not take are ignored (so a caller can
    pass `concurrency`, `timeout`... whatever the backend), and so are options set to None.

    `model` names the served model of an HTTP teacher (default: the server's first model).
    Raises `TeacherSpecError` for a spec that is no model (`isbd`) or follows no form.
    """
    parsed = parse_teacher(spec)
    return _build(teacher_class(parsed), parsed.target, options)


def teacher_class(spec: str | TeacherSpec) -> type[Teacher]:
    """The class that runs a spec's backend (its module imported only then): what a caller
    asks before it builds one, such as whether it takes a draft bias."""
    parsed = parse_teacher(spec)
    if parsed.backend in ("embedded", "transformers"):
        from generator.teachers.hf import TransformersTeacher

        return TransformersTeacher
    if parsed.backend == "http" and len(parsed.endpoints) > 1:
        from generator.teachers.fleet import FleetTeacher

        return FleetTeacher
    if parsed.backend == "http":
        from generator.teachers.http import OpenAITeacher

        return OpenAITeacher
    if parsed.backend == "vllm":
        from generator.teachers.local_vllm import VLLMTeacher

        return VLLMTeacher
    raise TeacherSpecError(
        f"teacher {parsed.text!r} writes by rules, with no model to start; "
        "it is a run's teacher (unimarc backtranslation), not a model"
    )


def _build(cls: type[Teacher], target: str, options: dict[str, Any]) -> Teacher:
    # The first parameter is the spec's target itself, never an option.
    accepted = list(inspect.signature(cls.__init__).parameters)[2:]
    kwargs = {k: v for k, v in options.items() if v is not None and k in accepted}
    return cls(target, **kwargs)
