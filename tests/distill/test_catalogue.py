"""`copiste catalogue`: descriptions in, checked records out, from the CLI as a user runs it."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from distill.catalogue import best, judge
from distill.catalogue_io import InputProblem, read_descriptions
from distill.prompting import DRAFT_MARK, description_of, student_messages
from distill.student import Sample, Student
from validators import ReadError, read_records
from validators.report import Report
from validators.roles import SystemSettings, student_view
from validators.samples import load_samples

REPO = Path(__file__).resolve().parents[2]
DESCRIPTIONS = [
    "Les jardins de la rive haute : roman / Claire Vasseur. Lyon : Éditions du Vieux Pont, "
    "2021. 312 p. ; 21 cm. ISBN 978-2-9123-4501-1",
    "Atlas des oiseaux de Bretagne. Rennes, 2019",
    "Poèmes choisis / Anne Hébert",
]


def copiste(*args: object, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "catalogue", *map(str, args)],
        input=stdin, capture_output=True, text=True, timeout=600, cwd=REPO, env=env,
    )  # fmt: skip


def test_the_prompt_is_built_in_one_place_and_carries_the_description_and_the_draft():
    messages = student_messages("  Titre / Auteur. — Paris : Seuil, 1990.  ")
    assert [m["role"] for m in messages] == ["system", "user"]
    user = messages[1]["content"]
    description, draft = user.split(DRAFT_MARK)
    assert "MarcEdit" in messages[0]["content"] and description.startswith("Titre / Auteur.")
    # the rules' reading as MarcEdit lines: their leader and 100 (the year as a single date),
    # then the parts found
    assert draft.startswith("=LDR  00000nam") and "=100  \\\\$a20000101d1990    " in draft
    assert "=200  1\\$aTitre$fAuteur" in draft and "=210  \\\\$aParis$cSeuil$d1990" in draft
    assert description_of(messages) == description
    assert "MARCXML" in student_messages("x", "marcxml")[0]["content"]
    with pytest.raises(ValueError, match="mrk or marcxml"):
        student_messages("x", "json")


def test_an_answer_becomes_a_record_with_the_systems_fields():
    gold = load_samples()[0]
    answer = f"Here is the record:\n```\n{student_view(gold).to_mrk()}```\n"
    settings = SystemSettings(agency="Bibliothèque X", country="BE", date=dt.date(2024, 3, 1))
    record, report = judge(answer, "mrk", "strict", settings)
    assert report.valid, [f.rule for f in report.findings]
    assert record.control("005").startswith("20240301")
    assert record.first("801", "b") == "Bibliothèque X" and record.first("801", "a") == "BE"
    assert record.first("100", "a")[:8] == "20240301"
    assert record.first("200", "a") == gold.first("200", "a")
    # No record in the answer: no record, an invalid report naming why.
    record, report = judge("I cannot catalogue this.", "mrk", "strict", settings)
    assert record is None and not report.valid and report.score == 0
    assert report.findings[0].rule == "NO_RECORD"
    record, report = judge("<record><leader>", "marcxml", "strict", settings)
    assert record is None and report.findings[0].rule == "XML_WELLFORMED"


def test_an_answer_cut_by_the_token_budget_keeps_the_fields_before_the_cut():
    sample = load_samples()[0]
    lines = student_view(sample).to_mrk().splitlines()
    assert lines[6].startswith("=210")
    cut = "\n".join(lines[:6]) + "\n" + lines[6][:6] + "$"  # stopped after 210's first "$"
    record, report = judge(cut, "mrk", "strict", SystemSettings())
    assert record.first("200", "a") == sample.first("200", "a")
    assert record.datafields("210") == []
    assert (report.findings[0].rule, report.findings[0].line) == ("ANSWER_CUT", 7)
    assert not report.valid and report.score == 0  # incomplete: it passes nothing, earns nothing
    # A complete answer that breaks the syntax is not taken for a cut one.
    record, report = judge(cut + "\n", "mrk", "strict", SystemSettings())
    assert record is None and report.findings[0].rule == "MRK_SYNTAX"


def test_best_of_keeps_the_highest_score_and_breaks_ties_by_log_probability():
    reports = [Report(True, 0.9), Report(True, 1.0), Report(True, 1.0), Report(False, 0.2)]
    judged = [(None, r) for r in reports]
    samples = [Sample("a", -0.1), Sample("b", -2.0), Sample("c", -0.5), Sample("d", -0.01)]
    assert best(samples, judged) == 2
    assert best(samples[:2], judged[:2]) == 1  # the score wins over the log-probability


def test_each_json_line_carries_the_description_it_answers():
    """`--format json`: a line names its input by id and holds the description itself."""
    import io

    from distill.catalogue import CatalogueOptions, Cataloguer
    from distill.catalogue_io import write_results

    answer = "=LDR  00000nam0 2200000 i 450\n"

    class Answering:
        """A student without weights: one fixed answer per prompt."""

        def generate(self, prompts, **_):
            return [[Sample(answer)] for _ in prompts]

    options = CatalogueOptions(constrain=False, draft_bias=0.0)
    results = Cataloguer(Answering(), options).catalogue(DESCRIPTIONS[:2], ["a", "b"])
    out = io.StringIO()
    write_results(results, "json", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(line["id"], line["description"]) for line in lines] == [
        ("a", DESCRIPTIONS[0]),
        ("b", DESCRIPTIONS[1]),
    ]


def test_descriptions_come_from_text_jsonl_and_stdin(tmp_path, monkeypatch):
    (tmp_path / "one.txt").write_text("  Un titre / Une autrice\n", encoding="utf-8")
    (tmp_path / "many.jsonl").write_text(
        '{"id": "r1", "description": "Premier"}\n\n{"description": "Second"}\n', encoding="utf-8"
    )
    (tmp_path / "lines.txt").write_text('{"id": 7, "description": "Sans suffixe"}\n')
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("Depuis stdin"))
    items = read_descriptions(
        [str(tmp_path / "one.txt"), str(tmp_path / "many.jsonl"), str(tmp_path / "lines.txt"), "-"]
    )
    assert items == [
        ("one", "Un titre / Une autrice"),
        ("r1", "Premier"),
        ("many-3", "Second"),
        ("7", "Sans suffixe"),
        ("stdin", "Depuis stdin"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "  \n", "empty.txt: empty description"),
        ("bad.jsonl", '{"description": "ok"}\nnot json\n', "bad.jsonl line 2: not JSON"),
        ("blank.jsonl", '{"description": " "}\n', "blank.jsonl line 1: empty description"),
        ("nodesc.jsonl", '{"title": "x"}\n', 'nodesc.jsonl line 1: not an object with a "desc'),
        ("latin1.txt", "Caf\xe9".encode("latin-1"), "latin1.txt: not UTF-8 text"),
    ],
)
def test_unusable_inputs_are_named(tmp_path, name, content, message):
    path = tmp_path / name
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    with pytest.raises(InputProblem, match=message):
        read_descriptions([str(path)])


@pytest.mark.slow
def test_best_of_samples_answers_with_their_log_probability(tiny_student):
    student = Student(str(tiny_student))
    prompts = [student_messages(d) for d in DESCRIPTIONS[:2]]
    answers = student.generate(prompts, samples=3, max_new_tokens=6, batch_size=2, seed=1)
    assert [len(a) for a in answers] == [3, 3]
    for sample in (s for a in answers for s in a):
        assert sample.text and sample.mean_logprob is not None and sample.mean_logprob < 0
    # Greedy: one answer, the same whatever the batch.
    one = student.generate(prompts, max_new_tokens=6, batch_size=1)
    two = student.generate(prompts, max_new_tokens=6, batch_size=2)
    assert one == two and one[0][0].mean_logprob is None


def test_errors_are_one_line_and_exit_2(tmp_path, tiny_student):
    description = tmp_path / "d.txt"
    description.write_text(DESCRIPTIONS[0], encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    cases = [
        (["--model", tmp_path / "missing", description], "no such model folder"),
        (["--model", tiny_student, tmp_path / "nope.txt"], "nope.txt: no such file"),
        (["--model", tiny_student, tmp_path], "is a folder"),
        (["--model", tiny_student, tmp_path / "empty.txt"], "empty description"),
        (["--model", tiny_student, "--date", "2024-13-01", description], "not a date"),
    ]
    for args, message in cases:
        run = copiste(*args)
        assert run.returncode == 2, (args, run.stderr)
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0] and "Traceback" not in run.stderr
        assert run.stdout == ""
    run = copiste("--model", tiny_student, "-", stdin="   ")
    assert run.returncode == 2 and "-: empty description" in run.stderr


@pytest.mark.slow
def test_catalogue_end_to_end_under_the_grammar(tiny_student, tmp_path):
    """A random tiny model, constrained: every answer parses into a record copiste fills."""
    text = tmp_path / "title-page.txt"
    text.write_text(DESCRIPTIONS[0], encoding="utf-8")
    jsonl = tmp_path / "batch.jsonl"
    rows = [{"id": f"b{i}", "description": d} for i, d in enumerate(DESCRIPTIONS[1:])]
    jsonl.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    common = ["--model", tiny_student, "--agency", "Ma bibliothèque", "--date", "2024-05-06",
              "--rules", "lenient", "--batch-size", "2", "--max-new-tokens", "200"]  # fmt: skip
    run = copiste(*common, "--format", "json", text, jsonl, "-", stdin=DESCRIPTIONS[2])
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["title-page", "b0", "b1", "stdin"]
    assert [line["description"] for line in lines] == [*DESCRIPTIONS, DESCRIPTIONS[2]]
    assert "4 descriptions" in run.stderr and "Traceback" not in run.stderr
    for line in lines:
        assert line["record"] is not None, line["findings"]
        (record,) = list(read_records(line["record"]))
        assert not isinstance(record, ReadError)
        assert record.first("801", "b") == "Ma bibliothèque"
        assert record.control("005").startswith("20240506")
        assert {"valid", "score", "findings"} <= set(line)
    # The same records as a MARCXML collection, and as MarcEdit text.
    out = tmp_path / "records.xml"
    run = copiste(*common, jsonl, "--out", out)
    assert run.returncode == 0 and run.stdout == ""
    records = list(read_records(out))
    assert len(records) == 2 and not any(isinstance(r, ReadError) for r in records)
    run = copiste(*common, "--format", "mrk", jsonl)
    assert run.returncode == 0
    assert run.stdout.count("=LDR  ") == 2 and run.stdout.count("=801  ") == 2


@pytest.mark.parametrize("command", ["catalogue", "eval", "export"])
def test_help_fits_80_columns_without_python_type_names(command):
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "80", "TERM": "dumb"}
    run = subprocess.run(
        [sys.executable, "-m", "server.cli", command, "--help"],
        capture_output=True, text=True, timeout=60, cwd=REPO, env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert max(len(line) for line in run.stdout.splitlines()) <= 80
    for name in ("<bool>", "<str>", "<int>", "<path>", "list[", "Optional"):
        assert name not in run.stdout, name
