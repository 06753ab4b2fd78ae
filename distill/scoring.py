"""The figures of an evaluation: validity, rule scores and agreement with the gold records.

A record is graded as `copiste catalogue` delivers it: parsed from the model's answer, system
fields filled by copiste (`validators.roles`), judged by the rules. Agreement with the gold
record counts (tag, subfield, value) triples after normalisation, each record's against its
own gold, micro-averaged over the split, in two views: the descriptive fields
(`roles.DESCRIPTIVE_TAGS`, what a description can carry) and the whole record. Fields copiste
writes from its settings (001, 005, 801, 100$a's system positions) are left out of both, on
both sides: they measure the settings, not the
model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from distill.canonical import field_triples, normalise_value, parse_record
from distill.catalogue import ANSWER_CUT, Catalogued, judge
from distill.formats import strip_reasoning
from distill.rewards import Tally, prf
from generator.parsing import final_number, numbers_equal
from validators.readers import recover_fields
from validators.record import Record
from validators.report import Report
from validators.roles import DESCRIPTIVE_TAGS, SYSTEM_TAGS, TARGET_SETTINGS, fill_system_fields
from validators.validate import validate

Triples = Counter[tuple[str, str, str]]
# Records of an evaluation carry a fixed date: the same answers give the same figures any day.
EVAL_SETTINGS = TARGET_SETTINGS


def record_triples(record: Record | None) -> Triples:
    """Triples of a record with the system's fields out and 100$a's system positions set to
    one constant, so a gold from another library's system compares on content alone."""
    if record is None:
        return Counter()
    filled = fill_system_fields(record, TARGET_SETTINGS)
    return Counter({t: n for t, n in field_triples(filled).items() if t[0] not in SYSTEM_TAGS})


def descriptive(triples: Triples) -> Triples:
    return Counter({t: n for t, n in triples.items() if t[0] in DESCRIPTIVE_TAGS})


@lru_cache(maxsize=4096)
def _gold(gold: str) -> tuple[Triples, str | None]:
    record = parse_record(gold)
    title = record.first("200", "a") if record is not None else None
    return record_triples(record), normalise_value(title) if title else None


def score_records(
    outcomes: Sequence[Catalogued], golds: Sequence[str], *, syntax: str, rules: str
) -> dict[str, Any]:
    """The figures of one model over the split; `rules` is the set the run decoded and chose
    under (its validity is `validity_rate`), and both rule sets are reported beside it."""
    failures: Counter[str] = Counter()
    whole, desc = Tally(), Tally()
    per_example = []
    for outcome, gold in zip(outcomes, golds, strict=True):
        record = outcome.record
        if record is None and syntax == "marcxml":
            # Agreement counts what can be read even from an unfinished record; validity
            # stays with the rules.
            record = recover_fields(strip_reasoning(outcome.answer))
        predicted = record_triples(record)
        reference, gold_title = _gold(gold)
        verdicts = {name: _verdict(outcome, name, rules) for name in ("lenient", "strict")}
        failures.update({f.rule for f in outcome.report.errors})
        whole.add(predicted, reference)
        desc.add(descriptive(predicted), descriptive(reference))
        p, r, f1 = prf(predicted, reference)
        title = record.first("200", "a") if record is not None else None
        per_example.append(
            {
                "valid": outcome.report.valid,
                "valid_lenient": verdicts["lenient"].valid,
                "valid_strict": verdicts["strict"].valid,
                "score": outcome.report.score,
                "precision": p,
                "recall": r,
                "f1": f1,
                "descriptive_f1": prf(descriptive(predicted), descriptive(reference))[2],
                "title_exact": bool(title and gold_title == normalise_value(title)),
                "rules": sorted({f.rule for f in outcome.report.errors}),
            }
        )
    n = len(per_example) or 1
    p, r, f1 = whole.prf()
    dp, dr, df1 = desc.prf()

    def rate(key: str) -> float:
        return sum(e[key] for e in per_example) / n

    return {
        "n": len(per_example),
        "validity_rate": rate("valid"),
        "validity_lenient": rate("valid_lenient"),
        "validity_strict": rate("valid_strict"),
        "mean_score": rate("score"),
        "descriptive_precision": dp,
        "descriptive_recall": dr,
        "descriptive_f1": df1,
        "field_precision": p,
        "field_recall": r,
        "field_f1": f1,
        "mean_example_f1": rate("f1"),
        "title_exact": rate("title_exact"),
        "failures_per_rule": dict(failures.most_common()),
        "examples": per_example,
    }


def _verdict(outcome: Catalogued, name: str, rules: str) -> Report:
    """The outcome's report under rule set `name`; an answer with no record, or one cut by the
    token budget (its record incomplete), fails under every set."""
    cut = any(f.rule == ANSWER_CUT for f in outcome.report.findings)
    if name == rules or outcome.record is None or cut:
        return outcome.report
    return validate(outcome.record, rules=name)


def score_math(answers: Sequence[str], golds: Sequence[str]) -> dict[str, Any]:
    """Math answers graded by the generator's own check, which accepted the data: "12.50" is
    12.5, and an "Answer:" or "####" marker names the answer over the numbers of the working."""
    per_example = []
    for answer, gold in zip(answers, golds, strict=True):
        correct = numbers_equal(final_number(strip_reasoning(answer)), gold)
        per_example.append({"valid": correct, "score": float(correct), "f1": float(correct)})
    n = len(per_example) or 1
    rate = sum(e["valid"] for e in per_example) / n
    return {
        "n": len(per_example),
        "validity_rate": rate,
        "mean_score": rate,
        "field_precision": 0.0,
        "field_recall": 0.0,
        "field_f1": 0.0,
        "mean_example_f1": rate,
        "failures_per_rule": {},
        "examples": per_example,
    }


def score_answers(
    answers: Sequence[str],
    golds: Sequence[str],
    tasks: Sequence[str],
    rules: str = "strict",
    *,
    syntax: str = "marcxml",
) -> dict[str, Any]:
    """Figures of raw answers (a teacher's, a bench's): each UNIMARC answer is parsed and
    judged as `copiste catalogue` would, with the default system settings."""
    if tasks and tasks[0] == "math":
        return score_math(answers, golds)
    outcomes = [
        Catalogued(str(i), *judge(strip_reasoning(a), syntax, rules, EVAL_SETTINGS), answer=a)
        for i, a in enumerate(answers)
    ]
    return score_records(outcomes, golds, syntax=syntax, rules=rules)
