"""Generation over HTTP: the request bodies, and the bridge to `generator.run`.

The API has its own request schema rather than exposing `RunConfig` as is: a remote client must
not name server files outside `seeds_dir`, nor (on a shared server) any teacher it likes, nor
send arbitrary output constraints; and the documented schema should not move when the
generator's internals do. `run_config` turns a request into the generator's `RunConfig`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from generator.methods import get_method
from generator.names import DEFAULT_LANG, METHODS, TASKS
from generator.plan import first_usable_seed
from generator.pydantic_errors import one_line
from generator.run import RunConfig, run_generation
from generator.seeds import SeedStream
from generator.teacher_spec import parse_teacher
from generator.teachers.http import ModelNotServed, check_served_model
from server.jobkinds import JobContext, JobFailure, JobKind, register
from server.schemas import Lang, RuleSetName, chosen_lang
from server.settings import ServerSettings
from validators.rulesets import DEFAULT as DEFAULT_RULES

Task = Literal[TASKS]  # type: ignore[valid-type]
Method = Literal[METHODS]  # type: ignore[valid-type]
Localised = str | dict[Lang, str]


class Sampling(BaseModel):
    model_config = ConfigDict(extra="forbid")

    temperature: float = Field(0.7, ge=0, le=2)
    top_p: float = Field(0.95, gt=0, le=1)
    max_tokens: int | None = Field(
        None, ge=1, le=32768, description="Default: a length suited to the method's output."
    )
    seed: int | None = Field(None, ge=0, le=2**31 - 1)
    samples: int = Field(
        1, ge=1, le=16, description="Completions per request (needs temperature > 0 above 1)."
    )


class SeedObject(BaseModel):
    """A seed with named parts; which parts matter depends on the task and method."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=200)
    record: str | None = Field(None, description="A record (XML).")
    question: Localised | None = None
    answer: str | int | float | None = None
    expression: str | None = Field(None, description="math: how the answer is computed.")
    topic: Localised | None = None


Seeds = list[str | SeedObject]

_SEEDS_DOC = (
    "Inline seeds: a record's XML or a question as a string, or an object. Omitted: the "
    "built-in set where the method has one (synthesis topics, math problems)."
)


class GenerationSpec(BaseModel):
    """What to generate: task x method, from which seeds, with which teacher, how many."""

    model_config = ConfigDict(extra="forbid")

    task: Task = Field(description="unimarc (records) or math (word problems).")
    method: Method = Field(
        description="backtranslation: record -> description; answer: question -> answer; "
        "reasoning: question -> reasoning -> answer; synthesis: topic -> question and answer."
    )
    seeds: Seeds | None = Field(None, min_length=1, max_length=100_000, description=_SEEDS_DOC)
    teacher: str | None = Field(
        None,
        min_length=1,
        max_length=500,
        description="Teacher spec: smollm2, http://host:port/v1 (a fleet of replicas: their URLs "
        "joined by commas), isbd (rules, unimarc backtranslation only)...; the server's default "
        "when omitted.",
    )
    teacher_model: str | None = Field(
        None, min_length=1, max_length=500, description="Model name on an HTTP teacher."
    )
    sampling: Sampling = Field(default_factory=Sampling)
    n: int = Field(1, ge=1, le=10_000_000, description="Examples to generate, over the seeds.")
    lang: Lang = Field(DEFAULT_LANG, description="Language of the prompts and questions.")
    rules: RuleSetName = Field(DEFAULT_RULES, description="Rule set that judges the examples.")


class GenerateRequest(GenerationSpec):
    """A few examples, generated while the client waits."""


class GenerationJobRequest(GenerationSpec):
    """A batch generation run; its dataset is the job's result."""

    kind: Literal["generation"] = "generation"
    n: int = Field(10, ge=1, le=10_000_000, description="Examples to generate, over the seeds.")
    seeds_file: str | None = Field(
        None,
        min_length=1,
        max_length=500,
        description="A seed file in the server's `seeds_dir`, by relative path, instead of "
        "inline seeds.",
    )
    concurrency: int = Field(8, ge=1, le=256, description="Teacher requests in flight.")

    @model_validator(mode="after")
    def _one_seed_source(self) -> GenerationJobRequest:
        if self.seeds is not None and self.seeds_file is not None:
            raise ValueError("give seeds inline or as seeds_file, not both")
        return self


def check_teacher(teacher: str | None, settings: ServerSettings) -> str:
    """The teacher to use, or a `JobFailure` when the server does not allow that one.

    A teacher spec is a URL the server fetches or a model path it loads, so by default a client
    may only name the teachers the operator configured; anything else needs `allow_any_teacher`.
    """
    if teacher is None:
        return settings.default_teacher
    allowed = [settings.default_teacher, *settings.teachers]
    if not settings.allow_any_teacher and teacher not in allowed:
        named = {"teacher": teacher, "allowed": ", ".join(allowed)}
        raise JobFailure("teacher_not_allowed", params=named)
    return teacher


