"""MarcEdit's mnemonic text format (.mrk): one field per line, a blank line between records.

    =LDR  00000nam\\\\2200000\\\\\\450\\
    =001  FRBNF123
    =200  1\\$aTitre$fAuteur

It is what MarcEdit, pymarc's MARCMakerReader and cataloguers' scripts speak, and what models
write (a third of MARCXML's tokens). The conventions, as MarcEdit writes them:
- `=TAG` and two spaces, then the value; `=LDR` is the leader; tags 00X are control fields.
- A data field starts with its two indicators, `\\` standing for a blank one, then `$` and a code
  before each subfield.
- In the leader and control fields a space is written `\\` (so no line ends in a space).
- Characters the syntax uses are written as LC/MarcEdit mnemonics: `{dollar}` for `$`, `{lcub}`
  and `{rcub}` for braces, `{bsol}` for a backslash; control characters (a line break inside a
  value, ISO 2709 delimiters) as their hex code in braces, `{0A}`.
- Lines starting with `#` are comments.

Reading is lossless against the writer: a record written here reads back to the same fields,
trailing spaces of subfield values included. A malformed record comes out as a `ReadError`
(rule MRK_SYNTAX, with its line and column) and reading resumes at the next one.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from validators.formats.base import (
    CHUNK_BYTES,
    DEFAULT_MAX_RECORD_BYTES,
    Budget,
    ReadError,
    RecordSyntaxError,
    Source,
    open_source,
)
from validators.record import ControlField, DataField, Field, Record, Subfield

RULE = "MRK_SYNTAX"
BLANK = "\\"

# Written in every value: the characters the syntax itself uses, and C0 controls (a line break
# would end the field). Leader and control fields also write a space as a backslash.
_VALUE_ESCAPES = {ord("$"): "{dollar}", ord("{"): "{lcub}", ord("}"): "{rcub}", ord("\\"): "{bsol}"}
_VALUE_ESCAPES.update({code: f"{{{code:02X}}}" for code in [*range(0x20), 0x7F]})
_CONTROL_ESCAPES = {**_VALUE_ESCAPES, ord(" "): BLANK}
_MNEMONIC = re.compile(r"\{(dollar|lcub|rcub|bsol|[0-7][0-9A-Fa-f])\}")
_NAMED = {"dollar": "$", "lcub": "{", "rcub": "}", "bsol": "\\"}
_LINE = re.compile(r"=([0-9A-Za-z]{3})(?:  |\s*$)")
_FENCE = re.compile(r"^\s*```")


# --- writing -----------------------------------------------------------------------------------


def record_to_mrk(record: Record) -> str:
    """One record as .mrk lines, each ending in a newline (no blank line after it)."""
    lines = [] if record.leader is None else [f"=LDR  {record.leader.translate(_CONTROL_ESCAPES)}"]
    for f in record.fields:
        if isinstance(f, ControlField):
            lines.append(f"={f.tag}  {f.value.translate(_CONTROL_ESCAPES)}")
        else:
            body = "".join(f"${s.code}{s.value.translate(_VALUE_ESCAPES)}" for s in f.subfields)
            lines.append(f"={f.tag}  {_indicator_out(f.ind1)}{_indicator_out(f.ind2)}{body}")
    return "\n".join(lines) + "\n"


def write_mrk(records: Iterable[Record], out: TextIO) -> int:
    """Write `records` to a text stream, a blank line between two; returns how many."""
    count = 0
    for record in records:
        if count:
            out.write("\n")
        out.write(record_to_mrk(record))
        count += 1
    return count


def _indicator_out(value: str) -> str:
    return BLANK if value == " " else value


# --- reading -----------------------------------------------------------------------------------


def read_mrk(
    source: Source,
    *,
    max_bytes: int | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[Record | ReadError]:
    """Each record of a .mrk path, stream, bytes or text (a str starting with `=`), in order."""
    stream, close = open_source(source)
    try:
        yield from read_stream(b"", stream, Budget(max_bytes), max_record_bytes)
    finally:
        if close:
            stream.close()


def read_stream(
    head: bytes, stream: BinaryIO, budget: Budget, max_record_bytes: int
) -> Iterator[Record | ReadError]:
    """The records of a .mrk stream whose first bytes (`head`) were already read.

    Records end at a blank line (or at the next `=LDR`, for writers that leave none out).
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""
    lines: list[tuple[int, str]] = []
    size = 0
    number = 0
    chunk = head or stream.read(CHUNK_BYTES)
    while True:
        if chunk and not budget.take(chunk):
            yield budget.error()
            return
        text = pending + decoder.decode(chunk, final=not chunk)
        *complete, pending = text.split("\n")
        if not chunk:
            complete.append(pending)
        for line in complete:
            number += 1
            line = line.removesuffix("\r")
            if number == 1:
                line = line.removeprefix("\ufeff")
            if lines and (not line.strip() or line.startswith("=LDR")):
                yield parse_lines(lines)
                lines, size = [], 0
            if line.strip() and not line.startswith("#"):
                lines.append((number, line))
                size += len(line) + 1
        if size > max_record_bytes:
            yield ReadError(
                "INPUT_TOO_LARGE",
                f"a record runs past {max_record_bytes} bytes without a blank line",
            )
            return
        if not chunk:
            break
        chunk = stream.read(CHUNK_BYTES)
    if lines:
        yield parse_lines(lines)


