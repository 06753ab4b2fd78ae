"""The report's held-out examples: which are shown, and each finding on its field's line."""

from __future__ import annotations

from server.demo.examples import picks, shown_examples
from validators.formats.mrk import record_to_mrk
from validators.samples import load_samples


def test_picks_spread_over_the_split_by_position():
    assert picks(8) == [0, 4, 7]
    assert picks(3) == [0, 1, 2]
    assert picks(2) == [0, 1]


def evaluation_of(answers: dict[str, str]) -> dict:
    gold = load_samples()[0]
    return {
        "n": 1,
        "syntax": "mrk",
        "rules": "lenient",
        "ids": ["r1"],
        "golds": [gold.to_marcxml()],
        "models": {label: {"examples": [{"answer": a}]} for label, a in answers.items()},
    }


def test_findings_sit_on_the_field_they_blame_and_gold_lines_are_marked():
    right = record_to_mrk(load_samples()[0])
    wrong = right.replace("=101  0\\$afre", "=101  0\\$azzz")
    assert wrong != right
    (example,) = shown_examples(
        evaluation_of({"base": "no record here", "trained": wrong}), {"r1": "Les jardins"}
    )
    assert example.description == "Les jardins"
    base, trained = example.answers["base"], example.answers["trained"]
    assert not base.valid and base.record_findings and base.record_findings[0].startswith("NO_")
    assert not trained.valid and not trained.record_findings
    blamed = {line.text: line.findings for line in trained.lines if line.findings}
    assert list(blamed) == ["=101  0\\$azzz"]
    assert blamed["=101  0\\$azzz"][0].startswith("F101_LANGUAGE_CODE")
    gold = {line.text for line in example.gold.lines}
    assert "=200  1\\$aLes jardins de la rive haute$eroman$fClaire Vasseur" in gold
    # A line the gold record holds is marked as such; the miswritten one is not.
    marked = {line.text for line in trained.lines if line.in_gold}
    assert "=101  0\\$azzz" not in marked and marked <= gold and len(marked) > 8
