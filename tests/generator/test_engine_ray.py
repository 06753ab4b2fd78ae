"""`--engine ray`: the same run as a Ray Data pipeline, on a local Ray instance on loopback.

The proof is made against the single-process engine with the same seeds and teacher server:
the same requests reach the server (same keys, byte-equal bodies), the run folders hold the
same examples (ids, answers, verdicts, provenance but for times), and a rerun sends only what
the folder does not hold yet.
"""

from __future__ import annotations

import json
import os

import pytest

from generator.ray_stages import vllm_inputs, vllm_outputs
from generator.run import RunConfig, RunError, run_generation

# Provenance that records when and how fast, not what: it differs between any two runs.
TIMES = ("created_at", "judged_at", "timings")


@pytest.fixture(scope="module")
def local_ray(require):
    """Two CPUs on the loopback interface, no dashboard, no usage report; shut down after."""
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"  # one node: bind 127.0.0.1
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    try:
        import ray
    except ImportError:
        require(False, "Ray is not installed (pip install 'copiste[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    yield ray
    ray.shutdown()


def grounded_replies() -> list[dict]:
    """Descriptions that name title, author and year for three records, not for the fourth."""
    return [
        {"match": "Le cartographe des marées", "reply": "Élise Marchand : Le cartographe des "
         "marées, roman. Nantes, 2021."},
        {"match": "Histoire des moulins du Quercy", "reply": "« Histoire des moulins du "
         "Quercy », Bernard Castagné, Cahors, 2018."},
        {"match": "Tidal rivers of the north", "reply": "Tidal rivers of the north, by "
         "Margaret Holloway (York, 2020)."},
        {"match": "Le botteghe di Bologna", "reply": "Un livre sur Bologne."},
    ]  # fmt: skip


def backtranslation(server, records_path, **overrides) -> RunConfig:
    values = {
        "task": "unimarc",
        "method": "backtranslation",
        "seeds": records_path,
        "teacher": server.url,
        "n": 6,  # two rounds over the four records: round 1 for the first two
        "concurrency": 4,
        "lang": "fr",
        "sampling": {"seed": 7},
    }
    return RunConfig(**{**values, **overrides})


def examples(out) -> list[dict]:
    rows = [json.loads(line) for line in (out / "examples.jsonl").read_text().splitlines()]
    for row in rows:
        for name in TIMES:
            row["provenance"].pop(name)
    return rows


def test_a_ray_run_equals_the_local_run_and_resumes(
    local_ray, teacher_server, records_path, tmp_path
):
    teacher_server.script(grounded_replies())
    local = run_generation(backtranslation(teacher_server, records_path), tmp_path / "local")
    assert (local.sent, local.accepted, local.rejected) == (6, 5, 1)

    # The first Ray run asks for four examples, and the server refuses one request once.
    teacher_server.script([{"match": "Bologna", "status": 400, "times": 1}, *grounded_replies()])
    out = tmp_path / "ray"
    first = run_generation(backtranslation(teacher_server, records_path, n=4, engine="ray"), out)
    assert (first.status, first.sent, first.failed, first.accepted) == ("finished", 3, 1, 3)
    # The rerun asks for six: the failed request and the two new ones are sent, nothing else.
    again = run_generation(backtranslation(teacher_server, records_path, engine="ray"), out)
    assert (again.sent, again.reused, again.failed, again.accepted) == (3, 3, 0, 5)
    finished = run_generation(backtranslation(teacher_server, records_path, engine="ray"), out)
    assert (finished.sent, finished.reused) == (0, 6)

    assert examples(out) == examples(tmp_path / "local")
    run_json = json.loads((out / "run.json").read_text())
    assert run_json["config"]["engine"] == "ray" and run_json["status"] == "finished"
    # Each request went out once per engine (twice for the one refused), under its key.
    by_key = teacher_server.stats()["by_key"]
    assert sorted(by_key.values()) == [2, 2, 2, 2, 2, 3]


def test_json_schemas_reach_the_teacher_as_written(local_ray, teacher_server, tmp_path):
    """Arrow unifies the keys of dicts across rows: the request must not cross it as a dict."""
    schema = {
        "type": "object",
        "properties": {
            "question": {"anyOf": [{"type": "string", "maxLength": 400}, {"type": "null"}]},
            "expression": {"type": "string"},
            "answer": {"type": "number"},
        },
        "required": ["question", "expression", "answer"],
    }
    values = {
        "task": "math",
        "method": "synthesis",
        "teacher": teacher_server.url,
        "n": 2,
        "sampling": {"structured": {"json_schema": schema}},
    }
    run_generation(RunConfig(**values), tmp_path / "local")
    run_generation(RunConfig(**values, engine="ray"), tmp_path / "ray")
    bodies = [json.dumps(body, sort_keys=True) for body in teacher_server.requests()]
    assert len(bodies) == 4 and sorted(bodies[:2]) == sorted(bodies[2:])
    assert json.loads(bodies[2])["response_format"]["json_schema"]["schema"] == schema
    assert examples(tmp_path / "ray") == examples(tmp_path / "local")


def test_teachers_ray_cannot_run_are_one_clear_error(records_path, tmp_path):
    rules = RunConfig(
        task="unimarc", method="backtranslation", seeds=records_path, teacher="isbd", n=1
    )
    with pytest.raises(RunError, match="OpenAI-compatible server"):
        run_generation(rules.model_copy(update={"engine": "ray"}), tmp_path / "rules")
    sampled = RunConfig(
        task="math", method="answer", teacher="vllm:some/model", n=4, engine="ray",
        sampling={"n": 2},
    )  # fmt: skip
    with pytest.raises(RunError, match="one sample per request"):
        run_generation(sampled, tmp_path / "vllm")


def test_the_vllm_stage_gets_messages_and_vllm_sampling():
    """What Ray Data LLM's vLLM processor reads of a row, and the row it gives back."""
    params = {"n": 1, "temperature": 0.5, "max_tokens": 64, "seed": 3}
    params["structured"] = {"json_schema": {"type": "object"}}
    row = {
        "key": "k",
        "seed": "{}",
        "round": 0,
        "params": json.dumps(params),
        "request": json.dumps([{"role": "user", "content": "Combien ?"}]),
        **dict.fromkeys(("completions", "teacher", "created_at", "examples", "error"), ""),
        "unavailable": False,
    }
    asked = vllm_inputs(row)
    assert asked["messages"] == [{"role": "user", "content": "Combien ?"}]
    sampling = asked["sampling_params"]
    assert (sampling["temperature"], sampling["max_tokens"], sampling["seed"]) == (0.5, 64, 3)
    assert sampling["structured_outputs"] == {"json": '{"type": "object"}'}

    engine_row = {**row, **asked, "generated_text": "42", "num_input_tokens": 9}
    back = vllm_outputs({**engine_row, "num_generated_tokens": 2}, teacher='{"backend": "vllm"}')
    assert set(back) == set(row)
    (completion,) = json.loads(back["completions"])
    assert (completion["text"], completion["prompt_tokens"], completion["completion_tokens"]) == (
        "42",
        9,
        2,
    )
    assert back["teacher"] == '{"backend": "vllm"}' and back["created_at"]


def test_an_unreachable_cluster_is_one_line_at_once(teacher_server, tmp_path, copiste):
    done = copiste.run(
        *("generate", "--task", "math", "--method", "answer", "--n", "2", "--quiet"),
        *("--teacher", teacher_server.url, "--engine", "ray", "--ray-address", "127.0.0.1:1"),
        *("--out", str(tmp_path / "run")),
    )
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith("error: cannot reach the Ray cluster at 127.0.0.1:1")
    )
    assert "Traceback" not in done.stderr and teacher_server.stats()["requests"] == 0
