"""`copiste fix IN --out OUT`: repair legacy records and say, record by record, what changed.

The repairs are `validators.repair`'s: each names the rule it satisfies and none invents
content. Records stream from IN to OUT in the flavour they came in (every XML flavour is
written as MARCXML, the one XML flavour copiste writes); the report is JSON lines, one per
record, so a cataloguer can review or revert any change.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from validators.formats.mrk import record_to_mrk
from validators.formats.sniff import GZIP, ISO2709, MARCXML, MRK, sniff
from validators.readers import InputError, ReadError, read_records
from validators.record import MARCXML_NS, Record
from validators.repair import repair

# Read errors that, as an input's first item, mean nothing could be read from it.
_UNREADABLE = frozenset({"NO_RECORD", "XML_WELLFORMED", "XML_UNSAFE", "INPUT_CORRUPT"})


def _fail(message: str) -> typer.Exit:
    print(f"error: {message}", file=sys.stderr)
    return typer.Exit(2)


def flavour(path: Path) -> str:
    """The input's format (`validators.formats.sniff`), looking inside gzip."""
    with path.open("rb") as raw:
        head = raw.read(4096)
    found = sniff(head)
    if found == GZIP:
        with gzip.open(path, "rb") as unzipped:
            found = sniff(unzipped.read(4096))
    if found not in (MARCXML, ISO2709, MRK):
        raise _fail(f"{path}: neither XML, ISO 2709 nor MarcEdit text: starts with {head[:20]!r}")
    return found


@contextmanager
def _xml_writer(out: BinaryIO) -> Iterator:
    from lxml import etree

    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{MARCXML_NS}}}collection", nsmap={None: MARCXML_NS}):
            yield lambda record: xf.write(record.to_element(), pretty_print=True)


@contextmanager
def _writer(kind: str, out: BinaryIO) -> Iterator:
    """A function writing one record to `out` in format `kind`."""
    if kind == MARCXML:
        with _xml_writer(out) as write:
            yield write
    elif kind == MRK:
        written = count()

        def write_mrk(record: Record) -> None:  # a blank line between two records, as MarcEdit
            separator = "\n" if next(written) else ""
            out.write((separator + record_to_mrk(record)).encode("utf-8"))

        yield write_mrk
    else:
        from validators.formats.iso2709 import record_to_iso2709

        yield lambda record: out.write(record_to_iso2709(record))


def fix_command(
    source: Annotated[Path, typer.Argument(help="Records: any flavour copiste reads.")],
    out: Annotated[Path, typer.Option(help="Where to write the repaired records.")],
    report: Annotated[
        Path | None,
        typer.Option(
            help="JSON lines of the changes, one per record (default: OUT.changes.jsonl)."
        ),
    ] = None,
) -> None:
    """Repair mechanical legacy defects, each by the rule it satisfies; report every change.

    Nothing is changed that a rule does not require: a value no rule decides is left as it is.
    Exit status: 0 written, 2 input unreadable.
    """
    if not source.is_file():
        raise _fail(f"{source}: no such file")
    if out.resolve() == source.resolve():
        raise _fail(f"{out}: --out must not be the input file")
    report = report or out.with_name(out.name + ".changes.jsonl")
    kind = flavour(source)
    per_rule: Counter[str] = Counter()
    records = repaired = 0
    try:
        with (
            out.open("wb") as sink,
            report.open("w", encoding="utf-8") as log,
            _writer(kind, sink) as write,
        ):
            for index, item in enumerate(read_records(source)):
                if isinstance(item, ReadError):
                    if index == 0 and item.rule in _UNREADABLE:
                        raise _fail(f"{source}: {item.message}")
                    log.write(json.dumps({"index": index, "error": item.message}) + "\n")
                    continue
                result = repair(item)
                write(result.record)
                records += 1
                repaired += bool(result.changes)
                per_rule.update(c.rule for c in result.changes)
                log.write(_line(index, item, result.changes) + "\n")
    except InputError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"cannot write: {exc.strerror or exc}") from None
    rules = ", ".join(f"{rule} {n}" for rule, n in per_rule.most_common()) or "none"
    print(f"{records} records, {repaired} repaired ({rules}) -> {out}; changes: {report}")


def _line(index: int, record: Record, changes: list) -> str:
    return json.dumps(
        {
            "index": index,
            "record_id": record.record_id,
            "changes": [c.to_dict() for c in changes],
        },
        ensure_ascii=False,
    )
