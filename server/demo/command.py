"""`copiste demo` on the command line: options, the summary tables, and one-line failures."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from generator.names import DEFAULT_LANG, LANGS
from validators.clihelp import fail

if TYPE_CHECKING:
    # Only an annotation here: importing it at run time would pull jinja2 and the report's
    # pydantic models into every `copiste` command's start-up.
    from server.demo.report import DemoSummary

# DemoConfig's fields as the options that set them, for error messages.
OPTION_OF = {
    "examples_per_method": "examples",
    "train_steps": "steps",
    "max_tokens": "max-tokens",
    "teacher_model": "teacher-model",
    "real": "real",
}


def demo_command(
    out: Annotated[
        Path, typer.Option(metavar="DIR", help="Folder for everything the demo writes.")
    ] = Path("demo-out"),
    quick: Annotated[
        bool,
        typer.Option(
            "--quick",
            metavar="",
            help="The short version: fewer examples, steps and held-out records.",
        ),
    ] = False,
    teacher: Annotated[
        str,
        typer.Option(
            metavar="SPEC",
            help="Teacher: smollm2 (embedded, CPU), http://HOST:PORT (a vLLM server), "
            "vllm:PATH or transformers:PATH.",
        ),
    ] = "smollm2",
    teacher_model: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Model name on an HTTP teacher (default: its first)."),
    ] = None,
    lang: Annotated[
        str, typer.Option(metavar="|".join(LANGS), help="Language of the prompts.")
    ] = DEFAULT_LANG,
    examples: Annotated[
        int | None,
        typer.Option(metavar="N", help="Teacher examples per method (default 2; quick 1)."),
    ] = None,
    steps: Annotated[
        int | None,
        typer.Option(
            metavar="N", help="Student training steps of 4 examples (default 14; quick 3)."
        ),
    ] = None,
    real: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Real UNIMARC records the student learns from (default: the nearest "
            "shared/data/unimarc/real).",
        ),
    ] = None,
    max_tokens: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Teacher tokens per example (default 256; quick 96; a GPU teacher "
            "can afford 1536).",
        ),
    ] = None,
) -> None:
    """Run the whole loop offline: generate with four methods, validate, build datasets, distil
    a student on real records, evaluate it against the base on held-out records (mrk,
    under the grammar), export it, report.

    Interrupted? Run the same command again: it resumes where it stopped.
    """
    from pydantic import ValidationError

    from generator.pydantic_errors import one_line
    from server.demo.pipeline import Demo, DemoConfig, DemoError

    console = Console(stderr=True)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        config = DemoConfig.preset(
            quick=quick,
            teacher=teacher,
            teacher_model=teacher_model,
            lang=lang,
            examples_per_method=examples,
            train_steps=steps,
            max_tokens=max_tokens,
            real=real,
        )
    except ValidationError as exc:
        fail(one_line(exc, OPTION_OF))
    try:
        summary = Demo(config, out, console).run()
    except DemoError as exc:
        fail(f"demo failed at {exc}", exc.exit_code)
    except KeyboardInterrupt:
        fail(f"interrupted: run the same command again to resume ({out})", 130)
    print_summary(summary, Console())


def print_summary(summary: DemoSummary, console: Console) -> None:
    generation = Table(
        "method",
        "examples",
        "accepted",
        "acceptance",
        "tokens",
        "seconds",
        title="Generation (teacher: " + str(summary.teacher.get("model")) + ")",
    )
    for m in summary.generation:
        generation.add_row(
            m.method,
            str(m.done),
            str(m.accepted),
            f"{m.acceptance:.0%}",
            str(m.completion_tokens),
            f"{m.seconds:.0f}",
        )
    datasets = Table("dataset", "train", "test", title="Datasets")
    for name, counts in summary.datasets.items():
        datasets.add_row(name, str(counts.get("train", 0)), str(counts.get("test", 0)))
    students = Table(
        "model",
        "records",
        "validity (lenient)",
        "mean score",
        "descriptive F1",
        "record F1",
        title=f"Student on held-out records ({summary.decoding.get('syntax')}"
        f"{', under the grammar' if summary.decoding.get('constrained') else ''}"
        f"{f', draft bias {bias:g}' if (bias := summary.decoding.get('draft_bias')) else ''})",
    )
    for name, fig in summary.evaluation.items():
        students.add_row(
            name,
            str(fig.n),
            f"{fig.validity_lenient:.0%}",
            f"{fig.mean_score:.3f}",
            f"{fig.descriptive_f1:.3f}",
            f"{fig.field_f1:.3f}",
        )
    where = Table("artefact", "path", title="Where everything is")
    for name, path in summary.artefacts.items():
        where.add_row(name, path)
    for table in (generation, datasets, students, where):
        console.print(table)
    console.print(f"done in {summary.total_seconds:.0f} s; open {summary.artefacts['report']}")
