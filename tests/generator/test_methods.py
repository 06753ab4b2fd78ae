"""How each method judges a teacher's answer: parsing, validators' verdict, generator checks."""

from __future__ import annotations

import json

import pytest

from generator.methods import get_method
from generator.seeds import Seed, load_seeds
from generator.teachers import Completion
from validators import Record


@pytest.fixture(scope="module")
def records(records_path):
    return load_seeds(records_path, task="unimarc", method="answer", lang="fr")


def judge(task, method, seed, text, reasoning=None, lang="fr"):
    completion = Completion(text=text, reasoning=reasoning)
    return get_method(task, method).judge(seed, completion, lang=lang, rules="strict")


def test_backtranslation_keeps_a_grounded_description(records):
    seed = records[0]
    text = (
        "Description : Élise Marchand, « Le cartographe des marées », roman. "
        "Nantes, Éditions de l'Estuaire, 2021, 248 pages."
    )
    result = judge("unimarc", "backtranslation", seed, text)
    assert result.accepted
    assert result.question.startswith("Élise Marchand")
    assert result.answer == result.gold == seed.record
    assert result.verdict["valid"] and result.verdict["checks"]["grounding"]


def test_backtranslation_rejects_a_description_that_forgets_the_year(records):
    result = judge(
        "unimarc", "backtranslation", records[0], "Le cartographe des marées, par Marchand."
    )
    assert not result.accepted
    assert result.verdict["checks"]["grounding_detail"] == {
        "title": True,
        "author": True,
        "year": False,
    }


def test_offline_backtranslation_is_the_isbd_rendering(records):
    method = get_method("unimarc", "backtranslation")
    text = method.offline(records[2], "en")
    assert text.startswith("Tidal rivers of the north : a natural history / Margaret Holloway")
    assert judge("unimarc", "backtranslation", records[2], text).accepted


def test_answer_extracts_the_record_from_prose_and_checks_it(records):
    seed = records[1]
    reply = f"Voici la notice demandée :\n```xml\n{seed.record}```\nBonne journée !"
    result = judge("unimarc", "answer", seed, reply)
    assert result.accepted, result.verdict
    assert result.answer.startswith("<record") and result.answer.rstrip().endswith("</record>")
    assert result.verdict["checks"]["matches_gold"] is True
    assert "Histoire des moulins du Quercy" in result.question  # the ISBD of the seed


def test_answer_without_xml_is_rejected_with_the_validators_finding(records):
    result = judge("unimarc", "answer", records[1], "Je ne sais pas faire de notice.")
    assert not result.accepted
    assert [f["rule"] for f in result.verdict["findings"]] == ["XML_MISSING"]


def test_answer_inventing_a_title_is_not_grounded(records):
    seed = records[1]
    invented = seed.record.replace("Histoire des moulins du Quercy", "Les fours à pain du Périgord")
    result = judge("unimarc", "answer", seed, invented)
    assert result.verdict["valid"]  # a fine record...
    assert not result.accepted  # ...of another book
    assert result.verdict["checks"]["grounding_detail"]["title"] is False
    assert result.verdict["checks"]["matches_gold"] is False


def test_answer_breaking_a_rule_is_rejected(records):
    seed = records[1]
    broken = Record.from_marcxml(seed.record)
    broken.fields = [f for f in broken.fields if f.tag != "200"]
    result = judge("unimarc", "answer", seed, broken.to_marcxml())
    assert not result.accepted
    assert "FIELD_MANDATORY" in {f["rule"] for f in result.verdict["findings"]}


def test_the_system_fields_of_a_teacher_record_are_copistes(records):
    """No description grounds 001, 005 or 801: a record without them is filed as copiste files
    a student's (its 801, a 001 from its content), not refused; a teacher's 801 is replaced."""
    seed = records[1]
    record = Record.from_marcxml(seed.record)
    record.fields = [f for f in record.fields if f.tag not in ("001", "005", "801")]
    result = judge("unimarc", "answer", seed, record.to_marcxml())
    assert result.accepted, result.verdict
    filed = Record.from_marcxml(result.answer)
    assert filed.record_id.startswith("copiste-") and filed.first("801", "b") == "copiste"
    kept = judge("unimarc", "answer", seed, seed.record)
    assert Record.from_marcxml(kept.answer).record_id == "COPISTE-T-0002"
    assert Record.from_marcxml(kept.answer).first("801", "b") == "copiste"


