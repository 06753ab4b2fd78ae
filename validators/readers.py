"""Read UNIMARC records from every format copiste knows, one record at a time.

`read_records` opens the input (a path, a stream, bytes or the text itself), decompresses gzip,
asks `formats.sniff` which format it holds and hands the stream to that format's reader
(`formats.xmlstream`, `iso2709`, `mrk`, `marcjson`). Nothing holds a whole dump in memory.

Reading never raises for bad *data*: a malformed record, a refused DTD or an oversized input
comes out of the iterator as a `ReadError` (with a rule id the reports use) in its place; one
marked `stopped` ends the reading. Only an input that cannot be opened at all raises
`InputError`. `read_text` is the one way from a text (a model's answer, an API field) to a record.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from validators.extract import extract_record
from validators.formats import iso2709, marcjson, mrk, xmlstream
from validators.formats.base import (
    CHUNK_BYTES,
    DEFAULT_MAX_RECORD_BYTES,
    Budget,
    InputError,
    Prefixed,
    ReadError,
    RecordSyntaxError,
    Source,
    open_source,
    text_to_bytes,
)
from validators.formats.marcxml import parse_document, recover_fields, safe_parser
from validators.formats.sniff import GZIP, ISO2709, JSON, MARCXML, MRK, sniff
from validators.record import Record

__all__ = [
    "DEFAULT_MAX_RECORD_BYTES",
    "InputError",
    "ReadError",
    "RecordSyntaxError",
    "Source",
    "read_first",
    "read_one",
    "read_records",
    "read_text",
    "recover_fields",
    "safe_parser",
    "text_to_bytes",
]

_STREAM_READERS = {
    MARCXML: xmlstream.read_stream,
    ISO2709: iso2709.read_stream,
    MRK: mrk.read_stream,
    JSON: marcjson.read_stream,
}


def read_records(
    source: Source,
    *,
    max_bytes: int | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[Record | ReadError]:
    """Yield each record of `source`, and a `ReadError` in place of each one that is bad.

    `source` is a path, an open binary stream, or the content itself (bytes, or a str that
    starts with `<` or `=`). Gzip-compressed inputs are recognised by their magic bytes.
    `max_bytes` bounds the whole input, decompressed (None: unbounded, as for local dumps).
    """
    stream, close = open_source(source)
    try:
        yield from _read_stream(stream, max_bytes=max_bytes, max_record_bytes=max_record_bytes)
    finally:
        if close:
            stream.close()


def read_one(text: str | bytes, *, max_bytes: int | None = 50 << 20) -> Record:
    """The single record held in `text`; raises `RecordSyntaxError` otherwise."""
    found: list[Record] = []
    data = text_to_bytes(text) if isinstance(text, str) else text
    for item in read_records(data, max_bytes=max_bytes):
        if isinstance(item, ReadError):
            raise RecordSyntaxError(item)
        found.append(item)
        if len(found) > 1:
            raise RecordSyntaxError(ReadError("RECORD_COUNT", "expected one record, found several"))
    if not found:
        raise RecordSyntaxError(ReadError("NO_RECORD", "no UNIMARC record found in the input"))
    return found[0]


def read_first(data: bytes, *, max_bytes: int | None = 50 << 20) -> Record | ReadError:
    """The first record of a document held in memory, or why there is none.

    The fast path for one record at a time (teacher outputs, GRPO rollouts, API calls): an XML
    document is parsed in one call with the same safe settings as the streaming reader.
    """
    if max_bytes is not None and len(data) > max_bytes:
        return Budget(max_bytes).error()
    if sniff(data[:CHUNK_BYTES]) == MARCXML:
        return parse_document(data)
    for item in read_records(data, max_bytes=max_bytes):
        return item
    return ReadError("NO_RECORD", "the input is empty")


def read_text(text: str | bytes, *, max_bytes: int | None = 50 << 20) -> Record | ReadError:
    """The first record in a text, in whatever syntax and wrapping it comes.

    The one path from text to a record (validation, distillation's canonical form, the API,
    generation's judges): XML or MarcEdit lines, bare or inside a code fence or prose, or bytes
    of any format. A text with no record in it gives NO_RECORD (XML_MISSING when it holds no
    record syntax at all).
    """
    if isinstance(text, bytes):
        if sniff(text[:CHUNK_BYTES]) is not None:
            return read_first(text, max_bytes=max_bytes)
        text = text.decode("utf-8", "replace")
    found = extract_record(text)
    if found is None:
        return ReadError("XML_MISSING", "no XML record or MarcEdit field line found in the text")
    if found.lstrip().startswith("<"):
        return read_first(text_to_bytes(found), max_bytes=max_bytes)
    try:
        return mrk.parse_mrk(found)
    except RecordSyntaxError as exc:
        return exc.error


def _read_stream(
    stream: BinaryIO, *, max_bytes: int | None, max_record_bytes: int
) -> Iterator[Record | ReadError]:
    try:
        head = stream.read(CHUNK_BYTES)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc})") from None
    try:
        if sniff(head) == GZIP:
            stream = gzip.GzipFile(fileobj=Prefixed(head, stream))
            head = stream.read(CHUNK_BYTES)
        yield from _read_format(head, stream, Budget(max_bytes), max_record_bytes)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        # A truncated or damaged .gz: the records before the damage were already yielded.
        yield ReadError("INPUT_CORRUPT", f"the gzip data is damaged: {exc}", stopped=True)


def _read_format(
    head: bytes, stream: BinaryIO, budget: Budget, max_record_bytes: int
) -> Iterator[Record | ReadError]:
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    reader = _STREAM_READERS.get(sniff(head) or "")
    if not body:
        yield ReadError("NO_RECORD", "the input is empty", stopped=True)
    elif reader is None:
        yield ReadError(
            "NO_RECORD",
            "neither XML, ISO 2709, MarcEdit text nor MARC-in-JSON: the input starts with "
            f"{body[:20]!r}",
            stopped=True,
        )
    else:
        yield from reader(head, stream, budget, max_record_bytes)
