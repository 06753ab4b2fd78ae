"""The four generation methods, for each task: what to ask the teacher and how to judge the answer.

- backtranslation, {answer} -> question: from a real record (or a calculation), the teacher
  writes what a cataloguer (or pupil) would receive; the seed is the gold answer.
- answer, question -> {answer}: the teacher writes the record (or the number).
- reasoning, question -> {reasoning} -> answer: the same with a trace kept apart.
- synthesis, {question} -> {answer}: from a topic, the teacher invents both sides.

A method renders the variables its template needs and turns one completion into a `Judgement`:
the example's question, answer, reasoning, and a verdict from the validators plus the
generator's own checks (grounding, numeric answer, arithmetic). Judging never calls the teacher,
so stored completions can be judged again when the validators change.

`base.py` holds `Method` and `Judgement`; `unimarc.py` and `math_problems.py` the methods of each
task; this module their registry.
"""

from __future__ import annotations

from generator.methods.base import Judgement, Method
from generator.methods.math_problems import (
    MathAnswer,
    MathBacktranslation,
    MathReasoning,
    MathSynthesis,
)
from generator.methods.unimarc import (
    UnimarcAnswer,
    UnimarcBacktranslation,
    UnimarcReasoning,
    UnimarcSynthesis,
)
from generator.names import METHODS, TASKS

__all__ = ["METHODS", "REGISTRY", "TASKS", "Judgement", "Method", "get_method"]

REGISTRY: dict[tuple[str, str], Method] = {
    (m.task, m.name): m
    for m in (
        UnimarcBacktranslation(),
        UnimarcAnswer(),
        UnimarcReasoning(),
        UnimarcSynthesis(),
        MathBacktranslation(),
        MathAnswer(),
        MathReasoning(),
        MathSynthesis(),
    )
}


def get_method(task: str, method: str) -> Method:
    try:
        return REGISTRY[(task, method)]
    except KeyError:
        raise ValueError(
            f"unknown task/method {task}/{method}; tasks: {', '.join(TASKS)}; "
            f"methods: {', '.join(METHODS)}"
        ) from None
