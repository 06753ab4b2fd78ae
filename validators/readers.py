"""Read UNIMARC records from every flavour met in real data, one record at a time.

National libraries publish dumps of millions of records in one file, so nothing here holds a
whole document: XML goes through a pull parser fed in chunks, each record element is turned into
a `Record` and then dropped from the tree; ISO 2709 is split on its record terminator.

Reading never raises for bad *data*: a malformed document, a refused DTD or an oversized input
comes out of the iterator as a `ReadError` (with a rule id the reports use), after the records
read before it. Only an input that cannot be opened at all raises `InputError`.
"""

from __future__ import annotations

import gzip
import re
import threading
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from validators.formats import mrk
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
from validators.formats.sniff import ISO2709, MARCXML, MRK, sniff
from validators.record import ControlField, DataField, Field, Record, Subfield

__all__ = [
    "DEFAULT_MAX_RECORD_BYTES",
    "InputError",
    "ReadError",
    "RecordSyntaxError",
    "Source",
    "read_first",
    "read_one",
    "read_records",
    "recover_fields",
    "safe_parser",
    "text_to_bytes",
]

# Every parser copiste makes: no entity substitution, no DTD, no network, libxml2's size guards.
SAFE_PARSING = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
# Namespaces whose <record>/<rec> elements are bibliographic records. None is the un-namespaced
# Sudoc / BSG export. SRU envelopes also have a <srw:record>: it is a wrapper, not a record.
RECORD_NAMESPACES = frozenset(
    {
        "",
        "http://www.loc.gov/MARC21/slim",
        "info:lc/xmlns/marcxchange-v1",
        "info:lc/xmlns/marcxchange-v2",
        "http://www.bncf.firenze.sbn.it/unimarc/slim",
        "http://www.rba.ru/rusmarc/soft",
    }
)

# Element names of each part of a record: MARCXML / MarcXchange, and BNCF's short names.
_LEADER = frozenset({"leader", "lab"})
_CONTROL = frozenset({"controlfield", "cf"})
_DATA = frozenset({"datafield", "df"})
_SUBFIELD = frozenset({"subfield", "sf"})


def read_records(
    source: Source,
    *,
    max_bytes: int | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[Record | ReadError]:
    """Yield each record of `source`, then at most one `ReadError` if the input goes bad.

    `source` is a path, an open binary stream, or the content itself (bytes, or a str that
    starts with `<`). Gzip-compressed inputs are recognised by their magic bytes.
    `max_bytes` bounds the whole input (None: unbounded, as for local dumps).
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
    for item in read_records(
        text_to_bytes(text) if isinstance(text, str) else text, max_bytes=max_bytes
    ):
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

    The fast path for one record at a time (teacher outputs, GRPO rollouts, API calls): the
    document is parsed in one call with the same safe settings as the streaming reader.
    """
    if max_bytes is not None and len(data) > max_bytes:
        return Budget(max_bytes).error()
    body = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body[:1] != b"<":
        for item in read_records(data, max_bytes=max_bytes):
            return item
        return ReadError("NO_RECORD", "the input is empty")
    unsafe = _unsafe_prolog(data)
    if unsafe:
        return ReadError("XML_UNSAFE", f"refused: the document carries {unsafe}", 1, 1)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        return _syntax_error(exc)
    for element in root.iter("{*}record", "{*}rec"):
        record = _element_to_record(element)
        if record is not None:
            return record
    name = etree.QName(root).localname
    return ReadError("NO_RECORD", f"well-formed XML, but no UNIMARC record in it (root <{name}>)")


_RECORD_START = re.compile(r"<(?:\w+:)?(?:collection|record|rec)\b")


def recover_fields(text: str) -> Record | None:
    """The fields that can be read from a broken record: truncated, or with a bad tag inside.

    For measuring how much of a record a model got right when it did not finish it (a student
    cut off by its token budget). Never for validity: `read_first` and the rules judge that.
    """
    start = _RECORD_START.search(text)
    if start is None or _unsafe_prolog(text[start.start() :].encode()):
        return None
    try:
        root = etree.fromstring(text[start.start() :].encode("utf-8"), safe_parser(recover=True))
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    for element in root.iter("{*}record", "{*}rec"):
        record = _element_to_record(element)
        if record is not None and record.fields:
            return record
    return None


_local = threading.local()


def safe_parser(*, recover: bool = False) -> etree.XMLParser:
    """This thread's parser with the safe settings: lxml parsers must not be shared between
    threads, and the server parses in worker threads and runs jobs (evaluation) in others.

    `recover=True` gives the lenient one that reads what it can of broken XML (`recover_fields`).
    """
    name = "recovering" if recover else "parser"
    parser = getattr(_local, name, None)
    if parser is None:
        parser = etree.XMLParser(recover=recover, **SAFE_PARSING)
        setattr(_local, name, parser)
    return parser


def _read_stream(
    stream: BinaryIO, *, max_bytes: int | None, max_record_bytes: int
) -> Iterator[Record | ReadError]:
    try:
        head = stream.read(CHUNK_BYTES)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc})") from None
    try:
        if head[:2] == b"\x1f\x8b":
            stream = gzip.GzipFile(fileobj=Prefixed(head, stream))
            head = stream.read(CHUNK_BYTES)
        yield from _read_format(head, stream, Budget(max_bytes), max_record_bytes)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        # A truncated or damaged .gz: the records before the damage were already yielded.
        yield ReadError("INPUT_CORRUPT", f"the gzip data is damaged: {exc}")


