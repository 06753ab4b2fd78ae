"""MARCXML and its cousins: parsing one document, turning an element into a `Record`, writing.

The flavours met in real data all come out as the same `Record`: MARCXML slim (namespaced or
not, as Sudoc exports it), ISO 25577 MarcXchange (BnF SRU, inside SRU envelopes), BNCF
"unimarcslim" (`rec/lab/cf/df/sf`, linking fields embedded in `<s1>`), RUSMARC's slim.
Every parser uses `SAFE_PARSING`: no entity substitution, no DTD loading, no network. A DOCTYPE
that declares nothing (`<!DOCTYPE collection>`) is harmless and accepted; one with declarations
or an external identifier is refused before any parser sees it. The streaming reader of whole
dumps is `validators.formats.xmlstream`; copiste writes MARCXML slim.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator

from lxml import etree

from validators.formats.base import ReadError
from validators.record import ControlField, DataField, Field, Record, Subfield

MARCXML_NS = "http://www.loc.gov/MARC21/slim"

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


_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[\w:.-]+\s*>")


def unsafe_prolog(head: bytes) -> str | None:
    """Name the declaration that makes this document unsafe to parse, if its prolog has one.

    A DTD is the vehicle of both entity expansion bombs and external entities (XXE). No MARC
    flavour needs one: a DOCTYPE that only names the root is let through, any other refused.
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
        elif text.startswith(b"<!DOCTYPE", i) and (harmless := _DOCTYPE.match(text, i)):
            i = harmless.end()
            continue
        elif text.startswith(b"<!DOCTYPE", i) or text.startswith(b"<!ENTITY", i):
            return "a DOCTYPE with declarations"
        else:
            return None
        end = text.find(close, i)
        if end < 0:
            return None
        i = end + len(close)


def unsafe_error(what: str) -> ReadError:
    return ReadError(
        "XML_UNSAFE",
        f"refused: the document carries {what} (entity expansion and external entities are "
        "never processed)",
        1,
        1,
    )


def parse_document(data: bytes) -> Record | ReadError:
    """The first record of an XML document held in memory, or why there is none."""
    unsafe = unsafe_prolog(data)
    if unsafe:
        return unsafe_error(unsafe)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        return syntax_error(exc)
    for element in root.iter("{*}record", "{*}rec"):
        record = element_to_record(element)
        if record is not None:
            return record
    name = etree.QName(root).localname
    return ReadError("NO_RECORD", f"well-formed XML, but no UNIMARC record in it (root <{name}>)")


# libxml2 messages that only entity tricks produce (declarations are refused up front; these
# guard a DOCTYPE hidden past the first chunk). An unescaped `&` is only malformed.
_UNSAFE_MESSAGES = ("entity reference loop", "amplification", "entitydecl")


def syntax_error(exc: etree.XMLSyntaxError) -> ReadError:
    """The first error libxml2 logged: the pull parser's own message is often a later,
    vaguer consequence ("no element found" at 0:0 after an undefined entity at 1:34)."""
    first = exc.error_log[0] if len(exc.error_log) else None
    if first is not None and first.message:
        message, line, column = first.message.strip(), first.line, first.column
    else:
        line, column = exc.position if exc.position else (exc.lineno, None)
        message = exc.msg or str(exc)
    lowered = message.lower()
    if any(sign in lowered for sign in _UNSAFE_MESSAGES):
        return ReadError("XML_UNSAFE", f"refused: {message}", line, column)
    return ReadError("XML_WELLFORMED", f"malformed XML: {message}", line, column)


_RECORD_START = re.compile(r"<(?:\w+:)?(?:collection|record|rec)\b")


def recover_fields(text: str) -> Record | None:
    """The fields that can be read from a broken record: truncated, or with a bad tag inside.

    For measuring how much of a record a model got right when it did not finish it (a student
    cut off by its token budget). Never for validity: `read_first` and the rules judge that.
    """
    start = _RECORD_START.search(text)
    if start is None or unsafe_prolog(text[start.start() :].encode()):
        return None
    try:
        root = etree.fromstring(text[start.start() :].encode("utf-8"), safe_parser(recover=True))
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    for element in root.iter("{*}record", "{*}rec"):
        record = element_to_record(element)
        if record is not None and record.fields:
            return record
    return None


def release(element: etree._Element) -> None:
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


def element_to_record(element: etree._Element) -> Record | None:
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


# --- writing -----------------------------------------------------------------------------------


def record_element(record: Record, *, namespace: bool = True) -> etree._Element:
    """A record as a MARCXML slim `<record>` element (un-namespaced with `namespace=False`)."""
    ns = MARCXML_NS if namespace else None
    q = (lambda name: f"{{{ns}}}{name}") if ns else (lambda name: name)
    root = etree.Element(q("record"), nsmap={None: ns} if ns else None)
    if record.leader is not None:
        etree.SubElement(root, q("leader")).text = record.leader
    for f in record.fields:
        if isinstance(f, ControlField):
            el = etree.SubElement(root, q("controlfield"), tag=f.tag)
            el.text = f.value
        else:
            el = etree.SubElement(root, q("datafield"), tag=f.tag, ind1=f.ind1, ind2=f.ind2)
            for sub in f.subfields:
                etree.SubElement(el, q("subfield"), code=sub.code).text = sub.value
    return root


def record_to_marcxml(record: Record, *, namespace: bool = True, pretty: bool = True) -> str:
    """One record alone as a MARCXML `<record>` document (no XML declaration)."""
    element = record_element(record, namespace=namespace)
    return etree.tostring(element, encoding="unicode", pretty_print=pretty)


COLLECTION_START = f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARCXML_NS}">\n'
COLLECTION_END = "</collection>\n"


def to_collection(records: Iterable[Record], *, pretty: bool = True) -> str:
    """Several records as one MARCXML `<collection>` document, with its XML declaration."""
    collection = etree.Element(f"{{{MARCXML_NS}}}collection", nsmap={None: MARCXML_NS})
    for record in records:
        collection.append(record_element(record))
    body = etree.tostring(collection, encoding="unicode", pretty_print=pretty)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def write_marcxml(records: Iterable[Record], out) -> int:
    """Stream `records` to a text stream as one collection, a record at a time; returns how many."""
    out.write(COLLECTION_START)
    count = 0
    for record in records:
        text = record_to_marcxml(record)
        out.write(text.replace(f' xmlns="{MARCXML_NS}"', "", 1))
        count += 1
    out.write(COLLECTION_END)
    return count
