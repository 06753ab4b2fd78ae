"""Runs against the teacher server: storage, provenance, resume, re-judging, failures, stop."""

from __future__ import annotations

import json
import sqlite3

import pytest

from generator.run import (
    Example,
    RunConfig,
    RunError,
    TeacherFailed,
    generate_examples,
    run_generation,
)


def grounded_replies() -> list[dict]:
    """A description that names title, author and year for the first three records only."""
    return [
        {
            "match": "Le cartographe des marées",
            "reply": "Élise Marchand : Le cartographe des marées, roman. Nantes, 2021.",
        },
        {
            "match": "Histoire des moulins du Quercy",
            "reply": "« Histoire des moulins du Quercy », Bernard Castagné, Cahors, 2018.",
        },
        {
            "match": "Tidal rivers of the north",
            "reply": "Tidal rivers of the north, by Margaret Holloway (York, 2020).",
        },
        {"match": "Le botteghe di Bologna", "reply": "Un livre sur Bologne."},
    ]


def config(server, records_path, **overrides) -> RunConfig:
    values = {
        "task": "unimarc",
        "method": "backtranslation",
        "seeds": records_path,
        "teacher": server.url,
        "n": 4,
        "concurrency": 4,
        "lang": "fr",  # the scripted replies and templates asserted below are French
    }
    return RunConfig(**{**values, **overrides})


def read_examples(out) -> list[dict]:
    return [json.loads(line) for line in (out / "examples.jsonl").read_text().splitlines()]


def test_a_run_stores_judged_examples_with_provenance(teacher_server, records_path, tmp_path):
    teacher_server.script(grounded_replies())
    out = tmp_path / "run"
    summary = run_generation(config(teacher_server, records_path), out)
    assert (summary.status, summary.planned, summary.sent) == ("finished", 4, 4)
    assert (summary.accepted, summary.rejected, summary.failed) == (3, 1, 0)
    assert summary.completion_tokens > 0

    examples = read_examples(out)
    assert [e["seed_id"] for e in examples] == [f"COPISTE-T-000{i}" for i in range(1, 5)]
    assert [e["accepted"] for e in examples] == [True, True, True, False]
    first = Example(**examples[0])  # the contract's schema
    assert first.question.startswith("Élise Marchand") and first.answer.startswith("<record")
    assert first.gold == first.answer and first.reasoning is None
    provenance = first.provenance
    assert provenance["teacher"] == {
        "backend": "openai-http",
        "model": "test-teacher",
        "endpoint": teacher_server.url + "/v1",
    }
    assert provenance["template"] == "unimarc/backtranslation.fr"
    assert len(provenance["template_hash"]) == 64
    assert provenance["sampling"]["max_tokens"] == 384
    assert provenance["tokens"]["completion"] == len(first.question.split())
    assert provenance["timings"]["latency_s"] > 0
    assert {"validator_version", "copiste_version", "created_at"} <= set(provenance)
    assert examples[3]["verdict"]["checks"]["grounding_detail"]["year"] is False

    run_json = json.loads((out / "run.json").read_text())
    assert run_json["status"] == "finished" and run_json["summary"]["accepted"] == 3
    db = sqlite3.connect(out / "run.sqlite")
    (stored,) = db.execute("SELECT count(*) FROM responses").fetchone()
    request = json.loads(db.execute("SELECT request FROM responses LIMIT 1").fetchone()[0])
    assert stored == 4 and request[0]["role"] == "system"


def test_rerunning_sends_nothing_and_a_bigger_n_only_the_new(
    teacher_server, records_path, tmp_path
):
    teacher_server.script(grounded_replies())
    out = tmp_path / "run"
    run_generation(config(teacher_server, records_path), out)
    again = run_generation(config(teacher_server, records_path), out)
    assert (again.sent, again.reused, again.examples) == (0, 4, 4)
    assert teacher_server.stats()["requests"] == 4
    more = run_generation(config(teacher_server, records_path, n=6, sampling={"seed": 7}), out)
    # A new sampling seed is another request for every example: 6 new ones.
    assert (more.sent, more.reused, more.planned) == (6, 0, 6)
    keys = teacher_server.stats()["by_key"]
    assert len(keys) == 10 and set(keys.values()) == {1}
    ids = [e["id"] for e in read_examples(out)]
    assert len(ids) == len(set(ids)) == 6
    rounds = [e["provenance"]["round"] for e in read_examples(out)]
    assert rounds == [0, 0, 0, 0, 1, 1]


