"""The readers on every real flavour, round-trips, and hostile inputs."""

from __future__ import annotations

import pytest

from validators.formats.marcxml import to_collection
from validators.readers import ReadError, read_records

EXPECTED = {
    "bncf_unimarcslim__gbergamin-unimarcxml.xml": 5,
    "bnf_sru_marcxchange__rero-ils__bnf_anywhere_all_peter.xml": 49,
    "bnr-romania_iso2709__qa-catalogue.mrc": 21,
    "bsg_sainte-genevieve_marcxml-nons__reference_manager.xml": 5,
    "rusmarc_unislim__xbib-marc.xml": 1,
    "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc": 205,
    "sciencespo-fnsp_iso2709__reference_manager__periouni_first300.mrc": 300,
    "sudoc_MODIFIED-test-fixtures__kalidos.xml": 84,
    "sudoc_marcxml-nons__marcxml2tei.xml": 5,
    "sudoc_marcxml-nons__periscope-back.xml": 5,
    "sudoc_marcxml-nons__qualimarc-api.xml": 2,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_real_file_reads_whole(real_dir, name):
    items = list(read_records(real_dir / name))
    assert not [i for i in items if isinstance(i, ReadError)]
    assert len(items) == EXPECTED[name]
    assert all(record.fields for record in items)


def test_sru_envelope_skips_the_surrogate_diagnostic(real_dir):
    records = list(
        read_records(real_dir / "bnf_sru_marcxchange__rero-ils__bnf_anywhere_all_peter.xml")
    )
    assert all(r.record_id and r.record_id.startswith("FRBNF") for r in records)


def test_iso2709_matches_pymarc(real_dir):
    pymarc = pytest.importorskip("pymarc")
    path = real_dir / "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc"
    ours = list(read_records(path))
    with path.open("rb") as fh:
        theirs = list(pymarc.MARCReader(fh, to_unicode=True, force_utf8=True))
    assert len(ours) == len(theirs)
    for mine, other in zip(ours, theirs, strict=True):
        assert [
            (f.tag, getattr(f, "value", None) or [(s.code, s.value) for s in f.subfields])
            for f in mine.fields
        ] == [
            (f.tag, f.data if f.is_control_field() else [(s.code, s.value) for s in f.subfields])
            for f in other.fields
        ]


@pytest.mark.parametrize(
    "name",
    [
        "bncf_unimarcslim__gbergamin-unimarcxml.xml",
        "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc",
        "bnf_sru_marcxchange__rero-ils__bnf_anywhere_all_peter.xml",
    ],
)
def test_marcxml_round_trip(real_dir, name):
    records = list(read_records(real_dir / name))
    assert list(read_records(to_collection(records).encode())) == records


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<record><leader>&b;</leader></record>",
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><record><leader>&x;</leader></record>',
    ],
)
def test_entity_attacks_are_refused_not_expanded(doc):
    (item,) = list(read_records(doc))
    assert isinstance(item, ReadError) and item.rule == "XML_UNSAFE"


def test_malformed_xml_reports_line_and_column():
    items = list(
        read_records(
            b'<collection><record><leader>x</leader>\n<controlfield tag="001">a'
            b"</record></collection>"
        )
    )
    assert isinstance(items[-1], ReadError) and items[-1].rule == "XML_WELLFORMED"
    assert items[-1].line == 2 and items[-1].column


def test_bncf_embedded_fields_become_dollar_one_subfields(real_dir):
    records = list(read_records(real_dir / "bncf_unimarcslim__gbergamin-unimarcxml.xml"))
    link = records[0].datafields("410")[0]
    assert [s.code for s in link.subfields][:2] == ["1", "1"]
    assert link.subfields[0].value == "001RAV1797816"
    assert link.subfields[1].value == "2001 " and link.get("a") == "Anticorpi"
    assert all(f.subfields for f in records[0].datafields("463")) or not records[0].datafields(
        "463"
    )


def test_gzip_input_reads_the_same(tmp_path, real_dir):
    import gzip

    source = real_dir / "sudoc_marcxml-nons__marcxml2tei.xml"
    packed = tmp_path / "records.xml.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    assert list(read_records(packed)) == list(read_records(source))


