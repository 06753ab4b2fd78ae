"""Evaluation figures and the offline bundle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from distill.catalogue import CatalogueOptions, Cataloguer, judge
from distill.config import load_config
from distill.evaluate import Candidate, evaluate
from distill.export import ExportError, export
from distill.modelio import load_causal_lm
from distill.prompting import STUDENT_SYSTEM_PROMPTS, student_messages
from distill.scoring import EVAL_SETTINGS, score_answers
from distill.student import Student
from distill.train import train
from validators.roles import student_view

pytestmark = pytest.mark.slow


def test_scores_validity_rules_and_field_agreement(real_records):
    gold = real_records[0].to_marcxml()
    other = real_records[1].to_marcxml()
    ends = [i + len("</datafield>") for i in range(len(gold)) if gold.startswith("</datafield>", i)]
    cut = gold[: ends[len(ends) // 2]]  # a student stopped by its token budget, mid-record
    answers = [f"Here it is:\n```xml\n{gold}```", other, cut, "no idea"]
    scores = score_answers(answers, [gold] * 4, ["unimarc"] * 4, rules="lenient")
    per = scores["examples"]
    assert [e["valid"] for e in per] == [True, True, False, False]
    assert per[0]["f1"] == 1.0 and 0.0 <= per[1]["f1"] < 0.5 and per[3]["f1"] == 0.0
    # The unfinished record is invalid, but the fields it did write count for agreement.
    assert per[2]["precision"] == 1.0 and 0 < per[2]["recall"] < 1
    assert scores["validity_rate"] == 0.5
    assert scores["failures_per_rule"]["XML_WELLFORMED"] == 1
    assert 0 < scores["field_precision"] < 1 and 0 < scores["field_recall"] < 1


def test_descriptive_and_whole_record_agreement_title_and_both_rule_sets(real_records):
    # A record valid under the lenient rules only, once copiste has filled its system fields.
    gold = next(
        r for r in real_records
        if not judge(r.to_mrk(), "mrk", "strict", EVAL_SETTINGS)[1].valid
        and any(f.tag.startswith("6") for f in r.data_fields)  # subjects: no description's
    )  # fmt: skip
    renamed = student_view(gold).to_mrk().replace(gold.first("200", "a"), "Un autre titre", 1)
    answers = [student_view(gold).to_mrk(), gold.to_mrk(), renamed, "=LDR  only a leader"]
    scores = score_answers(answers, [gold.to_marcxml()] * 4, ["unimarc"] * 4, syntax="mrk")
    view, whole, other, broken = scores["examples"]
    # The student's view holds every descriptive field and nothing else: descriptive F1 is 1,
    # the whole record's recall misses the subjects and the other fields it left out.
    assert view["descriptive_f1"] == 1.0 and view["precision"] == 1.0 and view["recall"] < 1
    assert whole["f1"] == 1.0 and whole["descriptive_f1"] == 1.0
    assert view["title_exact"] and whole["title_exact"] and not other["title_exact"]
    assert other["descriptive_f1"] < 1.0
    assert whole["valid_lenient"] and not whole["valid_strict"]
    assert not broken["valid_lenient"] and broken["f1"] == 0.0
    assert scores["title_exact"] == 0.5
    assert scores["validity_lenient"] > scores["validity_strict"]
    assert scores["descriptive_f1"] > scores["field_f1"]


def test_an_answer_cut_by_the_token_budget_fails_under_both_rule_sets(real_records):
    gold = student_view(real_records[0]).to_mrk()
    cut = gold.rstrip("\n") + "\n=300  \\\\$"  # the budget ran out after a new field's "$"
    scores = score_answers([cut], [real_records[0].to_marcxml()], ["unimarc"], syntax="mrk")
    (example,) = scores["examples"]
    assert "ANSWER_CUT" in example["rules"]
    assert not example["valid_lenient"] and not example["valid_strict"]
    assert example["descriptive_f1"] > 0.9  # the fields written before the cut still count


def test_math_answers_are_graded_by_the_generators_own_check():
    # The check that accepted the data (generator.parsing): equal values, and the marked answer
    # rather than the last number of the working.
    answers = ["12.50", "Working: 9 + 3 = 12\n#### 12", "Answer: 3, since 3 + 4 = 7", "8", "none"]
    golds = ["12.5", "12", "3", "9", "4"]
    scores = score_answers(answers, golds, ["math"] * 5)
    assert [e["valid"] for e in scores["examples"]] == [True, True, True, False, False]
    assert scores["validity_rate"] == 0.6


@pytest.fixture(scope="module")
def lora_student(tiny_student, short_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("trained") / "lora"
    config = load_config(
        None, recipe="sft", data=short_data, out=out, student=str(tiny_student), lora=True,
        max_steps=2, learning_rate=1e-2, max_length=512,
    )  # fmt: skip
    train(config)
    return out


def test_evaluate_models_side_by_side(tiny_student, lora_student, short_data):
    report = evaluate(
        [Candidate("base", str(tiny_student)), Candidate("lora", str(lora_student))],
        short_data, limit=2, max_new_tokens=8, batch_size=2,
    )  # fmt: skip
    assert report["n"] == 2 and set(report["models"]) == {"base", "lora"}
    for scores in report["models"].values():
        assert scores["n"] == 2 and len(scores["examples"]) == 2
        assert all("answer" in e for e in scores["examples"])


def test_eval_compares_constrained_and_unconstrained_decoding(tiny_student, short_data):
    """A random model writes no record unless the grammar holds it to one (or the draft bias
    makes it copy the rules' draft: off here)."""
    common = {
        "draft_bias": 0.0,
        "limit": 2,
        "max_new_tokens": 96,
        "batch_size": 2,
        "rules": "lenient",
        "syntax": "mrk",
    }
    free = evaluate([Candidate("tiny", str(tiny_student))], short_data, constrain=False, **common)
    held = evaluate([Candidate("tiny", str(tiny_student))], short_data, best_of=2, **common)
    assert free["syntax"] == held["syntax"] == "mrk" and held["best_of"] == 2
    assert not free["constrained"] and held["constrained"]
    assert free["models"]["tiny"]["failures_per_rule"].get("NO_RECORD") == 2
    scores = held["models"]["tiny"]
    assert "NO_RECORD" not in scores["failures_per_rule"]
    for key in ("validity_lenient", "validity_strict", "descriptive_f1", "title_exact"):
        assert 0.0 <= scores[key] <= 1.0
    assert all(e["answer"].startswith("=LDR") for e in scores["examples"])


def test_cli_eval_adds_the_base_student_and_prints_a_table(lora_student, short_data, tmp_path):
    copiste = Path(sys.executable).parent / "copiste"
    run = subprocess.run(
        [copiste, "eval", "--model", f"trained={lora_student}", "--data", short_data,
         "--out", tmp_path / "eval.json", "--limit", "1", "--max-new-tokens", "4"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads((tmp_path / "eval.json").read_text())
    assert list(report["models"]) == ["base:tiny", "trained"]
    assert "validity (lenient)" in run.stdout and "descriptive field F1" in run.stdout


def test_export_folds_lora_in_and_loads_offline(lora_student, short_data, tmp_path):
    evaluation = tmp_path / "eval.json"
    evaluation.write_text(
        json.dumps(evaluate([Candidate("trained", str(lora_student))], short_data, limit=1,
                            max_new_tokens=4))
    )  # fmt: skip
    bundle = tmp_path / "bundle"
    manifest = export(lora_student, bundle, evaluation=evaluation, max_new_tokens=16)
    names = set(manifest["files"])
    assert {"model.safetensors", "config.json", "generation_config.json", "load.py",
            "README.md", "tokenizer.json"} <= names  # fmt: skip
    assert "adapter_config.json" not in names
    assert (
        "chat_template.jinja" in names
        or "chat_template" in (bundle / "tokenizer_config.json").read_text()
    )
    card = (bundle / "README.md").read_text()
    assert "Recipe" in card and "descriptive field F1" in card and "LoRA: True" in card
    assert "copiste catalogue --model BUNDLE" in card and "/v1/catalogue" in card
    assert "Without copiste" in card and "says so on stderr" in card
    assert manifest["syntax"] == "mrk" and Student(str(bundle)).syntax == "mrk"
    # The merged weights compute what base + adapter computed.
    ids = torch.tensor([[5, 6, 7, 8]])
    exported = load_causal_lm(str(bundle))
    assert torch.allclose(
        exported(ids).logits, load_causal_lm(str(lora_student))(ids).logits, atol=1e-5
    )
    # The loader works with the hub switched off, from another directory.
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "MAX_NEW_TOKENS": "12",
        "HF_HOME": str(tmp_path / "hf"),
    }
    description = "Le titre / Auteur. Paris : Éditeur, 2020"

    def loader(*python_args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *python_args, bundle / "load.py", description],
            capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env,
        )  # fmt: skip

    run = loader()
    assert run.returncode == 0, run.stderr[-2000:]
    assert "copiste is not installed" not in run.stderr
    # With copiste, the loader decodes as `copiste catalogue` does (the draft's bias, the
    # grammar), not as plain generation from the same prompt.
    student = Student(str(bundle))
    options = CatalogueOptions(syntax=student.syntax, max_new_tokens=12)
    (result,) = Cataloguer(student, options).catalogue([description])
    ((plain,),) = student.generate([student_messages(description)], max_new_tokens=12)
    assert run.stdout.rstrip("\n") == result.answer != plain.text
    # Without copiste: plain generation from the description alone, and a notice on stderr.
    hidden = "import runpy, sys; sys.modules['distill'] = None; del sys.argv[0]; "
    run = loader("-c", hidden + "runpy.run_path(sys.argv[0], run_name='__main__')")
    assert run.returncode == 0, run.stderr[-2000:]
    (notice,) = [line for line in run.stderr.splitlines() if line.startswith("load.py:")]
    assert "copiste is not installed" in notice and "copiste catalogue --model" in notice
    alone = [
        {"role": "system", "content": STUDENT_SYSTEM_PROMPTS["mrk"]},
        {"role": "user", "content": description},
    ]
    ((bare,),) = student.generate([alone], max_new_tokens=12)
    assert run.stdout.rstrip("\n") == bare.text


def test_export_refuses_what_it_cannot_use(tmp_path):
    with pytest.raises(ExportError, match="no such model folder"):
        export(tmp_path / "missing", tmp_path / "b")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "x").write_text("x")
    (tmp_path / "m").mkdir()
    with pytest.raises(ExportError):
        export(tmp_path / "m", tmp_path / "mine")


