"""`generate --syntax mrk` and `--repair`: what the teacher is asked for, how its record is judged
and kept, the grammar the answer method sends, and repair rounds counted in the summary."""

from __future__ import annotations

import hashlib
import json

import pytest

from generator.methods import get_method
from generator.methods.unimarc import teacher_tags
from generator.prompts import load_template
from generator.run import RunConfig, RunError, generate_examples, run_generation
from generator.seeds import load_seeds
from generator.teachers import Completion
from tests.generator.cli_run import generate_args
from validators import Record
from validators.grammar import record_grammar
from validators.roles import TARGET_SETTINGS, fill_system_fields


@pytest.fixture(scope="module")
def records(records_path):
    return load_seeds(records_path, task="unimarc", method="answer", lang="fr")


def mrk_of(seed) -> str:
    return Record.from_marcxml(seed.record).to_mrk()


def without_101(mrk: str) -> str:
    """The same record made invalid under the strict rules: its 101 (language of the text)
    dropped. (Not 801: copiste writes the system's fields before judging a teacher's record.)"""
    return "".join(line for line in mrk.splitlines(keepends=True) if not line.startswith("=101"))


def filed(seed) -> Record:
    """The seed's record as copiste files a teacher's: its system fields written by copiste."""
    return fill_system_fields(Record.from_marcxml(seed.record), TARGET_SETTINGS)


def judge(method, seed, text, syntax):
    completion = Completion(text=text)
    return get_method("unimarc", method).judge(
        seed, completion, lang="fr", rules="strict", syntax=syntax
    )


def test_an_mrk_answer_is_judged_in_mrk_and_kept_as_marcxml(records):
    seed = records[1]
    mrk = mrk_of(seed)
    result = judge("answer", seed, f"Voici la notice :\n```mrk\n{mrk}```\n", "mrk")
    assert result.accepted, result.verdict
    assert result.answer.startswith("<record")
    assert Record.from_marcxml(result.answer) == filed(seed)
    assert result.raw.startswith("Voici") and mrk.strip() in result.raw
    assert result.verdict["checks"]["grounding"]


def test_an_xml_answer_to_an_mrk_prompt_is_rejected(records):
    seed = records[1]
    result = judge("answer", seed, seed.record, "mrk")
    assert not result.accepted
    assert {f["rule"] for f in result.verdict["findings"]} == {"NO_RECORD"}
    # The same text is a good MARCXML answer, with no raw text kept.
    marcxml = judge("answer", seed, seed.record, "marcxml")
    assert marcxml.accepted and marcxml.raw is None


def test_a_broken_mrk_line_is_an_mrk_syntax_finding(records):
    seed = records[1]
    broken = mrk_of(seed).replace("=200  ", "=200 ", 1)
    result = judge("answer", seed, broken, "mrk")
    assert not result.accepted
    findings = result.verdict["findings"]
    assert [f["rule"] for f in findings] == ["MRK_SYNTAX"], findings
    assert result.answer == broken.strip() == result.raw


def test_reasoning_and_synthesis_read_mrk_after_their_trace_or_question(records):
    seed = records[0]
    mrk = mrk_of(seed)
    reasoned = judge("reasoning", seed, f"<think>200 : le titre.</think>\n```mrk\n{mrk}```", "mrk")
    assert reasoned.accepted and reasoned.reasoning == "200 : le titre."
    assert Record.from_marcxml(reasoned.answer) == filed(seed)
    question = "Élise Marchand, Le cartographe des marées, roman. Nantes, 2021."
    invented = judge("synthesis", seed, f"<question>{question}</question>\n{mrk}", "mrk")
    assert invented.accepted, invented.verdict
    assert invented.question == question and invented.answer.startswith("<record")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_mrk_prompts_show_the_worked_example_in_mrk(lang):
    for method in ("answer", "reasoning", "synthesis"):
        template = load_template("unimarc", method, lang, syntax="mrk")
        assert template.name == f"unimarc/{method}.mrk.{lang}"
        shown = "\n".join(m["content"] for m in template.render(question="q", topic="t"))
        assert "=LDR  " in shown and "=200  1\\$aLes jardins de la mémoire" in shown
        assert "<datafield" not in shown
        plain = load_template("unimarc", method, lang)
        assert plain.hash != template.hash and "<datafield" in plain.template.render(
            question="q", topic="t"
        )


