"""The one reading of a teacher spec: every form, the aliases, and errors that name the forms."""

from __future__ import annotations

import pytest

from generator.contract import RunConfig
from generator.teacher_spec import parse_teacher
from generator.teachers import TeacherSpecError, make_teacher, teacher_class


@pytest.mark.parametrize(
    ("text", "backend", "target"),
    [
        ("smollm2", "embedded", "smollm2"),
        (" Embedded ", "embedded", "smollm2"),
        ("SmolLM2-135M-Instruct", "embedded", "smollm2"),
        ("isbd", "rules", "isbd"),
        ("RULES", "rules", "isbd"),
        ("http://127.0.0.1:8000/v1", "http", "http://127.0.0.1:8000/v1"),
        ("HTTPS://gpu-box", "http", "HTTPS://gpu-box"),
        ("transformers:/models/qwen", "transformers", "/models/qwen"),
        ("vllm:Qwen/Qwen2.5-7B", "vllm", "Qwen/Qwen2.5-7B"),
    ],
)
def test_each_form_is_read_once(text, backend, target):
    spec = parse_teacher(text)
    assert (spec.backend, spec.target, spec.text) == (backend, target, text.strip())
    assert spec.needs_model == (backend != "rules")


def test_the_embedded_model_is_recognised_through_any_backend():
    assert parse_teacher("transformers:smollm2").is_embedded
    assert parse_teacher("vllm:embedded").is_embedded
    assert not parse_teacher("transformers:/models/qwen").is_embedded
    assert parse_teacher("http://h:1").is_remote and not parse_teacher("isbd").is_remote


@pytest.mark.parametrize("text", ["bogus", "", "transformers:", "vllm:  ", "ftp://h"])
def test_anything_else_names_every_form(text):
    with pytest.raises(TeacherSpecError) as caught:
        parse_teacher(text)
    message = str(caught.value)
    assert "\n" not in message
    for form in ("smollm2", "transformers:PATH", "http://HOST:PORT[/v1]", "vllm:PATH", "isbd"):
        assert form in message


def test_the_run_and_the_factory_read_the_same_spec():
    with pytest.raises(ValueError, match="unknown teacher 'bogus'"):
        RunConfig(task="unimarc", method="answer", teacher="bogus")
    assert RunConfig(task="unimarc", method="backtranslation", teacher="isbd").teacher == "isbd"
    with pytest.raises(TeacherSpecError, match="no model"):
        make_teacher("isbd")
    assert make_teacher(parse_teacher("vllm:/some/model")).backend == "vllm"


def test_only_a_teacher_whose_logits_are_copiste_s_takes_a_draft_bias():
    # What the demo asks before it plans its teacher's runs, and the session before it starts one.
    assert teacher_class("embedded").supports_draft_bias
    assert not teacher_class("http://127.0.0.1:8000/v1").supports_draft_bias
    assert not teacher_class("vllm:/some/model").supports_draft_bias
    with pytest.raises(TeacherSpecError, match="no model"):
        teacher_class("isbd")
