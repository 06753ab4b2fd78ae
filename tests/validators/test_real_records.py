"""Every real record is read and reported; how many are valid, per source and rule set."""

from __future__ import annotations

from validators.readers import ReadError, read_records
from validators.rulesets import RULESETS, get_ruleset
from validators.validate import error_report, validate_source

MODIFIED = "MODIFIED"  # kalidos fixtures, edited on purpose to break rules: not pristine


def real_files(real_dir):
    return sorted(p for p in real_dir.iterdir() if p.suffix in (".xml", ".mrc"))


def test_every_real_record_is_reported_and_counted(real_dir, validity_table):
    totals = {name: [0, 0] for name in RULESETS}
    xml_totals = {name: [0, 0] for name in RULESETS}
    for path in real_files(real_dir):
        items = list(read_records(path))
        assert items and not any(isinstance(i, ReadError) for i in items), path.name
        for name in RULESETS:
            ruleset = get_ruleset(name)
            reports = [ruleset.run(r) for r in items]
            for report in reports:
                assert 0.0 <= report.score <= 1.0
                assert report.valid == (not report.errors)
                assert all(f.rule and f.message for f in report.findings)
            valid = sum(r.valid for r in reports)
            validity_table.append((path.name, name, valid, len(reports)))
            if MODIFIED not in path.name:
                totals[name][0] += valid
                totals[name][1] += len(reports)
                if path.suffix == ".xml":
                    xml_totals[name][0] += valid
                    xml_totals[name][1] += len(reports)
    for name in RULESETS:
        validity_table.append(("all pristine records", name, *totals[name]))
        validity_table.append(("pristine XML records", name, *xml_totals[name]))
    lenient_valid, pristine = totals["lenient"]
    assert pristine > 600
    # The lenient set is meant for data as libraries hold it: it accepts the great majority.
    assert lenient_valid / pristine >= 0.85
    assert xml_totals["lenient"][0] / xml_totals["lenient"][1] >= 0.7
    # IFLA as written is stricter than any library's practice, but not blind to good records.
    assert 0 < totals["strict"][0] < lenient_valid


def test_modified_fixtures_are_flagged(real_dir):
    """The kalidos records were edited to break rules: the lenient set still rejects them all."""
    path = real_dir / "sudoc_MODIFIED-test-fixtures__kalidos.xml"
    reports = list(validate_source(path, rules="lenient"))
    assert len(reports) == 84
    assert not any(r.valid for r in reports)


def test_validate_source_reports_every_record_in_order(real_dir):
    path = real_dir / "sudoc_marcxml-nons__periscope-back.xml"
    ids = [r.record_id for r in validate_source(path)]
    assert ids == [r.record_id for r in read_records(path)]


def test_error_report_of_a_read_error():
    report = error_report(ReadError("XML_WELLFORMED", "malformed XML: boom", 3, 7))
    assert not report.valid and report.score == 0.0
    assert report.to_dict()["findings"][0] == {
        "rule": "XML_WELLFORMED",
        "severity": "error",
        "message": "malformed XML: boom",
        "tag": None,
        "line": 3,
        "column": 7,
    }
