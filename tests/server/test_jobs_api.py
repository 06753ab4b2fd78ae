"""Jobs and /v1/generate over real HTTP, against a real teacher process, restarts included."""

from __future__ import annotations

import io
import json
import socket
import time

import pytest

from validators.samples import SAMPLE_RECORD

TITLES = ["Les fleurs du mal", "Le spleen de Paris", "Les paradis artificiels", "Salon de 1846"]
# The teacher describes the first two records faithfully (title, author, year: accepted) and
# answers the others with an echo (no grounding: rejected).
SCRIPT = [
    {"match": title, "reply": f"{title}, par Charles Baudelaire. Paris, Gallimard, 1972."}
    for title in TITLES[:2]
]


def seed_records(count: int = 4) -> list[str]:
    return [
        SAMPLE_RECORD.replace("copiste-sample-0001", f"seed-{i}").replace(
            "Les fleurs du mal", TITLES[i % len(TITLES)]
        )
        for i in range(count)
    ]


def job_body(teacher, n: int, **extra) -> dict:
    return {
        "task": "unimarc",
        "method": "backtranslation",
        "seeds": seed_records(),
        "teacher": teacher.api,
        "n": n,
        "concurrency": 2,
        **extra,
    }


def wait_for(client, job_id: str, condition, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if condition(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never reached the condition: {job}")


def finished(job: dict) -> bool:
    return job["status"] in ("succeeded", "failed", "cancelled")


def read_events(client, path: str, timeout: float = 60) -> list[tuple[str, dict]]:
    events, name, deadline = [], None, time.monotonic() + timeout
    with client.stream("GET", path, timeout=timeout) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            assert time.monotonic() < deadline
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and name:
                events.append((name, json.loads(line.split(":", 1)[1])))
                if name == "end":
                    break
    return events


def metric(client, name: str) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def result_lines(client, job_id: str, **params) -> list[dict]:
    response = client.get(f"/v1/jobs/{job_id}/result", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines() if line.strip()]


def test_a_job_runs_streams_its_progress_and_serves_its_dataset(live_server, teacher_server):
    pq = pytest.importorskip("pyarrow.parquet")
    teacher = teacher_server(delay=0.05, script=SCRIPT)
    server = live_server({"teachers": [teacher.api]})
    with server.client() as client:
        response = client.post("/v1/jobs", json=job_body(teacher, n=8))
        assert response.status_code == 202, response.text
        job = response.json()
        assert response.headers["location"] == f"/v1/jobs/{job['id']}" == job["links"]["self"]

        events = read_events(client, job["links"]["events"])
        names = [name for name, _ in events]
        assert names[-1] == "end" and set(names[:-1]) <= {"progress"}
        done = [data["progress"]["done"] for _, data in events]
        assert done == sorted(done)
        final = events[-1][1]
        assert final["status"] == "succeeded", final
        progress = final["progress"]
        assert (progress["total"], progress["done"]) == (8, 8)
        assert (progress["accepted"], progress["rejected"]) == (4, 4)
        assert final["summary"]["accepted"] == 4 and final["attempts"] == 1
        assert client.get(f"/v1/jobs/{job['id']}").json() == final

        examples = result_lines(client, job["id"])
        assert len(examples) == 8 and len({e["id"] for e in examples}) == 8
        for example in examples:
            assert example["provenance"]["teacher"]["endpoint"].startswith(teacher.api)
            assert example["accepted"] == (example["seed_id"] in {"seed-0", "seed-1"})
            assert example["verdict"]["valid"] and "grounding" in example["verdict"]["checks"]
        kept = result_lines(client, job["id"], accepted_only="true")
        assert sorted(e["id"] for e in kept) == sorted(e["id"] for e in examples if e["accepted"])

        parquet = client.get(f"/v1/jobs/{job['id']}/result", params={"format": "parquet"})
        assert parquet.status_code == 200
        table = pq.read_table(io.BytesIO(parquet.content))
        assert sorted(table.column("id").to_pylist()) == sorted(e["id"] for e in examples)
        assert table.column("accepted").to_pylist().count(True) == 4
        assert json.loads(table.column("verdict")[0].as_py())["valid"]

        assert teacher.stats()["requests"] == 8
        assert metric(client, 'copiste_jobs{kind="generation",status="succeeded"}') == 1
        assert (
            metric(client, 'copiste_teacher_tokens_total{type="prompt"}')
            == (progress["prompt_tokens"])
            > 0
        )
        assert metric(client, 'copiste_examples_total{accepted="true"}') == 4
        listed = client.get("/v1/jobs").json()["jobs"]
        assert [j["id"] for j in listed] == [job["id"]]


def test_a_job_survives_a_graceful_stop_and_a_crash(live_server, teacher_server, tmp_path):
    teacher = teacher_server(delay=0.25, script=SCRIPT)
    data_dir = tmp_path / "data"
    allowed = {"teachers": [teacher.api]}
    first = live_server(allowed, data_dir=data_dir)
    with first.client() as client:
        job_id = client.post("/v1/jobs", json=job_body(teacher, n=16)).json()["id"]
        wait_for(client, job_id, lambda j: j["progress"]["done"] >= 2)
    first.stop()  # SIGTERM: the running job goes back to the queue

    second = live_server(allowed, data_dir=data_dir)
    with second.client() as client:
        job = wait_for(client, job_id, lambda j: j["attempts"] == 2 and j["progress"]["done"] >= 6)
        assert job["status"] == "running"
    second.kill()  # SIGKILL: no shutdown code runs, the store still says "running"

    third = live_server(allowed, data_dir=data_dir)
    with third.client() as client:
        job = wait_for(client, job_id, finished)
        assert job["status"] == "succeeded", job
        assert job["attempts"] == 3
        assert job["summary"]["reused"] >= 6  # resumed from the run folder, not restarted
        examples = result_lines(client, job_id)
    assert len(examples) == 16
    assert len({e["id"] for e in examples}) == 16
    planned = {(f"seed-{i}", r) for i in range(4) for r in range(4)}
    assert {(e["seed_id"], e["provenance"]["round"]) for e in examples} == planned
    assert sum(e["accepted"] for e in examples) == 8
    # At most the requests in flight at the crash were asked again.
    assert 16 <= teacher.stats()["requests"] <= 16 + 2 * 2


def test_cancel_limits_and_owners(live_server, teacher_server):
    teacher = teacher_server(delay=0.3, script=SCRIPT)
    server = live_server(
        {
            "api_keys": ["key-a", "key-b"],
            "max_jobs_per_key": 2,
            "job_workers": 1,
            "teachers": [teacher.api],
        }
    )
    with server.client("key-a") as alice, server.client("key-b") as bob:
        running = alice.post("/v1/jobs", json=job_body(teacher, n=40)).json()
        queued = alice.post("/v1/jobs", json=job_body(teacher, n=4)).json()
        refused = alice.post("/v1/jobs", json=job_body(teacher, n=4))
        assert refused.status_code == 429
        assert refused.json()["error"] == {
            "code": "too_many_jobs",
            "message": refused.json()["error"]["message"],
            "limit": 2,
        }
        assert bob.get(f"/v1/jobs/{running['id']}").status_code == 404  # not his
        assert bob.delete(f"/v1/jobs/{running['id']}").status_code == 404
        assert bob.get("/v1/jobs").json()["jobs"] == []

        wait_for(alice, running["id"], lambda j: j["progress"]["done"] >= 1)
        response = alice.get(f"/v1/jobs/{queued['id']}/result")
        assert (
            response.status_code == 409 and response.json()["error"]["code"] == "job_not_finished"
        )
        cancelled = alice.delete(f"/v1/jobs/{queued['id']}")  # queued: cancelled at once
        assert cancelled.status_code == 202 and cancelled.json()["status"] == "cancelled"

        stopping = alice.delete(f"/v1/jobs/{running['id']}")
        assert stopping.status_code == 202 and stopping.json()["cancel_requested"]
        job = wait_for(alice, running["id"], finished, timeout=30)
        assert job["status"] == "cancelled"
        assert 1 <= job["progress"]["done"] < 40
        partial = result_lines(alice, running["id"])
        assert 1 <= len(partial) < 40
        again = alice.delete(f"/v1/jobs/{running['id']}")
        assert again.status_code == 409 and again.json()["error"]["code"] == "job_finished"
        # Slots are free again.
        assert alice.post("/v1/jobs", json=job_body(teacher, n=1)).status_code == 202


def test_generate_returns_judged_examples(live_server, teacher_server):
    teacher = teacher_server(script=SCRIPT)
    server = live_server({"max_generate_examples": 4, "teachers": [teacher.api, "isbd"]})
    with server.client() as client:
        body = {
            "task": "unimarc",
            "method": "backtranslation",
            "seeds": seed_records(2)[::-1],
            "teacher": teacher.api,
            "n": 2,
        }
        response = client.post("/v1/generate", json=body)
        assert response.status_code == 200, response.text
        result = response.json()
        assert result["count"] == 2 and result["accepted"] == 2
        assert {e["seed_id"] for e in result["examples"]} == {"seed-0", "seed-1"}
        assert all(e["verdict"]["checks"]["grounding"] for e in result["examples"])

        wrong_model = client.post("/v1/generate", json={**body, "teacher_model": "gpt-9"})
        assert wrong_model.status_code == 422
        assert wrong_model.json()["error"]["code"] == "unknown_teacher_model"
        assert "test-teacher" in wrong_model.json()["error"]["message"]

        # The rule-based teacher needs no model.
        isbd = client.post("/v1/generate", json={**body, "teacher": "isbd", "n": 1}).json()
        assert isbd["examples"][0]["accepted"]
        assert "Baudelaire" in isbd["examples"][0]["question"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_generation_requests_that_cannot_run_are_refused(live_server, tmp_path):
    seeds_dir = tmp_path / "seeds"
    seeds_dir.mkdir()
    (seeds_dir / "records.xml").write_text(SAMPLE_RECORD)
    dead = f"http://127.0.0.1:{free_port()}/v1"
    server = live_server(
        {
            "max_generate_examples": 4,
            "max_job_examples": 100,
            "seeds_dir": str(seeds_dir),
            "teachers": [dead, "isbd"],
            "default_teacher": "isbd",
        }
    )
    base = {"task": "unimarc", "method": "backtranslation", "seeds": [SAMPLE_RECORD]}
    cases = [
        ("/v1/generate", {**base, "task": "poetry"}, 422, "unknown_task"),
        ("/v1/jobs", {**base, "method": "translation"}, 422, "unknown_method"),
        ("/v1/jobs", {**base, "kind": "training"}, 422, "unknown_kind"),
        ("/v1/generate", {**base, "seeds": ["not a record"]}, 422, "invalid_seeds"),
        ("/v1/jobs", {**base, "seeds": ["<record><unclosed></record>"]}, 422, "invalid_seeds"),
        (
            "/v1/generate",
            {**base, "teacher": "http://169.254.169.254/v1"},
            422,
            "teacher_not_allowed",
        ),
        ("/v1/generate", {**base, "n": 5}, 413, "too_many_examples"),
        ("/v1/jobs", {**base, "n": 101}, 413, "too_many_examples"),
        (
            "/v1/generate",
            {**base, "sampling": {"samples": 2, "temperature": 0}},
            422,
            "invalid_generation",
        ),
        ("/v1/generate", {**base, "method": "answer", "teacher": dead}, 502, "teacher_failed"),
        (
            "/v1/jobs",
            {**base, "seeds": None, "seeds_file": "../../etc/passwd"},
            422,
            "seeds_file_not_found",
        ),
        ("/v1/jobs", {**base, "seeds_file": "records.xml"}, 422, "invalid_request"),
        ("/v1/jobs", {**base, "unknown": 1}, 422, "invalid_request"),
    ]
    with server.client() as client:
        for path, body, status, code in cases:
            response = client.post(path, json=body)
            assert response.status_code == status, (body, response.text)
            assert response.json()["error"]["code"] == code, (body, response.text)
        # A seed file inside seeds_dir is fine; the job runs with the rule-based teacher.
        body = {**base, "seeds": None, "seeds_file": "records.xml", "n": 1}
        job = client.post("/v1/jobs", json=body).json()
        assert wait_for(client, job["id"], finished)["status"] == "succeeded"
        assert [e["accepted"] for e in result_lines(client, job["id"])] == [True]
        # A job whose teacher is down fails with a reason, and says so.
        job = client.post("/v1/jobs", json={**base, "method": "answer", "teacher": dead}).json()
        failed = wait_for(client, job["id"], finished)
        assert failed["status"] == "failed" and failed["error"]["code"] == "teacher_failed"
    assert "Traceback" not in server.log.read_text()
