"""`copiste generate`: a resumable generation run with a progress bar and a final summary.

Only typer and rich are imported at module level; the run machinery (and torch, for the embedded
teacher) loads when the command runs, so `copiste --help` stays fast.
"""

from __future__ import annotations

import json
import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

SPEC_HELP = (
    "Teacher: smollm2 (embedded, CPU), transformers:PATH, http://HOST:PORT\\[/v1] "
    "(vllm serve), vllm:PATH (in-process), or isbd (rule-based, backtranslation only)."
)


class Task(StrEnum):
    unimarc = "unimarc"
    math = "math"


class MethodName(StrEnum):
    backtranslation = "backtranslation"
    answer = "answer"
    reasoning = "reasoning"
    synthesis = "synthesis"


class Lang(StrEnum):
    fr = "fr"
    en = "en"


def generate_command(
    task: Annotated[Task, typer.Option(help="unimarc: records; math: word problems.")],
    method: Annotated[
        MethodName,
        typer.Option(
            help="backtranslation: record -> description; answer: question -> record; "
            "reasoning: question -> trace -> record; synthesis: topic -> both."
        ),
    ],
    out: Annotated[Path, typer.Option(help="Run folder (run.sqlite, examples.jsonl, run.json).")],
    seeds: Annotated[
        Path | None,
        typer.Option(
            help="Records (.xml/.mrc), JSON lines ({id, question, answer, expression, topic, "
            "record}) or topics (.txt). Default: the built-in set (math problems, topics)."
        ),
    ] = None,
    teacher: Annotated[str, typer.Option(help=SPEC_HELP)] = "smollm2",
    teacher_model: Annotated[
        str | None, typer.Option(help="Model name on an HTTP teacher (default: its first).")
    ] = None,
    n: Annotated[int, typer.Option("--n", min=1, help="Examples to generate.")] = 10,
    lang: Annotated[Lang, typer.Option(help="Language of prompts and messages.")] = Lang.fr,
    concurrency: Annotated[int, typer.Option(min=1, help="Requests in flight.")] = 32,
    temperature: Annotated[float, typer.Option(min=0.0)] = 0.7,
    top_p: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.95,
    max_tokens: Annotated[
        int | None, typer.Option(min=1, help="Default: suited to the method.")
    ] = None,
    samples: Annotated[int, typer.Option(min=1, help="Samples per request (n).")] = 1,
    seed: Annotated[int | None, typer.Option(help="Sampling seed, for reproducible runs.")] = None,
    stop: Annotated[list[str] | None, typer.Option(help="Stop string (repeatable).")] = None,
    json_schema: Annotated[
        Path | None, typer.Option(help="Constrain outputs to this JSON schema (vLLM teachers).")
    ] = None,
    regex: Annotated[str | None, typer.Option(help="Constrain outputs to a regex.")] = None,
    choice: Annotated[
        list[str] | None, typer.Option(help="Constrain outputs to one of these (repeatable).")
    ] = None,
    rules: Annotated[str, typer.Option(help="Validator rule set.")] = "strict",
    timeout: Annotated[float, typer.Option(help="Seconds per request (HTTP).")] = 600.0,
    retries: Annotated[int, typer.Option(min=0, help="Retries on 429/5xx/timeouts.")] = 6,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each step.")] = False,
) -> None:
    """Generate training examples with a teacher, judge them, store them in a run folder.

    Rerun the same command to resume after a crash or Ctrl-C: no finished request is sent again.

    Exit 0: finished; 1: the teacher failed (rerun to resume); 2: unusable input.
    """
    err = Console(stderr=True)
    _logging(verbose, err)
    from pydantic import ValidationError

    from generator.run import RunConfig, RunError, run_generation
    from generator.teachers import SamplingParams, Structured

    try:
        structured = _structured(Structured, json_schema, regex, choice)
        config = RunConfig(
            task=task.value,
            method=method.value,
            seeds=seeds,
            teacher=teacher,
            teacher_model=teacher_model,
            sampling=SamplingParams(
                temperature=temperature,
                top_p=top_p,
                max_tokens=max_tokens,
                n=samples,
                seed=seed,
                stop=stop or None,
                structured=structured,
            ),
            n=n,
            concurrency=concurrency,
            lang=lang.value,
            rules=rules,
            timeout=timeout,
            max_retries=retries,
        )
    except ValidationError as exc:
        _fail(err, _first_error(exc), 2)
    except ValueError as exc:
        _fail(err, str(exc), 2)
    bar = _ProgressBar(err, quiet)
    try:
        with bar:
            summary = run_generation(config, out, on_progress=bar.update)
    except RunError as exc:
        _fail(err, str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail(err, f"interrupted; rerun the same command to resume {out}", 130)
    _print_summary(Console(), summary)


def _structured(cls, json_schema: Path | None, regex: str | None, choice: list[str] | None):
    given = [x for x in (json_schema, regex, choice) if x]
    if len(given) > 1:
        raise ValueError("give at most one of --json-schema, --regex, --choice")
    if json_schema is not None:
        try:
            schema = json.loads(json_schema.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ValueError(f"cannot read {json_schema}: {exc.strerror}") from None
        except ValueError as exc:
            raise ValueError(f"{json_schema} is not JSON: {exc}") from None
        return cls(json_schema=schema)
    if regex:
        return cls(regex=regex)
    if choice:
        return cls(choice=list(choice))
    return None


def _first_error(exc) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    message = first.get("msg", str(exc)).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _fail(console: Console, message: str, code: int) -> None:
    console.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _logging(verbose: bool, console: Console) -> None:
    from rich.logging import RichHandler

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False)],
    )
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class _ProgressBar:
    """done/total, accepted, rejected, failed, completion tokens per second."""

    def __init__(self, console: Console, quiet: bool) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]generate"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[green]{task.fields[accepted]} accepted"),
            TextColumn("[red]{task.fields[rejected]} rejected"),
            TextColumn("[yellow]{task.fields[failed]} failed"),
            TextColumn("{task.fields[rate]:.0f} tok/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=quiet,
            transient=False,
        )
        self.task = self.progress.add_task(
            "generate", total=None, accepted=0, rejected=0, failed=0, rate=0.0
        )

    def __enter__(self) -> _ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, p) -> None:
        self.progress.update(
            self.task,
            total=p.total,
            completed=p.done,
            accepted=p.accepted,
            rejected=p.rejected,
            failed=p.failed,
            rate=p.tokens_per_s,
        )


def _print_summary(console: Console, summary) -> None:
    from rich.table import Table

    table = Table(title=f"run {summary.status}: {summary.out_dir}", show_header=False)
    rows = [
        ("requests", f"{summary.finished}/{summary.planned} finished, {summary.failed} failed"),
        ("this session", f"{summary.sent} sent, {summary.reused} reused from the run's cache"),
        (
            "examples",
            f"{summary.examples}: {summary.accepted} accepted, {summary.rejected} rejected",
        ),
        (
            "tokens",
            f"{summary.prompt_tokens} prompt, {summary.completion_tokens} completion, "
            f"{summary.tokens_per_s:.1f} completion tok/s",
        ),
        ("time", f"{summary.elapsed_s:.1f} s"),
        ("examples file", summary.examples_path or "-"),
    ]
    if summary.revalidated:
        rows.insert(2, ("re-judged", f"{summary.revalidated} stored answers (validators changed)"))
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
