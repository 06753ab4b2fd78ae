"""Every format copiste writes reads back to the same records; `sniff` and `read_text` are the
one way each input and each text is recognised."""

from __future__ import annotations

import io
import json

import pymarc
import pytest

from validators.formats.iso2709 import write_iso2709
from validators.formats.marcjson import write_json
from validators.formats.marcxml import write_marcxml
from validators.formats.mrk import write_mrk
from validators.formats.sniff import GZIP, ISO2709, JSON, MARCXML, MRK, sniff
from validators.readers import ReadError, read_records, read_text
from validators.record import Record
from validators.samples import sample_path


def real(real_dir) -> list[Record]:
    records = []
    for path in sorted(real_dir.iterdir()):
        if path.suffix in (".xml", ".mrc"):
            records += [r for r in read_records(path) if isinstance(r, Record)]
    return records


def test_iso2709_round_trips_every_real_record_with_a_whole_leader(real_dir):
    records = [r for r in real(real_dir) if r.leader and len(r.leader) == 24]
    out = io.BytesIO()
    assert write_iso2709(records, out) == len(records)
    back = list(read_records(out.getvalue()))
    assert len(back) == len(records)
    for ours, theirs in zip(records, back, strict=True):
        assert theirs.fields == ours.fields
        assert theirs.leader[5:12] + theirs.leader[17:] == ours.leader[5:12] + ours.leader[17:]
    # pymarc, the reference reader, agrees on the bytes
    first = next(iter(pymarc.MARCReader(out.getvalue(), to_unicode=True, force_utf8=True)))
    assert [f.tag for f in first.fields] == [f.tag for f in records[0].fields]


@pytest.mark.parametrize("writer", [write_marcxml, write_mrk, write_json])
def test_text_formats_round_trip_every_real_record(real_dir, writer):
    records = real(real_dir)
    out = io.StringIO()
    assert writer(records, out) == len(records)
    assert list(read_records(out.getvalue().encode())) == records


def test_marc_in_json_is_what_pymarc_reads(real_dir):
    records = [r for r in real(real_dir) if r.leader and len(r.leader) == 24][:20]
    out = io.StringIO()
    write_json(records, out)
    theirs = list(pymarc.JSONReader(out.getvalue()))
    assert [[f.tag for f in r.fields] for r in theirs] == [
        [f.tag for f in r.fields] for r in records
    ]
    assert json.loads(out.getvalue())[0]["leader"] == records[0].leader


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x1f\x8b\x08", GZIP),
        (b'\xef\xbb\xbf <?xml version="1.0"?><collection/>', MARCXML),
        (b"01234nam  2200277   4500", ISO2709),
        (b"# a comment\n\n=LDR  00000nam\\\\22\n", MRK),
        (b"=200  1\\$aTitre\n", MRK),
        (b'[{"leader": "x", "fields": []}]', JSON),
        (b"Hello, world\n=200  1\\$a", None),
        (b"", None),
    ],
)
def test_sniff_names_each_format_by_its_first_bytes(head, kind):
    assert sniff(head) == kind


def test_read_text_finds_the_record_in_any_syntax_and_wrapping():
    record = next(r for r in read_records(sample_path()) if isinstance(r, Record))
    xml, mrk = record.to_marcxml(), record.to_mrk()
    for text in (xml, f"Here:\n```xml\n{xml}```", mrk, f"Voici :\n```\n{mrk}```\nVoilà."):
        assert read_text(text) == record
    assert read_text(xml.encode()) == record
    missing = read_text("I do not know.")
    assert isinstance(missing, ReadError) and missing.rule == "XML_MISSING"
    broken = read_text("=LDR  x\n=200  1\\aTitre\n")
    assert isinstance(broken, ReadError) and broken.rule == "MRK_SYNTAX" and broken.line == 2