def test_a_teacher_server_is_evaluated_beside_the_students(
    lora_student, short_data, launch_teacher
):
    from validators.samples import load_samples

    record = load_samples()[0].to_marcxml()
    teacher = launch_teacher(script=[{"match": None, "reply": f"```xml\n{record}```"}])
    report = evaluate(
        [Candidate("lora", str(lora_student)), Candidate("teacher", teacher.api, teacher=True)],
        short_data, limit=2, max_new_tokens=8, batch_size=2, syntax="marcxml", constrain=False,
    )  # fmt: skip
    scores = report["models"]["teacher"]
    assert teacher.stats()["requests"] == report["n"] == 2
    assert scores["validity_rate"] == 1.0 and scores["mean_score"] == 1.0
    assert all(e["answer"].startswith("```xml") for e in scores["examples"])


def test_gguf_export_reads_back_as_the_same_model(lora_student, tmp_path):
    from gguf import GGUFReader
    from transformers import AutoModelForCausalLM, AutoTokenizer

    bundle = tmp_path / "bundle"
    manifest = export(lora_student, bundle, gguf=True)
    assert "model.f16.gguf" in manifest["files"]
    text = '<record><leader>     nam0 22        450 </leader><datafield tag="200">'
    merged = AutoTokenizer.from_pretrained(bundle)
    from_gguf = AutoTokenizer.from_pretrained(bundle, gguf_file="model.f16.gguf")
    assert from_gguf(text)["input_ids"] == merged(text)["input_ids"]
    # llama.cpp reads the chat template from the metadata (transformers prefers the folder's).
    fields = GGUFReader(str(bundle / "model.f16.gguf")).fields
    assert fields["tokenizer.chat_template"].contents() == merged.chat_template
    assert fields["tokenizer.ggml.pre"].contents() == "default"  # a tiny student, not SmolLM2
    gguf_model = AutoModelForCausalLM.from_pretrained(
        bundle, gguf_file="model.f16.gguf", dtype=torch.float32
    )
    ids = torch.tensor([merged(text)["input_ids"]])
    with torch.no_grad():
        expected, got = load_causal_lm(str(bundle))(ids).logits, gguf_model(ids).logits
    # F16 rounding only: query/key rows in the wrong order would be ~40 times further off.
    assert (expected - got).abs().max() <= 0.01 * expected.abs().max()
