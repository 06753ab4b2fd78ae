"""GRPO reward functions: the validators' checks, plus agreement with the gold record.

The validators' rewards give per-rule partial credit (a record that breaks one light rule scores
near 1, malformed XML scores 0); validity alone cannot tell a record of the wrong book from one
of the right book, so `field_f1` adds agreement with the gold record carried by the GRPO dataset.
All follow TRL's signature: `f(completions, **columns) -> list[float]`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from distill.canonical import field_triples, parse_record
from distill.formats import strip_reasoning

Reward = Callable[..., list[float]]


def completion_text(completion: Any) -> str:
    """The text of a completion, conversational ([{'role', 'content'}]) or plain."""
    if isinstance(completion, list):
        return "".join(m.get("content") or "" for m in completion if isinstance(m, dict))
    return str(completion)


def prf(predicted: Counter, gold: Counter) -> tuple[float, float, float]:
    """Precision, recall and F1 of two multisets; 0 where undefined."""
    hits = sum((predicted & gold).values())
    p = hits / sum(predicted.values()) if predicted else 0.0
    r = hits / sum(gold.values()) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def field_f1(completions: list[Any], gold: list[str] | None = None, **_: Any) -> list[float]:
    """F1 of (tag, subfield, value) triples between each completion and its gold record."""
    if gold is None:
        return [0.0] * len(completions)
    scores = []
    for completion, reference in zip(completions, gold, strict=True):
        predicted = parse_record(strip_reasoning(completion_text(completion)))
        expected = parse_record(reference)
        if predicted is None or expected is None:
            scores.append(0.0)
            continue
        scores.append(prf(field_triples(predicted), field_triples(expected))[2])
    return scores


def _validators_rewards() -> dict[str, Reward]:
    try:
        from validators.rewards import REWARDS
    except ImportError:  # TEMPORARY until the validators branch lands its rewards module
        from validators import validate

        def unimarc(completions: list[Any], **_: Any) -> list[float]:
            texts = [strip_reasoning(completion_text(c)) for c in completions]
            return [validate(t).score for t in texts]

        def xml_wellformed(completions: list[Any], **_: Any) -> list[float]:
            texts = [strip_reasoning(completion_text(c)) for c in completions]
            return [float(parse_record(t) is not None) for t in texts]

        return {"unimarc": unimarc, "xml_wellformed": xml_wellformed}
    return dict(REWARDS)


def reward_functions(names: list[str]) -> list[Reward]:
    """Reward functions by name: the validators' registry first, then `field_f1`."""
    registry = {**_validators_rewards(), "field_f1": field_f1}
    unknown = [n for n in names if n not in registry]
    if unknown:
        raise ValueError(
            f"unknown reward {', '.join(unknown)}; choose from {', '.join(sorted(registry))}"
        )
    return [registry[n] for n in names]