def test_changing_only_the_validators_rejudges_without_the_teacher(
    teacher_server, records_path, tmp_path, monkeypatch
):
    from validators import engine, rulesets
    from validators.engine import Hit, rule

    teacher_server.script(grounded_replies())
    out = tmp_path / "run"
    run_generation(config(teacher_server, records_path), out)
    old_version = read_examples(out)[0]["provenance"]["validator_version"]

    # The rule engine changes: a new error rule, which every record here breaks.
    rule("TEST_NO_TITLE", "error", 1.0, "no titles allowed", "pas de titre")(
        lambda record: [Hit("200")] if record.first("200", "a") else []
    )
    monkeypatch.setattr(engine, "ENGINE_VERSION", "with-TEST_NO_TITLE", raising=False)
    rulesets.get_ruleset.cache_clear()
    try:
        summary = run_generation(config(teacher_server, records_path), out)
    finally:
        engine.REGISTRY.pop("TEST_NO_TITLE")
        rulesets.get_ruleset.cache_clear()
    assert (summary.sent, summary.revalidated, summary.accepted) == (0, 4, 0)
    assert teacher_server.stats()["requests"] == 4  # the teacher was not asked again
    example = read_examples(out)[0]
    assert example["provenance"]["validator_version"] != old_version
    assert "TEST_NO_TITLE" in {f["rule"] for f in example["verdict"]["findings"]}
    assert example["question"].startswith("Élise Marchand")  # the stored answer, judged again


def test_a_folder_holds_one_kind_of_run(teacher_server, records_path, tmp_path):
    out = tmp_path / "run"
    run_generation(config(teacher_server, records_path), out)
    with pytest.raises(RunError, match="holds a unimarc/backtranslation run in fr"):
        run_generation(config(teacher_server, records_path, method="answer"), out)


def test_failed_requests_are_counted_kept_and_retried_on_rerun(
    teacher_server, records_path, tmp_path
):
    teacher_server.script(
        [{"match": "Histoire des moulins", "status": 400, "error": "too long"}, *grounded_replies()]
    )
    out = tmp_path / "run"
    first = run_generation(config(teacher_server, records_path), out)
    assert (first.status, first.finished, first.failed, first.examples) == ("finished", 3, 1, 3)
    db = sqlite3.connect(out / "run.sqlite")
    assert db.execute("SELECT error FROM failures").fetchone()[0].endswith("HTTP 400: too long")
    teacher_server.script(grounded_replies())  # the server is fixed
    second = run_generation(config(teacher_server, records_path), out)
    assert (second.sent, second.finished, second.failed, second.accepted) == (1, 4, 0, 3)


def test_a_teacher_failing_every_request_stops_the_run(
    teacher_server, records_path, tmp_path, monkeypatch
):
    from generator import engine

    monkeypatch.setattr(engine, "MAX_FAILURES_IN_A_ROW", 3)
    teacher_server.script([{"match": "Bologna", "reply": "ok"}, {"status": 503}])  # 3 fail
    out = tmp_path / "run"
    cfg = config(teacher_server, records_path, max_retries=0, concurrency=1)
    with pytest.raises(TeacherFailed, match="3 requests in a row failed"):
        run_generation(cfg, out)
    run_json = json.loads((out / "run.json").read_text())
    assert run_json["status"] == "failed" and "in a row" in run_json["error"]
    assert teacher_server.stats()["requests"] == 3  # the fourth was never sent


def test_unreachable_teacher_is_one_clear_error(records_path, tmp_path):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    cfg = RunConfig(task="unimarc", method="answer", seeds=records_path, teacher=url)
    with pytest.raises(TeacherFailed, match="cannot reach the teacher"):
        run_generation(cfg, tmp_path / "run")


