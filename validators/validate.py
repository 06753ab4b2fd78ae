"""Entry points that turn any input (text, record, file) into reports."""

from __future__ import annotations

from collections.abc import Iterator

from validators.extract import extract_xml
from validators.readers import ReadError, Source, read_records
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


def validate(record: Record | str | bytes, *, rules: str = DEFAULT, lang: str = "en") -> Report:
    """Check one record given as a `Record`, or as XML text (possibly inside prose).

    Text holding several records is judged on its first one; use `validate_source` for all.
    """
    ruleset = get_ruleset(rules)
    if isinstance(record, Record):
        return ruleset.run(record, lang=lang)
    text = record.decode("utf-8", "replace") if isinstance(record, bytes) else record
    xml = extract_xml(text) if not text.lstrip().startswith("<") else text
    if xml is None:
        return error_report(ReadError("XML_MISSING", "no XML record found in the text"))
    for item in read_records(xml.encode("utf-8"), max_bytes=MAX_TEXT_BYTES):
        if isinstance(item, ReadError):
            return error_report(item)
        return ruleset.run(item, lang=lang)
    return error_report(ReadError("NO_RECORD", "no UNIMARC record found"))


def validate_source(source: Source, *, rules: str = DEFAULT, lang: str = "en") -> Iterator[Report]:
    """A report for every record of a file, stream or document, in order."""
    ruleset = get_ruleset(rules)
    for item in read_records(source):
        yield error_report(item) if isinstance(item, ReadError) else ruleset.run(item, lang=lang)
