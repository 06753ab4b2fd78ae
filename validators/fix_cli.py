"""`copiste fix IN --out OUT`: repair legacy records and say, record by record, what changed.

The repairs are `validators.repair`'s: each names the rule it satisfies and none invents
content. Records stream from IN to OUT in the flavour they came in (every XML flavour is
written as MARCXML, the one XML flavour copiste writes); the report is JSON lines, one per
record, so a cataloguer can review or revert any change.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from validators.clihelp import fail
from validators.formats.iso2709 import write_iso2709
from validators.formats.marcjson import write_json
from validators.formats.marcxml import write_marcxml
from validators.formats.mrk import write_mrk
from validators.formats.sniff import GZIP, ISO2709, JSON, MARCXML, MRK, sniff
from validators.readers import ReadError, read_records
from validators.record import Record
from validators.repair import Change, repair

# Read errors that, as an input's first item, mean nothing could be read from it.
_UNREADABLE = frozenset({"NO_RECORD", "XML_WELLFORMED", "XML_UNSAFE", "INPUT_CORRUPT"})
# Each format's streaming writer, and whether it writes text (or bytes: ISO 2709).
WRITERS: dict[str, tuple[Callable, bool]] = {
    MARCXML: (write_marcxml, True),
    MRK: (write_mrk, True),
    JSON: (write_json, True),
    ISO2709: (write_iso2709, False),
}


def flavour(path: Path) -> str:
    """The input's format (`validators.formats.sniff`), looking inside gzip."""
    with path.open("rb") as raw:
        head = raw.read(4096)
    found = sniff(head)
    if found == GZIP:
        with gzip.open(path, "rb") as unzipped:
            found = sniff(unzipped.read(4096))
    if found not in WRITERS:
        fail(f"{path}: not a format copiste reads: it starts with {head[:20]!r}")
    return found


class _Tally:
    records = 0
    repaired = 0

    def __init__(self) -> None:
        self.per_rule: Counter[str] = Counter()


def _repaired(source: Path, log: TextIO, tally: _Tally) -> Iterator[Record]:
    """The records of `source`, repaired, while each one's changes go to `log`."""
    for index, item in enumerate(read_records(source)):
        if isinstance(item, ReadError):
            if index == 0 and item.rule in _UNREADABLE:
                fail(f"{source}: {item.message}")
            log.write(json.dumps({"index": index, "error": item.message}) + "\n")
            continue
        result = repair(item)
        tally.records += 1
        tally.repaired += bool(result.changes)
        tally.per_rule.update(c.rule for c in result.changes)
        log.write(_line(index, item, result.changes) + "\n")
        yield result.record


def fix_command(
    source: Annotated[Path, typer.Argument(help="Records: any format copiste reads.")],
    out: Annotated[Path, typer.Option(help="Where to write the repaired records.")],
    report: Annotated[
        Path | None,
        typer.Option(help="Changes as JSON lines, one per record [default: OUT.changes.jsonl]."),
    ] = None,
) -> None:
    """Repair mechanical legacy defects, each by the rule it satisfies; report every change.

    Nothing is changed that a rule does not require: a value no rule decides is left as it is.
    Records come out in the format they came in (every XML flavour as MARCXML).
    Exit status: 0 written, 2 input unreadable.
    """
    if not source.is_file():
        fail(f"{source}: no such file")
    if out.resolve() == source.resolve():
        fail(f"{out}: --out must not be the input file")
    report = report or out.with_name(out.name + ".changes.jsonl")
    write, text = WRITERS[flavour(source)]
    tally = _Tally()
    try:
        with (
            out.open("w", encoding="utf-8") if text else out.open("wb") as sink,
            report.open("w", encoding="utf-8") as log,
        ):
            write(_repaired(source, log, tally), sink)
    except OSError as exc:
        fail(f"cannot write: {exc.strerror or exc}")
    rules = ", ".join(f"{rule} {n}" for rule, n in tally.per_rule.most_common()) or "none"
    print(
        f"{tally.records} records, {tally.repaired} repaired ({rules}) -> {out}; changes: {report}"
    )


def _line(index: int, record: Record, changes: list[Change]) -> str:
    return json.dumps(
        {"index": index, "record_id": record.record_id, "changes": [c.to_dict() for c in changes]},
        ensure_ascii=False,
    )
