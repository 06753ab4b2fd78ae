"""validators.repair and `copiste fix`: each repair satisfies the rule it names, and only then."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from validators import DataField, Record, Subfield, read_records
from validators.repair import placements, repair, undouble
from validators.rulesets import get_ruleset
from validators.samples import load_samples


def broken(record: Record) -> set[str]:
    return get_ruleset("strict").run(record).broken_rules


def sample(index: int = 0) -> Record:
    return copy.deepcopy(load_samples()[index])


def field(record: Record, tag: str) -> DataField:
    return record.datafields(tag)[0]


def set_sub(record: Record, tag: str, code: str, value: str) -> None:
    f = field(record, tag)
    f.subfields = [Subfield(code, value) if s.code == code else s for s in f.subfields]


def without_names() -> Record:
    """The serial sample without its 712: a record whose only access point is its title."""
    record = sample(3)
    record.fields = [f for f in record.fields if f.tag != "712"]
    return record


def defect_leader_level(r: Record) -> None:
    r.leader = r.leader[:7] + " " + r.leader[8:]


def defect_collapsed_100(r: Record) -> None:
    set_sub(r, "100", "a", " ".join(r.first("100", "a").split()))


def defect_collapsed_leader(r: Record) -> None:
    r.leader = " ".join(r.leader.split())


def defect_partial_date(r: Record) -> None:
    set_sub(r, "100", "a", "20      " + r.first("100", "a")[8:])  # 801 ind2 0 $c 20240115


def defect_title_punctuation(r: Record) -> None:
    set_sub(r, "200", "a", r.first("200", "a") + " :")


def defect_empty_subfield(r: Record) -> None:
    field(r, "200").subfields.append(Subfield("e", ""))


def defect_double_encoding(r: Record) -> None:
    """UTF-8 read as Latin-1 and written again: "Éditions" becomes "Ã\x89ditions"."""
    set_sub(r, "210", "c", r.first("210", "c").encode("utf-8").decode("latin-1"))


# (sample, defect, repair, rule): the defect makes `rule` fire; the repair must silence it.
BLANK, SINGLE, UNDEFINED = "blank_indicator", "single_value_indicator", "INDICATOR_UNDEFINED"
CASES = [
    (0, lambda r: setattr(field(r, "102"), "ind1", "#"), BLANK, UNDEFINED),
    (0, lambda r: setattr(field(r, "200"), "ind2", "4"), SINGLE, UNDEFINED),
    (0, lambda r: setattr(field(r, "700"), "ind1", "|"), SINGLE, UNDEFINED),
    ("no names", lambda r: setattr(field(r, "200"), "ind1", " "), "title_significance", "F200_IND1"),  # noqa: E501
    (0, lambda r: setattr(field(r, "801"), "ind2", " "), "source_function", "F801_IND2"),
    (0, defect_collapsed_leader, "leader_blanks", "LEADER_LENGTH"),
    (0, defect_leader_level, "bibliographic_level", "LEADER_LEVEL"),
    (3, defect_collapsed_100, "f100_blanks", "F100_A_LENGTH"),
    (0, defect_partial_date, "partial_date_entered", "F100_A_DATE_ENTERED"),
    (0, lambda r: set_sub(r, "102", "a", "fr"), "code_case", "F102_COUNTRY_CODE"),
    (0, lambda r: set_sub(r, "101", "a", "FRE"), "code_case", "F101_LANGUAGE_CODE"),
    (0, lambda r: set_sub(r, "801", "a", "fr"), "code_case", "F801_A_COUNTRY"),
    (0, defect_empty_subfield, "empty_subfield", "SUBFIELD_EMPTY"),
    (0, defect_title_punctuation, "isbd_punctuation", "F200_ISBD_PUNCTUATION"),
    (0, defect_double_encoding, "double_encoding", "ENCODING_SUSPECT"),
]  # fmt: skip


@pytest.mark.parametrize(("index", "defect", "name", "rule"), CASES, ids=[c[2] for c in CASES])
def test_each_repair_satisfies_the_rule_it_names(index, defect, name, rule):
    original = without_names() if index == "no names" else sample(index)
    damaged = copy.deepcopy(original)
    defect(damaged)
    assert rule in broken(damaged)
    result = repair(damaged)
    assert [(c.repair, c.rule) for c in result.changes] == [(name, rule)]
    assert rule not in broken(result.record)
    assert broken(result.record) <= broken(damaged)
    assert result.record == original  # the defect, undone
    assert repair(result.record).changes == []  # idempotent


def test_a_cut_date_entered_with_no_source_date_becomes_the_blank_unknown_form():
    damaged = sample()
    set_sub(damaged, "100", "a", "19      " + damaged.first("100", "a")[8:])
    fixed = repair(damaged).record
    assert fixed.first("100", "a")[:8] == " " * 8
    lenient = get_ruleset("lenient").run(fixed).broken_rules
    assert "F100_A_DATE_ENTERED" not in lenient and "F100_A_DATE_BLANK" in lenient


def test_valid_records_are_left_exactly_as_they_are():
    for record in load_samples():
        result = repair(record)
        assert result.changes == [] and result.record == record


def test_repair_does_not_modify_its_argument():
    damaged = sample()
    field(damaged, "102").ind1 = "#"
    repair(damaged)
    assert field(damaged, "102").ind1 == "#"


@pytest.mark.parametrize(
    "defect",
    [
        # Names exist: whether the title is significant is the cataloguer's call.
        lambda r: setattr(field(r, "200"), "ind1", " "),
        # Two 801s: which one is the original cataloguing agency is not written anywhere.
        lambda r: (
            setattr(field(r, "801"), "ind2", " "),
            r.fields.append(DataField("801", " ", "2", [Subfield("a", "FR"), Subfield("b", "X")])),
        ),
        # `|` (not coded) where 0 and 1 both exist: no rule says which.
        lambda r: setattr(field(r, "700"), "ind2", "|"),
        # A 100$a too short to be restored: `placements` finds more than one fit.
        lambda r: set_sub(r, "100", "a", "2024"),
    ],
    ids=["200-ind1-with-names", "801-ind2-two-sources", "700-ind2-fill", "100a-ambiguous"],
)
def test_values_no_rule_decides_are_left_alone(defect):
    damaged = sample()
    defect(damaged)
    assert repair(damaged).changes == []


def test_a_repair_that_would_break_another_rule_is_undone():
    damaged = sample()
    field(damaged, "101").subfields = [Subfield("a", " ")]  # removing it breaks F101_MISSING
    result = repair(damaged)
    assert result.changes == [] and "F101_MISSING" not in broken(result.record)


def test_placements_restore_collapsed_blanks():
    assert sorted(placements("a b", 5)) == sorted(
        ["a   b", "a  b ", "a b  ", " a  b", " a b ", "  a b"]
    )
    assert list(placements("abcdef", 3)) == []


def test_real_bncf_100a_regains_its_36_positions(real_dir):
    path = real_dir / "bncf_unimarcslim__gbergamin-unimarcxml.xml"
    record = next(r for r in read_records(path) if isinstance(r, Record))
    assert record.first("100", "a") == "20140514d2014 ||||0itac50 ba"
    fixed = repair(record).record
    assert fixed.first("100", "a") == "20140514d2014    ||||0itac50      ba"
    assert fixed.first("102", "a") == "IT"


def test_real_bnr_text_is_decoded_back_and_ordinary_accents_are_left_alone(real_dir):
    path = real_dir / "bnr-romania_iso2709__qa-catalogue.mrc"
    record = next(r for r in read_records(path) if isinstance(r, Record))
    assert record.first("200", "b") == "Text tip\u00c4\u0083rit"  # the export's double encoding
    result = repair(record)
    assert result.record.first("200", "b") == "Text tipărit"
    assert result.record.first("210", "a") == "Târgu Mureş"
    assert "ENCODING_SUSPECT" in broken(record)
    assert "ENCODING_SUSPECT" not in broken(result.record)
    assert repair(result.record).changes == []
    # Windows-1252's reading of a curly apostrophe is undone too; plain accents never are.
    assert undouble("l\u00e2\u20ac\u2122\u00c3\u00a9t\u00c3\u00a9") == "l\u2019été"
    assert undouble("café crème") is None and undouble("Müller") is None


def run_fix(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "fix", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_fix_command_writes_the_same_flavour_and_a_report_per_record(real_dir, tmp_path):
    source = real_dir / "sudoc_marcxml-nons__periscope-back.xml"
    out = tmp_path / "fixed.xml"
    done = run_fix(str(source), "--out", str(out))
    assert done.returncode == 0, done.stderr
    before = [r for r in read_records(source) if isinstance(r, Record)]
    after = [r for r in read_records(out) if isinstance(r, Record)]
    assert out.read_bytes().startswith(b"<?xml") and len(after) == len(before) == 5
    lines = [json.loads(x) for x in (tmp_path / "fixed.xml.changes.jsonl").read_text().splitlines()]
    assert [x["index"] for x in lines] == list(range(5))
    assert [x["record_id"] for x in lines] == [r.record_id for r in before]
    leaders = [c for x in lines for c in x["changes"] if c["rule"] == "LEADER_LENGTH"]
    assert len(leaders) == 2 and all(len(c["after"]) == 24 for c in leaders)
    for line, old, new in zip(lines, before, after, strict=True):
        assert (old == new) == (line["changes"] == [])
    assert "5 records" in done.stdout


def test_fix_command_refuses_unreadable_input_in_one_line(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    done = run_fix(str(junk), "--out", str(tmp_path / "o.xml"))
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and len(done.stderr.strip().splitlines()) == 1
    missing = run_fix(str(tmp_path / "none.xml"), "--out", str(tmp_path / "o.xml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_fix_command_keeps_marcedit_text_as_marcedit_text(real_dir, tmp_path):
    from validators.formats.mrk import write_mrk

    source = tmp_path / "bncf.mrk"
    bncf = real_dir / "bncf_unimarcslim__gbergamin-unimarcxml.xml"
    with source.open("w", encoding="utf-8") as out:
        write_mrk([r for r in read_records(bncf) if isinstance(r, Record)], out)
    done = run_fix(str(source), "--out", str(tmp_path / "fixed.mrk"))
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "fixed.mrk").read_text(encoding="utf-8")
    assert text.startswith("=LDR  ") and text.count("=LDR  ") == 5
    fixed = [r for r in read_records(tmp_path / "fixed.mrk") if isinstance(r, Record)]
    assert [r.first("102", "a") for r in fixed] == ["IT"] * 5
    assert all(len(r.first("100", "a")) == 36 for r in fixed)


def test_fix_command_keeps_iso2709_as_iso2709(real_dir, tmp_path):
    source = real_dir / "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc"
    out = tmp_path / "fixed.mrc"
    done = run_fix(str(source), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:5].isdigit()
    before = [r for r in read_records(source) if isinstance(r, Record)]
    after = [r for r in read_records(out) if isinstance(r, Record)]
    assert len(after) == len(before) == 205
    titles = [r.first("200", "a") for r in before]
    assert [r.first("200", "a") for r in after] == [t.removesuffix(" /") for t in titles]
    assert sum(t.endswith(" /") for t in titles) == 1  # the one ISBD mark repaired
    undefined = sum("INDICATOR_UNDEFINED" in broken(r) for r in after)
    assert undefined < sum("INDICATOR_UNDEFINED" in broken(r) for r in before)
