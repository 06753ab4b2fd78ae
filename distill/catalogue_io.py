"""What `copiste catalogue` reads (descriptions) and writes (records), with one-line errors.

An input is a text file holding one description, `-` for standard input, or a JSONL file of
`{"id", "description"}` objects (recognised by its `.jsonl` name, or by every line being such
an object). Problems a user can cause (a missing or unreadable file, an empty description, a
broken JSONL line) raise `InputProblem` naming the file and line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from distill.catalogue import Catalogued
from validators import to_collection
from validators.errors import CopisteError
from validators.formats.mrk import write_mrk

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
OUTPUT_FORMATS = ("xml", "mrk", "json")


class InputProblem(CopisteError, ValueError):
    """An input that cannot be catalogued; the message names it in one line."""


def _read_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.exists():
        raise InputProblem(f"{source}: no such file")
    if path.is_dir():
        raise InputProblem(f"{source}: is a folder, not a file of descriptions")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputProblem(f"{source}: not UTF-8 text") from None
    except OSError as exc:
        raise InputProblem(f"{source}: cannot be read ({exc.strerror or exc})") from None


def _json_lines(text: str) -> tuple[list[tuple[int, object]], int | None]:
    """(line number, value) of every non-blank line, and the number of the first line that is
    not JSON (None when all are)."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            found.append((number, json.loads(line)))
        except json.JSONDecodeError:
            return found, number
    return found, None


def _from_jsonl(source: str, rows: list[tuple[int, object]], stem: str) -> list[tuple[str, str]]:
    items = []
    for number, row in rows:
        where = f"{source} line {number}"
        if not isinstance(row, dict) or not isinstance(row.get("description"), str):
            raise InputProblem(f'{where}: not an object with a "description" string')
        if not row["description"].strip():
            raise InputProblem(f"{where}: empty description")
        ident = row.get("id")
        items.append(
            (str(ident) if ident not in (None, "") else f"{stem}-{number}", row["description"])
        )
    return items


def read_descriptions(sources: Sequence[str]) -> list[tuple[str, str]]:
    """(id, description) pairs from every input, in order."""
    items: list[tuple[str, str]] = []
    for source in sources:
        text = _read_text(source)
        stem = "stdin" if source == "-" else Path(source).stem
        is_jsonl = Path(source).suffix.lower() in JSONL_SUFFIXES
        rows, bad = _json_lines(text) if is_jsonl or text.lstrip().startswith("{") else ([], 0)
        if is_jsonl and bad:
            raise InputProblem(f"{source} line {bad}: not JSON")
        if bad is None:
            if not rows:
                raise InputProblem(f"{source}: no descriptions")
            items += _from_jsonl(source, rows, stem)
        elif not text.strip():
            raise InputProblem(f"{source}: empty description")
        else:
            items.append((stem, text.strip()))
    return items


def write_results(results: Iterable[Catalogued], fmt: str, out: TextIO) -> None:
    """Records as one MARCXML collection, MarcEdit text, or one JSON object per line.

    xml and mrk hold records only: an answer that held none is left out (the JSON form and
    the summary on stderr say which).
    """
    results = list(results)
    if fmt == "json":
        for result in results:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        return
    records = [r.record for r in results if r.record is not None]
    if fmt == "mrk":
        write_mrk(records, out)
    else:
        out.write(to_collection(records))
