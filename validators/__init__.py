"""UNIMARC record model, readers and the rule engine: copiste's checkers.

`validate()` is the one call most users need; `read_records()` streams records from any flavour.
"""

from __future__ import annotations

from validators.formats.marcxml import to_collection
from validators.readers import InputError, ReadError, read_records
from validators.record import ControlField, DataField, Record, Subfield
from validators.report import Finding, Report, Severity
from validators.validate import validate, validate_source

__all__ = [
    "ControlField",
    "DataField",
    "Finding",
    "InputError",
    "ReadError",
    "Record",
    "Report",
    "Severity",
    "Subfield",
    "read_records",
    "to_collection",
    "validate",
    "validate_source",
]