def seeds_path(name: str, settings: ServerSettings) -> Path:
    """`name` resolved inside `seeds_dir`; refuses anything that would step outside it."""
    if settings.seeds_dir is None:
        raise JobFailure("seeds_file_disabled")
    root = settings.seeds_dir.resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise JobFailure("seeds_file_not_found", params={"name": name})
    return path


def run_config(spec: GenerationSpec, settings: ServerSettings, **extra: Any) -> RunConfig:
    """The generator's `RunConfig` for an API request (`JobFailure` when it cannot be one)."""
    sampling = spec.sampling.model_dump(exclude_none=True)
    sampling["n"] = sampling.pop("samples")
    seeds: Any = None
    if isinstance(spec, GenerationJobRequest) and spec.seeds_file:
        seeds = seeds_path(spec.seeds_file, settings)
    elif spec.seeds is not None:
        seeds = [s if isinstance(s, str) else s.model_dump(exclude_none=True) for s in spec.seeds]
    try:
        return RunConfig(
            task=spec.task,
            method=spec.method,
            seeds=seeds,
            teacher=check_teacher(spec.teacher, settings),
            teacher_model=spec.teacher_model,
            sampling=sampling,
            n=spec.n,
            lang=chosen_lang(spec, settings.lang),
            rules=spec.rules,
            **extra,
        )
    except ValidationError as exc:
        raise JobFailure("invalid_generation", one_line(exc)) from None


def check_seeds(config: RunConfig) -> None:
    """Refuse, before any work, seeds the generator could not use (unreadable, wrong kind)."""
    seeds = SeedStream(config.seeds, task=config.task, method=config.method, lang=config.lang)
    first_usable_seed(seeds, get_method(config.task, config.method), config)  # SeedError: 422


def check_teacher_model(config: RunConfig) -> None:
    """Refuse a `teacher_model` an HTTP teacher does not serve: the client's mistake, a 422,
    where the generator (rightly, for a batch) treats every refusal of the teacher as the
    teacher failing. An unreachable teacher is left for the run to report."""
    spec = parse_teacher(config.teacher)
    if not config.teacher_model or not spec.is_remote:
        return
    try:
        check_served_model(spec, config.teacher_model)
    except ModelNotServed as exc:
        raise JobFailure("unknown_teacher_model", str(exc)) from None


# --- the generation job kind ------------------------------------------------------------------


def _check_job(spec: GenerationJobRequest, settings: ServerSettings) -> None:
    if spec.n > settings.max_job_examples:
        limit = settings.max_job_examples
        raise JobFailure(
            "too_many_examples",
            status=413,
            key="too_many_job_examples",
            params={"wanted": spec.n, "limit": limit},
            limit=limit,
        )
    config = run_config(spec, settings, concurrency=spec.concurrency)
    check_seeds(config)
    check_teacher_model(config)


class _Counts:
    """Generator progress as the job's: counts of requests (total, done, failed) and examples
    (accepted, rejected) are the run's own; tokens are per session, so the tokens of earlier
    attempts (before a restart) are added to them."""

    def __init__(self, context: JobContext):
        self.context = context
        self.before = {
            key: int(context.previous.get(key) or 0)
            for key in ("prompt_tokens", "completion_tokens")
        }

    def __call__(self, progress: Any) -> None:
        data = {
            "total": progress.total,
            "done": progress.done,
            "failed": progress.failed,
            "accepted": progress.accepted,
            "rejected": progress.rejected,
            "duplicates": progress.duplicates,
            "prompt_tokens": self.before["prompt_tokens"] + progress.prompt_tokens,
            "completion_tokens": self.before["completion_tokens"] + progress.completion_tokens,
        }
        self.context.report(data)


def _execute(spec: GenerationJobRequest, context: JobContext) -> dict[str, Any]:
    config = run_config(spec, context.settings, concurrency=spec.concurrency)
    summary = run_generation(  # a RunError ends the job with its own code (TeacherFailed: 502)
        config,
        context.run_dir,
        on_progress=_Counts(context),
        should_stop=context.should_stop,
    )
    return summary.model_dump(mode="json", exclude={"out_dir", "examples_path"})


def _result(run_dir: Path) -> Path | None:
    path = run_dir / "examples.jsonl"
    return path if path.is_file() else None


GENERATION = register(
    JobKind(
        name="generation",
        description="Batch generation of examples (the generator's resumable runs).",
        spec=GenerationJobRequest,
        check=_check_job,
        execute=_execute,
        result=_result,
    )
)