def parse_lines(lines: list[tuple[int, str]]) -> Record | ReadError:
    """One record from its numbered `=` lines, or the first syntax error found in them."""
    leader: str | None = None
    fields: list[Field] = []
    for number, line in lines:
        found = _LINE.match(line)
        if found is None:
            return _error(
                number, 1, f"expected `=TAG`, two spaces and the value; found {line[:40]!r}"
            )
        tag, body = found.group(1), line[found.end() :]
        if tag == "LDR":
            leader = _control_value(body)
        elif tag.startswith("00"):
            fields.append(ControlField(tag, _control_value(body)))
        else:
            field = _data_field(tag, body, number)
            if isinstance(field, ReadError):
                return field
            fields.append(field)
    return Record(leader, fields)


def _control_value(body: str) -> str:
    return _unescape(body.replace(BLANK, " "))


def _data_field(tag: str, body: str, number: int) -> DataField | ReadError:
    if len(body) < 2:
        return _error(number, 7, f"field {tag} lacks its two indicators (`\\` for a blank one)")
    rest = body[2:]
    if rest and rest[0] != "$":
        return _error(
            number, 9, f"field {tag}: a `$` and a subfield code must follow the indicators"
        )
    subfields = []
    column = 9
    for part in rest.split("$")[1:]:
        if not part:
            return _error(number, column, f"field {tag}: a `$` with no subfield code after it")
        subfields.append(Subfield(part[0], _unescape(part[1:])))
        column += len(part) + 1
    return DataField(tag, _indicator_in(body[0]), _indicator_in(body[1]), subfields)


def _indicator_in(value: str) -> str:
    return " " if value == BLANK else value


def _unescape(value: str) -> str:
    if "{" not in value:
        return value
    return _MNEMONIC.sub(lambda m: _NAMED.get(m[1]) or chr(int(m[1], 16)), value)


def _error(line: int, column: int, message: str) -> ReadError:
    return ReadError(RULE, f"line {line}: {message}", line, column)


# --- one record in a model's answer ------------------------------------------------------------


def parse_mrk(text: str) -> Record:
    """The one record a model wrote in `text`, with a code fence or prose around its `=` lines.

    Raises `RecordSyntaxError` (line numbers count in `text`) when there is no field line, when
    there are two records, or when a line among the record's is not a field line.
    """
    numbered = list(enumerate(text.split("\n"), start=1))
    numbered = _fenced(numbered) or numbered
    starts = [i for i, (_, line) in enumerate(numbered) if line.startswith("=")]
    if not starts:
        raise RecordSyntaxError(
            ReadError("NO_RECORD", "no MarcEdit field line (`=TAG  value`) in the text")
        )
    lines: list[tuple[int, str]] = []
    for number, line in numbered[starts[0] : starts[-1] + 1]:
        line = line.removesuffix("\r")
        if line.startswith("=LDR") and lines:
            raise RecordSyntaxError(
                _error(number, 1, "a second record (=LDR) where one was expected")
            )
        if line.strip() and not line.startswith("#"):
            lines.append((number, line))
    record = parse_lines(lines)
    if isinstance(record, ReadError):
        raise RecordSyntaxError(record)
    return record


def _fenced(numbered: list[tuple[int, str]]) -> list[tuple[int, str]] | None:
    """The lines of the first code fence holding a field line, or None when none does."""
    fences = [i for i, (_, line) in enumerate(numbered) if _FENCE.match(line)]
    for start, end in zip(fences[::2], [*fences[1::2], len(numbered)], strict=False):
        block = numbered[start + 1 : end]
        if any(line.startswith("=") for _, line in block):
            return block
    return None
