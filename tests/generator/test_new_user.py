"""What a new user hit in generation (issue 14): markup tracebacks, counts that disagreed on
duplicate seeds, fewer examples than asked in silence, seeds parsed whole, mixed run folders,
an unreadable `--help`, two default languages."""

from __future__ import annotations

import inspect
import json
import re
import tracemalloc

import pytest

from generator.run import RunConfig, RunError, run_generation
from tests.generator.cli_run import generate_args, one_line_error

RECORD = re.compile(r"<record>.*?</record>", re.S)


def collection(records: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
        + "\n".join(records)
        + "\n</collection>\n"
    )


@pytest.fixture
def records(records_path) -> list[str]:
    return RECORD.findall(records_path.read_text(encoding="utf-8"))


def isbd(seeds, **overrides) -> RunConfig:
    return RunConfig(
        **{"task": "unimarc", "method": "backtranslation", "seeds": seeds, "teacher": "isbd"}
        | overrides
    )


def test_a_bogus_teacher_is_one_line_naming_the_valid_forms(tmp_path, copiste):
    args = generate_args("unimarc", "answer", out=tmp_path / "r", teacher="bogus")
    line = one_line_error(copiste.run(*args), 2)
    assert "unknown teacher 'bogus'" in line
    assert "http://HOST:PORT[/v1]" in line and "transformers:PATH" in line and "isbd" in line


def test_paths_with_brackets_are_printed_as_they_are(tmp_path, records_path, copiste):
    odd = tmp_path / "x[" / "y].xml"
    base = generate_args("unimarc", "backtranslation", teacher="isbd")
    out = tmp_path / "run[/bold]"
    missing = copiste.run(*base, "--seeds", str(odd), "--out", str(out))
    assert f"seeds file not found: {odd}" in one_line_error(missing, 2)
    odd.parent.mkdir()
    odd.write_bytes(records_path.read_bytes())
    done = copiste.run(*base, "--seeds", str(odd), "--out", str(out), "-q")
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and "Traceback" not in done.stderr


def test_duplicate_seeds_give_one_set_of_counts(records, tmp_path):
    seeds = tmp_path / "dump.xml"
    seeds.write_text(collection(records * 3), encoding="utf-8")
    seen = []
    summary = run_generation(isbd(seeds, n=100), tmp_path / "run", on_progress=seen.append)
    last = seen[-1]
    lines = (tmp_path / "run" / "examples.jsonl").read_text().splitlines()
    stored = json.loads((tmp_path / "run" / "run.json").read_text())["summary"]
    assert summary.duplicates == last.duplicates == stored["duplicates"] == 8
    assert summary.planned == last.total == stored["planned"] == 4
    assert summary.examples == len(lines) == last.accepted + last.rejected == stored["examples"]
    assert len({json.loads(line)["id"] for line in lines}) == 4
    assert any("8 duplicate seeds skipped" in note for note in summary.notes)


def test_duplicate_seeds_are_sampled_as_often_as_asked(teacher_server, records, tmp_path):
    seeds = tmp_path / "dump.xml"
    seeds.write_text(collection(records + records[:2]), encoding="utf-8")
    config = RunConfig(
        task="unimarc", method="backtranslation", seeds=seeds, teacher=teacher_server.url, n=8
    )
    summary = run_generation(config, tmp_path / "run")
    keys = {
        json.loads(line)["provenance"]["request"]
        for line in (tmp_path / "run" / "examples.jsonl").read_text().splitlines()
    }
    assert (summary.planned, summary.sent, summary.examples, len(keys)) == (8, 8, 8, 8)
    assert summary.duplicates == 2


def test_more_examples_than_rules_can_write_is_said(tmp_path, records_path, copiste):
    out = tmp_path / "run"
    args = generate_args(
        "unimarc", "backtranslation", "-q", teacher="isbd", seeds=records_path, n=20, out=out
    )
    result = copiste.run(*args)
    assert result.returncode == 0, result.stderr
    assert "4 examples, not the 20 asked" in " ".join(result.stdout.split())
    notes = json.loads((out / "run.json").read_text())["summary"]["notes"]
    assert any("not the 20 asked" in note for note in notes)


def test_seeds_are_streamed_not_parsed_whole(records, tmp_path):
    """n=1 over a small and a 16x larger dump: memory must not grow with the dump."""
    peaks = []
    for copies in (10, 160):
        distinct = [r.replace("COPISTE-T-", f"C{i}-") for i in range(copies) for r in records]
        seeds = tmp_path / f"dump{copies}.xml"
        seeds.write_text(collection(distinct), encoding="utf-8")
        tracemalloc.start()
        run_generation(isbd(seeds, n=1), tmp_path / f"run{copies}")
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 2 * peaks[0], peaks


def test_a_run_folder_refuses_other_seeds(records, tmp_path):
    first, other = tmp_path / "a.xml", tmp_path / "b.xml"
    first.write_text(collection(records[:2]), encoding="utf-8")
    other.write_text(collection(records[2:]), encoding="utf-8")
    run_generation(isbd(first), tmp_path / "run")
    with pytest.raises(RunError, match="other seeds"):
        run_generation(isbd(other), tmp_path / "run")
    assert run_generation(isbd(first), tmp_path / "run").reused == 2  # the same seeds resume


def test_help_at_80_columns_is_readable(copiste):
    result = copiste.run("generate", "--help", env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    text = result.stdout
    options = [line for line in text.splitlines() if "--" in line and "--help" not in line]
    assert not re.search(r"<(int|float|str|bool|path|list)", "\n".join(options)), text
    assert "…" not in text
    flat = " ".join(text.replace("│", " ").split())
    for choices in (
        "unimarc, math",
        "backtranslation, answer, reasoning, synthesis",
        "en, fr",
        "strict, lenient",
    ):
        assert f"One of: {choices}" in flat, choices


def test_one_default_language_everywhere():
    from generator.cli import generate_command
    from server.generation import GenerationSpec
    from validators import validate

    default = inspect.signature(validate).parameters["lang"].default
    run = RunConfig(task="unimarc", method="answer").lang
    command = inspect.signature(generate_command).parameters["lang"].default.value
    api = GenerationSpec.model_fields["lang"].default
    assert run == command == api == default
