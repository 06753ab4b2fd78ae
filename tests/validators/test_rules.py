"""The rule engine: the catalogue of rules, the rule sets, scores, and defects built from real
records, each flagged by the rule that names it."""

from __future__ import annotations

import copy
import re

import pytest

from validators import engine, validate
from validators.engine import REGISTRY, RuleSet
from validators.readers import read_records
from validators.record import ControlField, DataField, Record, Subfield
from validators.report import Severity
from validators.rulesets import RULESETS, get_ruleset
from validators.samples import load_samples
from validators.schema import default_schema, load_schema

# docs/ARCHITECTURE.md: the ids the corruption operators rely on (errors in both rule sets).
CONTRACT = [
    "XML_WELLFORMED",
    "LEADER_LENGTH",
    "LEADER_STATUS",
    "LEADER_TYPE",
    "LEADER_LEVEL",
    "FIELD_MANDATORY",
    "FIELD_NOT_REPEATABLE",
    "F200_A_MISSING",
    "F200_A_FIRST",
    "F200_IND1",
    "F100_A_LENGTH",
    "F100_A_DATE_ENTERED",
    "F101_LANGUAGE_CODE",
    "F102_COUNTRY_CODE",
    "F010_ISBN_CHECKDIGIT",
    "F801_C_DATE",
    "F801_IND2",
    "F7XX_RELATOR_CODE",
    "SUBFIELD_UNDEFINED",
]


def test_catalogue_has_forty_rules_with_both_languages():
    record_rules = [r for r in REGISTRY.values() if not r.id.startswith(("XML_", "NO_REC"))]
    assert len(record_rules) >= 40
    for rule in REGISTRY.values():
        assert re.fullmatch(r"[A-Z0-9_]+", rule.id)
        assert rule.message_en and rule.message_fr and rule.message_en != rule.message_fr
        assert 0 < rule.weight <= 1


@pytest.mark.parametrize("rule_id", CONTRACT)
def test_contract_rules_are_errors_in_both_sets(rule_id):
    for name in RULESETS:
        assert get_ruleset(name).severities[rule_id] is Severity.ERROR


def test_lenient_softens_legacy_rules_only():
    strict, lenient = get_ruleset("strict"), get_ruleset("lenient")
    softened = {r for r, s in lenient.severities.items() if s != strict.severities[r]}
    assert {"F801_MISSING", "INDICATOR_UNDEFINED"} <= softened
    assert not softened & set(CONTRACT)


def test_samples_are_clean_under_both_sets():
    samples = load_samples()
    assert len(samples) == 12
    assert {r.leader[6] for r in samples} >= {"a", "c", "e"} and any(
        r.leader[7] == "s" for r in samples
    )
    for name in RULESETS:
        for record in samples:
            report = get_ruleset(name).run(record)
            assert report.valid and report.score == 1.0, (record.record_id, report.findings)


def test_score_is_weighted_and_messages_follow_the_language():
    record = load_samples()[0]
    minor, major = copy.deepcopy(record), copy.deepcopy(record)
    minor.datafields("700")[0].subfields = [
        s for s in minor.datafields("700")[0].subfields if s.code != "4"
    ]  # a warning
    major.leader = "     nxm0 22        450 "  # an error
    minor_report, major_report = validate(minor), validate(major)
    assert minor_report.valid and 0.9 < minor_report.score < 1.0
    assert not major_report.valid and major_report.score < minor_report.score
    french = {f.rule: f.message for f in validate(major, lang="fr").findings}
    assert french["LEADER_TYPE"].startswith("label/6 (type de document)")


def test_engine_version_tracks_rules():
    version = engine.ENGINE_VERSION
    assert version == engine.engine_version() and version.startswith("unimarc-rules-")
    before = get_ruleset("strict").fingerprint()
    changed = RuleSet("strict", "", {**get_ruleset("strict").severities, "F215_MISSING": "error"})
    assert changed.fingerprint() != before


def test_own_schema_covers_the_design_fields():
    schema = default_schema()
    for tag in ("001", "005", "010", "011", "100", "101", "102", "200", "210", "214", "215"):
        assert tag in schema.fields
    assert schema.required_tags == ("001", "100", "200", "801")
    assert schema.fields["200"].ind1 == {"0", "1"}
    assert schema.fields["801"].ind2 == {"0", "1", "2", "3"}
    assert not schema.fields["700"].repeatable and not schema.fields["200"].repeatable
    assert "fre" in schema.fields["101"].subfields["a"].codes
    assert len(schema.fields["100"].subfields["a"].positions) >= 12
    assert schema.leader["06"].codes == set("abcdefgijklmr")


def test_engine_runs_on_the_reference_avram_schema(reference_dir, real_dir):
    reference = load_schema(reference_dir / "unimarc.avram.json")
    assert len(reference.fields) > 200
    assert reference.fields["200"].ind1 == {"0", "1"}
    assert reference.leader["05"].codes == set("cdnop")
    assert "070" in reference.fields["700"].subfields["4"].codes
    ruleset = RuleSet(
        "reference", "qa-catalogue's schema", get_ruleset("strict").severities, schema=reference
    )
    records = list(read_records(real_dir / "sudoc_marcxml-nons__marcxml2tei.xml"))
    reports = [ruleset.run(r) for r in records]
    assert all(0 <= r.score <= 1 for r in reports)
    broken = copy.deepcopy(records[0])
    broken.datafields("200")[0].subfields.append(Subfield("q", "x"))
    assert "SUBFIELD_UNDEFINED" in ruleset.run(broken).broken_rules


