"""`copiste catalogue`: a student writes records for descriptions, offline, checked.

torch and transformers are imported inside the command, so `copiste --help` stays fast. Every
problem a user can cause ends as one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from distill.clihelp import (
    DEFAULT_RULE_SET,
    BatchSize,
    BestOf,
    BundleDraftBias,
    Constrain,
    CopySpans,
    RuleSetOption,
    Syntax,
    SyntaxOption,
)
from distill.prompting import BATCH_SIZE
from validators.clihelp import fail

err = Console(stderr=True, soft_wrap=True)


class Output(StrEnum):
    xml = "xml"
    mrk = "mrk"
    json = "json"


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--date {text!r}: not a date (YYYY-MM-DD)")


def catalogue_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="A text file holding one description, - for standard input, or a JSONL "
            'file of {"id", "description"} lines.',
            show_default=False,
        ),
    ],
    model: Annotated[
        str,
        typer.Option(
            metavar="PATH",
            help="A bundle from `copiste export`, a trained folder, or smollm2 (the "
            "embedded base model).",
        ),
    ],
    best_of: BestOf = 1,
    constrain: Constrain = True,
    copy_spans: CopySpans = False,
    draft_bias: BundleDraftBias = None,
    rules: RuleSetOption = DEFAULT_RULE_SET,
    syntax: SyntaxOption = None,
    format: Annotated[
        Output,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="xml: a MARCXML collection; mrk: MarcEdit text; json: one line per input "
            "with its description, record and report.",
        ),
    ] = Output.xml,
    out: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write here instead of standard output."),
    ] = None,
    agency: Annotated[
        str, typer.Option(metavar="NAME", help="Cataloguing agency written in 801$b.")
    ] = "copiste",
    country: Annotated[
        str, typer.Option(metavar="CODE", help="Agency's country (ISO 3166-1) in 801$a.")
    ] = "FR",
    date: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD", help="Date of the records (005, 801$c, 100$a). Default: today."
        ),
    ] = None,
    batch_size: BatchSize = BATCH_SIZE,
    max_new_tokens: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="N",
            help="Longest answer, in tokens. Default: the bundle's, else 1024.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[int, typer.Option(metavar="N", help="Random seed of --best-of.")] = 0,
) -> None:
    """Write a UNIMARC record for each description with a student, and check it.

    The student writes the descriptive fields; copiste fills 001, 005, 801 and the
    system positions of 100$a from --agency, --country and the date, then validates
    each record. A summary goes to stderr.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from distill.catalogue_io import read_descriptions
    from validators.roles import SystemSettings

    when = _date(date)
    if not 2 <= len(country) <= 3:
        fail(f"--country {country!r}: not a country code")
    items = read_descriptions(inputs)
    system = SystemSettings(agency=agency, country=country, date=when)
    results = _run(
        items,
        model,
        syntax,
        rules=str(rules),
        best_of=best_of,
        constrain=constrain,
        copy_spans=copy_spans,
        draft_bias=draft_bias,
        batch_size=batch_size,
        max_new_tokens=max_new_tokens,
        seed=seed,
        system=system,
    )
    _write(results, format, out)
    valid = sum(r.report.valid for r in results)
    empty = sum(r.record is None for r in results)
    err.print(
        f"{len(results)} descriptions: {valid} valid records, {len(results) - valid - empty} "
        f"invalid, {empty} without a record ({rules})",
        highlight=False,
    )


def _run(items: list[tuple[str, str]], model: str, syntax: Syntax | None, **options: Any) -> list:
    """Load the student and catalogue every description (`options`: CatalogueOptions' fields),
    with a progress bar on a terminal."""
    from rich.progress import Progress

    from distill.catalogue import CatalogueOptions, Cataloguer
    from distill.student import Student
    from generator.models import configure_torch_threads

    _quiet_transformers()
    configure_torch_threads()
    student = Student(model)
    try:
        cataloguer = Cataloguer(
            student, CatalogueOptions(syntax=str(syntax or student.syntax), **options)
        )
    except ImportError as exc:
        fail(f"constrained decoding is not available ({exc}); use --no-constrain")
    with Progress(console=err, disable=not err.is_terminal, transient=True) as progress:
        task = progress.add_task("cataloguing", total=len(items))
        try:
            return cataloguer.catalogue(
                [d for _, d in items],
                [i for i, _ in items],
                on_batch=lambda k: progress.advance(task, k),
            )
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except (RuntimeError, ValueError) as exc:  # torch out of memory, a grammar error...
            fail(f"generation failed: {exc}", 1)


def _write(results, fmt: Output, out: Path | None) -> None:
    from distill.catalogue_io import write_results

    if out is None:
        try:
            write_results(results, fmt.value, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # `copiste catalogue ... | head`
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as stream:
            write_results(results, fmt.value, stream)
    except OSError as exc:
        fail(f"{out}: cannot be written ({exc.strerror or exc})")


def _quiet_transformers() -> None:
    """transformers' advice about generation flags is for library authors, not cataloguers."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
