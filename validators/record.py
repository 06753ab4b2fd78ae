"""One in-memory model for every UNIMARC flavour copiste reads, and its MARCXML writer.

Every reader (MARCXML slim, MarcXchange, BNCF unimarcslim, ISO 2709) produces these same objects,
so the rule engine, the corruption operators and the dataset builders never see a flavour.
Values are kept exactly as found (blank indicators written `#` or `|` included): deciding
whether such a value is acceptable is the rule engine's job, not the reader's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

MARCXML_NS = "http://www.loc.gov/MARC21/slim"


@dataclass(slots=True)
class Subfield:
    code: str
    value: str


@dataclass(slots=True)
class ControlField:
    tag: str
    value: str


@dataclass(slots=True)
class DataField:
    tag: str
    ind1: str = " "
    ind2: str = " "
    subfields: list[Subfield] = field(default_factory=list)

    def get(self, code: str) -> str | None:
        """First value of subfield `code`, or None."""
        for sub in self.subfields:
            if sub.code == code:
                return sub.value
        return None

    def values(self, code: str) -> list[str]:
        return [sub.value for sub in self.subfields if sub.code == code]


Field = ControlField | DataField


@dataclass(slots=True)
class Record:
    """A bibliographic record: leader plus fields in their original order.

    `leader` is None when the source had none (RUSMARC exports omit it), which is itself a finding
    for the rule engine rather than a reading error.
    """

    leader: str | None = None
    fields: list[Field] = field(default_factory=list)

    @property
    def control_fields(self) -> list[ControlField]:
        return [f for f in self.fields if isinstance(f, ControlField)]

    @property
    def data_fields(self) -> list[DataField]:
        return [f for f in self.fields if isinstance(f, DataField)]

    def get_fields(self, *tags: str) -> list[Field]:
        return [f for f in self.fields if f.tag in tags]

    def datafields(self, tag: str) -> list[DataField]:
        return [f for f in self.fields if f.tag == tag and isinstance(f, DataField)]

    def control(self, tag: str) -> str | None:
        for f in self.fields:
            if f.tag == tag and isinstance(f, ControlField):
                return f.value
        return None

    def first(self, tag: str, code: str) -> str | None:
        """First value of `tag`$`code` across repeated fields, or None."""
        for f in self.fields:
            if f.tag == tag and isinstance(f, DataField):
                value = f.get(code)
                if value is not None:
                    return value
        return None

    def values(self, tag: str, code: str) -> list[str]:
        return [v for f in self.datafields(tag) for v in f.values(code)]

    @property
    def record_id(self) -> str | None:
        value = self.control("001")
        return value.strip() if value else None

    def to_element(self, *, namespace: bool = True) -> etree._Element:
        return _record_element(self, MARCXML_NS if namespace else None)

    def to_marcxml(self, *, namespace: bool = True, pretty: bool = True) -> str:
        """This record alone as a MARCXML `<record>` document (no XML declaration)."""
        return etree.tostring(
            self.to_element(namespace=namespace), encoding="unicode", pretty_print=pretty
        )

    def to_mrk(self) -> str:
        """This record as MarcEdit text (.mrk lines); `validators.formats.mrk` has the rules."""
        from validators.formats.mrk import record_to_mrk

        return record_to_mrk(self)

    @classmethod
    def from_marcxml(cls, text: str | bytes) -> Record:
        """Parse exactly one record from any supported XML flavour; raises on anything else."""
        from validators.readers import read_one

        return read_one(text)


def _record_element(record: Record, ns: str | None) -> etree._Element:
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


def to_collection(records: Iterable[Record], *, pretty: bool = True) -> str:
    """Several records as one MARCXML `<collection>` document, with its XML declaration."""
    collection = etree.Element(f"{{{MARCXML_NS}}}collection", nsmap={None: MARCXML_NS})
    for record in records:
        collection.append(_record_element(record, MARCXML_NS))
    body = etree.tostring(collection, encoding="unicode", pretty_print=pretty)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def iter_subfields(record: Record) -> Iterator[tuple[DataField, Subfield]]:
    for f in record.fields:
        if isinstance(f, DataField):
            for sub in f.subfields:
                yield f, sub
