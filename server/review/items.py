"""Items to review from what copiste writes: a generation run (a folder or its examples.jsonl,
a job's results are one too) and `copiste catalogue --format json` output with the
descriptions it was given.

Every record is shown in one syntax (MarcEdit lines by default, what cataloguers read and what
the student writes); one that does not parse is kept as it was written, so a reviewer can
still correct it. The rules' report is computed here, with each finding on its line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from server.review.check import check, parse, render, syntax_of
from server.review.store import NewItem
from validators.errors import CopisteError
from validators.langs import DEFAULT_LANG
from validators.readers import ReadError

log = logging.getLogger(__name__)


class SourceProblem(CopisteError, ValueError):
    """A file or folder that holds no records to review; the message names it."""

    http_status = 422
    code = "invalid_review_source"


def make_item(
    description: str,
    record: str,
    *,
    source: str,
    rules: str,
    syntax: str = "mrk",
    source_id: str | None = None,
    lang: str = DEFAULT_LANG,
) -> NewItem:
    """An item for `record` (MarcEdit text or MARCXML), shown in `syntax` when it parses."""
    written = syntax_of(record)
    parsed = parse(record, written)
    if isinstance(parsed, ReadError):
        text, shown = record, written
    else:
        text, shown = render(parsed, syntax), syntax
    return NewItem(
        source=source,
        source_id=source_id,
        description=description.strip(),
        record=text,
        syntax=shown,
        rules=rules,
        report=check(text, shown, rules, lang),
    )


def items_from(
    path: Path,
    *,
    descriptions: Path | None = None,
    rules: str | None = None,
    syntax: str = "mrk",
    lang: str = DEFAULT_LANG,
) -> list[NewItem]:
    """The items in a run folder, an examples.jsonl, or catalogue output (whose lines carry
    their description; `descriptions`, the input file, serves output written before they did)."""
    if not path.exists():
        raise SourceProblem(f"{path}: no such file or folder")
    first = None if path.is_dir() else _first_object(path)
    if path.is_dir() or (first is not None and "question" in first and "answer" in first):
        return list(_from_run(path, rules, syntax, lang))
    if first is not None and "record" in first and "findings" in first:
        if descriptions is None and not isinstance(first.get("description"), str):
            raise SourceProblem(
                f"{path}: catalogue output holds no descriptions; name the file they came from "
                "with --descriptions"
            )
        return list(_from_catalogue(path, descriptions, rules, syntax, lang))
    raise SourceProblem(
        f"{path}: neither a run (examples.jsonl) nor `copiste catalogue --format json` output"
    )


def _first_object(path: Path) -> dict | None:
    try:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    value = json.loads(line)
                    return value if isinstance(value, dict) else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    except OSError as exc:
        raise SourceProblem(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return None


def _from_run(path: Path, rules: str | None, syntax: str, lang: str) -> Iterable[NewItem]:
    from generator.examples import read_examples

    source = str(path)
    for example in read_examples(path):
        if example.task != "unimarc":
            continue
        record = example.answer if example.answer.strip() else example.raw
        if not record or not record.strip():
            continue
        yield make_item(
            example.question,
            record,
            source=source,
            source_id=example.id,
            rules=rules or example.provenance.get("rules") or "strict",
            syntax=syntax,
            lang=lang,
        )


def _from_catalogue(
    path: Path, descriptions: Path | None, rules: str | None, syntax: str, lang: str
) -> Iterable[NewItem]:
    from distill.catalogue_io import read_descriptions
    from validators.roles import STUDENT_RULES

    described = dict(read_descriptions([str(descriptions)])) if descriptions else {}
    source = str(path)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise SourceProblem(f"{path} line {number}: not JSON") from None
            record, ident = row.get("record"), str(row.get("id", ""))
            if not record:
                log.warning("%s line %d: no record was written, nothing to review", path, number)
                continue
            own = row.get("description")
            description = own if isinstance(own, str) and own.strip() else described.get(ident)
            if description is None:
                where = f"in {descriptions}" if descriptions else "(name its file: --descriptions)"
                raise SourceProblem(f"{path} line {number}: no description {ident!r} {where}")
            yield make_item(
                description,
                record,
                source=source,
                source_id=ident,
                rules=rules or STUDENT_RULES,
                syntax=syntax,
                lang=lang,
            )
