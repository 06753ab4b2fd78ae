"""Every corruption is rejected by the rule its label names, on many real records."""

from __future__ import annotations

import random

import pytest

from distill.corrupt import OPERATORS, corrupt, corruptions
from validators import ReadError, read_records, validate
from validators.rulesets import RULESETS, get_ruleset
from validators.samples import load_samples

# The table of docs/ARCHITECTURE.md: the ids the operators may use.
CONTRACT_IDS = {
    "XML_WELLFORMED", "LEADER_LENGTH", "LEADER_STATUS", "LEADER_TYPE", "LEADER_LEVEL",
    "FIELD_MANDATORY", "FIELD_NOT_REPEATABLE", "F200_A_MISSING", "F200_A_FIRST", "F200_IND1",
    "F100_A_LENGTH", "F100_A_DATE_ENTERED", "F101_LANGUAGE_CODE", "F102_COUNTRY_CODE",
    "F010_ISBN_CHECKDIGIT", "F801_C_DATE", "F801_IND2", "F7XX_RELATOR_CODE", "SUBFIELD_UNDEFINED",
}  # fmt: skip
FILES = (
    "sciencespo-fnsp_iso2709__reference_manager__cotes.mrc",
    "sciencespo-fnsp_iso2709__reference_manager__periouni_first300.mrc",
    "bnf_sru_marcxchange__rero-ils__bnf_anywhere_all_peter.xml",
    "bncf_unimarcslim__gbergamin-unimarcxml.xml",
    "sudoc_marcxml-nons__marcxml2tei.xml",
    "bsg_sainte-genevieve_marcxml-nons__reference_manager.xml",
    "bnr-romania_iso2709__qa-catalogue.mrc",
)


@pytest.fixture(scope="module")
def records(real_dir):
    """copiste's samples (valid under strict) and real records of seven sources."""
    found = load_samples()
    for name in FILES:
        found.extend(r for r in read_records(real_dir / name) if not isinstance(r, ReadError))
    return found


def test_operators_use_exactly_the_contract_rule_ids():
    assert {op.rule for op in OPERATORS.values()} == CONTRACT_IDS


@pytest.mark.parametrize("ruleset", sorted(RULESETS))
def test_every_targeted_rule_is_an_error_in_every_rule_set(ruleset):
    rules = {r.id: r for r in get_ruleset(ruleset).rules}
    reader_rules = {"XML_WELLFORMED"}  # reported by the readers, before any rule runs
    missing = sorted(CONTRACT_IDS - reader_rules - set(rules))
    assert not missing, f"rule set {ruleset} lacks {missing}"
    assert all(str(rules[r].severity) == "error" for r in CONTRACT_IDS - reader_rules)


def test_a_corrupted_record_is_always_rejected_by_its_labelled_rule(records):
    """Wherever a record keeps the rule an operator targets, the corruption breaks it, as an
    error (so the record is invalid), in every rule set."""
    assert len(records) >= 400
    applied: dict[str, int] = dict.fromkeys(OPERATORS, 0)
    misses = []
    before = {
        rs: [{f.rule for f in validate(r, rules=rs).errors} for r in records] for rs in RULESETS
    }
    for index, record in enumerate(records):
        rng = random.Random(index)
        for name, op in OPERATORS.items():
            corrupted = corrupt(record, name, rng)
            if corrupted is None:
                continue
            for ruleset in RULESETS:
                if op.rule in before[ruleset][index]:
                    continue  # already broken in the source: nothing to prove here
                applied[name] += 1
                report = validate(corrupted.text, rules=ruleset)
                if report.valid or op.rule not in {f.rule for f in report.errors}:
                    misses.append((record.record_id, name, ruleset, sorted(report.broken_rules)))
    assert not misses, misses[:10]
    # Every operator was proved on many records, not on a handful.
    assert all(n >= 100 for n in applied.values()), applied


def test_samples_become_invalid_under_every_operator():
    for index, record in enumerate(load_samples()):
        assert validate(record).valid
        for name in OPERATORS:
            corrupted = corrupt(record, name, random.Random(index))
            if corrupted is not None:
                assert not validate(corrupted.text).valid, (record.record_id, name)


def test_corruption_leaves_the_record_alone_and_is_deterministic(records):
    record = records[0]
    before = record.to_marcxml()
    first = [c.text for c in corruptions(record, seed="x", count=5)]
    again = [c.text for c in corruptions(record, seed="x", count=5)]
    assert record.to_marcxml() == before
    assert first == again and len(first) == 5 and len(set(first)) == 5
