"""What every record format shares: the errors a reader reports, the size budget, opening inputs.

Each format module (marcxml, iso2709, mrk, marcjson) reads from a binary stream whose first chunk
was already read (to guess the format) and yields `Record | ReadError`; this module is the part
they have in common, so that none of them imports another and `validators.readers` can dispatch
to all of them.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from validators.errors import CopisteError

CHUNK_BYTES = 1 << 20
# A single record larger than this is refused (the largest real one, ~2,800 holdings, is ~0.5 MB).
DEFAULT_MAX_RECORD_BYTES = 32 << 20

Source = str | os.PathLike[str] | bytes | BinaryIO


@dataclass(slots=True)
class ReadError:
    """Why (part of) an input could not be read as records; becomes a finding in a report.

    `stopped` marks an error after which the reader gave up: what follows it was not read (an
    empty or unsafe input, a size limit, damaged gzip, XML it could not resume after). Without
    it, the error stands for one bad record and reading went on.
    """

    rule: str
    message: str
    line: int | None = None
    column: int | None = None
    stopped: bool = False


class InputError(CopisteError):
    """The input cannot be read at all (missing, unreadable, not a file)."""

    http_status = 400
    code = "unreadable_input"


class RecordSyntaxError(ValueError):
    """Raised where exactly one record was expected in a text and none could be read."""

    def __init__(self, error: ReadError):
        super().__init__(error.message)
        self.error = error


class Budget:
    """Counts the bytes drawn from the input, so a size limit holds whatever the format."""

    def __init__(self, limit: int | None):
        self.limit = limit
        self.used = 0

    def take(self, chunk: bytes) -> bool:
        self.used += len(chunk)
        return self.limit is None or self.used <= self.limit

    def error(self) -> ReadError:
        return ReadError(
            "INPUT_TOO_LARGE",
            f"input is larger than the limit of {self.limit} bytes",
            stopped=True,
        )


_DECLARATION = re.compile(r"\s*<\?xml[^>]*\?>")


def text_to_bytes(text: str) -> bytes:
    """Record text held in a str, as UTF-8 bytes for the readers.

    A str is already decoded, so an XML declaration naming another encoding (ISO-8859-1...)
    would make the parser decode the UTF-8 bytes a second time: the declaration is dropped.
    """
    found = _DECLARATION.match(text)
    return (text[found.end() :] if found else text).encode("utf-8")


def is_content(text: str) -> bool:
    """Whether a str given as a source is the records themselves rather than a file name:
    XML starts with `<`, MarcEdit text with `=` (a field line) or `#` (a comment)."""
    return text.lstrip()[:1] in ("<", "=") or "\n" in text


def open_source(source: Source) -> tuple[BinaryIO, bool]:
    """A binary stream over `source`, and whether the caller must close it.

    Raises `InputError` with one clear line when a path cannot be opened.
    """
    if isinstance(source, bytes):
        return io.BytesIO(source), True
    if isinstance(source, str) and is_content(source):
        return io.BytesIO(text_to_bytes(source)), True
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a file of records")
        try:
            return path.open("rb"), True
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return source, False


class Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read: puts them back in front."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
