"""Jobs in a SQLite file: what was asked, by whom, where it stands, how far it got.

The store is the source of truth for the API: the runner writes status and progress here, the
status and event endpoints read from here, and a restarted server finds here the jobs it must
resume. Each job's data (examples, the generator's own run.sqlite) lives in its run folder.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from server.sqlite_store import SQLiteStore

SCHEMA_VERSION = 1

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    spec TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '{}',
    summary TEXT,
    error TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    updated_at TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS jobs_owner_status ON jobs (owner, status)",
    "CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status)",
)


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


@dataclass(slots=True)
class Job:
    id: str
    kind: str
    owner: str
    status: JobStatus
    spec: dict[str, Any]
    progress: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    cancel_requested: bool = False
    attempts: int = 0
    version: int = 0
    created_at: str = ""
    started_at: str | None = None
    finished_at: str | None = None
    updated_at: str = ""


class TooManyJobs(Exception):
    def __init__(self, limit: int):
        super().__init__(f"this key already has {limit} jobs queued or running")
        self.limit = limit


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JobStore(SQLiteStore):
    """Thread-safe: the runner's worker threads and the event loop share one connection."""

    SCHEMA = _SCHEMA
    SCHEMA_VERSION = SCHEMA_VERSION
    KIND = "job store"
    PRAGMAS = ("synchronous=NORMAL",)

    # --- creating and reading -----------------------------------------------------------------

    def create(self, kind: str, owner: str, spec: dict[str, Any], *, max_active: int) -> Job:
        """Insert a queued job, unless `owner` already has `max_active` active ones."""
        stamp = now()
        job = Job(
            id=uuid.uuid4().hex,
            kind=kind,
            owner=owner,
            status=JobStatus.QUEUED,
            spec=spec,
            created_at=stamp,
            updated_at=stamp,
        )
        with self._transaction() as db:
            active = db.execute(
                "SELECT COUNT(*) FROM jobs WHERE owner = ? AND status IN (?, ?)", (owner, *ACTIVE)
            ).fetchone()[0]
            if active >= max_active:
                raise TooManyJobs(max_active)
            db.execute(
                "INSERT INTO jobs (id, kind, owner, status, spec, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (job.id, kind, owner, job.status, json.dumps(spec), stamp, stamp),
            )
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return _job(row) if row else None

    def list(self, owner: str | None = None, limit: int = 100) -> list[Job]:
        query = "SELECT * FROM jobs"
        params: tuple[Any, ...] = ()
        if owner is not None:
            query += " WHERE owner = ?"
            params = (owner,)
        query += " ORDER BY created_at DESC LIMIT ?"
        with self._lock:
            rows = self._db.execute(query, (*params, limit)).fetchall()
        return [_job(r) for r in rows]

    def ids_with_status(self, *statuses: JobStatus) -> list[str]:
        marks = ", ".join("?" for _ in statuses)
        with self._lock:
            rows = self._db.execute(
                f"SELECT id FROM jobs WHERE status IN ({marks}) ORDER BY created_at", statuses
            ).fetchall()
        return [r[0] for r in rows]

    def counts(self) -> dict[tuple[str, str], int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT kind, status, COUNT(*) FROM jobs GROUP BY kind, status"
            ).fetchall()
        return {(r[0], r[1]): r[2] for r in rows}

    # --- transitions --------------------------------------------------------------------------

    def _update(self, job_id: str, where: str, params: tuple[Any, ...], **values: Any) -> bool:
        values["updated_at"] = now()
        sets = ", ".join(f"{k} = ?" for k in values) + ", version = version + 1"
        encoded = tuple(json.dumps(v) if isinstance(v, dict) else v for v in values.values())
        with self._transaction() as db:
            cursor = db.execute(
                f"UPDATE jobs SET {sets} WHERE id = ? {where}", (*encoded, job_id, *params)
            )
        return cursor.rowcount == 1

    def start(self, job_id: str) -> bool:
        """queued -> running; False when the job is no longer queued (cancelled meanwhile)."""
        stamp = now()
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = ?, attempts = attempts + 1, version = version + 1,"
                " started_at = COALESCE(started_at, ?), updated_at = ?"
                " WHERE id = ? AND status = ?",
                (JobStatus.RUNNING, stamp, stamp, job_id, JobStatus.QUEUED),
            )
        return cursor.rowcount == 1

    def set_progress(self, job_id: str, progress: dict[str, Any]) -> None:
        self._update(job_id, "AND status = ?", (JobStatus.RUNNING,), progress=progress)

    def finish(
        self,
        job_id: str,
        status: JobStatus,
        *,
        progress: dict[str, Any] | None = None,
        summary: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
    ) -> bool:
        values: dict[str, Any] = {"status": str(status), "finished_at": now()}
        if progress is not None:
            values["progress"] = progress
        if summary is not None:
            values["summary"] = summary
        if error is not None:
            values["error"] = error
        return self._update(job_id, "AND status IN (?, ?)", tuple(str(s) for s in ACTIVE), **values)

    def requeue(self, job_id: str, progress: dict[str, Any] | None = None) -> bool:
        """running -> queued: the job was interrupted (server stopped) and will resume."""
        values: dict[str, Any] = {"status": str(JobStatus.QUEUED)}
        if progress is not None:
            values["progress"] = progress
        return self._update(job_id, "AND status = ?", (JobStatus.RUNNING,), **values)

    def request_cancel(self, job_id: str) -> Job | None:
        """Cancel a queued job at once; flag a running one for its worker to stop."""
        with self._transaction() as db:
            stamp = now()
            db.execute(
                "UPDATE jobs SET status = ?, cancel_requested = 1, finished_at = ?,"
                " updated_at = ?, version = version + 1 WHERE id = ? AND status = ?",
                (JobStatus.CANCELLED, stamp, stamp, job_id, JobStatus.QUEUED),
            )
            db.execute(
                "UPDATE jobs SET cancel_requested = 1, updated_at = ?, version = version + 1"
                " WHERE id = ? AND status = ? AND cancel_requested = 0",
                (stamp, job_id, JobStatus.RUNNING),
            )
        return self.get(job_id)


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        kind=row["kind"],
        owner=row["owner"],
        status=JobStatus(row["status"]),
        spec=json.loads(row["spec"]),
        progress=json.loads(row["progress"]),
        summary=json.loads(row["summary"]) if row["summary"] else None,
        error=json.loads(row["error"]) if row["error"] else None,
        cancel_requested=bool(row["cancel_requested"]),
        attempts=row["attempts"],
        version=row["version"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        updated_at=row["updated_at"],
    )
