"""A fleet of teacher servers: every request answered once while replicas die and come back,
least-loaded dispatch that reads the servers' own queues, a replica that stops answering."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from generator.run import RunConfig, TeacherFailed, run_generation
from generator.teacher_spec import join_teachers, parse_teacher
from generator.teachers import SamplingParams, TeacherSpecError, make_teacher
from generator.teachers.fleet import FleetTeacher

PARAMS = SamplingParams(max_tokens=8)


def ask(fleet: FleetTeacher, text: str):
    return fleet.chat([{"role": "user", "content": text}], PARAMS)


def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_fleet_spec_is_several_urls_of_one_kind():
    spec = parse_teacher("http://a:1, http://b:2/v1,http://a:1")
    assert spec.endpoints == ("http://a:1", "http://b:2/v1") and spec.is_remote
    assert join_teachers(["http://a:1", "http://b:2"]) == "http://a:1,http://b:2"
    assert parse_teacher("http://a:1").endpoints == ("http://a:1",)
    assert isinstance(make_teacher("http://a:1,http://b:2"), FleetTeacher)
    with pytest.raises(TeacherSpecError, match="'smollm2' is not an http"):
        parse_teacher("http://a:1,smollm2")


def test_replicas_killed_and_restarted_mid_run_lose_no_request(
    launch_teacher, records_path, tmp_path
):
    servers = [launch_teacher(delay=0.25) for _ in range(3)]
    dead, restarted = servers[0], servers[1]
    endpoints = [f"{s.url}/v1" for s in servers]
    kill_dead, kill_restarted = threading.Event(), threading.Event()
    back: list = []

    def on_progress(progress) -> None:
        if progress.done >= 8:
            kill_dead.set()
        if progress.done >= 20:
            kill_restarted.set()

    def controller() -> None:
        for event, server in ((kill_dead, dead), (kill_restarted, restarted)):
            event.wait(60)
            # Killed while answering: its requests in flight must be sent again elsewhere.
            wait_until(lambda server=server: server.stats()["in_flight"] > 0)
            server.process.kill()
            server.process.wait()
        back.append(launch_teacher(delay=0.25, port=restarted.port))

    thread = threading.Thread(target=controller)
    thread.start()
    config = RunConfig(
        task="unimarc",
        method="backtranslation",
        seeds=records_path,
        teacher=",".join(s.url for s in servers),
        n=96,
        concurrency=4,
        lang="fr",
    )
    out = tmp_path / "run"
    try:
        summary = run_generation(config, out, on_progress=on_progress)
    finally:
        thread.join(60)

    assert (summary.status, summary.planned, summary.finished, summary.failed) == (
        "finished",
        96,
        96,
        0,
    )
    ids = [json.loads(line)["id"] for line in (out / "examples.jsonl").read_text().splitlines()]
    assert len(ids) == len(set(ids)) == 96
    with sqlite3.connect(out / "run.sqlite") as db:
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM responses").fetchone() == (
            96,
            96,
        )

    replicas = json.loads((out / "run.json").read_text())["summary"]["replicas"]
    assert list(replicas) == endpoints
    killed, again, steady = (replicas[e] for e in endpoints)
    assert sum(r["answered"] for r in replicas.values()) == 96
    assert killed["healthy"] == 0 and killed["outages"] == 1
    assert killed["lost"] + killed["failed"] >= 1  # what it held was resent
    assert again["healthy"] == 1 and again["outages"] >= 1
    assert back[0].stats()["requests"] >= 1  # the restarted replica took its share back
    assert steady["outages"] == 0 and steady["answered"] > killed["answered"]
    assert steady["answered"] > 96 // 3  # the dead replica's share went to the others

    # Each example names the replica that answered it.
    examples = [json.loads(line) for line in (out / "examples.jsonl").read_text().splitlines()]
    by_endpoint = Counter(e["provenance"]["teacher"]["endpoint"] for e in examples)
    assert by_endpoint == Counter({e: r["answered"] for e, r in replicas.items() if r["answered"]})


def test_the_least_loaded_replica_counts_the_servers_own_queue(launch_teacher):
    """A replica whose vLLM-style `/metrics` shows a queue (other clients' requests) gets none
    of ours while another one is idle; without the queue they would alternate."""
    busy = launch_teacher(delay=1.5, slots=1)
    idle = launch_teacher()
    with ThreadPoolExecutor(4) as pool:
        others = [
            pool.submit(
                httpx.post,
                f"{busy.url}/v1/chat/completions",
                json={"model": busy.model, "messages": [{"role": "user", "content": str(i)}]},
                timeout=30,
            )
            for i in range(4)
        ]
        wait_until(lambda: busy.stats()["in_flight"] == 4)

        async def go():
            async with make_teacher(f"{busy.url},{idle.url}") as fleet:
                for i in range(4):
                    await ask(fleet, f"question {i}")
                return fleet.replica_counts()

        counts = asyncio.run(go())
        assert all(f.result().status_code == 200 for f in others)
    assert counts[f"{busy.url}/v1"]["sent"] == 0
    assert counts[f"{idle.url}/v1"]["answered"] == 4


def test_a_replica_that_stops_answering_is_taken_out_and_its_requests_resent(launch_teacher):
    frozen, alive = launch_teacher(delay=0.3), launch_teacher(delay=0.3)

    async def go():
        fleet = make_teacher(f"{frozen.url},{alive.url}", connect_timeout=0.5, poll_s=0.2)
        async with fleet:
            asks = [asyncio.ensure_future(ask(fleet, f"question {i}")) for i in range(6)]
            await asyncio.sleep(0.1)  # three on each replica, none answered yet
            os.kill(frozen.process.pid, signal.SIGSTOP)
            try:
                answers = await asyncio.gather(*asks)
            finally:
                os.kill(frozen.process.pid, signal.SIGCONT)
            return answers, fleet.replica_counts()

    answers, counts = asyncio.run(go())
    assert len(answers) == 6 and all(a[0].text.startswith("Echo") for a in answers)
    stopped = counts[f"{frozen.url}/v1"]
    assert stopped["lost"] == 3 and stopped["answered"] == 0 and stopped["outages"] == 1
    assert counts[f"{alive.url}/v1"]["answered"] == 6


def test_a_fleet_with_no_replica_up_fails_in_one_line(records_path, tmp_path):
    config = RunConfig(
        task="unimarc",
        method="backtranslation",
        seeds=records_path,
        teacher="http://127.0.0.1:9,http://127.0.0.1:7",
        n=2,
    )
    with pytest.raises(TeacherFailed) as caught:
        run_generation(config, tmp_path / "run")
    message = str(caught.value)
    assert message.startswith("no replica of the fleet answers: http://127.0.0.1:9/v1: cannot")
    assert "\n" not in message


def test_the_cli_takes_one_teacher_option_per_replica(
    launch_teacher, records_path, tmp_path, copiste
):
    first, second = launch_teacher(), launch_teacher()
    done = copiste.run(
        "generate", "--task", "unimarc", "--method", "backtranslation",
        "--seeds", str(records_path), "--teacher", first.url, "--teacher", second.url,
        "--n", "4", "--concurrency", "2", "--out", str(tmp_path / "run"), "--quiet",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    for server in (first, second):
        assert f"replica {server.url}/v1" in done.stdout
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["config"]["teacher"] == f"{first.url},{second.url}"
    assert sum(r["answered"] for r in run["summary"]["replicas"].values()) == 4


def test_a_busy_replica_stays_in_and_its_requests_go_elsewhere(launch_teacher):
    busy = launch_teacher(script=[{"match": None, "status": 429}])
    free = launch_teacher()

    async def go():
        async with make_teacher(f"{busy.url},{free.url}", backoff=0.05) as fleet:
            answers = await asyncio.gather(*(ask(fleet, f"question {i}") for i in range(4)))
            return answers, fleet.replica_counts()

    answers, counts = asyncio.run(go())
    assert len(answers) == 4
    turned_away = counts[f"{busy.url}/v1"]
    assert turned_away["busy"] >= 1 and turned_away["answered"] == 0
    assert turned_away["outages"] == 0 and turned_away["healthy"] == 1
    assert counts[f"{free.url}/v1"]["answered"] == 4
