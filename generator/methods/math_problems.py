"""The math methods: a calculation to a word problem (backtranslation), a problem to its number
(answer, reasoning), a topic to both (synthesis). Verdicts use the finding ids `MATH_*`.
"""

from __future__ import annotations

from typing import Any

from generator.checks import ExpressionError, evaluate, operands_present
from generator.methods.base import Judgement, Method, copies_fewshot, topic_of
from generator.parsing import (
    clean_prose,
    final_number,
    json_object,
    normalise_number,
    numbers_equal,
    split_reasoning,
    tagged,
)
from generator.seeds import Seed
from generator.teachers.base import Completion, Structured

NUMBER_REGEX = r"-?[0-9]+(\.[0-9]+)?"


def _math_verdict(checks: dict[str, Any], findings: list[dict[str, str]]) -> tuple[dict, bool]:
    valid = not findings
    verdict = {"valid": valid, "score": 1.0 if valid else 0.0, "findings": findings}
    verdict["checks"] = checks
    return verdict, valid


def _finding(rule: str, message: str) -> dict[str, str]:
    return {"rule": rule, "severity": "error", "message": message}


def _copy_finding(checks: dict[str, Any]) -> list[dict[str, str]]:
    if checks["original"]:
        return []
    return [_finding("FEWSHOT_COPY", "the problem copies the prompt's worked example")]


class MathBacktranslation(Method):
    task, name, max_tokens = "math", "backtranslation", 192
    needs = "problems with an expression and an answer"

    def usable(self, seed: Seed) -> bool:
        return bool(seed.expression and seed.answer)

    def variables(self, seed: Seed, lang: str) -> dict[str, Any]:
        return {"expression": seed.expression, "answer": seed.answer}

    def judge(
        self, seed: Seed, completion: Completion, *, lang: str, rules: str, syntax: str = "marcxml"
    ) -> Judgement:
        assert seed.expression is not None and seed.answer is not None
        _, rest = split_reasoning(completion.text, completion.reasoning)
        question = clean_prose(rest)
        _, operands = evaluate(seed.expression)
        checks = {
            "question": "?" in question,
            "operands": operands_present(question, operands),
            "original": not copies_fewshot(question, "math"),
        }
        findings = _copy_finding(checks)
        if not checks["question"]:
            findings.append(_finding("MATH_NO_QUESTION", "the problem asks no question"))
        if not checks["operands"]:
            findings.append(
                _finding("MATH_OPERANDS_MISSING", f"not every number of {seed.expression} is given")
            )
        verdict, accepted = _math_verdict(checks, findings)
        return Judgement(question, seed.answer, None, seed.answer, verdict, accepted)


class MathAnswer(Method):
    task, name, max_tokens = "math", "answer", 32
    needs = "problems (question, answer)"
    with_reasoning = False

    def usable(self, seed: Seed) -> bool:
        return bool(seed.question)

    def variables(self, seed: Seed, lang: str) -> dict[str, Any]:
        return {"question": seed.question}

    def structured(self, syntax: str, rules: str) -> Structured | None:
        return Structured(regex=NUMBER_REGEX)

    def judge(
        self, seed: Seed, completion: Completion, *, lang: str, rules: str, syntax: str = "marcxml"
    ) -> Judgement:
        assert seed.question is not None
        reasoning, rest = split_reasoning(completion.text, completion.reasoning)
        number = final_number(rest)
        checks: dict[str, Any] = {"numeric": number is not None}
        findings = []
        if self.with_reasoning:
            checks["reasoning"] = bool(reasoning)
            if not reasoning:
                findings.append(_finding("REASONING_MISSING", "no reasoning before the answer"))
        if number is None:
            findings.append(_finding("MATH_NO_NUMBER", "the answer holds no number"))
        if seed.answer is not None:
            checks["correct"] = numbers_equal(number, seed.answer)
            if number is not None and not checks["correct"]:
                findings.append(
                    _finding("MATH_WRONG_ANSWER", f"{number} is not the expected {seed.answer}")
                )
        verdict, accepted = _math_verdict(checks, findings)
        answer = number if number is not None else rest.strip()
        return Judgement(
            seed.question,
            answer,
            reasoning if self.with_reasoning else None,
            seed.answer,
            verdict,
            accepted,
        )


class MathReasoning(MathAnswer):
    name, max_tokens = "reasoning", 384
    with_reasoning = True

    def structured(self, syntax: str, rules: str) -> Structured | None:
        return None


class MathSynthesis(Method):
    task, name, max_tokens = "math", "synthesis", 256
    needs = "topics or problems"

    def variables(self, seed: Seed, lang: str) -> dict[str, Any]:
        return {"topic": topic_of(seed, lang)}

    def structured(self, syntax: str, rules: str) -> Structured | None:
        return Structured(
            json_schema={
                "type": "object",
                "properties": {
                    "question": {"type": "string"},
                    "expression": {"type": "string"},
                    "answer": {"type": "number"},
                },
                "required": ["question", "expression", "answer"],
            }
        )

    def judge(
        self, seed: Seed, completion: Completion, *, lang: str, rules: str, syntax: str = "marcxml"
    ) -> Judgement:
        _, rest = split_reasoning(completion.text, completion.reasoning)
        data = json_object(rest) or {
            key: tagged(rest, key) for key in ("question", "expression", "answer")
        }
        question = str(data.get("question") or "").strip()
        expression = str(data.get("expression") or "").strip()
        stated = (
            normalise_number(str(data.get("answer"))) if data.get("answer") is not None else None
        )
        checks: dict[str, Any] = {
            "question": "?" in question,
            "numeric": stated is not None,
            "original": not copies_fewshot(question, "math"),
        }
        findings = _copy_finding(checks)
        try:
            value, operands = evaluate(expression)
        except ExpressionError as exc:
            checks["expression"] = False
            findings.append(_finding("MATH_EXPRESSION", str(exc)))
        else:
            checks["expression"] = numbers_equal(str(value), stated)
            checks["operands"] = operands_present(question, operands)
            if not checks["expression"]:
                findings.append(
                    _finding("MATH_WRONG_ANSWER", f"{expression} = {value}, not {stated}")
                )
            if not checks["operands"]:
                findings.append(
                    _finding("MATH_OPERANDS_MISSING", "the problem does not give every number")
                )
        if not checks["question"]:
            findings.append(_finding("MATH_NO_QUESTION", "the problem asks no question"))
        if stated is None:
            findings.append(_finding("MATH_NO_NUMBER", "the answer is not a number"))
        verdict, accepted = _math_verdict(checks, findings)
        return Judgement(question, stated or "", expression or None, None, verdict, accepted)
