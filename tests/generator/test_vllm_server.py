"""The REAL vLLM tier: `vllm serve` (CPU build) with SmolLM2, and `copiste generate` against it.

No request here carries a sampling seed: vLLM's CPU build crashes its engine on seeded requests
under chunked prefill (its sampler rewinds generators with a CUDA-only call).
The server runs from the vLLM environment (`make vllm-venv`, path in COPISTE_VLLM_PYTHON) on a
free loopback port, is waited for on /health, and is stopped by PID at the end of the module.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import time
from pathlib import Path

import pytest

from generator.teachers import SamplingParams, Structured, make_teacher
from tests.generator.cli_run import generate_args

pytestmark = [pytest.mark.vllm, pytest.mark.slow]
START_TIMEOUT_S = 300


@pytest.fixture(scope="module")
def vllm_python(require) -> str:
    python = os.environ.get("COPISTE_VLLM_PYTHON", "")
    require(
        bool(python) and Path(python).exists(),
        "COPISTE_VLLM_PYTHON does not name the vLLM environment's python (make vllm-venv)",
    )
    return python


@pytest.fixture(scope="module")
def vllm_server(vllm_python, tmp_path_factory):
    from generator.models import embedded_model_dir
    from generator.teachers import TeacherUnavailable
    from tests.vllm_server import LocalVLLMServer

    model = str(embedded_model_dir())
    log_path = tmp_path_factory.mktemp("vllm") / "server.log"
    server = LocalVLLMServer(vllm_python, model, log_path=log_path)
    try:
        url = server.start(timeout=START_TIMEOUT_S)
    except TeacherUnavailable as exc:
        pytest.fail(str(exc))
    print(f"vLLM server healthy after {server.startup_s:.1f} s")
    try:
        yield {"url": url, "model": model}
    finally:
        server.stop()


def test_copiste_generate_end_to_end_against_vllm(vllm_server, records_path, tmp_path, copiste):
    out = tmp_path / "run"
    args = generate_args(
        "unimarc",
        "backtranslation",
        seeds=records_path,
        teacher=vllm_server["url"],
        n=4,
        max_tokens=96,
        lang="en",
        out=out,
    )
    started = time.monotonic()
    result = copiste.run(*args, timeout=300)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    print(f"copiste generate (4 backtranslations, vLLM): {elapsed:.1f} s\n{result.stdout}")
    examples = [json.loads(line) for line in (out / "examples.jsonl").read_text().splitlines()]
    assert len(examples) == 4
    for example in examples:
        provenance = example["provenance"]
        assert provenance["teacher"] == {
            "backend": "openai-http",
            "model": vllm_server["model"],
            "endpoint": vllm_server["url"] + "/v1",
        }
        assert 0 < provenance["tokens"]["completion"] <= 96
        assert provenance["tokens"]["prompt"] > 100
        assert example["question"]  # the model wrote a description
        assert "grounding" in example["verdict"]["checks"]
    # Rerunning resumes: nothing is sent to vLLM again.
    again = copiste.run(*args)
    assert "0 sent, 4 reused" in again.stdout


def test_structured_outputs_against_vllm(vllm_server):
    schema = {
        "type": "object",
        "properties": {"title": {"type": "string"}, "year": {"type": "integer"}},
        "required": ["title", "year"],
    }

    async def go():
        async with make_teacher(vllm_server["url"]) as teacher:
            ask = [{"role": "user", "content": "Give a book title and its year as JSON."}]
            return await asyncio.gather(
                teacher.chat(
                    ask,
                    SamplingParams(max_tokens=60, structured=Structured(json_schema=schema)),
                ),
                teacher.chat(
                    [{"role": "user", "content": "Is the sky blue? yes or no"}],
                    SamplingParams(max_tokens=4, structured=Structured(choice=["oui", "non"])),
                ),
                teacher.chat(
                    [{"role": "user", "content": "What is 6 times 7?"}],
                    SamplingParams(max_tokens=8, structured=Structured(regex=r"[0-9]{1,4}")),
                ),
            )

    as_json, choice, number = asyncio.run(go())
    data = json.loads(as_json[0].text)
    assert isinstance(data["title"], str) and isinstance(data["year"], int)
    assert choice[0].text in ("oui", "non")
    assert re.fullmatch(r"[0-9]{1,4}", number[0].text)


def test_methods_use_structured_outputs_on_vllm(vllm_server):
    from generator.run import RunConfig, generate_examples

    math = {"task": "math", "teacher": vllm_server["url"], "n": 4, "lang": "en"}
    answers = generate_examples(RunConfig(**math, method="answer"))
    assert all(e.verdict.checks["numeric"] for e in answers)  # the regex held
    from generator.teachers.base import SamplingParams

    # Room for the whole object: a JSON schema bounds no string, and an object the token limit
    # cut cannot parse, so what is checked is every object the model finished.
    invented = generate_examples(
        RunConfig(**math, method="synthesis", sampling=SamplingParams(max_tokens=1024))
    )
    finished = [e for e in invented if e.provenance["finish_reason"] == "stop"]
    assert finished, [e.provenance["finish_reason"] for e in invented]
    for example in finished:  # the JSON schema held: every field parsed
        assert example.question and example.reasoning
        assert example.verdict.checks["numeric"]
    for example in invented:
        assert example.provenance["sampling"]["structured"]["json_schema"]["required"] == [
            "question",
            "expression",
            "answer",
        ]


def test_record_grammar_is_applied_by_vllm(vllm_server):
    """vLLM drops request fields it does not know without a word: an untrained prompt answers
    with a record that parses only when the grammar (Lark form, and its regex form) reached the
    decoder."""
    from validators import validate
    from validators.formats.mrk import parse_mrk
    from validators.grammar import NOT_EXPRESSED, record_grammar, record_regex

    tags = {"100", "101", "200"}
    ask = [{"role": "user", "content": "Catalogue this book: Vivre ensemble, by Jean Dupont."}]
    grammar = Structured(grammar=record_grammar("mrk", rules="strict", tags=tags))
    regex = Structured(regex=record_regex("mrk", rules="strict", tags=tags))

    async def go():
        async with make_teacher(vllm_server["url"]) as teacher:
            return await asyncio.gather(
                *(
                    teacher.chat(ask, SamplingParams(temperature=0, max_tokens=300, structured=s))
                    for s in (grammar, regex, None)
                )
            )

    (by_grammar,), (by_regex,), (free,) = asyncio.run(go())
    for answer in (by_grammar, by_regex):
        assert answer.finish_reason == "stop", answer.text
        record = parse_mrk(answer.text)
        assert [f.tag for f in record.fields][:1] == ["100"] and record.first("200", "a")
        report = validate(record, rules="strict")
        errors = {f.rule for f in report.findings if f.severity.value == "error"}
        assert errors <= NOT_EXPRESSED | {"FIELD_MANDATORY", "F801_MISSING"}, answer.text
    with pytest.raises(ValueError):
        parse_mrk(free.text)


def test_generate_syntax_mrk_under_the_grammar_end_to_end(
    vllm_server, records_path, tmp_path, copiste
):
    """`copiste generate --syntax mrk`: the teacher is asked for MarcEdit lines and decodes
    under the record grammar, so what it writes parses as mrk line by line; the examples keep
    MARCXML and the text as written. `--no-constrain` sends no grammar."""
    from generator.methods.unimarc import teacher_tags
    from validators import Record
    from validators.formats.mrk import parse_mrk
    from validators.grammar import record_grammar
    from validators.roles import TARGET_SETTINGS, fill_system_fields

    def run(out, *extra):
        args = generate_args(
            "unimarc",
            "answer",
            "--quiet",
            *extra,
            seeds=records_path,
            teacher=vllm_server["url"],
            n=2,
            syntax="mrk",
            temperature=0,
            max_tokens=300,
            out=out,
        )
        result = copiste.run(*args, timeout=600)
        assert result.returncode == 0, result.stderr
        lines = (out / "examples.jsonl").read_text().splitlines()
        return [json.loads(line) for line in lines]

    constrained = run(tmp_path / "mrk")
    assert len(constrained) == 2
    for example in constrained:
        grammar = record_grammar(
            "mrk", rules="strict", tags=teacher_tags("strict"), warnings=True, bounded=True
        ).encode()
        recorded = example["provenance"]["sampling"]["structured"]
        assert recorded == {"grammar_sha256": hashlib.sha256(grammar).hexdigest()}
        assert example["provenance"]["syntax"] == "mrk"
        if example["provenance"]["finish_reason"] == "stop":
            record = parse_mrk(example["raw"])  # the grammar held: the lines parse
            # kept as copiste files it: its system fields (001, 005, 801) are copiste's
            assert Record.from_marcxml(example["answer"]) == fill_system_fields(
                record, TARGET_SETTINGS
            )
            rules = {f["rule"] for f in example["verdict"]["findings"]}
            assert "MRK_SYNTAX" not in rules and "NO_RECORD" not in rules
        else:  # a small model may write fields until the limit: every line it ended parses
            lines = example["raw"].splitlines()
            assert lines[0].startswith("=LDR  ")
            assert len(parse_mrk("\n".join(lines[:-1])).fields) == len(lines) - 2
    free = run(tmp_path / "free", "--no-constrain")
    assert all(e["provenance"]["sampling"]["structured"] is None for e in free)
