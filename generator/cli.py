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
from rich.markup import escape
from rich.text import Text

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
from generator.teacher_spec import FORMS, join_teachers
from validators.clihelp import fail
from validators.rulesets import DEFAULT as DEFAULT_RULES
from validators.rulesets import RULESETS

# The choices, from the one list of each; typer checks them and `--help` lists them.
Task = StrEnum("Task", {name: name for name in TASKS})
MethodName = StrEnum("MethodName", {name: name for name in METHODS})
Lang = StrEnum("Lang", {name: name for name in LANGS})
RuleSet = StrEnum("RuleSet", {name: name for name in RULESETS})
Syntax = StrEnum("Syntax", {name: name for name in SYNTAXES})
Engine = StrEnum("Engine", {name: name for name in ENGINES})


def _choices(values) -> str:
    return "One of: " + ", ".join(values) + "."


def generate_command(
    task: Annotated[
        Task,
        typer.Option(
            metavar="TASK",
            help=f"unimarc: records; math: word problems. {_choices(TASKS)}",
        ),
    ],
    method: Annotated[
        MethodName,
        typer.Option(
            metavar="METHOD",
            help="backtranslation: record -> description; answer: question -> record; "
            "reasoning: question -> trace -> record; synthesis: topic -> both. "
            + _choices(METHODS),
        ),
    ],
    out: Annotated[
        Path, typer.Option(metavar="DIR", help="Run folder (run.sqlite, examples.jsonl, run.json).")
    ],
    seeds: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="Records (.xml/.mrc), JSON lines ({id, question, answer, expression, topic, "
            "record}) or topics (.txt). Default: the built-in set (math problems, topics).",
        ),
    ] = None,
    teacher: Annotated[
        list[str] | None,
        typer.Option(
            metavar="SPEC",
            help=f"Teacher: {escape(FORMS)}. Several URLs (--teacher http://A http://B) make a "
            "fleet: replicas of one model, least-loaded first, a failed one's requests resent.",
        ),
    ] = None,
    teacher_model: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Model name on an HTTP teacher (default: its first)."),
    ] = None,
    n: Annotated[int, typer.Option("--n", min=1, metavar="N", help="Examples to generate.")] = 10,
    lang: Annotated[
        Lang,
        typer.Option(metavar="LANG", help=f"Language of prompts and messages. {_choices(LANGS)}"),
    ] = Lang[DEFAULT_LANG],
    concurrency: Annotated[int, typer.Option(min=1, metavar="N", help="Requests in flight.")] = 32,
    temperature: Annotated[float, typer.Option(min=0.0, metavar="T", help="Sampling.")] = 0.7,
    top_p: Annotated[float, typer.Option(min=0.0, max=1.0, metavar="P", help="Nucleus.")] = 0.95,
    max_tokens: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Default: suited to the method.")
    ] = None,
    samples: Annotated[int, typer.Option(min=1, metavar="N", help="Samples per request.")] = 1,
    seed: Annotated[
        int | None,
        typer.Option(
            metavar="INT",
            help="Sampling seed, for reproducible runs (vLLM's CPU build crashes on seeded "
            "requests under load: leave it out there).",
        ),
    ] = None,
    stop: Annotated[
        list[str] | None, typer.Option(metavar="TEXT", help="Stop strings: --stop A B.")
    ] = None,
    json_schema: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Constrain outputs to this JSON schema (vLLM)."),
    ] = None,
    regex: Annotated[
        str | None, typer.Option(metavar="REGEX", help="Constrain outputs to a regex.")
    ] = None,
    choice: Annotated[
        list[str] | None,
        typer.Option(metavar="TEXT", help="Constrain outputs to one of these: --choice A B."),
    ] = None,
    rules: Annotated[
        RuleSet,
        typer.Option(metavar="RULES", help=f"Validator rule set. {_choices(RULESETS)}"),
    ] = RuleSet[DEFAULT_RULES],
    syntax: Annotated[
        Syntax,
        typer.Option(
            metavar="SYNTAX",
            help="How the teacher writes records (unimarc answer, reasoning, synthesis); examples "
            f"keep MARCXML, the mrk text as `raw`. {_choices(SYNTAXES)}",
        ),
    ] = Syntax[DEFAULT_SYNTAX],
    no_constrain: Annotated[
        bool,
        typer.Option(
            "--no-constrain",
            metavar="",
            help="Let the answer method's records leave the schema's grammar (by default they "
            "are decoded under it where the teacher can: vLLM, transformers).",
        ),
    ] = False,
    repair: Annotated[
        int,
        typer.Option(
            min=0,
            max=MAX_REPAIR,
            metavar="N",
            help="Re-ask an invalid record up to N times with the validators' findings.",
        ),
    ] = 0,
    draft_bias: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=100.0,
            metavar="X",
            help="Lean the teacher's records toward the rules' draft of each description (the "
            "draft the answer and reasoning prompts show): a logit bonus of X for its lines. "
            "Local transformers teacher and --syntax mrk only; 0 (default) is off; 5 kept the "
            "135M embedded teacher on the description.",
        ),
    ] = 0.0,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", help="Per request (HTTP).")] = 600.0,
    retries: Annotated[
        int, typer.Option(min=0, metavar="N", help="Retries on 429/5xx/timeouts.")
    ] = 6,
    engine: Annotated[
        Engine,
        typer.Option(
            metavar="ENGINE",
            help="local: an asyncio loop in this process; ray: a Ray Data pipeline (an http:// "
            "teacher, or vllm:MODEL on the cluster's GPUs; "
            + escape("pip install 'copiste[ray]'). ")
            + _choices(ENGINES),
        ),
    ] = Engine.local,
    ray_address: Annotated[
        str | None,
        typer.Option(metavar="ADDR", help="Ray cluster to run on (default: a local instance)."),
    ] = None,
    ray_workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help="Ray actors asking an http teacher (default: one per 64 requests in flight), "
            "or vLLM engines of one GPU each (default 1).",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", metavar="", help="No progress bar.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", metavar="", help="Log each step.")
    ] = False,
) -> None:
    """Generate training examples with a teacher, judge them, store them in a run folder.

    Rerun the same command to resume after a crash or Ctrl-C: no finished request is sent again.

    Exit 0: finished; 1: the teacher failed (rerun to resume); 2: unusable input.
    """
    err = Console(stderr=True)
    _logging(verbose, err)
    from pydantic import ValidationError

    from generator.pydantic_errors import one_line
    from generator.run import RunConfig, run_generation
    from generator.teachers import SamplingParams, Structured

    try:
        structured = _structured(Structured, json_schema, regex, choice)
        config = RunConfig(
            task=task.value,
            method=method.value,
            seeds=seeds,
            teacher=join_teachers(teacher or ["smollm2"]),
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
            rules=rules.value,
            syntax=syntax.value,
            constrain=not no_constrain,
            repair=repair,
            draft_bias=draft_bias,
            timeout=timeout,
            max_retries=retries,
            engine=engine.value,
            ray_address=ray_address,
            ray_workers=ray_workers,
        )
    except ValidationError as exc:
        fail(one_line(exc))
    except ValueError as exc:
        fail(str(exc))
    bar = _ProgressBar(err, quiet)
    try:
        with bar:
            summary = run_generation(config, out, on_progress=bar.update)
    except KeyboardInterrupt:
        fail(f"interrupted; rerun the same command to resume {out}", 130)
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
            TextColumn("{task.fields[duplicates]}"),
            TextColumn("{task.fields[rate]:.0f} tok/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=quiet,
            transient=False,
        )
        self.started = False
        self.task = self.progress.add_task(
            "generate", total=None, accepted=0, rejected=0, failed=0, duplicates="", rate=0.0
        )

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.started:
            self.progress.stop()

    def update(self, p) -> None:
        """The first report comes once the run is planned: errors before it show no bar."""
        if not self.started:
            self.started = True
            self.progress.start()
        self.progress.update(
            self.task,
            total=p.total,
            completed=p.done,
            accepted=p.accepted,
            rejected=p.rejected,
            failed=p.failed,
            duplicates=f"{p.duplicates} duplicate seeds skipped" if p.duplicates else "",
            rate=p.tokens_per_s,
        )


def _print_summary(console: Console, summary) -> None:
    from rich.table import Table

    # Paths and notes are the user's text: Text objects, never read as markup.
    table = Table(title=Text(f"run {summary.status}: {summary.out_dir}"), show_header=False)
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
    if summary.repairs:
        rows.insert(3, ("repairs", f"{summary.repairs} asked, {summary.repaired} accepted after"))
    if summary.duplicates:
        rows.insert(3, ("duplicate seeds", f"{summary.duplicates} skipped (same id and content)"))
    for endpoint, counts in summary.replicas.items():
        state = "up" if counts["healthy"] else "out"
        rows.append(
            (
                f"replica {endpoint}",
                f"{counts['answered']} answered, {counts['lost'] + counts['failed']} resent "
                f"elsewhere, {counts['outages']} outages ({state})",
            )
        )
    rows.extend(("note", note) for note in summary.notes)
    for name, value in rows:
        table.add_row(Text(name), Text(value))
    console.print(table)