# --- defects built from real records -------------------------------------------------------


@pytest.fixture(scope="module")
def pool(real_dir) -> list[Record]:
    """Real records from four libraries that the lenient set accepts and that keep every
    contract rule under the strict set too, so each defect is the only breach of its rule."""
    lenient, strict = get_ruleset("lenient"), get_ruleset("strict")
    chosen = []
    for name in (
        "bnf_sru_marcxchange__rero-ils__bnf_anywhere_all_peter.xml",
        "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc",
        "sudoc_marcxml-nons__marcxml2tei.xml",
        "bsg_sainte-genevieve_marcxml-nons__reference_manager.xml",
    ):
        good = [
            r
            for r in read_records(real_dir / name)
            if lenient.run(r).valid and not strict.run(r).broken_rules & set(CONTRACT)
        ]
        with_isbn = [r for r in good if r.first("010", "a")]
        chosen += with_isbn[:4] + [r for r in good if not r.first("010", "a")][:4]
    return chosen


def _set_leader(pos, char):
    def corrupt(r):
        r.leader = r.leader[:pos] + char + r.leader[pos + 1 :]

    return corrupt


def _drop_field(tag):
    def corrupt(r):
        r.fields = [f for f in r.fields if f.tag != tag]

    return corrupt


def _double(tag):
    def corrupt(r):
        r.fields.append(copy.deepcopy(r.get_fields(tag)[0]))

    return corrupt


def _sub(tag, code, change):
    def corrupt(r):
        for sub in r.datafields(tag)[0].subfields:
            if sub.code == code:
                sub.value = change(sub.value)
                return

    return corrupt


def _isbn_check_digit(value):
    digits = [i for i, c in enumerate(value) if c.isdigit() or c in "Xx"]
    last = digits[-1] if len(digits) in (10, 13) else None
    if last is None:
        return value
    old = value[last]
    new = "0" if old in "Xx" else str((int(old) + 1) % 10)
    return value[:last] + new + value[last + 1 :]


def _move_200a(r):
    subs = r.datafields("200")[0].subfields
    a = next(s for s in subs if s.code == "a")
    subs.remove(a)
    subs.insert(1, a)


def _set_ind(tag, n, value):
    def corrupt(r):
        setattr(r.datafields(tag)[0], f"ind{n}", value)

    return corrupt


def _relator(r):
    for f in r.data_fields:
        if f.tag.startswith("7"):
            for sub in f.subfields:
                if sub.code == "4":
                    sub.value = "aut"
                    return


DEFECTS = {
    "leader shortened": ("LEADER_LENGTH", "LDR", lambda r: setattr(r, "leader", r.leader[:20])),
    "leader lengthened": ("LEADER_LENGTH", "LDR", lambda r: setattr(r, "leader", r.leader + "0")),
    "leader/5 status": ("LEADER_STATUS", "LDR", _set_leader(5, "x")),
    "leader/6 type": ("LEADER_TYPE", "LDR", _set_leader(6, "z")),
    "leader/7 level": ("LEADER_LEVEL", "LDR", _set_leader(7, "x")),
    "001 removed": ("FIELD_MANDATORY", "001", _drop_field("001")),
    "100 removed": ("FIELD_MANDATORY", "100", _drop_field("100")),
    "200 removed": ("FIELD_MANDATORY", "200", _drop_field("200")),
    "100 doubled": ("FIELD_NOT_REPEATABLE", "100", _double("100")),
    "200 doubled": ("FIELD_NOT_REPEATABLE", "200", _double("200")),
    "200$a removed": (
        "F200_A_MISSING",
        "200",
        lambda r: setattr(
            r.datafields("200")[0],
            "subfields",
            [s for s in r.datafields("200")[0].subfields if s.code != "a"],
        ),
    ),
    "200$a moved": ("F200_A_FIRST", "200", _move_200a),
    "200 ind1": ("F200_IND1", "200", _set_ind("200", 1, "3")),
    "100$a short": ("F100_A_LENGTH", "100", _sub("100", "a", lambda v: v[:-1])),
    "100$a date": ("F100_A_DATE_ENTERED", "100", _sub("100", "a", lambda v: "2023-1-4" + v[8:])),
    "101$a code": ("F101_LANGUAGE_CODE", "101", _sub("101", "a", lambda v: "xx1")),
    "102$a code": ("F102_COUNTRY_CODE", "102", _sub("102", "a", lambda v: "QQ")),
    "ISBN check digit": ("F010_ISBN_CHECKDIGIT", "010", _sub("010", "a", _isbn_check_digit)),
    "801$c date": ("F801_C_DATE", "801", _sub("801", "c", lambda v: "2023-11-05")),
    "801 ind2": ("F801_IND2", "801", _set_ind("801", 2, "7")),
    "7XX$4 relator": ("F7XX_RELATOR_CODE", "7XX", _relator),
    "undefined subfield": (
        "SUBFIELD_UNDEFINED",
        "200",
        lambda r: r.datafields("200")[0].subfields.append(Subfield("q", "?")),
    ),
}


