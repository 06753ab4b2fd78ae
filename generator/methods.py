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

The UNIMARC methods that write a record (answer, reasoning, synthesis) take a syntax: the
teacher is asked for MARCXML or MarcEdit lines (`prompts/unimarc/<method>.mrk.<lang>.j2`) and
judged on what it was asked for (an XML answer to an mrk prompt does not parse); the example's
answer is MARCXML either way, the mrk text kept as `raw`. The answer method also decodes under
the schema's grammar in that syntax (`validators.grammar.record_grammar`) where the teacher can.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from generator.checks import (
    ExpressionError,
    evaluate,
    fold,
    grounding,
    operands_present,
)
from generator.isbd import field_lines, isbd, record_facts
from generator.names import METHODS, TASKS
from generator.parsing import (
    clean_prose,
    final_number,
    json_object,
    normalise_number,
    numbers_equal,
    split_reasoning,
    tagged,
)
from generator.prompts import environment
from generator.seeds import Seed
from generator.teachers.base import Completion, Structured
from validators import Record, validate
from validators.extract import extract_xml
from validators.formats.base import RecordSyntaxError
from validators.formats.mrk import parse_mrk
from validators.grammar import record_grammar
from validators.readers import ReadError, read_text
from validators.rulesets import get_ruleset
from validators.validate import judge as judge_item

NUMBER_REGEX = r"-?[0-9]+(\.[0-9]+)?"


@dataclass(slots=True)
class Judgement:
    question: str
    answer: str
    reasoning: str | None
    gold: str | None
    verdict: dict[str, Any]
    accepted: bool
    raw: str | None = None  # the teacher's record as written, when not MARCXML


class Method:
    """One (task, method) pair. Subclasses set the class attributes and implement `judge`."""

    task: ClassVar[str]
    name: ClassVar[str]
    max_tokens: ClassVar[int]
    needs: ClassVar[str] = ""  # what a seed must hold, said in error messages
    # True when `offline` writes the teacher's part by rules, so a run can go without a model.
    rule_based: ClassVar[bool] = False
    # True when the teacher writes a record: such methods take a syntax and repair rounds.
    writes_records: ClassVar[bool] = False

    def usable(self, seed: Seed) -> bool:
        return True

    def variables(self, seed: Seed, lang: str) -> dict[str, Any]:
        raise NotImplementedError

    def structured(self, syntax: str, rules: str) -> Structured | None:
        """The output constraint to request when the teacher supports one; records are
        constrained in the `syntax` they are asked in, to the `rules` they are judged by."""
        return None

    def offline(self, seed: Seed, lang: str) -> str | None:
        """The teacher's part written by rules, for methods that can do without one."""
        return None

    def judge(
        self, seed: Seed, completion: Completion, *, lang: str, rules: str, syntax: str = "marcxml"
    ) -> Judgement:
        raise NotImplementedError


@cache
def _fewshot_marks(task: str) -> tuple[str, ...]:
    """What betrays a pasted worked example (`prompts/<task>/_fewshot.j2`, shown by every
    template): its title and authors (UNIMARC) or its problem (math), folded, the empty ones
    left out. Fixed per task, so worked out once, not for every answer judged.
    """
    example = environment().get_template(f"{task}/_fewshot.j2").make_module()
    if task == "unimarc":
        facts = record_facts(Record.from_marcxml(str(example.record).strip()))
        marks = [facts.title or "", *facts.authors]
    else:
        marks = [str(example.question_en), str(example.question_fr)]
    return tuple(folded for folded in map(fold, marks) if folded)


def copies_fewshot(text: str, task: str, own: str = "") -> bool:
    """Small teachers often paste the worked example into their answer. True when `text` holds
    the example's title or author (UNIMARC) or its problem (math), and the seed (`own`) does not.
    The same test as `phrase_present`, with each text folded once for all the marks.
    """
    folded, mine = f" {fold(text)} ", f" {fold(own)} "
    return any(f" {m} " in folded and f" {m} " not in mine for m in _fewshot_marks(task))


# --- UNIMARC ---------------------------------------------------------------------------------


def _question_of(seed: Seed, lang: str) -> str:
    """What the student receives: the seed's question, else the record's ISBD description."""
    if seed.question:
        return seed.question
    assert seed.parsed_record is not None
    return isbd(seed.parsed_record, lang)


