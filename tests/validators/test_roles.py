"""Field roles: copiste fills the system's fields; students are trained on descriptive ones."""

from __future__ import annotations

import datetime as dt

from validators import validate
from validators.roles import (
    DESCRIPTIVE_TAGS,
    SYSTEM_TAGS,
    SystemSettings,
    fill_system_fields,
    student_view,
)
from validators.samples import load_samples


def test_student_view_keeps_descriptive_fields_and_drops_the_system_ones():
    for record in load_samples():
        view = student_view(record)
        tags = {f.tag for f in view.fields}
        assert not tags & SYSTEM_TAGS
        assert tags <= DESCRIPTIVE_TAGS | {"100"}
        kept = [f for f in record.data_fields if f.tag in DESCRIPTIVE_TAGS]
        assert [f for f in view.data_fields if f.tag != "100"] == kept
        assert view.first("100", "a")[:8] == "20000101"
        assert len(view.leader) == 24


def test_filled_student_view_is_valid_where_the_source_was():
    settings = SystemSettings(agency="Test", country="FR", date=dt.date(2026, 1, 2))
    for record in load_samples():
        if not validate(record.to_marcxml()).valid:
            continue
        filled = fill_system_fields(student_view(record), settings)
        report = validate(filled.to_marcxml())
        assert report.valid, [f.rule for f in report.findings]
        assert filled.first("801", "c") == "20260102"
        assert filled.first("801", "b") == "Test"
        assert filled.first("100", "a")[:8] == "20260102"
        assert filled.record_id


def test_fill_keeps_an_existing_id_and_derives_a_stable_one_otherwise():
    record = student_view(load_samples()[0])
    first = fill_system_fields(record).record_id
    assert first == fill_system_fields(record).record_id
    assert first.startswith("copiste-")
    with_id = fill_system_fields(load_samples()[0])
    assert with_id.record_id == load_samples()[0].record_id
