"""Generation over HTTP: the request bodies, and the bridge to `generator.run`.

The API has its own request schema rather than exposing `RunConfig` as is: a remote client must
not name server files outside `seeds_dir`, nor (on a shared server) any teacher it likes, and
the documented schema should not move when the generator's internals do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from server.jobkinds import JobContext, JobFailure, JobKind, register
from server.schemas import Lang, RuleSetName
from server.settings import ServerSettings
from validators.rulesets import DEFAULT as DEFAULT_RULES

Task = Literal["unimarc", "math"]
Method = Literal["backtranslation", "answer", "reasoning", "synthesis"]


class Sampling(BaseModel):
    model_config = ConfigDict(extra="forbid")

    temperature: float = Field(0.7, ge=0, le=2)
    top_p: float = Field(1.0, gt=0, le=1)
    max_tokens: int = Field(1024, ge=1, le=32768)
    seed: int | None = Field(None, ge=0, le=2**31 - 1)


class GenerationSpec(BaseModel):
    """What to generate: task x method, from which seeds, with which teacher."""

    model_config = ConfigDict(extra="forbid")

    task: Task = Field(description="unimarc (records) or math (word problems).")
    method: Method = Field(
        description="backtranslation: record -> description; answer: question -> answer; "
        "reasoning: question -> reasoning -> answer; synthesis: seeds -> new pairs."
    )
    seeds: list[str] | None = Field(
        None,
        min_length=1,
        description="Seeds inline: records (XML) for unimarc, problems for math.",
    )
    teacher: str | None = Field(
        None,
        min_length=1,
        max_length=500,
        description="Teacher spec (smollm2, http://host:port/v1, ...); the server's default "
        "when omitted.",
    )
    teacher_model: str | None = Field(
        None, max_length=500, description="Model name on an OpenAI-compatible teacher."
    )
    sampling: Sampling = Field(default_factory=Sampling)
    n: int = Field(1, ge=1, le=64, description="Samples per seed.")
    lang: Lang = Field("fr", description="Language of the prompts and questions.")
    rules: RuleSetName = Field(DEFAULT_RULES, description="Rule set that judges the examples.")


class GenerateRequest(GenerationSpec):
    """A few examples, generated while the client waits."""

    seeds: list[str] = Field(  # type: ignore[assignment]
        min_length=1, description="Seeds inline: records (XML) for unimarc, problems for math."
    )


class GenerationJobRequest(GenerationSpec):
    """A batch generation run; its dataset is the job's result."""

    kind: Literal["generation"] = "generation"
    seeds_file: str | None = Field(
        None,
        min_length=1,
        description="A seed file in the server's `seeds_dir`, by relative path, instead of "
        "inline seeds.",
    )
    concurrency: int = Field(8, ge=1, le=256, description="Teacher requests in flight.")

    @model_validator(mode="after")
    def _one_seed_source(self) -> GenerationJobRequest:
        if (self.seeds is None) == (self.seeds_file is None):
            raise ValueError("give exactly one of seeds (inline) or seeds_file")
        return self


def check_teacher(teacher: str | None, settings: ServerSettings) -> str:
    """The teacher to use, or a `JobFailure` when the server does not allow that one."""
    chosen = teacher or settings.default_teacher
    allowed = settings.teachers
    if allowed is not None and chosen not in allowed and teacher is not None:
        raise JobFailure(
            "teacher_not_allowed",
            f"this server does not use teacher {chosen!r}; allowed: {', '.join(allowed)}",
        )
    return chosen


def seeds_path(name: str, settings: ServerSettings) -> Path:
    """`name` resolved inside `seeds_dir`; refuses anything that would step outside it."""
    if settings.seeds_dir is None:
        raise JobFailure("seeds_file_disabled", "this server takes inline seeds only")
    root = settings.seeds_dir.resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise JobFailure("seeds_file_not_found", f"no seed file {name!r} on this server")
    return path


def run_config(spec: GenerationSpec, settings: ServerSettings, **extra: Any):
    """The generator's `RunConfig` for an API request."""
    from generator.run import RunConfig

    fields: dict[str, Any] = {
        "task": spec.task,
        "method": spec.method,
        "teacher": check_teacher(spec.teacher, settings),
        "sampling": spec.sampling.model_dump(exclude_none=True),
        "n": spec.n,
        "lang": spec.lang,
        "rules": spec.rules,
        **extra,
    }
    if spec.teacher_model:
        fields["teacher_model"] = spec.teacher_model
    if isinstance(spec, GenerationJobRequest) and spec.seeds_file:
        fields["seeds_path"] = seeds_path(spec.seeds_file, settings)
    else:
        fields["seeds"] = spec.seeds
    return RunConfig(**fields)


def _check_job(spec: GenerationJobRequest, settings: ServerSettings) -> None:
    check_teacher(spec.teacher, settings)
    if spec.seeds_file:
        seeds_path(spec.seeds_file, settings)


def _progress(progress: Any) -> dict[str, Any]:
    data = progress.model_dump() if hasattr(progress, "model_dump") else dict(vars(progress))
    return {k: v for k, v in data.items() if isinstance(v, int | float | bool | str | None)}


def _execute(spec: GenerationJobRequest, context: JobContext) -> dict[str, Any]:
    from generator.run import run_generation

    config = run_config(spec, context.settings, concurrency=spec.concurrency)
    context.run_dir.mkdir(parents=True, exist_ok=True)
    summary = run_generation(
        config,
        context.run_dir,
        on_progress=lambda progress: context.report(_progress(progress)),
        should_stop=context.should_stop,
    )
    return summary.model_dump(mode="json") if hasattr(summary, "model_dump") else dict(summary)


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
