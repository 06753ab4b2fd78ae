"""The UNIMARC methods: a record to a description (backtranslation), a description to a record
(answer, reasoning), a topic to both (synthesis).

The methods that write a record take a syntax: the teacher is asked for MARCXML or MarcEdit
lines (`prompts/unimarc/<method>.mrk.<lang>.j2`) and judged on what it was asked for (an XML
answer to an mrk prompt does not parse); the example's answer is MARCXML either way, the mrk
text kept as `raw`. The answer method also decodes under the schema's grammar in that syntax
(`validators.grammar.record_grammar`) where the teacher can.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.checks import fold, grounding
from generator.isbd import field_lines, isbd, record_facts
from generator.methods.base import Judgement, Method, copies_fewshot, topic_of
from generator.parsing import clean_prose, json_object, split_reasoning, tagged
from generator.rules_baseline import rules_draft
from generator.seeds import Seed
from generator.teachers.base import Completion, Structured
from validators import Record, validate
from validators.extract import extract_xml
from validators.formats.base import RecordSyntaxError
from validators.formats.mrk import parse_mrk
from validators.grammar import record_grammar
from validators.readers import ReadError, read_text
from validators.roles import SYSTEM_TAGS, TARGET_SETTINGS, fill_system_fields
from validators.rulesets import get_ruleset
from validators.validate import judge as judge_item


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
    """The record in a teacher's text, read in the syntax it was asked for, as copiste files it:
    the system's fields (001 when absent, 005, 801, 100$a's system positions) written by copiste,
    as `copiste catalogue` does for a student. No description grounds them, so a teacher is not
    asked for them nor refused for them (the demo's teacher lost records to 801 alone)."""
    if syntax == "mrk":
        raw = text.strip()
        try:
            record = fill_system_fields(parse_mrk(raw), TARGET_SETTINGS)
        except RecordSyntaxError as exc:
            return _Written(raw, raw, None, exc.error)
        return _Written(record.to_marcxml(), raw, record, record)
    xml = extract_xml(text)
    parsed = _parse_record(xml)
    if parsed is None:
        answer = xml if xml is not None else text.strip()
        return _Written(answer, None, None, answer)
    record = fill_system_fields(parsed, TARGET_SETTINGS)
    return _Written(record.to_marcxml(), None, record, record)


def teacher_tags(rules: str) -> list[str]:
    """The fields a teacher writes: the schema's, less the system's and local ones."""
    return [t for t in get_ruleset(rules).schema.fields if t not in SYSTEM_TAGS]


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
        a teacher gains nothing from being free to write those wrong. Bounded, so that a record
        ends (unbounded, the demo's teacher looped in one value to its token budget), and
        without the system's fields, which copiste writes."""
        grammar = record_grammar(
            syntax,  # type: ignore[arg-type]
            rules=rules,
            tags=teacher_tags(rules),
            warnings=True,
            bounded=True,
        )
        return Structured(grammar=grammar)

    def draft(self, seed: Seed, lang: str, syntax: str) -> list[str] | None:
        """The rules' reading of the description, the draft the prompt shows: its lines are
        MarcEdit lines, so only an mrk answer can follow them."""
        if syntax != "mrk":
            return None
        return rules_draft(_question_of(seed, lang)).splitlines()

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
    draft_after = "</think>"  # the reasoning is the teacher's own; the record follows it

    def structured(self, syntax: str, rules: str) -> Structured | None:
        return None  # the trace comes before the record, outside any record grammar


class UnimarcSynthesis(Method):
    task, name, max_tokens = "unimarc", "synthesis", 1024
    needs = "topics, questions or records"
    writes_records = True

    def variables(self, seed: Seed, lang: str) -> dict[str, Any]:
        return {"topic": topic_of(seed, lang)}

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
