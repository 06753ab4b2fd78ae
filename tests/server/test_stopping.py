"""Work nobody waits for stops: a /v1/generate whose client left, and a server told to stop."""

from __future__ import annotations

import threading
import time

import httpx

from validators.samples import SAMPLE_RECORD

BODY = {"task": "unimarc", "method": "backtranslation", "seeds": [SAMPLE_RECORD]}
QUICK = {**BODY, "teacher": "isbd", "n": 1}


def leave_early(server, body: dict, after_s: float) -> None:
    """Send `body` to /v1/generate and hang up after `after_s` seconds without an answer."""
    try:
        response = httpx.post(f"{server.url}/v1/generate", json=body, timeout=after_s)
    except httpx.TimeoutException:
        return
    raise AssertionError(f"answered before the client left: {response.text[:300]}")


def seconds_until_served(client, body: dict, limit_s: float = 60) -> float:
    """How long until /v1/generate takes `body` (429 while its only slot is held)."""
    started = time.monotonic()
    while time.monotonic() - started < limit_s:
        response = client.post("/v1/generate", json=body)
        if response.status_code != 429:
            assert response.status_code == 200, response.text
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"still busy after {limit_s} s")


def test_generate_stops_when_its_client_leaves(live_server, teacher_server):
    # 16 requests, 8 at a time, 5 s each: 10 s of work if nobody stops it.
    teacher = teacher_server(delay=5)
    server = live_server(
        {
            "teachers": [teacher.api, "isbd"],
            "generate_concurrency": 1,
            "max_generate_examples": 16,
        }
    )
    leave_early(server, {**BODY, "teacher": teacher.api, "n": 16}, after_s=1.0)
    with server.client() as client:
        assert seconds_until_served(client, QUICK) < 4
    time.sleep(5)  # by now the first 8 would have been answered and the next 8 sent
    assert teacher.stats()["requests"] == 8
    assert "Traceback" not in server.log.read_text()


def test_the_embedded_model_stops_mid_batch_when_its_client_leaves(live_server, tiny_student):
    # The random model never stops by itself: 3500 tokens take ~15 s on one core.
    spec = f"transformers:{tiny_student}"
    server = live_server({"teachers": [spec, "isbd"], "generate_concurrency": 1})
    answer = {**BODY, "method": "answer", "task": "math", "seeds": ["2 + 3 ?"], "teacher": spec}
    with server.client(timeout=120) as client:  # loads torch and the model first
        warm = client.post("/v1/generate", json={**answer, "sampling": {"max_tokens": 1}})
        assert warm.status_code == 200, warm.text
        long = {**answer, "sampling": {"max_tokens": 3500, "temperature": 0}}
        leave_early(server, long, after_s=1.5)
        assert seconds_until_served(client, QUICK) < 5
    assert "Traceback" not in server.log.read_text()


def test_sigterm_stops_the_server_without_tracebacks(live_server, teacher_server):
    # Longer than uvicorn's grace period: before, a generation in progress was cancelled
    # after it and logged a CancelledError traceback.
    teacher = teacher_server(delay=10)
    server = live_server({"teachers": [teacher.api, "isbd"]})
    answers: list[httpx.Response] = []
    body = {**BODY, "teacher": teacher.api, "n": 2}
    waiting = threading.Thread(
        target=lambda: answers.append(
            httpx.post(f"{server.url}/v1/generate", json=body, timeout=30)
        )
    )
    with server.client() as client:
        job = client.post("/v1/jobs", json={**body, "n": 4}).json()
        waiting.start()
        with client.stream("GET", job["links"]["events"]) as events:
            assert events.status_code == 200
            deadline = time.monotonic() + 10
            while teacher.stats()["in_flight"] < 6 and time.monotonic() < deadline:
                time.sleep(0.05)
            started = time.monotonic()
            server.stop()  # SIGTERM
            stopped_in = time.monotonic() - started
    waiting.join(10)
    assert server.process.returncode is not None and stopped_in < 8
    assert answers and answers[0].status_code == 503
    assert answers[0].json()["error"]["code"] == "shutting_down"
    log = server.log.read_text()
    assert "Shutting down" in log and "Application shutdown complete" in log
    assert "Traceback" not in log, log[-3000:]