def test_reasoning_keeps_the_trace_apart(records):
    seed = records[3]
    text = f"<think>Titre en 200 $a, Bologne en 210.</think>\n{seed.record}"
    result = judge("unimarc", "reasoning", seed, text)
    assert result.accepted
    assert result.reasoning == "Titre en 200 $a, Bologne en 210."
    assert "<think>" not in result.answer
    from_server = judge("unimarc", "reasoning", seed, seed.record, reasoning="server trace")
    assert from_server.reasoning == "server trace" and from_server.accepted
    without = judge("unimarc", "reasoning", seed, seed.record)
    assert not without.accepted and without.verdict["checks"]["reasoning"] is False


def test_unimarc_synthesis_needs_a_description_matching_its_record(records):
    seed = Seed(id="topic-1", topic="a novel")
    record = records[0].record
    good = (
        "<question>Le cartographe des marées, roman d'Élise Marchand, Nantes, 2021.</question>\n"
        f"```xml\n{record}```"
    )
    assert judge("unimarc", "synthesis", seed, good).accepted
    bad = f"<question>Un roman sur la mer, paru en 1990.</question>\n{record}"
    result = judge("unimarc", "synthesis", seed, bad)
    assert not result.accepted and result.verdict["checks"]["grounding"] is False
    as_json = json.dumps(
        {"question": "Le cartographe des marées, Marchand, 2021", "answer": record}
    )
    assert judge("unimarc", "synthesis", seed, as_json).accepted


@pytest.fixture(scope="module")
def problem():
    return load_seeds(None, task="math", method="answer", lang="en")[0]  # 12 * 24 = 288


def test_math_answer_is_compared_with_the_gold_number(problem):
    assert judge("math", "answer", problem, "288", lang="en").accepted
    wrong = judge("math", "answer", problem, "The answer is 290.", lang="en")
    assert not wrong.accepted and wrong.answer == "290"
    assert wrong.verdict["findings"][0]["rule"] == "MATH_WRONG_ANSWER"
    none = judge("math", "answer", problem, "many books", lang="en")
    assert none.verdict["findings"][0]["rule"] == "MATH_NO_NUMBER"


def test_math_reasoning_needs_a_trace(problem):
    good = judge("math", "reasoning", problem, "<think>12 * 24 = 288</think>Answer: 288")
    assert good.accepted and good.reasoning == "12 * 24 = 288" and good.answer == "288"
    assert not judge("math", "reasoning", problem, "Answer: 288").accepted


def test_math_backtranslation_must_use_every_number(problem):
    good = "A school buys 12 boxes of 24 pencils. How many pencils does it buy?"
    result = judge("math", "backtranslation", problem, good, lang="en")
    assert result.accepted and result.answer == result.gold == "288"
    dropped = judge("math", "backtranslation", problem, "A school buys 12 boxes. How many?")
    assert not dropped.accepted
    assert dropped.verdict["findings"][0]["rule"] == "MATH_OPERANDS_MISSING"


def test_math_synthesis_checks_its_own_arithmetic():
    seed = Seed(id="topic-1", topic="a farm")
    good = {
        "question": "A farm has 3 fields of 40 sheep. How many sheep?",
        "expression": "3 * 40",
        "answer": 120,
    }
    result = judge("math", "synthesis", seed, json.dumps(good), lang="en")
    assert result.accepted and result.answer == "120" and result.reasoning == "3 * 40"
    wrong = judge("math", "synthesis", seed, json.dumps({**good, "answer": 130}), lang="en")
    assert not wrong.accepted and wrong.verdict["checks"]["expression"] is False
    sneaky = judge("math", "synthesis", seed, json.dumps({**good, "expression": "open('x')"}))
    assert sneaky.verdict["findings"][0]["rule"] == "MATH_EXPRESSION"


def test_copying_the_prompts_worked_example_is_rejected(records):
    seed = records[0]
    pasted = (
        "Élise Marchand, Le cartographe des marées, roman, Nantes, 2021. "
        "Voir aussi : Les jardins de la mémoire, Claire Dumontel."
    )
    result = judge("unimarc", "backtranslation", seed, pasted)
    assert result.verdict["checks"]["grounding"] and not result.verdict["checks"]["original"]
    assert not result.accepted
    example = {
        "question": "A bookshop receives 5 parcels of 14 dictionaries and 6 loose dictionaries. "
        "How many dictionaries does it receive?",
        "expression": "5 * 14 + 6",
        "answer": 76,
    }
    copied = judge("math", "synthesis", Seed(id="t", topic="a shop"), json.dumps(example))
    assert copied.verdict["checks"]["expression"] and not copied.accepted
    assert copied.verdict["findings"][0]["rule"] == "FEWSHOT_COPY"
