"""`copiste validate`: check records from files of any flavour, as a table or JSON lines."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from validators.readers import InputError
from validators.rulesets import DEFAULT, RULESETS
from validators.validate import validate_source


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def validate_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files of records: MARCXML, MarcXchange (SRU too), BNCF unimarcslim or ISO 2709."
        ),
    ],
    format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="json: one object per record per line; text: a table."),
    ] = OutputFormat.text,
    rules: Annotated[str, typer.Option(help=f"Rule set: {', '.join(RULESETS)}.")] = DEFAULT,
) -> None:
    """Validate UNIMARC records. Exit 0: all valid; 1: some invalid; 2: an input is unreadable."""
    if rules not in RULESETS:
        raise typer.BadParameter(f"unknown rule set {rules!r}; choose one of {', '.join(RULESETS)}")
    out = Console()
    table = Table("source", "#", "record", "valid", "score", "findings")
    all_valid = True
    for path in paths:
        try:
            for index, report in enumerate(validate_source(path, rules=rules)):
                all_valid &= report.valid
                if format is OutputFormat.json:
                    print(
                        json.dumps(
                            {"source": str(path), "index": index, **report.to_dict()},
                            ensure_ascii=False,
                        )
                    )
                else:
                    table.add_row(
                        str(path),
                        str(index),
                        report.record_id or "-",
                        "yes" if report.valid else "[red]no[/]",
                        f"{report.score:.2f}",
                        ", ".join(sorted(report.broken_rules)),
                    )
        except InputError as exc:
            Console(stderr=True).print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from None
    if format is OutputFormat.text:
        out.print(table)
    raise typer.Exit(0 if all_valid else 1)
