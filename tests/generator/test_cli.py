"""`copiste generate` as a user runs it: progress, summary, one-line errors and exit codes."""

from __future__ import annotations

import json
import socket
import subprocess


def run_cli(command, env, *args, timeout=120):
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_generate_end_to_end_prints_a_summary(
    teacher_server, records_path, tmp_path, copiste_command, cli_env
):
    teacher_server.script(
        [{"match": "cartographe", "reply": "Le cartographe des marées, Élise Marchand, 2021."}]
    )
    out = tmp_path / "run"
    args = [
        "generate",
        "--task",
        "unimarc",
        "--method",
        "backtranslation",
        "--seeds",
        str(records_path),
        "--teacher",
        teacher_server.url,
        "--n",
        "4",
        "--out",
        str(out),
    ]
    result = run_cli(copiste_command, cli_env, *args)
    assert result.returncode == 0, result.stderr
    assert "run finished" in result.stdout
    assert "4: 1 accepted, 3 rejected" in result.stdout
    assert "4/4" in result.stderr and "tok/s" in result.stderr  # the progress bar
    assert len((out / "examples.jsonl").read_text().splitlines()) == 4
    again = run_cli(copiste_command, cli_env, *args)
    assert "0 sent, 4 reused" in again.stdout


def test_structured_output_options_reach_the_teacher(
    teacher_server, tmp_path, copiste_command, cli_env
):
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"q": {"type": "string"}}}))
    args = [
        "generate",
        "--task",
        "math",
        "--method",
        "synthesis",
        "--teacher",
        teacher_server.url,
        "--n",
        "1",
        "--out",
        str(tmp_path / "run"),
        "--json-schema",
        str(schema),
        "--seed",
        "3",
        "--max-tokens",
        "50",
        "-q",
    ]
    result = run_cli(copiste_command, cli_env, *args)
    assert result.returncode == 0, result.stderr
    body = teacher_server.requests()[0]
    assert body["response_format"]["json_schema"]["schema"]["properties"] == {
        "q": {"type": "string"}
    }
    assert (body["seed"], body["max_tokens"]) == (3, 50)


def one_line_error(result, code):
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_unusable_input_is_one_line_and_exit_2(tmp_path, copiste_command, cli_env):
    base = ["generate", "--task", "unimarc", "--method", "answer", "--out", str(tmp_path / "r")]
    missing = run_cli(copiste_command, cli_env, *base, "--seeds", str(tmp_path / "none.xml"))
    assert "seeds file not found" in one_line_error(missing, 2)
    both = run_cli(copiste_command, cli_env, *base, "--regex", "a", "--choice", "b")
    assert "at most one of" in one_line_error(both, 2)
    spec = run_cli(copiste_command, cli_env, *base, "--seeds", str(tmp_path), "--teacher", "x")
    assert one_line_error(spec, 2)
    samples = run_cli(copiste_command, cli_env, *base, "--samples", "2", "--temperature", "0")
    assert "temperature > 0" in one_line_error(samples, 2)


def test_unreachable_teacher_is_one_line_and_exit_1(
    records_path, tmp_path, copiste_command, cli_env
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = run_cli(
        copiste_command,
        cli_env,
        "generate",
        "--task",
        "unimarc",
        "--method",
        "answer",
        "--seeds",
        str(records_path),
        "--teacher",
        url,
        "--out",
        str(tmp_path / "run"),
    )
    assert "cannot reach the teacher" in one_line_error(result, 1)


def test_help_explains_the_command(copiste_command, cli_env):
    result = run_cli(copiste_command, cli_env, "generate", "--help")
    assert result.returncode == 0
    for word in ("--task", "--method", "--seeds", "--teacher", "--n", "--out", "resume"):
        assert word in result.stdout