def _read_format(
    head: bytes, stream: BinaryIO, budget: Budget, max_record_bytes: int
) -> Iterator[Record | ReadError]:
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    kind = sniff(head)
    if not body:
        yield ReadError("NO_RECORD", "the input is empty")
    elif kind == MARCXML:
        yield from _read_xml(head, stream, budget, max_record_bytes)
    elif kind == ISO2709:
        yield from _read_iso2709(head, stream, budget, max_record_bytes)
    elif kind == MRK:
        yield from mrk.read_stream(head, stream, budget, max_record_bytes)
    else:
        yield ReadError(
            "NO_RECORD",
            f"neither XML, ISO 2709 nor MarcEdit text: the input starts with {body[:20]!r}",
        )


# --- XML ---------------------------------------------------------------------------------------


def _unsafe_prolog(head: bytes) -> str | None:
    """Name the declaration that makes this document unsafe to parse, if its prolog has one.

    A DTD is the vehicle of both entity expansion bombs and external entities (XXE). No MARC
    flavour needs one, so any DOCTYPE is refused before the parser sees it.
    """
    i = 0
    text = head.lstrip(b"\xef\xbb\xbf")
    while True:
        while i < len(text) and text[i] in b" \t\r\n":
            i += 1
        if text.startswith(b"<?", i):
            close = b"?>"
        elif text.startswith(b"<!--", i):
            close = b"-->"
        elif text.startswith(b"<!DOCTYPE", i) or text.startswith(b"<!ENTITY", i):
            return "a DOCTYPE declaration"
        else:
            return None
        end = text.find(close, i)
        if end < 0:
            return None
        i = end + len(close)


def _parser() -> etree.XMLPullParser:
    return etree.XMLPullParser(events=("end",), tag=("{*}record", "{*}rec"), **SAFE_PARSING)


def _read_xml(
    head: bytes, stream: BinaryIO, budget: Budget, max_record_bytes: int
) -> Iterator[Record | ReadError]:
    unsafe = _unsafe_prolog(head)
    if unsafe:
        yield ReadError(
            "XML_UNSAFE",
            f"refused: the document carries {unsafe} (entity "
            "expansion and external entities are never processed)",
            1,
            1,
        )
        return
    etree.clear_error_log()  # libxml2's log is per thread: keep only this document's errors
    parser = _parser()
    found = 0
    unfinished = 0  # bytes read since the last record ended: bounds the tree held in memory
    chunk = head
    while chunk:
        if not budget.take(chunk):
            yield budget.error()
            return
        unfinished += len(chunk)
        try:
            parser.feed(chunk)
            for _event, element in parser.read_events():
                unfinished = 0
                record = _element_to_record(element)
                if record is not None:
                    found += 1
                    yield record
                _release(element)
        except etree.XMLSyntaxError as exc:
            yield _syntax_error(exc)
            return
        if unfinished > max_record_bytes:
            yield ReadError(
                "INPUT_TOO_LARGE",
                f"no record ends within {max_record_bytes} bytes: a single record (or what "
                "precedes the first) is larger than the limit",
            )
            return
        chunk = stream.read(CHUNK_BYTES)
    try:
        root = parser.close()
    except etree.XMLSyntaxError as exc:
        yield _syntax_error(exc)
        return
    if not found:
        name = etree.QName(root).localname if root is not None else "?"
        yield ReadError(
            "NO_RECORD", f"well-formed XML, but no UNIMARC record in it (root <{name}>)"
        )


def _syntax_error(exc: etree.XMLSyntaxError) -> ReadError:
    """The first error libxml2 logged: the pull parser's own message is often a later,
    vaguer consequence ("no element found" at 0:0 after an undefined entity at 1:34)."""
    first = exc.error_log[0] if len(exc.error_log) else None
    if first is not None and first.message:
        message, line, column = first.message.strip(), first.line, first.column
    else:
        line, column = exc.position if exc.position else (exc.lineno, None)
        message = exc.msg or str(exc)
    lowered = message.lower()
    if "entit" in lowered and "not defined" not in lowered:
        return ReadError("XML_UNSAFE", f"refused: {message}", line, column)
    return ReadError("XML_WELLFORMED", f"malformed XML: {message}", line, column)


def _release(element: etree._Element) -> None:
    """Drop a handled record, and everything read before it, so memory stays flat on big dumps.

    Previous siblings of the record's ancestors go too: in an SRU response each record sits
    inside its own `<srw:record>` wrapper.
    """
    element.clear()
    node = element
    while node is not None:
        parent = node.getparent()
        if parent is None:
            break
        while node.getprevious() is not None:
            del parent[0]
        node = parent


