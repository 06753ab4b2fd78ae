"""`copiste validate`: check records from files of any flavour, as text or JSON lines.

Output streams record by record, so a dump of millions of records is validated in flat memory;
`--workers N` runs the rules in N processes while this one reads.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from validators.readers import InputError, read_records
from validators.report import Report
from validators.rulesets import DEFAULT, RULESETS
from validators.workers import validate_records


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def validate_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files of records: MARCXML, MarcXchange (SRU too), BNCF unimarcslim or "
            "ISO 2709, optionally gzip-compressed.",
            show_default=False,
        ),
    ],
    format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="json: one JSON object per record per line; text: for people."
        ),
    ] = OutputFormat.text,
    rules: Annotated[
        str,
        typer.Option(help=f"Rule set: {', '.join(RULESETS)} (lenient accepts legacy data)."),
    ] = DEFAULT,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes that run the rules (reading stays in this one).")
    ] = 1,
    lang: Annotated[str, typer.Option(help="Language of the messages: en or fr.")] = "en",
) -> None:
    """Validate UNIMARC records, streaming: one line (text) or JSON object per record.

    Exit status: 0 all valid, 1 some invalid, 2 an input unreadable (reason on stderr).
    A progress bar shows on stderr while records go to a file or a pipe.
    """
    if rules not in RULESETS:
        _fail(f"unknown rule set {rules!r}; choose one of {', '.join(RULESETS)}")
    if lang not in ("en", "fr"):
        _fail(f"unknown message language {lang!r}; choose en or fr")
    for path in paths:
        problem = _unreadable(path)
        if problem:
            _fail(problem)
    emit = _json_line if format is OutputFormat.json else _text_line
    try:
        records, invalid, unreadable = _run(paths, rules, lang, workers, emit)
    except BrokenPipeError:  # `copiste validate dump.xml | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        raise typer.Exit(130) from None
    if format is OutputFormat.text:
        print(f"{records} records, {records - invalid} valid, {invalid} invalid ({rules})")
    if unreadable:
        print(f"error: {unreadable[0]}", file=sys.stderr)
        raise typer.Exit(2)
    raise typer.Exit(0 if invalid == 0 else 1)


_Emit = Callable[[str, int, Report], None]


def _run(
    paths: list[Path], rules: str, lang: str, workers: int, emit: _Emit
) -> tuple[int, int, list[str]]:
    """Validate each file in turn, emitting a line per record.

    Returns how many records there were, how many were invalid, and why each input whose very
    first item is a read error (it never yielded a record) cannot be read.
    """
    records = invalid = 0
    unreadable: list[str] = []
    for path in paths:
        with _progress(path) as stream:
            try:
                items = read_records(stream)
                reports = validate_records(items, rules=rules, lang=lang, workers=workers)
                for index, report in enumerate(reports):
                    records += 1
                    invalid += not report.valid
                    emit(str(path), index, report)
                    if index == 0 and _is_read_error(report):
                        unreadable.append(f"{path}: {report.findings[0].message}")
            except InputError as exc:
                _fail(f"{path}: {exc}")
    return records, invalid, unreadable


def _is_read_error(report: Report) -> bool:
    """A report standing for input that never became a record (empty, garbage, broken XML).

    The readers' rules come only from `error_report` (no check emits them), whose report holds
    that one finding, so the rule of the first finding is all there is to test.
    """
    return bool(report.findings) and report.findings[0].rule in _READ_RULES


# Read errors that, as an input's first item, mean the input as a whole cannot be read (exit 2).
# ISO2709_STRUCTURE is not one: it marks one malformed record, and the records after it are read.
_READ_RULES = frozenset(
    {"NO_RECORD", "XML_WELLFORMED", "XML_UNSAFE", "INPUT_TOO_LARGE", "INPUT_CORRUPT"}
)


def _unreadable(path: Path) -> str | None:
    if not path.exists():
        return f"{path}: no such file"
    if path.is_dir():
        return f"{path}: is a directory, not a file of records"
    if not os.access(path, os.R_OK):
        return f"{path}: permission denied"
    return None


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(2)


def _json_line(source: str, index: int, report: Report) -> None:
    """Where the record came from, then `Report.to_dict()` as is (its keys in its order)."""
    line = {"source": source, "index": index, **report.to_dict()}
    sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


def _text_line(source: str, index: int, report: Report) -> None:
    verdict = "valid  " if report.valid else "INVALID"
    out = [f"{source} #{index} {report.record_id or '-'}  {verdict} {report.score:.2f}"]
    for f in report.findings:
        where = f.tag or ""
        if f.subfield:
            where += f"${f.subfield}"
        out.append(f"    {f.severity:<7} {f.rule:<24} {where:<5} {f.message}")
    sys.stdout.write("\n".join(out) + "\n")


class _progress:
    """Open `path`; on a terminal, show how much of it has been read while records stream."""

    stream: BinaryIO

    def __init__(self, path: Path):
        self.path = path
        self.bar = None

    def __enter__(self) -> BinaryIO:
        try:
            stream = self.path.open("rb")
        except OSError as exc:
            _fail(f"{self.path}: cannot be read ({exc.strerror or exc})")
        size = self.path.stat().st_size
        # A bar only when records go elsewhere (a file, a pipe) and someone watches stderr.
        if not sys.stderr.isatty() or sys.stdout.isatty() or size < (8 << 20):
            self.stream = stream
            return stream
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
            console=_stderr_console(),
        )
        self.bar.start()
        task = self.bar.add_task(self.path.name, total=size)
        self.stream = self.bar.wrap_file(stream, total=size, task_id=task)
        return self.stream

    def __exit__(self, *exc) -> None:
        self.stream.close()
        if self.bar is not None:
            self.bar.stop()


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