def test_sample_records_round_trip_through_marcxml_and_single_records():
    from validators.record import Record
    from validators.samples import load_samples, sample_path

    records = load_samples()
    assert list(read_records(to_collection(records))) == records
    for record in records:
        text = record.to_marcxml()
        assert Record.from_marcxml(text) == record
        assert Record.from_marcxml(record.to_marcxml(namespace=False)) == record
    assert sample_path().read_bytes().startswith(b"<?xml")


def test_oversized_input_is_refused_with_a_finding():
    doc = b"<collection>" + b"<record><leader>x</leader></record>" * 5000 + b"</collection>"
    items = list(read_records(doc, max_bytes=64 << 10))
    assert isinstance(items[-1], ReadError) and items[-1].rule == "INPUT_TOO_LARGE"


def test_a_single_record_past_the_limit_is_refused():
    huge = b'<subfield code="a">' + b"x" * 1000 + b"</subfield>"
    doc = b"<collection><record><datafield tag='300'>" + huge * 5000 + b"</datafield></record>"
    items = list(read_records(doc + b"</collection>", max_record_bytes=1 << 20))
    assert [i.rule for i in items if isinstance(i, ReadError)] == ["INPUT_TOO_LARGE"]
    assert len(list(read_records(doc + b"</collection>"))) == 1  # the default limit is 32 MB


def test_iso2709_without_terminator_and_garbage_are_findings():
    (item,) = list(read_records(b"00100nam  2200049   450 00100"))
    assert isinstance(item, ReadError) and item.rule == "ISO2709_STRUCTURE"
    (item,) = list(read_records(b"\x89PNG\r\n\x1a\n...."))
    assert isinstance(item, ReadError) and item.rule == "NO_RECORD"
    (item,) = list(read_records(b""))
    assert isinstance(item, ReadError) and item.rule == "NO_RECORD"


@pytest.mark.parametrize(
    "doc",
    [
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><collection><record>'
        b"<leader>&lol3;</leader></record></collection>",
        b'<?xml version="1.0"?>\n<!-- a comment first -->\n<!DOCTYPE r SYSTEM "http://127.0.0.1:1/x.dtd">'
        b"<record/>",
        b"<collection><record><leader>&xxe;</leader></record></collection>",
    ],
)
def test_entities_are_never_expanded(doc):
    items = list(read_records(doc))
    assert isinstance(items[-1], ReadError)
    assert items[-1].rule in ("XML_UNSAFE", "XML_WELLFORMED")
    assert not [i for i in items if not isinstance(i, ReadError)]


def test_damaged_gzip_is_a_finding_after_the_records_before_the_damage():
    import gzip

    whole = gzip.compress(
        b"<collection>" + b"<record><leader>x</leader></record>" * 3000 + b"</collection>"
    )
    for damaged in (whole[:-8], whole[:40], b"\x1f\x8b" + b"not gzip at all"):
        items = list(read_records(damaged))
        assert isinstance(items[-1], ReadError) and items[-1].rule == "INPUT_CORRUPT"
        assert all(not isinstance(i, ReadError) for i in items[:-1])


def test_an_undefined_entity_names_itself_with_its_position_each_time():
    for name, doc in (
        ("x", b"<record>&x;</record>"),
        ("foo", b"<collection><record><leader>&amp;&foo;</leader></record></collection>"),
    ):
        (item,) = list(read_records(doc))
        assert item.rule == "XML_WELLFORMED"
        assert f"Entity '{name}' not defined" in item.message
        end = doc.index(f"&{name};".encode()) + len(name) + 2  # just past the reference
        assert item.line == 1 and abs(item.column - end) <= 1


def test_recover_fields_reads_what_an_unfinished_record_holds():
    from validators.readers import recover_fields

    record = recover_fields(
        'Sure: <record xmlns="http://www.loc.gov/MARC21/slim"><leader>x</leader>'
        '<datafield tag="200" ind1="1" ind2=" "><subfield code="a">Le titre</subfield>'
        '</datafield><datafield tag="210" ind1=" " ind2=" "><subfield code="a">Par'
    )
    assert record is not None and record.first("200", "a") == "Le titre"
    assert recover_fields("no record here") is None
    assert recover_fields('<!DOCTYPE r [<!ENTITY a "b">]><record>&a;</record>') is None