def _split_tag(tag: str) -> tuple[str, str]:
    if tag[0] == "{":
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


LEADER, CONTROL, DATA, SUBFIELD, EMBEDDED = range(5)
BNCF_NS = "http://www.bncf.firenze.sbn.it/unimarc/slim"


def _kinds(ns: str) -> dict[str, int]:
    """Element name -> kind, for the long (MARCXML) and short (BNCF) names in namespace `ns`."""
    q = (lambda name: f"{{{ns}}}{name}") if ns else (lambda name: name)
    names = {
        LEADER: _LEADER,
        CONTROL: _CONTROL,
        DATA: _DATA,
        SUBFIELD: _SUBFIELD,
        EMBEDDED: frozenset({"s1"}),
    }
    return {q(name): kind for kind, group in names.items() for name in group}


_KINDS = {ns: _kinds(ns) for ns in RECORD_NAMESPACES}


def _element_to_record(element: etree._Element) -> Record | None:
    ns, _ = _split_tag(element.tag)
    kinds = _KINDS.get(ns)
    if kinds is None:
        return None
    if ns == BNCF_NS:
        return _nested_record(element, kinds)
    # One flat walk over the record's elements: the hot loop of every XML read.
    leader: str | None = None
    fields: list[Field] = []
    subfields: list[Subfield] | None = None
    for el in element.iter():
        kind = kinds.get(el.tag)
        if kind == SUBFIELD:
            if subfields is not None:
                code = el.get("code")
                subfields.append(Subfield(el.get("c", "") if code is None else code, el.text or ""))
        elif kind == DATA:
            subfields = []
            get = el.get
            tag = get("tag")
            fields.append(
                DataField(
                    get("t", "") if tag is None else tag,
                    get("ind1") or get("i1") or " ",
                    get("ind2") or get("i2") or " ",
                    subfields,
                )
            )
        elif kind == CONTROL:
            subfields = None
            fields.append(ControlField(get_attr(el, "tag", "t"), el.text or ""))
        elif kind == LEADER:
            leader = el.text or ""
    return Record(leader, fields)


def _nested_record(element: etree._Element, kinds: dict[str, int]) -> Record:
    """BNCF unimarcslim: linking fields (4XX) embed whole fields in `<s1>` elements.

    They become `$1` subfields the way ISO 2709 embeds them: `$1` + tag + value for a control
    field; `$1` + tag + indicators, then the embedded field's own subfields, for a data field.
    """
    leader: str | None = None
    fields: list[Field] = []
    for child in element:
        kind = kinds.get(child.tag)
        if kind == DATA:
            subfields: list[Subfield] = []
            for sub in child:
                sub_kind = kinds.get(sub.tag)
                if sub_kind == SUBFIELD:
                    subfields.append(Subfield(get_attr(sub, "code", "c"), sub.text or ""))
                elif sub_kind == EMBEDDED:
                    subfields.extend(_embedded(sub, kinds))
            tag = get_attr(child, "tag", "t")
            fields.append(DataField(tag, _indicator(child, 1), _indicator(child, 2), subfields))
        elif kind == CONTROL:
            fields.append(ControlField(get_attr(child, "tag", "t"), child.text or ""))
        elif kind == LEADER:
            leader = child.text or ""
    return Record(leader, fields)


def _embedded(s1: etree._Element, kinds: dict[str, int]) -> Iterator[Subfield]:
    for field_el in s1:
        kind = kinds.get(field_el.tag)
        tag = get_attr(field_el, "tag", "t")
        if kind == CONTROL:
            yield Subfield("1", tag + (field_el.text or ""))
        elif kind == DATA:
            yield Subfield("1", tag + _indicator(field_el, 1) + _indicator(field_el, 2))
            for sub in field_el:
                if kinds.get(sub.tag) == SUBFIELD:
                    yield Subfield(get_attr(sub, "code", "c"), sub.text or "")


def _indicator(element: etree._Element, n: int) -> str:
    """An indicator as written; absent or empty attributes read as blank."""
    return element.get(f"ind{n}") or element.get(f"i{n}") or " "


def get_attr(element: etree._Element, name: str, short: str) -> str:
    value = element.get(name)
    if value is None:
        value = element.get(short, "")
    return value


# --- ISO 2709 ----------------------------------------------------------------------------------

RECORD_END = b"\x1d"
FIELD_END = b"\x1e"
SUBFIELD_MARK = b"\x1f"


def _read_iso2709(
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
                yield _parse_iso2709(raw)
        if len(pending) > max_record_bytes:
            yield ReadError(
                "ISO2709_STRUCTURE",
                f"a record runs past {max_record_bytes} bytes without its terminator (0x1D)",
            )
            return
        chunk = stream.read(CHUNK_BYTES)
    if pending.strip():
        yield ReadError("ISO2709_STRUCTURE", "the input ends inside a record (no 0x1D terminator)")


def _parse_iso2709(raw: bytes) -> Record | ReadError:
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
