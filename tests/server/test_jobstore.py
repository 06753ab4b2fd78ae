"""The SQLite job store: transitions, the per-owner limit, and reopening the same file."""

from __future__ import annotations

import threading

import pytest

from server.jobstore import JobStatus, JobStore, TooManyJobs


def test_a_job_goes_through_its_states_and_survives_reopening(tmp_path):
    path = tmp_path / "jobs.sqlite"
    store = JobStore(path)
    job = store.create("generation", "alice", {"n": 1}, max_active=2)
    assert store.get(job.id).status is JobStatus.QUEUED
    assert store.start(job.id)
    assert not store.start(job.id)  # only a queued job starts
    store.set_progress(job.id, {"done": 3, "total": 10})
    store.close()

    reopened = JobStore(path)  # a server restart
    running = reopened.get(job.id)
    assert running.status is JobStatus.RUNNING and running.progress == {"done": 3, "total": 10}
    assert reopened.ids_with_status(JobStatus.RUNNING) == [job.id]
    assert reopened.requeue(job.id) and reopened.start(job.id)
    assert reopened.get(job.id).attempts == 2
    assert reopened.finish(job.id, JobStatus.SUCCEEDED, summary={"accepted": 9})
    assert not reopened.finish(job.id, JobStatus.FAILED)  # an ended job stays ended
    done = reopened.get(job.id)
    assert done.status is JobStatus.SUCCEEDED and done.summary == {"accepted": 9}
    assert done.finished_at and done.version > running.version
    assert reopened.counts() == {("generation", "succeeded"): 1}


def test_cancel_ends_a_queued_job_and_flags_a_running_one(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite")
    queued = store.create("generation", "a", {}, max_active=5)
    running = store.create("generation", "a", {}, max_active=5)
    store.start(running.id)
    assert store.request_cancel(queued.id).status is JobStatus.CANCELLED
    flagged = store.request_cancel(running.id)
    assert flagged.status is JobStatus.RUNNING and flagged.cancel_requested


def test_the_per_owner_limit_holds_under_concurrent_submissions(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite")
    outcomes: list[str] = []

    def submit() -> None:
        try:
            store.create("generation", "bob", {}, max_active=3)
            outcomes.append("created")
        except TooManyJobs:
            outcomes.append("refused")

    threads = [threading.Thread(target=submit) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("created") == 3
    store.create("generation", "carol", {}, max_active=3)  # another owner is not affected
    first = store.list("bob")[0]
    store.finish(first.id, JobStatus.CANCELLED)
    store.create("generation", "bob", {}, max_active=3)  # a slot freed up
    with pytest.raises(TooManyJobs):
        store.create("generation", "bob", {}, max_active=3)


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "jobs.sqlite"
    JobStore(path).close()
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version=99")
    with pytest.raises(RuntimeError, match="newer copiste"):
        JobStore(path)
