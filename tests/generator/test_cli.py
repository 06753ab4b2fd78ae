"""`copiste generate` as a user runs it: progress, summary, one-line errors and exit codes."""

from __future__ import annotations

import json
import socket

from tests.generator.cli_run import generate_args, one_line_error


def test_generate_end_to_end_prints_a_summary(teacher_server, records_path, tmp_path, copiste):
    teacher_server.script(
        [{"match": "cartographe", "reply": "Le cartographe des marées, Élise Marchand, 2021."}]
    )
    out = tmp_path / "run"
    args = generate_args(
        "unimarc", "backtranslation", seeds=records_path, teacher=teacher_server.url, n=4, out=out
    )
    result = copiste.run(*args)
    assert result.returncode == 0, result.stderr
    assert "run finished" in result.stdout
    assert "4: 1 accepted, 3 rejected" in result.stdout
    assert "4/4" in result.stderr and "tok/s" in result.stderr  # the progress bar
    assert len((out / "examples.jsonl").read_text().splitlines()) == 4
    again = copiste.run(*args)
    assert "0 sent, 4 reused" in again.stdout


def test_structured_output_options_reach_the_teacher(teacher_server, tmp_path, copiste):
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"q": {"type": "string"}}}))
    args = generate_args(
        "math",
        "synthesis",
        "-q",
        teacher=teacher_server.url,
        n=1,
        out=tmp_path / "run",
        json_schema=schema,
        seed=3,
        max_tokens=50,
    )
    result = copiste.run(*args)
    assert result.returncode == 0, result.stderr
    body = teacher_server.requests()[0]
    assert body["response_format"]["json_schema"]["schema"]["properties"] == {
        "q": {"type": "string"}
    }
    assert (body["seed"], body["max_tokens"]) == (3, 50)


def test_unusable_input_is_one_line_and_exit_2(tmp_path, copiste):
    base = generate_args("unimarc", "answer", out=tmp_path / "r")
    missing = copiste.run(*base, "--seeds", str(tmp_path / "none.xml"))
    assert "seeds file not found" in one_line_error(missing, 2)
    both = copiste.run(*base, "--regex", "a", "--choice", "b")
    assert "at most one of" in one_line_error(both, 2)
    spec = copiste.run(*base, "--seeds", str(tmp_path), "--teacher", "x")
    assert one_line_error(spec, 2)
    samples = copiste.run(*base, "--samples", "2", "--temperature", "0")
    assert "temperature > 0" in one_line_error(samples, 2)


def test_unreachable_teacher_is_one_line_and_exit_1(records_path, tmp_path, copiste):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    args = generate_args("unimarc", "answer", seeds=records_path, teacher=url, out=tmp_path / "run")
    result = copiste.run(*args)
    assert "cannot reach the teacher" in one_line_error(result, 1)


def test_help_explains_the_command(copiste):
    result = copiste.run("generate", "--help")
    assert result.returncode == 0
    for word in ("--task", "--method", "--seeds", "--teacher", "--n", "--out", "resume"):
        assert word in result.stdout
