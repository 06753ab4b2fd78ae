"""MarcEdit's mnemonic format (.mrk): lossless against MARCXML, readable by pymarc, read like the
other flavours (streaming, a malformed record reported and skipped), and one record out of a
model's answer."""

from __future__ import annotations

import io

import pymarc
import pytest

from tests.validators.test_cli import copiste
from validators.formats.base import RecordSyntaxError
from validators.formats.mrk import parse_mrk, read_mrk, write_mrk
from validators.readers import ReadError, read_one, read_records
from validators.record import ControlField, DataField, Record, Subfield
from validators.samples import sample_path

TRICKY = Record(
    "00000nam  2200000   450 ",
    [
        ControlField("001", "FRBNF 12 "),
        ControlField("005", "back\\slash {x} $y"),
        DataField("200", "1", " ", [Subfield("a", "Prix : 5 $ {env.} \\o/ "), Subfield("f", "")]),
        DataField("300", "#", "|", [Subfield("a", "deux\nlignes\tet\x1fun délimiteur")]),
        DataField("856", " ", " ", []),
    ],
)


def real_records(real_dir):
    for path in sorted(real_dir.iterdir()):
        if path.suffix in (".xml", ".mrc"):
            for item in read_records(path):
                assert not isinstance(item, ReadError), path.name
                yield path.name, item


def test_every_real_record_round_trips_marcxml_mrk_marcxml(real_dir):
    count = 0
    for name, record in real_records(real_dir):
        from_xml = read_one(record.to_marcxml())
        mrk = from_xml.to_mrk()
        back = parse_mrk(mrk)
        assert back == from_xml, name
        assert read_one(back.to_marcxml()) == from_xml, name
        count += 1
    assert count > 600


def test_a_whole_file_round_trips_through_the_stream_reader(real_dir):
    records = [record for _, record in real_records(real_dir)]
    out = io.StringIO()
    assert write_mrk(records, out) == len(records)
    assert list(read_records(out.getvalue().encode())) == records
    assert list(read_mrk(out.getvalue())) == records


def test_special_characters_survive_and_are_written_as_marcedit_does():
    text = TRICKY.to_mrk()
    assert "=LDR  00000nam\\\\2200000\\\\\\450\\\n" in text
    assert "=001  FRBNF\\12\\\n" in text
    assert "=200  1\\$aPrix : 5 {dollar} {lcub}env.{rcub} {bsol}o/ $f\n" in text
    assert "=300  #|$adeux{0A}lignes{09}et{1F}un délimiteur\n" in text
    assert "=856  \\\\\n" in text
    assert parse_mrk(text) == TRICKY
    assert all(not line.endswith(" ") for line in text.splitlines() if not line.startswith("=200"))


def test_pymarc_reads_copiste_mrk_to_the_same_fields(real_dir):
    # pymarc's Leader holds exactly 24 characters: records whose leader is missing or cut short
    # (RUSMARC, some Sudoc fixtures) are copiste's to read, not pymarc's.
    records = [r for _, r in real_records(real_dir) if r.leader and len(r.leader) == 24]
    assert len(records) > 500
    out = io.StringIO()
    write_mrk(records, out)
    theirs = list(pymarc.MARCMakerReader(out.getvalue()))
    assert len(theirs) == len(records)
    compared = 0
    for ours, their in zip(records, theirs, strict=True):
        # MarcEdit writes a blank as `\` in the leader, control fields and indicators: pymarc
        # keeps the backslash, and leaves mnemonics such as {dollar} undecoded.
        assert str(their.leader).replace("\\", " ") == ours.leader
        assert [f.tag for f in their.fields] == [f.tag for f in ours.fields]
        for mine, field in zip(ours.fields, their.fields, strict=True):
            if isinstance(mine, ControlField):
                assert field.is_control_field()
                if "{" not in field.data:
                    assert field.data.replace("\\", " ") == mine.value
                continue
            assert [i.replace("\\", " ") for i in field.indicators] == [mine.ind1, mine.ind2]
            assert [s.code for s in field.subfields] == [s.code for s in mine.subfields]
            for sub, their_sub in zip(mine.subfields, field.subfields, strict=True):
                if "{" not in their_sub.value:
                    assert their_sub.value == sub.value
                    compared += 1
    assert compared > 10_000


def test_read_records_detects_mrk_from_text_bytes_and_files(tmp_path):
    text = TRICKY.to_mrk() + "\n" + TRICKY.to_mrk()
    path = tmp_path / "notices.mrk"
    path.write_text("# exported by hand\n" + text, encoding="utf-8")
    assert list(read_records(text)) == [TRICKY, TRICKY]
    assert list(read_records(text.encode())) == [TRICKY, TRICKY]
    assert list(read_records(path)) == [TRICKY, TRICKY]


def test_a_malformed_record_is_reported_with_its_line_and_reading_resumes():
    good = TRICKY.to_mrk()
    bad = "=LDR  00000nam\\\\2200000\\\\\\450\\\n=200 1\\$aone space\n"
    text = good + "\n" + bad + "\n" + good
    items = list(read_records(text.encode()))
    assert items[0] == items[2] == TRICKY
    error = items[1]
    assert isinstance(error, ReadError) and error.rule == "MRK_SYNTAX"
    assert error.line == good.count("\n") + 3 and error.column == 1


def test_records_without_blank_lines_split_at_each_leader():
    assert list(read_records(TRICKY.to_mrk() + TRICKY.to_mrk())) == [TRICKY, TRICKY]


def test_parse_mrk_takes_the_record_out_of_a_fence_and_prose():
    answer = f"Voici la notice :\n\n```mrk\n{TRICKY.to_mrk()}```\n\nBonne journée."
    assert parse_mrk(answer) == TRICKY
    assert parse_mrk(f"Here it is:\n{TRICKY.to_mrk()}\nHope this helps.") == TRICKY
    assert parse_mrk("=200  1\\$aTitre$fAuteur\r\n") == Record(
        None, [DataField("200", "1", " ", [Subfield("a", "Titre"), Subfield("f", "Auteur")])]
    )


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("=LDR  x\n=200  1\\aTitre\n", 2, 9),
        ("intro\n=LDR  x\nnot a field\n=200  1\\$aT\n", 3, 1),
        ("=LDR  x\n=200  1\\$aT$\n", 2, 12),
        ("=LDR  x\n=200  1\n", 2, 7),
        ("=LDR  x\n=001  a\n=LDR  y\n", 3, 1),
    ],
)
def test_parse_mrk_raises_with_the_line_of_the_garbage(text, line, column):
    with pytest.raises(RecordSyntaxError) as raised:
        parse_mrk(text)
    assert (raised.value.error.line, raised.value.error.column) == (line, column)
    assert f"line {line}" in str(raised.value)


def test_parse_mrk_without_any_field_line_says_so():
    with pytest.raises(RecordSyntaxError, match="no MarcEdit field line"):
        parse_mrk("I cannot catalogue this.")


def test_copiste_validate_reads_a_mrk_file(tmp_path):
    records = [r for r in read_records(sample_path()) if isinstance(r, Record)]
    path = tmp_path / "notices.mrk"
    with path.open("w", encoding="utf-8") as out:
        write_mrk(records, out)
    done = copiste(str(path))
    assert done.returncode == 0, done.stderr
    assert f"{len(records)} records, {len(records)} valid, 0 invalid (strict)" in done.stdout
