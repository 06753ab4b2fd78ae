"""Held-out examples as a cataloguer reads them: the description, each model's record and the
gold record, one field per line, every finding of the rules marked on the field it is about.

The records are judged again here as `copiste catalogue` delivers them (parsed, system fields
filled, validated under the evaluation's rules), so a line marked in the report is the field the
checkers blame, not a guess from the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

SHOWN = 3


class ShownLine(BaseModel):
    text: str
    findings: list[str] = Field(default_factory=list)
    # True when the gold record holds this field line as well (same tag, indicators, subfields).
    in_gold: bool = False


class ShownRecord(BaseModel):
    valid: bool
    lines: list[ShownLine]
    # Findings about the record as a whole, or about a field it lacks.
    record_findings: list[str] = Field(default_factory=list)


class ShownExample(BaseModel):
    id: str
    description: str
    answers: dict[str, ShownRecord]
    gold: ShownRecord


def picks(n: int, shown: int = SHOWN) -> list[int]:
    """Indices spread evenly over the `n` evaluated records (first, middle, last for three):
    chosen by position, never by how well a model did on them."""
    if n <= shown:
        return list(range(n))
    return sorted({round(i * (n - 1) / (shown - 1)) for i in range(shown)})


def shown_examples(
    evaluation: dict[str, Any], descriptions: dict[str, str], shown: int = SHOWN
) -> list[ShownExample]:
    """`shown` held-out examples of an evaluation (`distill.evaluate`'s report), each with the
    answers of every model it evaluated."""
    from distill.canonical import parse_record
    from distill.scoring import EVAL_SETTINGS
    from validators.roles import fill_system_fields

    syntax, rules = evaluation.get("syntax", "mrk"), evaluation.get("rules", "lenient")
    out = []
    for i in picks(evaluation["n"], shown):
        example_id = evaluation["ids"][i]
        gold = parse_record(evaluation["golds"][i])
        # Filled as the answers are, so copiste's own fields read alike on both sides.
        gold_lines = _mrk_lines(fill_system_fields(gold, EVAL_SETTINGS)) if gold else []
        answers = {
            label: _shown(model["examples"][i]["answer"], syntax, rules, set(gold_lines))
            for label, model in evaluation["models"].items()
        }
        gold_shown = ShownRecord(
            valid=True, lines=[ShownLine(text=line, in_gold=True) for line in gold_lines]
        )
        out.append(
            ShownExample(
                id=example_id,
                description=descriptions.get(example_id, ""),
                answers=answers,
                gold=gold_shown,
            )
        )
    return out


def _mrk_lines(record) -> list[str]:
    from validators.formats.mrk import record_to_mrk

    return record_to_mrk(record).splitlines()


def _shown(answer: str, syntax: str, rules: str, gold: set[str]) -> ShownRecord:
    """One answer judged, its lines each carrying the findings about their field."""
    from distill.catalogue import judge
    from distill.formats import strip_reasoning
    from distill.scoring import EVAL_SETTINGS

    record, report = judge(strip_reasoning(answer), syntax, rules, EVAL_SETTINGS)
    findings = [f for f in report.findings if str(f.severity) == "error"]
    if record is None:  # unreadable: the raw lines, the reader's finding on its line
        lines = [ShownLine(text=text) for text in (answer.splitlines() or [""])]
        loose = []
        for f in findings:
            if f.line and 1 <= f.line <= len(lines):
                lines[f.line - 1].findings.append(_say(f))
            else:
                loose.append(_say(f))
        return ShownRecord(valid=False, lines=lines, record_findings=loose)
    lines = [ShownLine(text=text, in_gold=text in gold) for text in _mrk_lines(record)]
    by_tag: dict[str, list[ShownLine]] = {}
    for line in lines:
        by_tag.setdefault(_tag(line.text), []).append(line)
    loose = []
    for f in findings:
        tag = "LDR" if f.tag in ("LDR", "leader") else f.tag
        if tag and tag in by_tag:
            by_tag[tag][0].findings.append(_say(f))
        else:
            loose.append(_say(f))
    return ShownRecord(valid=report.valid, lines=lines, record_findings=loose)


def _tag(line: str) -> str:
    return line[1:4] if line.startswith("=") else ""


def _say(finding) -> str:
    where = f"${finding.subfield} " if finding.subfield else ""
    return f"{finding.rule}: {where}{finding.message}"


def descriptions_of(rows: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Each row's description (the last user turn of its prompt), by row id."""
    from distill.prompting import description_of

    return {row["id"]: description_of(row["prompt"]) for row in rows}