def test_the_answer_method_sends_the_record_grammar_of_its_syntax(
    teacher_server, records, records_path
):
    base = {"task": "unimarc", "method": "answer", "seeds": records_path, "n": 1}
    examples = generate_examples(RunConfig(**base, teacher=teacher_server.url, syntax="mrk"))
    body = teacher_server.requests()[-1]
    sent = body["structured_outputs"]["grammar"]
    assert sent == record_grammar(
        "mrk", rules="strict", tags=teacher_tags("strict"), warnings=True, bounded=True
    )
    # Bounded (every record ends) and without the system's fields, which copiste writes.
    start = sent.splitlines()[1]
    assert "{0,8}" in start and not {"F001", "F005", "F801"} & set(start.split())
    assert "=LDR  " in body["messages"][2]["content"]  # the worked example, in mrk
    assert examples[0].provenance["syntax"] == "mrk"
    grammar = body["structured_outputs"]["grammar"].encode()  # kept as its hash, not 70 KB
    assert examples[0].provenance["sampling"]["structured"] == {
        "grammar_sha256": hashlib.sha256(grammar).hexdigest()
    }
    unconstrained = generate_examples(
        RunConfig(**base, teacher=teacher_server.url, constrain=False)
    )
    assert "structured_outputs" not in teacher_server.requests()[-1]
    assert unconstrained[0].provenance["sampling"]["structured"] is None


def test_a_repair_round_turns_an_invalid_record_valid_and_is_counted(
    teacher_server, records, records_path, tmp_path
):
    seed = records[0]
    control_number = mrk_of(seed).splitlines()[1]  # "=001  ...": only in its repair round
    teacher_server.script(
        [
            {"match": control_number, "reply": mrk_of(seed)},
            {"match": "Le cartographe des marées", "reply": without_101(mrk_of(seed))},
            {"match": None, "reply": "no record"},
        ]
    )
    base = {
        "task": "unimarc",
        "method": "answer",
        "seeds": records_path,
        "teacher": teacher_server.url,
        "n": 2,
        "syntax": "mrk",
        "lang": "en",
    }
    summary = run_generation(RunConfig(**base, repair=1), tmp_path / "repair")
    assert (summary.repairs, summary.repaired, summary.accepted) == (2, 1, 1)
    bodies = teacher_server.requests()
    repairs = [b for b in bodies if "The validator found" in b["messages"][-1]["content"]]
    assert len(repairs) == 2 and len(bodies) == 4
    # The two seeds run concurrently: their repair rounds reach the teacher in either order.
    answered = sorted(b["messages"][-2]["content"] for b in repairs)
    assert answered == sorted([without_101(mrk_of(seed)), "no record"])
    (asked,) = [b["messages"] for b in repairs if b["messages"][-2]["content"] != "no record"]
    assert asked[-2]["role"] == "assistant"
    assert "- F101_MISSING" in asked[-1]["content"], asked[-1]["content"]
    lines = (tmp_path / "repair" / "examples.jsonl").read_text().splitlines()
    first = json.loads(lines[0])
    assert first["accepted"] and first["provenance"]["repairs"] == 1
    assert first["raw"] == mrk_of(seed).strip()
    # What the repair cost is in the example's tokens and the run's.
    words = len(mrk_of(seed).split()) + len(without_101(mrk_of(seed)).split())
    assert first["provenance"]["tokens"]["completion"] == words
    assert summary.completion_tokens == words + 2 * len(["no", "record"])  # seed 2, twice
    # Without repairs, the same seeds give one accepted example fewer and other cache keys.
    teacher_server.reset()
    plain = run_generation(RunConfig(**base), tmp_path / "plain")
    assert (plain.repairs, plain.repaired, plain.accepted) == (0, 0, 0)
    assert len(teacher_server.requests()) == 2


def test_syntax_and_repair_are_refused_where_no_record_is_written(records_path):
    for method, option in (("backtranslation", {"syntax": "mrk"}), ("answer", {"repair": 1})):
        task = "unimarc" if method == "backtranslation" else "math"
        with pytest.raises(RunError, match="does not ask the teacher for a record"):
            generate_examples(
                RunConfig(task=task, method=method, seeds=None, teacher="isbd", **option)
            )
    with pytest.raises(ValueError):
        RunConfig(task="unimarc", method="answer", repair=3)


def test_cli_takes_syntax_and_repair(teacher_server, records, records_path, tmp_path, copiste):
    seed = records[0]
    teacher_server.script(
        [
            {"match": "The validator found", "reply": mrk_of(seed)},
            {"match": None, "reply": without_101(mrk_of(seed))},
        ]
    )
    out = tmp_path / "run"
    args = generate_args(
        "unimarc", "answer", "--quiet", seeds=records_path, teacher=teacher_server.url, n=1
    )
    result = copiste.run(*args, "--syntax", "mrk", "--repair", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 asked, 1 accepted after" in result.stdout
    run = json.loads((out / "run.json").read_text())
    assert run["config"]["syntax"] == "mrk" and run["config"]["repair"] == 2
    assert run["summary"]["repaired"] == 1
    wrong = copiste.run(
        *args, "--syntax", "mrk", "--repair", "3", "--out", str(tmp_path / "x"), timeout=60
    )
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