def _record_verdict(
    answer: str | Record | ReadError, *, lang: str, rules: str, checks: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    if isinstance(answer, str):
        report = validate(answer, rules=rules, lang=lang)
    else:
        report = judge_item(answer, get_ruleset(rules), lang)
    verdict = {**report.to_dict(), "checks": checks}
    gates = [v for k, v in checks.items() if not k.endswith("_detail") and k != "matches_gold"]
    return verdict, report.valid and all(v is not False for v in gates)


def _parse_record(xml: str | None) -> Record | None:
    item = read_text(xml) if xml else None
    return item if isinstance(item, Record) else None


@dataclass(slots=True)
class _Written:
    """A record as the teacher wrote it: the example's answer (MARCXML when it parsed), the raw
    text (mrk only), the record, and what the validators judge (the record or its read error)."""

    answer: str
    raw: str | None
    record: Record | None
    judged: str | Record | ReadError


def _written(text: str, syntax: str) -> _Written:
    """The record in a teacher's text, read in the syntax it was asked for."""
    if syntax == "mrk":
        raw = text.strip()
        try:
            record = parse_mrk(raw)
        except RecordSyntaxError as exc:
            return _Written(raw, raw, None, exc.error)
        return _Written(record.to_marcxml(), raw, record, record)
    xml = extract_xml(text)
    answer = xml if xml is not None else text.strip()
    return _Written(answer, None, _parse_record(xml), answer)


def _matches_gold(record: Record | None, seed: Seed) -> bool | None:
    """Same title and year as the seed's record: informative, not a reason to reject."""
    if seed.parsed_record is None:
        return None
    if record is None:
        return False
    mine, gold = record_facts(record), record_facts(seed.parsed_record)
    return fold(mine.title or "") == fold(gold.title or "") and mine.year == gold.year


class UnimarcBacktranslation(Method):
    task, name, max_tokens = "unimarc", "backtranslation", 384
    needs = "records"
    rule_based = True

    def usable(self, seed: Seed) -> bool:
        return seed.record is not None

    def variables(self, seed: Seed, lang: str) -> dict[str, Any]:
        record = seed.parsed_record
        assert record is not None
        return {"fields": field_lines(record), "isbd": isbd(record, lang)}

    def offline(self, seed: Seed, lang: str) -> str | None:
        assert seed.parsed_record is not None
        return isbd(seed.parsed_record, lang)

    def judge(
        self, seed: Seed, completion: Completion, *, lang: str, rules: str, syntax: str = "marcxml"
    ) -> Judgement:
        record = seed.parsed_record
        assert record is not None and seed.record is not None
        _, rest = split_reasoning(completion.text, completion.reasoning)
        question = clean_prose(rest)
        checks = {"question": bool(question), **grounding(question, record_facts(record))}
        checks["original"] = not copies_fewshot(question, "unimarc", seed.record)
        verdict, accepted = _record_verdict(seed.record, lang=lang, rules=rules, checks=checks)
        return Judgement(question, seed.record, None, seed.record, verdict, accepted)


class UnimarcAnswer(Method):
    task, name, max_tokens = "unimarc", "answer", 1024
    needs = "records or questions"
    writes_records = True
    with_reasoning = False

    def usable(self, seed: Seed) -> bool:
        return bool(seed.question or seed.record)

    def variables(self, seed: Seed, lang: str) -> dict[str, Any]:
        return {"question": _question_of(seed, lang)}

    def structured(self, syntax: str, rules: str) -> Structured | None:
        """The record's grammar, with what the rules only warn about (leader and 100$a codes):
        a teacher gains nothing from being free to write those wrong."""
        return Structured(grammar=record_grammar(syntax, rules=rules, warnings=True))  # type: ignore[arg-type]

    def judge(
        self, seed: Seed, completion: Completion, *, lang: str, rules: str, syntax: str = "marcxml"
    ) -> Judgement:
        question = _question_of(seed, lang)
        reasoning, rest = split_reasoning(completion.text, completion.reasoning)
        written = _written(rest, syntax)
        record = written.record
        checks: dict[str, Any] = {}
        if self.with_reasoning:
            checks["reasoning"] = bool(reasoning)
        if record is not None:
            checks.update(grounding(question, record_facts(record)))
        else:
            checks["grounding"] = False
        checks["matches_gold"] = _matches_gold(record, seed)
        verdict, accepted = _record_verdict(written.judged, lang=lang, rules=rules, checks=checks)
        return Judgement(
            question,
            written.answer,
            reasoning if self.with_reasoning else None,
            seed.record,
            verdict,
            accepted,
            written.raw,
        )


class UnimarcReasoning(UnimarcAnswer):
    name, max_tokens = "reasoning", 1024
    with_reasoning = True

    def structured(self, syntax: str, rules: str) -> Structured | None:
        return None  # the trace comes before the record, outside any record grammar


class UnimarcSynthesis(Method):
    task, name, max_tokens = "unimarc", "synthesis", 1024
    needs = "topics, questions or records"
    writes_records = True

    def variables(self, seed: Seed, lang: str) -> dict[str, Any]:
        return {"topic": _topic_of(seed, lang)}

    def judge(
        self, seed: Seed, completion: Completion, *, lang: str, rules: str, syntax: str = "marcxml"
    ) -> Judgement:
        _, rest = split_reasoning(completion.text, completion.reasoning)
        data = json_object(rest) if "<question>" not in rest.lower() else None
        if data and isinstance(data.get("question"), str):
            question, body = data["question"].strip(), str(data.get("answer", ""))
        else:
            question, body = clean_prose(tagged(rest, "question") or ""), rest
        written = _written(body, syntax)
        if syntax == "marcxml" and extract_xml(body) is None:
            written.answer = written.judged = rest.strip()  # no record: judged on the whole text
        record = written.record
        checks: dict[str, Any] = {"question": bool(question)}
        if record is not None:
            checks.update(grounding(question, record_facts(record)))
        else:
            checks["grounding"] = False
        checks["original"] = not copies_fewshot(question, "unimarc")
        verdict, accepted = _record_verdict(written.judged, lang=lang, rules=rules, checks=checks)
        return Judgement(question, written.answer, None, None, verdict, accepted, written.raw)


def _topic_of(seed: Seed, lang: str) -> str:
    if seed.topic:
        return seed.topic
    if seed.question:
        return seed.question
    if seed.parsed_record is not None:
        return isbd(seed.parsed_record, lang).splitlines()[0]
    return seed.id


# --- math ------------------------------------------------------------------------------------


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
        return {"topic": _topic_of(seed, lang)}

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
