"""Entry points that turn any input (text, record, file) into reports."""

from __future__ import annotations

from collections.abc import Iterator

from validators.engine import RuleSet
from validators.langs import DEFAULT_LANG
from validators.readers import ReadError, Source, read_records, read_text
from validators.record import Record
from validators.report import Finding, Report, Severity
from validators.rulesets import DEFAULT, get_ruleset

MAX_TEXT_BYTES = 50 << 20


def error_report(error: ReadError) -> Report:
    """A report for input that never became a record: invalid, score 0."""
    finding = Finding(
        error.rule, Severity.ERROR, error.message, line=error.line, column=error.column
    )
    return Report(False, 0.0, [finding])


def validate(
    record: Record | str | bytes, *, rules: str = DEFAULT, lang: str = DEFAULT_LANG
) -> Report:
    """Check one record given as a `Record`, as XML or MarcEdit text (possibly inside prose or
    a code fence), or as bytes of any format (ISO 2709 included).

    Text holding several records is judged on its first one; use `validate_source` for all.
    """
    ruleset = get_ruleset(rules)
    if isinstance(record, Record):
        return ruleset.run(record, lang=lang)
    return judge(read_text(record, max_bytes=MAX_TEXT_BYTES), ruleset, lang)


def judge(item: Record | ReadError, ruleset: RuleSet, lang: str) -> Report:
    """The report for one item a reader yields: its read error as a finding, or the rules' verdict.

    The one place every entry point (text, streams, worker processes) turns reader output into a
    report, so they cannot drift apart.
    """
    return error_report(item) if isinstance(item, ReadError) else ruleset.run(item, lang=lang)


def validate_source(
    source: Source, *, rules: str = DEFAULT, lang: str = DEFAULT_LANG
) -> Iterator[Report]:
    """A report for every record of a file, stream or document, in order."""
    ruleset = get_ruleset(rules)
    for item in read_records(source):
        yield judge(item, ruleset, lang)
