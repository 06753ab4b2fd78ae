"""GRPO reward functions: the validators' checks, plus agreement with the gold record.

The validators' rewards give per-rule partial credit (a record that breaks one light rule scores
near 1, malformed XML scores 0) but read XML only; `record_score` judges a completion in either
syntax (MarcEdit lines or MARCXML) exactly as `copiste catalogue` delivers it: parsed, system
fields filled, all rules run, so the policy is rewarded for what evaluation will count. Validity
alone cannot tell a record of the wrong book from one of the right book, so `field_f1` adds
agreement with the gold record carried by the GRPO dataset. All follow TRL's signature:
`f(completions, **columns) -> list[float]`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from distill.canonical import field_triples, gold_triples, parse_record
from distill.formats import strip_reasoning
from validators.rewards import REWARDS, completion_text

Reward = Callable[..., list[float]]


def prf(predicted: Counter, gold: Counter) -> tuple[float, float, float]:
    """Precision, recall and F1 of two multisets; 0 where undefined."""
    return _prf(sum((predicted & gold).values()), sum(predicted.values()), sum(gold.values()))


def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = hits / predicted if predicted else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Tally:
    """Micro precision, recall and F1 over many records, each record's triples matched against
    its own gold only: pooling the triples of a split before matching would count a value found
    in one record as a hit for another record that has it."""

    hits: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: Counter, gold: Counter) -> None:
        self.hits += sum((predicted & gold).values())
        self.predicted += sum(predicted.values())
        self.gold += sum(gold.values())

    def prf(self) -> tuple[float, float, float]:
        return _prf(self.hits, self.predicted, self.gold)


def field_f1(completions: list[Any], gold: list[str] | None = None, **_: Any) -> list[float]:
    """F1 of (tag, subfield, value) triples between each completion and its gold record."""
    if gold is None:
        return [0.0] * len(completions)
    scores = []
    for completion, reference in zip(completions, gold, strict=True):
        predicted = parse_record(strip_reasoning(completion_text(completion)))
        expected = gold_triples(reference)
        if predicted is None or expected is None:
            scores.append(0.0)
            continue
        scores.append(prf(field_triples(predicted), expected)[2])
    return scores


def record_score(completions: list[Any], **_: Any) -> list[float]:
    """Strict rule score (partial credit per broken rule, 0 when no record can be read) of each
    completion's record as `copiste catalogue` would deliver it."""
    from distill.catalogue import judge
    from validators.roles import TARGET_SETTINGS

    scores = []
    for completion in completions:
        text = strip_reasoning(completion_text(completion))
        syntax = "marcxml" if "<record" in text else "mrk"
        scores.append(judge(text, syntax, "strict", TARGET_SETTINGS)[1].score)
    return scores


def reward_functions(names: list[str]) -> list[Reward]:
    """Reward functions by name: the validators' registry, `record_score` and `field_f1`."""
    registry = {**REWARDS, "record_score": record_score, "field_f1": field_f1}
    unknown = [n for n in names if n not in registry]
    if unknown:
        raise ValueError(
            f"unknown reward {', '.join(unknown)}; choose from {', '.join(sorted(registry))}"
        )
    return [registry[n] for n in names]
