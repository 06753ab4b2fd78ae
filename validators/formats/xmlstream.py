"""Stream the records of an XML dump, and read on past a malformed one.

National libraries publish millions of records in one file, so nothing here holds a whole
document: a pull parser is fed chunk by chunk, each record element becomes a `Record` and is
dropped from the tree.

A malformed record (an unescaped `&`, a broken tag) must not silently end the reading. libxml2
stops at the first error, so the reader resumes by hand: it keeps the bytes since the last
record that ended, finds the next record's start tag after the error, and feeds a fresh parser
the document's opening (everything before the first record: the XML declaration, the
`<collection>` or SRU envelope with its namespaces) followed by the rest of the input. The bad
record comes out as one `ReadError` (XML_WELLFORMED, at its line and column in the input) and
every later record is read. Where there is nothing to resume from (the error sits in the
envelope before any record), the error says so, with the number of records left unread, and is
marked `stopped`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from validators.formats.base import CHUNK_BYTES, Budget, ReadError
from validators.formats.marcxml import (
    SAFE_PARSING,
    element_to_record,
    release,
    syntax_error,
    unsafe_error,
    unsafe_prolog,
)
from validators.record import Record

# A record element, or the SRU wrapper around one: where reading can start again.
_UNIT = re.compile(rb"<((?:[\w.-]+:)?(?:record|rec))[\s>/]")
_CLOSING = re.compile(rb"</(?:[\w.-]+:)?(?:record|rec)\s*>")


def read_stream(
    head: bytes, stream: BinaryIO, budget: Budget, max_record_bytes: int
) -> Iterator[Record | ReadError]:
    """The records of an XML stream whose first chunk (`head`) was already read."""
    unsafe = unsafe_prolog(head)
    if unsafe:
        error = unsafe_error(unsafe)
        error.stopped = True
        yield error
        return
    yield from _Reader(stream, budget, max_record_bytes).run(head)


class _Reader:
    """One pass over an XML stream; the state needed to place errors and resume after them."""

    def __init__(self, stream: BinaryIO, budget: Budget, max_record_bytes: int):
        self.stream = stream
        self.budget = budget
        self.max_record_bytes = max_record_bytes
        self.window = bytearray()  # the input since the end of the last finished record
        self.window_start = 0  # its offset in the input
        self.window_line = 1  # the line its first byte is on
        self.window_column = 0  # and how many characters of that line come before it
        self.prefix: bytes | None = None  # the document before its first record
        self.unit: bytes | None = None  # the qualified name of that first record (or wrapper)
        self.found = 0
        self.done = False  # reading is over: nothing is left, or it had to stop
        self.eof = False
        self._new_parser(line_shift=0, first_line=1, column_shift=0)

    def _new_parser(self, *, line_shift: int, first_line: int, column_shift: int) -> None:
        etree.clear_error_log()  # libxml2's log is per thread: keep only this parser's errors
        self.parser = etree.XMLPullParser(
            events=("end",), tag=("{*}record", "{*}rec"), **SAFE_PARSING
        )
        self.line_shift, self.first_line, self.column_shift = line_shift, first_line, column_shift
        self.events = 0  # record end events this parser gave
        self.closings = 0  # record end tags fed to it
        self.dropped = 0  # of those, how many are already out of the window

    def _read(self) -> bytes:
        chunk = self.stream.read(CHUNK_BYTES)
        self.eof = not chunk
        return chunk

    def run(self, head: bytes) -> Iterator[Record | ReadError]:
        chunk = head
        while chunk:
            if not self.budget.take(chunk):
                yield self.budget.error()
                return
            self.window += chunk
            if self.prefix is None:
                self._find_prefix()
            error = yield from self._feed(chunk)
            while error is not None and not self.done:
                error = yield from self._resume(error)
            if self.done:
                return
            if len(self.window) > self.max_record_bytes:
                yield _stopped(
                    ReadError(
                        "INPUT_TOO_LARGE",
                        f"no record ends within {self.max_record_bytes} bytes: a single record "
                        "(or what precedes the first) is larger than the limit",
                    )
                )
                return
            chunk = self._read()
        yield from self._close()

    def _feed(self, data: bytes) -> Iterator[Record | ReadError]:
        """Feed `data`; yield the records it completes; return the error that stopped the
        parser, if one did. libxml2 can halt without a word on some errors (an unescaped `&`):
        more record end tags fed than records seen means it did, and closing tells where."""
        self.closings += len(_CLOSING.findall(data))
        try:
            self.parser.feed(data)
            yield from self._records()
            if self.closings - self.events < 2:
                return None
            self.parser.close()
        except etree.XMLSyntaxError as exc:
            yield from self._records()
            return self._placed(syntax_error(exc))
        return None

    def _records(self) -> Iterator[Record]:
        for _event, element in self.parser.read_events():
            self.events += 1
            record = element_to_record(element)
            if record is not None:
                self.found += 1
                yield record
            release(element)
        self._trim()

    def _close(self) -> Iterator[Record | ReadError]:
        self.eof = True
        try:
            root = self.parser.close()
        except etree.XMLSyntaxError as exc:
            yield from self._records()
            error: ReadError | None = self._placed(syntax_error(exc))
            while error is not None and not self.done:
                error = yield from self._resume(error)
            return
        yield from self._records()
        if not self.found:
            name = etree.QName(root).localname if root is not None else "?"
            yield ReadError(
                "NO_RECORD", f"well-formed XML, but no UNIMARC record in it (root <{name}>)"
            )

    def _resume(self, error: ReadError) -> Iterator[Record | ReadError]:
        """Report `error` and go on from the next record after it.

        Returns the next error met on the way (to resume from in turn), or None; sets `done`
        when there is nothing left to read or reading had to stop.
        """
        offset = self._offset(error)
        before_first = self.prefix is None or offset + self.window_start < len(self.prefix)
        start = None if before_first else self._next_unit(max(offset, 1))
        if start is None:
            self.done = True
            # Nothing after the bad record: it was the last one. Otherwise, stop and say so.
            yield error if self.eof and not before_first else _stopped(self._stop_note(error))
            return None
        yield error
        opening = (self.prefix or b"") + b"\n"
        first_line = opening.count(b"\n") + 1
        self._drop(start)
        self._new_parser(
            line_shift=self.window_line - first_line,
            first_line=first_line,
            column_shift=self.window_column,
        )
        next_error = yield from self._feed(opening)
        if next_error is None:
            next_error = yield from self._feed(bytes(self.window))
        if next_error is None and self.eof:
            yield from self._close()
            self.done = True
        return next_error

    # --- where things are ----------------------------------------------------------------

    def _find_prefix(self) -> None:
        found = _UNIT.search(self.window)
        if found is not None:
            self.prefix = bytes(self.window[: found.start()])
            self.unit = found.group(1)

    def _next_unit(self, offset: int) -> int | None:
        """The window offset of the first record start tag at or after `offset`, reading more
        of the input while none is found (within the size limits)."""
        pattern = re.compile(rb"<" + re.escape(self.unit or b"record") + rb"[\s>/]")
        while True:
            found = pattern.search(self.window, offset)
            if found is not None:
                return found.start()
            if self.eof or len(self.window) > self.max_record_bytes:
                return None
            chunk = self._read()
            if chunk and self.budget.take(chunk):
                self.window += chunk

    def _stop_note(self, error: ReadError) -> ReadError:
        """`error`, saying how many records were left unread after it (counted, not parsed)."""
        start = max(self._offset(error), 0)
        unit = self.unit or _first_unit(self.window, start)
        unread = 0
        data = bytes(self.window[start:])
        while unit is not None:
            unread += len(re.findall(rb"<" + re.escape(unit) + rb"[\s>/]", data))
            chunk = self._read()
            if not chunk:
                break
            data = chunk
        error.message += f"; stopped at line {error.line}: {unread} records after it not read"
        return error

    def _absolute(self, line: int, column: int | None) -> tuple[int, int | None]:
        if line == self.first_line and column is not None:
            column += self.column_shift
        return line + self.line_shift, column

    def _placed(self, error: ReadError) -> ReadError:
        if error.line:
            error.line, error.column = self._absolute(error.line, error.column)
        return error

    def _offset(self, error: ReadError) -> int:
        """The window offset of an error's line and column (a column counts characters)."""
        if not error.line or error.line < self.window_line:
            return 0
        start = 0
        for _ in range(error.line - self.window_line):
            start = self.window.find(b"\n", start) + 1
            if start == 0:
                return len(self.window)
        end = self.window.find(b"\n", start)
        text = bytes(self.window[start : end if end >= 0 else len(self.window)])
        column = (error.column or 1) - 1
        if error.line == self.window_line:
            column -= self.window_column
        chars = text.decode("utf-8", "replace")[: max(column, 0)]
        return start + len(chars.encode("utf-8"))

    def _trim(self) -> None:
        """Forget the input up to the end tag of the last record the parser finished."""
        end = 0
        for _ in range(self.events - self.dropped):
            found = _CLOSING.search(self.window, end)
            if found is None:
                break
            end = found.end()
        self.dropped = self.events
        if end:
            self._drop(end)

    def _drop(self, end: int) -> None:
        newlines = self.window.count(b"\n", 0, end)
        line_start = self.window.rfind(b"\n", 0, end) + 1
        before = len(bytes(self.window[line_start:end]).decode("utf-8", "replace"))
        self.window_column = before if newlines else self.window_column + before
        self.window_line += newlines
        del self.window[:end]
        self.window_start += end


def _first_unit(data: bytes | bytearray, start: int) -> bytes | None:
    found = _UNIT.search(data, start)
    return found.group(1) if found else None


def _stopped(error: ReadError) -> ReadError:
    error.stopped = True
    return error
