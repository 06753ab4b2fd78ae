"""kill -9 a generation run twice, then rerun it: zero lost requests, zero finished ones repeated.

The teacher server counts every request it receives per request key, so the proof is made from
the server's side: a request stored as finished is never received again, each rerun sends
exactly the requests that were not finished, and the final run folder holds every example once.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time

from tests.generator.cli_run import generate_args

N = 40


def finished_keys(db_path) -> set[str]:
    if not db_path.exists():
        return set()
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return {row[0] for row in db.execute("SELECT key FROM responses")}
        finally:
            db.close()
    except sqlite3.OperationalError:  # created but no table yet
        return set()


def settled_stats(server) -> dict:
    """Counters once the server has answered whatever the killed client left in flight."""
    deadline = time.monotonic() + 10
    stats = server.stats()
    while stats["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.05)
        stats = server.stats()
    return stats


def test_kill_9_mid_run_then_resume_loses_and_repeats_nothing(teacher_server, tmp_path, copiste):
    teacher_server.script([{"delay": 0.1}])
    out = tmp_path / "run"
    args = generate_args(
        "math", "answer", "--quiet", teacher=teacher_server.url, n=N, concurrency=4, out=out
    )
    db_path = out / "run.sqlite"
    kills = []
    for threshold in (8, 24):
        process = subprocess.Popen(
            [*copiste.command, *args],
            env=copiste.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while len(finished_keys(db_path)) < threshold:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "the run did not progress"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stderr.close()
        done = finished_keys(db_path)
        assert threshold <= len(done) < N
        kills.append((done, settled_stats(teacher_server)))

    final = copiste.run(*args)
    assert final.returncode == 0, final.stderr
    stats = teacher_server.stats()

    # Zero lost: every planned request finished, every example exported once.
    keys = finished_keys(db_path)
    assert len(keys) == N
    examples = [json.loads(line) for line in (out / "examples.jsonl").read_text().splitlines()]
    assert len(examples) == N == len({e["id"] for e in examples})
    assert {e["provenance"]["request"] for e in examples} == keys
    assert set(stats["by_key"]) == keys  # nothing outside the plan was ever sent

    # Zero repeated: what was finished at a kill was never received again afterwards.
    for done, snapshot in kills:
        for key in done:
            assert stats["by_key"][key] == snapshot["by_key"][key]
    # The final run sent exactly the unfinished requests, each once.
    last_done, last_snapshot = kills[-1]
    assert stats["requests"] - last_snapshot["requests"] == N - len(last_done)
    # Only requests caught in flight by a kill were ever sent twice (at most 4 per kill).
    resent = [key for key, count in stats["by_key"].items() if count > 1]
    assert len(resent) <= 4 * len(kills)
    assert all(stats["by_key"][key] <= 1 + len(kills) for key in resent)