def _applies(record: Record, tag: str) -> bool:
    if tag == "LDR":
        return record.leader is not None and len(record.leader) == 24
    if tag == "7XX":
        return any(f.tag.startswith("7") and f.get("4") for f in record.data_fields)
    if tag == "010":
        return bool(record.datafields("010")) and bool(record.datafields("010")[0].get("a"))
    return bool(record.get_fields(tag)) and all(
        isinstance(f, ControlField) or f.subfields for f in record.get_fields(tag)
    )


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_defect_built_from_real_records_is_flagged_by_its_rule(pool, defect):
    rule_id, tag, corrupt = DEFECTS[defect]
    applied = 0
    for record in pool:
        if not _applies(record, tag):
            continue
        broken = copy.deepcopy(record)
        corrupt(broken)
        if broken == record:
            continue  # nothing to corrupt in this record (e.g. no ISBN digits)
        applied += 1
        for name in RULESETS:
            before = get_ruleset(name).run(record)
            after = get_ruleset(name).run(broken)
            assert rule_id not in before.broken_rules
            assert rule_id in after.broken_rules, (record.record_id, name, after.findings)
            assert not after.valid and after.score < before.score
            # Written back out as MARCXML and read again, the defect is still seen.
            assert rule_id in validate(broken.to_marcxml(), rules=name).broken_rules
    assert applied >= 2, f"{defect}: too few real records to corrupt"


def test_malformed_xml_is_flagged_with_a_position(pool):
    text = pool[0].to_marcxml()
    for cut in (text[: len(text) // 2], text.replace("</datafield>", "", 1)):
        report = validate(cut)
        assert report.broken_rules == {"XML_WELLFORMED"} and report.score == 0.0
        assert report.findings[0].line is not None


def test_prose_around_the_record_is_ignored():
    xml = load_samples()[3].to_marcxml()
    assert validate(f"Voici la notice :\n```xml\n{xml}```\nBonne lecture.").valid
    assert validate("no record here").broken_rules == {"XML_MISSING"}


def test_dates_in_100_follow_the_type_of_date():
    record = load_samples()[0]

    def with_dates(kind, d1, d2):
        r = copy.deepcopy(record)
        value = r.first("100", "a")
        r.datafields("100")[0].subfields[0].value = value[:8] + kind + d1 + d2 + value[17:]
        return r

    assert "F100_A_DATES" not in validate(with_dates("d", "2021", "    ")).broken_rules
    assert "F100_A_DATES" in validate(with_dates("d", "2021", "2022")).broken_rules
    assert "F100_A_DATES" in validate(with_dates("a", "2021", "2022")).broken_rules
    assert "F100_A_DATES" in validate(with_dates("f", "2021", "1990")).broken_rules
    assert "F210_DATE_VS_100" in validate(with_dates("d", "2001", "    ")).broken_rules


def test_document_type_dependent_fields():
    serial = next(r for r in load_samples() if r.leader[7] == "s")
    as_monograph = copy.deepcopy(serial)
    as_monograph.leader = serial.leader[:7] + "m" + serial.leader[8:]
    assert "DOCTYPE_FIELD" in validate(as_monograph).broken_rules
    without_110 = copy.deepcopy(serial)
    without_110.fields = [f for f in serial.fields if f.tag != "110"]
    assert "DOCTYPE_FIELD_EXPECTED" in validate(without_110).broken_rules


def test_lenient_reads_legacy_blanks():
    record = copy.deepcopy(load_samples()[0])
    record.datafields("101")[0].ind2 = "#"
    record.datafields("700")[0].ind1 = "|"
    record.fields = [f for f in record.fields if f.tag != "801"]
    strict, lenient = validate(record), validate(record, rules="lenient")
    assert {"INDICATOR_UNDEFINED", "F801_MISSING"} <= strict.broken_rules and not strict.valid
    assert lenient.valid and "INDICATOR_UNDEFINED" not in lenient.broken_rules


def test_mojibake_is_suspected(real_dir):
    records = list(read_records(real_dir / "bnr-romania_iso2709__qa-catalogue.mrc"))
    assert any("ENCODING_SUSPECT" in validate(r).broken_rules for r in records)
    assert not any("ENCODING_SUSPECT" in validate(r).broken_rules for r in load_samples())


def test_checks_survive_odd_records():
    odd = Record(
        None,
        [
            DataField("20", "x", "", []),
            ControlField("200", ""),
            DataField("100", " ", " ", [Subfield("a", "")]),
        ],
    )
    for name in RULESETS:
        report = get_ruleset(name).run(odd)
        assert not report.valid and 0 <= report.score < 0.5
        assert {"LEADER_LENGTH", "TAG_FORMAT", "FIELD_KIND"} <= report.broken_rules
