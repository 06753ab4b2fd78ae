"""The OpenAI-compatible teacher against a real server process on loopback."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from generator.teachers import (
    RequestRejected,
    SamplingParams,
    Structured,
    TeacherError,
    TeacherUnavailable,
    make_teacher,
)
from generator.teachers.http import OpenAITeacher

USER = [{"role": "user", "content": "hello teacher"}]


def run(coroutine):
    return asyncio.run(coroutine)


async def ask(url: str, messages=USER, params=None, request_id=None, **options):
    teacher = make_teacher(url, **options)
    async with teacher:
        return await teacher.chat(messages, params or SamplingParams(), request_id=request_id)


def test_spec_grammar_picks_the_backend(teacher_server):
    assert isinstance(make_teacher(teacher_server.url), OpenAITeacher)
    assert make_teacher(teacher_server.url + "/v1/").base_url == teacher_server.url + "/v1"
    assert make_teacher("smollm2").backend == "transformers"
    assert make_teacher("transformers:/some/model").describe()["model"] == "/some/model"
    assert make_teacher("vllm:/some/model").backend == "vllm"
    with pytest.raises(ValueError, match="unknown teacher"):
        make_teacher("gpt-please")


def test_chat_returns_samples_usage_and_the_servers_reasoning(teacher_server):
    teacher_server.script([{"match": "hello", "reply": "bonjour à vous", "reasoning": "polite"}])
    completions = run(ask(teacher_server.url, params=SamplingParams(n=3)))
    assert [c.text for c in completions] == ["bonjour à vous"] * 3
    assert all(c.reasoning == "polite" and c.finish_reason == "stop" for c in completions)
    assert sum(c.completion_tokens for c in completions) == 9  # 3 words x 3 samples
    assert completions[0].prompt_tokens == 2


def test_the_served_model_is_found_and_described(teacher_server):
    async def go():
        async with make_teacher(teacher_server.url) as teacher:
            return teacher.describe()

    assert run(go()) == {
        "backend": "openai-http",
        "model": "test-teacher",
        "endpoint": teacher_server.url + "/v1",
    }


def test_completion_endpoint(teacher_server):
    teacher_server.script([{"match": "Once upon", "reply": "a time"}])

    async def go():
        async with make_teacher(teacher_server.url) as teacher:
            return await teacher.complete("Once upon", SamplingParams(max_tokens=4))

    assert [c.text for c in run(go())] == ["a time"]
    assert teacher_server.requests()[-1]["prompt"] == "Once upon"


def test_retries_429_and_5xx_with_backoff_then_succeeds(teacher_server):
    teacher_server.script(
        [
            {"match": "hello", "status": 429, "times": 2, "retry_after": 0},
            {"match": "hello", "status": 500, "times": 1},
            {"match": "hello", "reply": "finally"},
        ]
    )
    completions = run(ask(teacher_server.url, request_id="k-retry", backoff=0.01))
    assert completions[0].text == "finally"
    stats = teacher_server.stats()
    assert stats["by_key"]["k-retry"] == 4
    assert stats["by_status"] == {"429": 2, "500": 1, "200": 1}


def test_gives_up_after_max_retries_with_a_clear_error(teacher_server):
    teacher_server.script([{"status": 503, "error": "overloaded"}])
    with pytest.raises(TeacherError, match=r"HTTP 503: overloaded; gave up after 3 attempts"):
        run(ask(teacher_server.url, request_id="k-503", max_retries=2, backoff=0.01))
    assert teacher_server.stats()["by_key"]["k-503"] == 3


def test_client_errors_are_not_retried(teacher_server):
    teacher_server.script([{"status": 400, "error": "prompt too long"}])
    with pytest.raises(RequestRejected, match="HTTP 400: prompt too long"):
        run(ask(teacher_server.url, request_id="k-400", backoff=0.01))
    assert teacher_server.stats()["by_key"]["k-400"] == 1


def test_per_request_timeout_is_retried_then_reported(teacher_server):
    teacher_server.script([{"delay": 1.5, "reply": "too late"}])
    started = time.monotonic()
    with pytest.raises(TeacherError, match="no answer within the timeout"):
        run(ask(teacher_server.url, request_id="k-slow", timeout=0.3, max_retries=1, backoff=0.01))
    assert time.monotonic() - started < 1.5
    assert teacher_server.stats()["by_key"]["k-slow"] == 2


def test_unreachable_server_fails_fast_with_one_clear_line():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(TeacherUnavailable) as error:
        run(ask(f"http://127.0.0.1:{port}"))
    assert time.monotonic() - started < 5
    message = str(error.value)
    assert f"cannot reach the teacher at http://127.0.0.1:{port}/v1" in message
    assert "\n" not in message


def test_unknown_model_is_refused_before_any_generation(teacher_server):
    with pytest.raises(TeacherUnavailable, match="does not serve 'other'"):
        run(ask(teacher_server.url, model="other"))
    assert teacher_server.stats()["requests"] == 0


def test_structured_outputs_use_response_format_and_structured_outputs(teacher_server):
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    json_out = run(
        ask(teacher_server.url, params=SamplingParams(structured=Structured(json_schema=schema)))
    )
    choice_out = run(
        ask(teacher_server.url, params=SamplingParams(structured=Structured(choice=["oui", "non"])))
    )
    run(ask(teacher_server.url, params=SamplingParams(structured=Structured(regex=r"\d+"))))
    assert json_out[0].text == '{"n": 0}'
    assert choice_out[0].text in ("oui", "non")
    json_body, choice_body, regex_body = teacher_server.requests()
    assert json_body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "copiste", "schema": schema},
    }
    assert choice_body["structured_outputs"] == {"choice": ["oui", "non"]}
    assert regex_body["structured_outputs"] == {"regex": r"\d+"}
    for body in (json_body, choice_body, regex_body):
        assert not [name for name in body if name.startswith("guided_")]


def test_sampling_parameters_reach_the_server(teacher_server):
    params = SamplingParams(temperature=0.3, top_p=0.9, max_tokens=77, n=2, seed=5, stop=["##"])
    run(ask(teacher_server.url, params=params))
    body = teacher_server.requests()[-1]
    assert {k: body[k] for k in ("temperature", "top_p", "max_tokens", "n", "seed", "stop")} == {
        "temperature": 0.3,
        "top_p": 0.9,
        "max_tokens": 77,
        "n": 2,
        "seed": 5,
        "stop": ["##"],
    }
    assert body["model"] == "test-teacher"


def test_concurrency_is_bounded_and_used(teacher_server):
    teacher_server.script([{"delay": 0.2, "reply": "ok"}])

    async def go():
        async with make_teacher(teacher_server.url, concurrency=3) as teacher:
            return await asyncio.gather(
                *(teacher.chat(USER, SamplingParams(), request_id=f"c{i}") for i in range(9))
            )

    started = time.monotonic()
    assert len(run(go())) == 9
    assert teacher_server.stats()["max_in_flight"] == 3
    assert time.monotonic() - started >= 0.6  # three waves of 0.2 s


def test_sampling_params_reject_impossible_combinations():
    with pytest.raises(ValueError, match="need temperature > 0"):
        SamplingParams(n=2, temperature=0)
    with pytest.raises(ValueError, match="exactly one"):
        Structured(regex="a", choice=["a"])