def test_should_stop_ends_early_and_a_rerun_finishes(teacher_server, records_path, tmp_path):
    teacher_server.script([{"delay": 0.05}, *grounded_replies()])
    out = tmp_path / "run"
    seen = []
    cfg = config(teacher_server, records_path, n=12, concurrency=2)
    stopped = run_generation(
        cfg, out, on_progress=seen.append, should_stop=lambda: bool(seen) and seen[-1].done >= 4
    )
    assert stopped.status == "stopped" and 4 <= stopped.finished < 12
    assert json.loads((out / "run.json").read_text())["status"] == "stopped"
    assert len(read_examples(out)) == stopped.finished
    finished = run_generation(cfg, out)
    assert finished.status == "finished" and finished.finished == 12
    assert finished.sent == 12 - stopped.finished
    assert sum(teacher_server.stats()["answered_by_key"].values()) <= 12 + 2  # 2 cancelled


def test_generate_examples_is_synchronous_and_leaves_no_folder(teacher_server, tmp_path):
    teacher_server.script([{"match": "How many", "reply": "288"}])
    cfg = RunConfig(task="math", method="answer", teacher=teacher_server.url, n=2, lang="en")
    examples = generate_examples(cfg)
    assert [type(e) for e in examples] == [Example, Example]
    assert examples[0].accepted and examples[0].answer == "288"
    assert not examples[1].accepted  # 288 is not 45
    body = teacher_server.requests()[0]
    assert body["structured_outputs"] == {"regex": r"-?[0-9]+(\.[0-9]+)?"}  # the method's own


def test_generate_examples_inside_a_running_event_loop(teacher_server):
    import asyncio

    teacher_server.script([{"reply": "7"}])
    cfg = RunConfig(task="math", method="answer", teacher=teacher_server.url, n=1)

    async def endpoint():
        return generate_examples(cfg)

    assert asyncio.run(endpoint())[0].answer == "7"


def test_rule_based_backtranslation_needs_no_model(records_path, tmp_path):
    cfg = RunConfig(
        task="unimarc", method="backtranslation", seeds=records_path, teacher="isbd", n=10
    )
    summary = run_generation(cfg, tmp_path / "run")
    assert (summary.planned, summary.accepted, summary.sent) == (4, 4, 0)
    example = read_examples(tmp_path / "run")[0]
    assert example["provenance"]["teacher"]["backend"] == "rules"
    assert example["question"].startswith("Le cartographe des marées : roman / Élise Marchand")
    with pytest.raises(RunError, match="only does unimarc backtranslation"):
        generate_examples(RunConfig(task="math", method="answer", teacher="isbd"))


def test_seeds_that_do_not_suit_the_method(records_path):
    cfg = RunConfig(task="math", method="backtranslation", seeds=records_path, teacher="isbd")
    with pytest.raises(RunError, match="needs problems with an expression"):
        generate_examples(cfg)


def test_config_is_validated():
    with pytest.raises(ValueError, match="unknown rule set"):
        RunConfig(task="unimarc", method="answer", rules="lax")
    with pytest.raises(ValueError):
        RunConfig(task="poetry", method="answer")


def test_switching_rule_sets_rejudges_real_records_without_sending(real_dir, tmp_path):
    seeds = real_dir / "bnf_sru_marcxchange__rero-ils__bnf_anywhere_all_peter.xml"
    out = tmp_path / "run"
    strict = run_generation(
        RunConfig(task="unimarc", method="backtranslation", seeds=seeds, teacher="isbd", n=100),
        out,
    )
    lenient = run_generation(
        RunConfig(
            task="unimarc",
            method="backtranslation",
            seeds=seeds,
            teacher="isbd",
            n=100,
            rules="lenient",
        ),
        out,
    )
    assert strict.planned == lenient.planned == lenient.revalidated == 49
    assert lenient.sent == 0 and lenient.accepted >= strict.accepted
    assert lenient.accepted > 0  # legacy records pass the lenient rules...
    grounded = [e for e in read_examples(out) if e["verdict"]["checks"]["grounding"]]
    assert len(grounded) > 40  # ...and their ISBD description carries title, author, year
    assert {e["provenance"]["rules"] for e in read_examples(out)} == {"lenient"}
