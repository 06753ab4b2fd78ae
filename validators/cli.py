"""`copiste validate` and `copiste convert`: records from files of any format, streaming.

Output goes record by record, so a dump of millions of records is handled in flat memory.
`validate --workers N` runs the rules in N processes while this one reads. Both commands read
`-` as stdin, report a bad record in its place (with its line and column) and go on; an input
that cannot be read, or whose reading had to stop, is one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from validators.clihelp import fail
from validators.formats import iso2709, marcjson, marcxml, mrk
from validators.formats.sniff import sniff
from validators.langs import DEFAULT_LANG, LANGS
from validators.readers import InputError, ReadError, read_records
from validators.record import Record
from validators.report import Report
from validators.rulesets import DEFAULT, RULESETS
from validators.workers import auto_workers, validate_records

OutputFormat = StrEnum("OutputFormat", {"text": "text", "json": "json"})
Target = StrEnum("Target", {n: n for n in ("marcxml", "mrk", "iso2709", "json")})

Paths = Annotated[
    list[Path],
    typer.Argument(
        help="Files of records (`-` reads stdin): MARCXML, MarcXchange (SRU too), BNCF "
        "unimarcslim, ISO 2709, MarcEdit .mrk or MARC-in-JSON, optionally gzip-compressed.",
        metavar="FILE...",
        show_default=False,
    ),
]


def validate_command(
    paths: Paths,
    format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="json: one JSON object per record; text: for people."),
    ] = OutputFormat.text,
    rules: Annotated[
        str,
        typer.Option(metavar="|".join(RULESETS), help="Rule set (lenient accepts legacy data)."),
    ] = DEFAULT,
    workers: Annotated[
        int,
        typer.Option(
            metavar="N",
            help="Processes that run the rules; 0 picks a count from the cores and the input.",
        ),
    ] = 0,
    lang: Annotated[
        str, typer.Option(metavar="|".join(LANGS), help="Language of the messages.")
    ] = DEFAULT_LANG,
) -> None:
    """Validate UNIMARC records, streaming: one line (text) or JSON object per record.

    Exit status: 0 all valid, 1 some invalid, 2 an input unreadable (reason on stderr).
    A progress bar shows on stderr while records go to a file or a pipe.
    """
    if rules not in RULESETS:
        fail(f"unknown rule set {rules!r}; choose one of {', '.join(RULESETS)}")
    if lang not in LANGS:
        fail(f"unknown message language {lang!r}; choose one of {', '.join(LANGS)}")
    if workers < 0:
        fail("--workers takes 0 (automatic) or a number of processes")
    _check_paths(paths)
    emit = _json_line if format == OutputFormat.json else _text_line
    with quiet_broken_pipe():
        records, invalid, stopped = _validate(paths, rules, lang, workers, emit)
        if format == OutputFormat.text and (records or not stopped):
            print(f"{records} records, {records - invalid} valid, {invalid} invalid ({rules})")
            sys.stdout.flush()
    for message in stopped:
        print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(2 if stopped else 0 if invalid == 0 else 1)


def convert_command(
    paths: Paths,
    to: Annotated[Target, typer.Option("--to", help="Format to write.", show_default=False)],
    out: Annotated[
        str, typer.Option("--out", "-o", metavar="FILE", help="Where to write; - is stdout.")
    ] = "-",
) -> None:
    """Convert records between the formats copiste reads, streaming.

    A record that cannot be read is named on stderr (file, index, line and column) and left out.
    Exit status: 0 all converted, 1 some records left out, 2 an input unreadable.
    """
    _check_paths(paths)
    failed: list[str] = []
    stopped: list[str] = []

    def records() -> Iterator[Record]:
        for path in paths:
            for index, item in _items(path, stopped):
                if isinstance(item, ReadError):
                    failed.append(f"{path} #{index}: {item.rule} {_where(item)}{item.message}")
                    print(f"error: {failed[-1]}", file=sys.stderr)
                else:
                    yield item

    with quiet_broken_pipe(), _output(out, binary=to == Target.iso2709) as stream:
        _WRITERS[to.value](records(), stream)
    for message in stopped:
        print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(2 if stopped else 1 if failed else 0)


_WRITERS: dict[str, Callable[..., int]] = {
    "marcxml": marcxml.write_marcxml,
    "mrk": mrk.write_mrk,
    "iso2709": iso2709.write_iso2709,
    "json": marcjson.write_json,
}


class _output:
    """The stream `--out` names: stdout for `-`, else the file (created, or replaced)."""

    def __init__(self, out: str, *, binary: bool):
        self.out, self.binary = out, binary
        self.handle = None

    def __enter__(self):
        if self.out == "-":
            return sys.stdout.buffer if self.binary else sys.stdout
        try:
            mode = "wb" if self.binary else "w"
            encoding = None if self.binary else "utf-8"
            self.handle = open(self.out, mode, encoding=encoding)
        except OSError as exc:
            fail(f"{self.out}: cannot be written ({exc.strerror or exc})")
        return self.handle

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()
        else:
            sys.stdout.flush()


def _check_paths(paths: list[Path]) -> None:
    for path in paths:
        problem = None if str(path) == "-" else unreadable(path)
        if problem:
            fail(problem)


def _items(
    path: Path, stopped: list[str], *, raw: bool = False
) -> Iterator[tuple[int, Record | bytes | ReadError]]:
    """Each record or bad record of `path` with its index, until the reading stops; why it
    stopped goes to `stopped` rather than passing for a record."""
    with TrackedInput(path) as stream:
        try:
            for index, item in enumerate(read_records(stream, raw=raw)):
                if isinstance(item, ReadError) and item.stopped:
                    stopped.append(f"{path}: {_where(item)}{item.message}")
                    return
                yield index, item
        except InputError as exc:
            stopped.append(f"{path}: {exc}")


_Emit = Callable[[str, int, Report], None]


def _validate(
    paths: list[Path], rules: str, lang: str, workers: int, emit: _Emit
) -> tuple[int, int, list[str]]:
    """Validate each file in turn, emitting a line per record; returns how many records there
    were, how many were invalid, and why each input whose reading stopped did."""
    records = invalid = 0
    stopped: list[str] = []
    for path in paths:
        count = workers or auto_workers(*_size_and_kind(path))
        items = (item for _, item in _items(path, stopped, raw=count > 1))
        reports = validate_records(items, rules=rules, lang=lang, workers=count)
        for index, report in enumerate(reports):
            records += 1
            invalid += not report.valid
            emit(str(path), index, report)
    return records, invalid, stopped


def _size_and_kind(path: Path) -> tuple[int, str | None]:
    """How big `path` is and which format it starts like (stdin: unknown, 0)."""
    if str(path) == "-":
        return 0, None
    try:
        with path.open("rb") as handle:
            return path.stat().st_size, sniff(handle.read(4096))
    except OSError:
        return 0, None


def _where(error: ReadError) -> str:
    if not error.line or error.message.startswith(f"line {error.line}:"):
        return ""
    return f"line {error.line}, column {error.column}: " if error.column else f"line {error.line}: "


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
        placed = not f.line or f.message.startswith(f"line {f.line}:")
        place = "" if placed else f" (line {f.line}, column {f.column})"
        out.append(f"    {f.severity:<7} {f.rule:<24} {where:<5} {f.message}{place}")
    sys.stdout.write("\n".join(out) + "\n")


# --- what both commands share --------------------------------------------------------------


def unreadable(path: Path) -> str | None:
    if not path.exists():
        return f"{path}: no such file"
    if path.is_dir():
        return f"{path}: is a directory, not a file of records"
    if not os.access(path, os.R_OK):
        return f"{path}: permission denied"
    return None


@contextmanager
def quiet_broken_pipe() -> Iterator[None]:
    """`copiste validate dump.xml | head`: the reader has had enough, which is no error."""
    try:
        yield
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        fail("interrupted", 130)


class TrackedInput:
    """Open `path` (`-`: stdin); on a terminal, show how much has been read while records
    stream to a file or a pipe."""

    stream: BinaryIO

    def __init__(self, path: Path):
        self.path = path
        self.bar = None
        self.own = str(path) != "-"

    def __enter__(self) -> BinaryIO:
        if not self.own:
            self.stream = sys.stdin.buffer
            return self.stream
        try:
            stream = self.path.open("rb")
        except OSError as exc:
            fail(f"{self.path}: cannot be read ({exc.strerror or exc})")
        size = self.path.stat().st_size
        # A bar only when records go elsewhere (a file, a pipe) and someone watches stderr.
        if not sys.stderr.isatty() or sys.stdout.isatty() or size < (8 << 20):
            self.stream = stream
            return stream
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
            console=Console(stderr=True),
        )
        self.bar.start()
        task = self.bar.add_task("", total=size)
        self.stream = self.bar.wrap_file(stream, total=size, task_id=task)
        return self.stream

    def __exit__(self, *exc) -> None:
        if self.own:
            self.stream.close()
        if self.bar is not None:
            self.bar.stop()
