"""What a run promises its callers (the CLI, the HTTP server, the demo), apart from how it works.

`RunConfig` says what to generate; `Progress` and `RunSummary` report it; `RunError` and
`TeacherFailed` are the two ways a run fails. The examples themselves are `generator.examples`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generator.names import (
    DEFAULT_LANG,
    DEFAULT_SYNTAX,
    ENGINES,
    LANGS,
    MAX_REPAIR,
    METHODS,
    SYNTAXES,
    TASKS,
)
from generator.teacher_spec import parse_teacher
from generator.teachers.base import SamplingParams
from validators.errors import CopisteError
from validators.rulesets import RULESETS


class RunError(CopisteError, RuntimeError):
    """A run cannot start: bad config, seeds or folder. The message is one line for the user."""

    exit_code = 2
    http_status = 422
    code = "invalid_generation"


class TeacherFailed(RunError):
    """The teacher went away or kept failing; finished work is stored, a rerun resumes."""

    exit_code = 1
    http_status = 502
    code = "teacher_failed"


@cache
def copiste_version() -> str:
    try:
        return version("copiste")
    except PackageNotFoundError:
        return "0.1.0"


class RunConfig(BaseModel):
    """What to generate. Rerunning with the same config (and `out_dir`) resumes."""

    model_config = ConfigDict(extra="forbid")

    task: Literal[TASKS]  # type: ignore[valid-type]
    method: Literal[METHODS]  # type: ignore[valid-type]
    seeds: Path | list[dict[str, Any] | str] | None = Field(
        None, description="a file of seeds, inline seeds, or None for the built-in set"
    )
    teacher: str = Field("smollm2", description="teacher spec; `isbd` renders without a model")
    teacher_model: str | None = Field(None, description="model name on an HTTP teacher")
    sampling: SamplingParams = Field(default_factory=SamplingParams)
    n: int = Field(10, ge=1, le=100_000_000, description="examples (samples) to generate")
    concurrency: int = Field(32, ge=1, le=4096, description="requests in flight")
    lang: Literal[LANGS] = DEFAULT_LANG  # type: ignore[valid-type]
    rules: str = "strict"
    syntax: Literal[SYNTAXES] = Field(  # type: ignore[valid-type]
        DEFAULT_SYNTAX,
        description="how the teacher writes records (unimarc answer, reasoning, synthesis); "
        "examples keep MARCXML either way",
    )
    constrain: bool = Field(
        True, description="decode records under the schema's grammar where the teacher can"
    )
    repair: int = Field(
        0,
        ge=0,
        le=MAX_REPAIR,
        description="rounds re-asking an invalid record with the validators' findings",
    )
    draft_bias: float = Field(
        0.0,
        ge=0.0,
        le=100.0,
        description="logit bonus for the lines of the rules' draft of each description "
        "(unimarc answer and reasoning in mrk, on the local transformers teacher); 0: off",
    )
    timeout: float = Field(600.0, gt=0, description="seconds per request (HTTP teacher)")
    max_retries: int = Field(6, ge=0, le=100)
    engine: Literal[ENGINES] = Field(  # type: ignore[valid-type]
        "local", description="local: an asyncio loop here; ray: a Ray Data pipeline"
    )
    ray_address: str | None = Field(None, description="a Ray cluster (default: start one here)")
    ray_workers: int | None = Field(
        None, ge=1, le=4096, description="Ray actors asking the teacher (vllm: one engine each)"
    )

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: str) -> str:
        if value not in RULESETS:
            raise ValueError(f"unknown rule set {value!r}; choose one of {', '.join(RULESETS)}")
        return value

    @field_validator("teacher")
    @classmethod
    def _known_teacher(cls, value: str) -> str:
        parse_teacher(value)  # TeacherSpecError (a ValueError) names the valid forms
        return value


@dataclass(slots=True)
class Progress:
    """Counts for progress bars: requests planned/finished/failed, examples accepted/rejected,
    duplicate seeds skipped, tokens of this session's requests (repair rounds included), repair
    rounds asked and the answers they turned valid. `total` may shrink once the
    seeds are all read (a rule-based teacher makes one request per seed)."""

    total: int = 0
    done: int = 0
    failed: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    repairs: int = 0
    repaired: int = 0
    elapsed_s: float = 0.0

    @property
    def tokens_per_s(self) -> float:
        return self.completion_tokens / self.elapsed_s if self.elapsed_s > 0 else 0.0


class RunSummary(BaseModel):
    out_dir: str | None
    status: Literal["finished", "stopped", "failed"]
    planned: int
    finished: int
    failed: int
    examples: int
    accepted: int
    rejected: int
    duplicates: int = Field(0, description="seeds skipped: same id and content as an earlier one")
    sent: int = Field(description="requests answered by the teacher in this session")
    reused: int = Field(description="requests already answered before this session")
    revalidated: int = Field(description="stored answers judged again (validators changed)")
    prompt_tokens: int
    completion_tokens: int
    repairs: int = Field(0, description="repair rounds asked in this session (`--repair`)")
    repaired: int = Field(0, description="answers accepted after a repair round")
    elapsed_s: float
    tokens_per_s: float
    examples_path: str | None = None
    replicas: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        description="a fleet teacher's requests by replica and outcome in this session "
        "(sent, answered, failed, lost, busy, refused, outages, healthy)",
    )
    notes: list[str] = Field(
        default_factory=list, description="what the user should know: fewer examples than asked"
    )
    error: str | None = None


ProgressCallback = Callable[[Progress], None]
StopCheck = Callable[[], bool]
