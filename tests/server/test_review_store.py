"""The review queue without a server: items from a generation run and from catalogue output,
verdicts kept across reopening, findings placed on their lines, and the export contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from server.review.check import check
from server.review.export import FIELDS, write_export
from server.review.items import SourceProblem, items_from, make_item
from server.review.store import Review, ReviewStore
from validators.formats.mrk import record_to_mrk
from validators.samples import load_samples, sample_path

REPO = Path(__file__).resolve().parents[2]


def copiste(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """A real generation run: the rule-based teacher writes descriptions of the samples."""
    out = tmp_path_factory.mktemp("run") / "run"
    done = copiste(
        "generate", "--task", "unimarc", "--method", "backtranslation", "--teacher", "isbd",
        "--seeds", str(sample_path()), "--n", "3", "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def verdict(item_id: str, reviewer: str, value: str, corrected: str | None = None) -> Review:
    return Review(item_id, reviewer, value, corrected, None, "2026-01-01T00:00:00.000Z", "v1")


def test_a_run_becomes_items_in_mrk_with_their_report(run_dir):
    items = items_from(run_dir)
    examples = [json.loads(line) for line in (run_dir / "examples.jsonl").open()]
    assert [i.description for i in items] == [e["question"].strip() for e in examples]
    assert [i.source_id for i in items] == [e["id"] for e in examples]
    for item in items:
        assert item.syntax == "mrk" and item.record.startswith("=LDR  ")
        assert item.report["valid"] is True and item.rules == "strict"
    # The examples file itself, a second time: same items, nothing new in the store.
    assert [i.id for i in items_from(run_dir / "examples.jsonl")] == [i.id for i in items]


def test_adding_twice_adds_once_and_verdicts_survive_reopening(tmp_path, run_dir):
    path = tmp_path / "reviews.sqlite"
    with ReviewStore(path) as store:
        added, ids = store.add(items_from(run_dir))
        assert added == 3 and store.add(items_from(run_dir))[0] == 0
        store.record_verdict(verdict(ids[0], "alice", "good"))
        store.record_verdict(verdict(ids[0], "bob", "bad"))
        store.record_verdict(verdict(ids[1], "alice", "bad"))
        store.record_verdict(verdict(ids[1], "alice", "good"))  # alice changes her mind
    with ReviewStore(path) as store:
        got = [(r.item_id, r.reviewer, r.verdict) for r in store.reviews()]
        assert got == [(ids[0], "alice", "good"), (ids[0], "bob", "bad"), (ids[1], "alice", "good")]
        assert store.next_item("alice").id == ids[2]
        assert store.next_item("bob").id == ids[1]
        assert store.next_item("bob", after=ids[1]).id == ids[2]
        assert store.next_item("bob", after=ids[2]).id == ids[1]  # wraps round
        progress = store.progress("alice")
        # Every record is valid: bob's "bad" is the one verdict that disagrees with the rules.
        assert progress == {
            "items": 3, "reviewed": 2, "verdicts": 3, "yours": 2, "remaining": 1,
            "agreement": round(2 / 3, 4),
        }  # fmt: skip


def test_findings_are_placed_on_the_line_of_their_field():
    text = record_to_mrk(load_samples()[0]).replace("=200  1\\", "=200  7\\")
    report = check(text, "mrk", "strict")
    lines = text.split("\n")
    placed = {f["rule"]: f.get("line") for f in report["findings"]}
    assert not report["valid"] and lines[placed["F200_IND1"] - 1].startswith("=200  7")
    stray = "=LDR  00000nam\\\\2200000\\\\\\450\\\n=200  1\\$aTitre\nnot a field"
    broken = check(stray, "mrk", "strict")
    assert broken["findings"][0]["rule"] == "MRK_SYNTAX" and broken["findings"][0]["line"] == 3


def test_a_record_that_does_not_parse_is_kept_as_written():
    item = make_item("Un livre", "<record><datafield tag='200'>", source="api", rules="strict")
    assert item.syntax == "marcxml" and item.record == "<record><datafield tag='200'>"
    assert item.report["valid"] is False


def test_catalogue_output_needs_its_descriptions(tmp_path):
    record = load_samples()[1]
    output = tmp_path / "records.jsonl"
    row = {"id": "d1", "record": record.to_marcxml(), "valid": True, "score": 1.0, "findings": []}
    output.write_text(json.dumps(row) + "\n" + json.dumps({**row, "id": "d2", "record": None}))
    with pytest.raises(SourceProblem, match="--descriptions"):
        items_from(output)
    descriptions = tmp_path / "in.jsonl"
    descriptions.write_text(json.dumps({"id": "d1", "description": "Un roman, 2021"}) + "\n")
    (item,) = items_from(output, descriptions=descriptions)  # d2 wrote no record
    assert (item.description, item.source_id, item.rules) == ("Un roman, 2021", "d1", "lenient")
    assert item.record == record_to_mrk(record)
    # Output whose lines carry their description needs no --descriptions.
    output.write_text(json.dumps({**row, "description": "Un roman, Lyon, 2021"}) + "\n")
    (item,) = items_from(output)
    assert (item.description, item.source_id) == ("Un roman, Lyon, 2021", "d1")


def test_export_writes_one_line_per_verdict_with_the_students_prompt(tmp_path, run_dir):
    from distill.prompting import student_messages

    with ReviewStore(tmp_path / "reviews.sqlite") as store:
        _, ids = store.add(items_from(run_dir))
        item = store.item(ids[0])
        fixed = item.record.replace("$aLes jardins", "$aLes Jardins")
        store.record_verdict(verdict(ids[0], "alice", "bad", fixed))
        store.record_verdict(verdict(ids[0], "bob", "good"))
        count = write_export(store, tmp_path / "reviews.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "reviews.jsonl").open()]
    assert count == 2 and [tuple(row) for row in rows] == [FIELDS, FIELDS]
    first = rows[0]
    assert first["prompt"] == student_messages(item.description, "mrk")
    assert (first["record"], first["corrected"], first["syntax"]) == (item.record, fixed, "mrk")
    assert (first["source"], first["checks_version"]) == (str(run_dir), "v1")
    assert [(r["reviewer"], r["verdict"]) for r in rows] == [("alice", "bad"), ("bob", "good")]


def test_review_commands_add_and_export(tmp_path, run_dir):
    data = tmp_path / "data"
    added = copiste("review", "add", str(run_dir), "--data-dir", str(data))
    assert added.returncode == 0, added.stderr
    assert "3 records, 3 new to review" in added.stdout
    with ReviewStore(data / "reviews.sqlite") as store:
        store.record_verdict(verdict(store.next_item("alice").id, "alice", "good"))
    exported = copiste("review", "export", str(data))
    assert exported.returncode == 0 and "1 verdicts written" in exported.stdout
    assert len((data / "reviews.jsonl").read_text().splitlines()) == 1
    missing = copiste("review", "add", str(tmp_path / "nothing"), "--data-dir", str(data))
    assert missing.returncode == 2 and missing.stderr.startswith("error: ")
    assert "no such file or folder" in missing.stderr and "Traceback" not in missing.stderr
