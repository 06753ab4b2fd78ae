"""MARC-in-JSON (the format pymarc's JSONReader/JSONWriter and many web tools use).

    {"leader": "...", "fields": [{"001": "value"},
     {"200": {"ind1": "1", "ind2": " ", "subfields": [{"a": "Titre"}, {"f": "Auteur"}]}}]}

A file is a JSON array of such objects, one object, or JSON lines (one object per line). JSON has
no incremental reader in the standard library, so a file is read whole, within the size budget;
copiste writes an array one record at a time, so writing streams.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, TextIO

from validators.formats.base import CHUNK_BYTES, Budget, ReadError
from validators.record import ControlField, DataField, Field, Record, Subfield

RULE = "JSON_STRUCTURE"


def record_to_json(record: Record) -> dict[str, Any]:
    """One record as a MARC-in-JSON object (no "leader" key when the record has none)."""
    fields: list[dict[str, Any]] = []
    for f in record.fields:
        if isinstance(f, ControlField):
            fields.append({f.tag: f.value})
        else:
            subfields = [{s.code: s.value} for s in f.subfields]
            fields.append({f.tag: {"ind1": f.ind1, "ind2": f.ind2, "subfields": subfields}})
    if record.leader is None:
        return {"fields": fields}
    return {"leader": record.leader, "fields": fields}


def write_json(records: Iterable[Record], out: TextIO) -> int:
    """Write `records` as one JSON array, a record per line; returns how many."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record_to_json(record), ensure_ascii=False))
        count += 1
    out.write("\n]\n")
    return count


def read_stream(
    head: bytes, stream: BinaryIO, budget: Budget, max_record_bytes: int
) -> Iterator[Record | ReadError]:
    """The records of a MARC-in-JSON input whose first chunk (`head`) was already read."""
    del max_record_bytes  # the whole input is bounded by the budget instead
    data = bytearray()
    chunk = head
    while chunk:
        if not budget.take(chunk):
            yield budget.error()
            return
        data += chunk
        chunk = stream.read(CHUNK_BYTES)
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    try:
        values = json.loads(text)
    except json.JSONDecodeError as exc:
        values = _json_lines(text)
        if values is None:
            yield ReadError(RULE, f"not JSON: {exc}", exc.lineno, exc.colno, stopped=True)
            return
    for value in values if isinstance(values, list) else [values]:
        yield parse(value)


def _json_lines(text: str) -> list[Any] | None:
    try:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except ValueError:
        return None


def parse(value: Any) -> Record | ReadError:
    """One MARC-in-JSON object as a record, or what is wrong with it."""
    if not isinstance(value, dict) or not isinstance(value.get("fields"), list):
        return ReadError(RULE, 'a record is an object with a "fields" list')
    leader = value.get("leader")
    fields: list[Field] = []
    for item in value["fields"]:
        if not isinstance(item, dict) or len(item) != 1:
            return ReadError(RULE, "each field is an object with one key, its tag")
        ((tag, body),) = item.items()
        if isinstance(body, str):
            fields.append(ControlField(tag, body))
            continue
        subfields = body.get("subfields") if isinstance(body, dict) else None
        if not isinstance(subfields, list) or not all(
            isinstance(s, dict) and len(s) == 1 for s in subfields
        ):
            return ReadError(RULE, f'field {tag}: a "subfields" list of one-key objects')
        pairs = [Subfield(code, str(text)) for s in subfields for code, text in s.items()]
        fields.append(DataField(tag, body.get("ind1") or " ", body.get("ind2") or " ", pairs))
    return Record(leader if isinstance(leader, str) else None, fields)
