"""ISO 2709 (the `.mrc` exchange format), UTF-8: reader and writer.

A record is a 24-character leader, a directory of 12-byte entries (tag, length, offset), then
the fields, each ended by 0x1E; 0x1F starts a subfield; 0x1D ends the record. Reading splits the
stream on the record terminator, so one malformed record is reported (ISO2709_STRUCTURE) and the
next one is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from validators.formats.base import CHUNK_BYTES, Budget, ReadError
from validators.record import ControlField, DataField, Field, Record, Subfield

RECORD_END = b"\x1d"
FIELD_END = b"\x1e"
SUBFIELD_MARK = b"\x1f"


def read_stream(
    head: bytes, stream: BinaryIO, budget: Budget, max_record_bytes: int
) -> Iterator[Record | ReadError]:
    pending = b""
    chunk = head
    while chunk:
        if not budget.take(chunk):
            yield budget.error()
            return
        pending += chunk
        *complete, pending = pending.split(RECORD_END)
        for raw in complete:
            raw = raw.lstrip(b"\r\n")
            if raw:
                yield parse(raw)
        if len(pending) > max_record_bytes:
            yield ReadError(
                "ISO2709_STRUCTURE",
                f"a record runs past {max_record_bytes} bytes without its terminator (0x1D)",
            )
            return
        chunk = stream.read(CHUNK_BYTES)
    if pending.strip():
        yield ReadError("ISO2709_STRUCTURE", "the input ends inside a record (no 0x1D terminator)")


def parse(raw: bytes) -> Record | ReadError:
    if len(raw) < 25 or not raw[:5].isdigit():
        return ReadError("ISO2709_STRUCTURE", f"not an ISO 2709 record: starts with {raw[:12]!r}")
    leader = raw[:24].decode("ascii", "replace")
    directory_end = raw.find(FIELD_END, 24)
    base = int(leader[12:17]) if leader[12:17].isdigit() else directory_end + 1
    if directory_end < 0 or (directory_end - 24) % 12:
        return ReadError("ISO2709_STRUCTURE", "ISO 2709 directory is not a whole number of entries")
    directory = raw[24:directory_end]
    data = raw[base:] if 0 < base <= len(raw) else raw[directory_end + 1 :]
    entries = [directory[i : i + 12] for i in range(0, len(directory), 12)]
    chunks = _field_chunks(entries, data)
    fields: list[Field] = []
    for entry, chunk in zip(entries, chunks, strict=True):
        tag = entry[:3].decode("ascii", "replace")
        text = chunk.rstrip(FIELD_END)
        if tag.startswith("00") and tag.isdigit():
            fields.append(ControlField(tag, text.decode("utf-8", "replace")))
        else:
            ind = text[:2].decode("utf-8", "replace").ljust(2)
            parts = text[2:].split(SUBFIELD_MARK)
            subfields = [
                Subfield(part[:1].decode("ascii", "replace"), part[1:].decode("utf-8", "replace"))
                for part in parts[1:]
                if part
            ]
            fields.append(DataField(tag, ind[0], ind[1], subfields))
    return Record(leader, fields)


def _field_chunks(entries: list[bytes], data: bytes) -> list[bytes]:
    """Field bytes from the directory's offsets, or in order when the offsets are wrong.

    Some exporters count characters instead of bytes; splitting on field terminators then
    recovers the fields the offsets would have cut in half.
    """
    chunks = []
    for entry in entries:
        length, start = entry[3:7], entry[7:12]
        if not (length.isdigit() and start.isdigit()):
            break
        piece = data[int(start) : int(start) + int(length)]
        if not piece.endswith(FIELD_END):
            break
        chunks.append(piece)
    else:
        return chunks
    pieces = data.split(FIELD_END)
    return [p + FIELD_END for p in pieces[: len(entries)]] + [b""] * (len(entries) - len(pieces))


# --- writing -----------------------------------------------------------------------------------

# A leader for records that have none (RUSMARC exports): new, language material, monograph.
DEFAULT_LEADER = "00000nam  2200000   450 "


def record_to_iso2709(record: Record) -> bytes:
    """One record as ISO 2709 bytes, its lengths and offsets counted in UTF-8 bytes.

    The leader is kept as read except its record length (0-4) and base address (12-16), which
    are computed; a missing or short one is completed from `DEFAULT_LEADER`. Lengths beyond the
    format's digits (a field over 9,999 bytes) are written as zeros: readers, copiste's
    included, then split on the field terminators.
    """
    directory = bytearray()
    data = bytearray()
    for f in record.fields:
        if isinstance(f, ControlField):
            body = f.value.encode("utf-8")
        else:
            parts = [(f.ind1 + f.ind2).encode("utf-8")]
            parts += [SUBFIELD_MARK + (s.code + s.value).encode("utf-8") for s in f.subfields]
            body = b"".join(parts)
        body += FIELD_END
        directory += f.tag.encode("ascii", "replace")[:3].ljust(3)
        directory += _digits(len(body), 4) + _digits(len(data), 5)
        data += body
    base = 24 + len(directory) + 1
    length = base + len(data) + 1
    leader = (record.leader or DEFAULT_LEADER).ljust(24)[:24]
    head = _digits(length, 5) + leader[5:12].encode("ascii", "replace")
    head += _digits(base, 5) + leader[17:].encode("ascii", "replace")
    return bytes(head + directory + FIELD_END + data + RECORD_END)


def write_iso2709(records: Iterable[Record], out: BinaryIO) -> int:
    """Write `records` to a binary stream, one after another; returns how many."""
    count = 0
    for record in records:
        out.write(record_to_iso2709(record))
        count += 1
    return count


def _digits(value: int, width: int) -> bytes:
    text = str(value)
    return (text if len(text) <= width else "0" * width).rjust(width, "0").encode("ascii")
