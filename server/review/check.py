"""One record text judged as the reviewer reads it: parsed in its syntax, checked by the rule
engine, each finding placed on the line of the field it concerns.

The page marks findings on lines, so the server says which line: a reader's finding already
carries one; a rule's finding names a tag, and its line is the first field line with that tag
(`=200  ...` in MarcEdit text, `tag="200"` in MARCXML). Findings about the record as a whole
or a field it lacks keep no line and are listed apart.
"""

from __future__ import annotations

import re
from typing import Any

from validators.langs import DEFAULT_LANG
from validators.readers import ReadError
from validators.record import Record
from validators.report import Finding, Report, Severity
from validators.validate import validate

SYNTAXES = ("mrk", "marcxml")
_XML_TAG = re.compile(r"""\btag\s*=\s*["']([0-9A-Za-z]{3})["']""")


def checks_version() -> str:
    """The rule engine's version (rules, severities, weights, schema): kept with each verdict,
    so verdicts given under other rules can be told apart."""
    from validators.engine import ENGINE_VERSION

    return ENGINE_VERSION


def syntax_of(text: str) -> str:
    """mrk or marcxml, from how the text starts."""
    return "marcxml" if text.lstrip().startswith("<") else "mrk"


def parse(text: str, syntax: str) -> Record | ReadError:
    """The record in `text`, or the reader's finding on why there is none."""
    from distill.catalogue import parse_answer

    return parse_answer(text, syntax)


def render(record: Record, syntax: str) -> str:
    """The record in the syntax the reviewer reads."""
    if syntax == "marcxml":
        return record.to_marcxml()
    from validators.formats.mrk import record_to_mrk

    return record_to_mrk(record)


def parse_edit(text: str, syntax: str) -> Record | ReadError:
    """The record a reviewer typed. Stricter than reading a model's answer: every non-blank
    line of MarcEdit text must be a field line (a model's prose around its record is dropped,
    a reviewer's stray line is a mistake to show)."""
    if syntax != "mrk":
        return parse(text, syntax)
    from validators.formats.mrk import parse_lines

    lines = [
        (number, line.removesuffix("\r"))
        for number, line in enumerate(text.split("\n"), 1)
        if line.strip() and not line.startswith("#")
    ]
    if not lines:
        return ReadError("NO_RECORD", "no MarcEdit field line (`=TAG  value`) in the text")
    return parse_lines(lines)


def check(text: str, syntax: str, rules: str, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """The report of `text` as a reviewer wrote it (`Report.to_dict()`), every finding with
    the line it is about when it has one."""
    parsed = parse_edit(text, syntax)
    if isinstance(parsed, ReadError):
        finding = Finding(
            parsed.rule, Severity.ERROR, parsed.message, line=parsed.line, column=parsed.column
        )
        report = Report(valid=False, score=0.0, findings=[finding])
    else:
        report = validate(parsed, rules=rules, lang=lang)
    data = report.to_dict()
    lines = text.split("\n")
    for finding in data["findings"]:
        if "line" not in finding and finding.get("tag"):
            line = _line_of(lines, finding["tag"], syntax)
            if line is not None:
                finding["line"] = line
    return data


def _line_of(lines: list[str], tag: str, syntax: str) -> int | None:
    tag = "LDR" if tag.lower() in ("ldr", "leader") else tag
    for number, line in enumerate(lines, 1):
        if syntax == "mrk" and line.startswith(f"={tag}"):
            return number
        if syntax == "marcxml":
            if tag == "LDR" and "<leader" in line:
                return number
            found = _XML_TAG.search(line)
            if found and found[1] == tag:
                return number
    return None
