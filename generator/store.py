"""The run's SQLite file: every request, response and verdict, keyed by content hash.

SQLite is the source of truth; examples.jsonl is an export of it. A response and the examples
judged from it are written in one transaction, so after a kill -9 a request is either finished
(response and examples stored: never sent again) or not (sent again), never half-stored. WAL mode
lets the HTTP server read progress while a run writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,          -- hash of template, seed, round, teacher, sampling
    seed_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    template TEXT NOT NULL,
    template_hash TEXT NOT NULL,
    teacher TEXT NOT NULL,         -- JSON: backend, model, endpoint
    sampling TEXT NOT NULL,        -- JSON
    request TEXT NOT NULL,         -- JSON: the messages sent
    completions TEXT NOT NULL,     -- JSON: list of Completion
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS examples (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL REFERENCES responses(key),
    sample INTEGER NOT NULL,
    validator_version TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    data TEXT NOT NULL             -- JSON: the example as exported
);
CREATE INDEX IF NOT EXISTS examples_by_key ON examples(key, sample);
CREATE TABLE IF NOT EXISTS plan (  -- this session's requests, in plan order
    position INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS failures (
    key TEXT NOT NULL,
    error TEXT NOT NULL,
    at TEXT NOT NULL
);
"""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


PLAN_BATCH = 1000


class RunStore:
    """One SQLite connection, used from the run's event-loop thread only.

    The plan is kept here too (keys only, in order) so that a run over millions of seeds holds
    none of them in memory: counts and the export join it with the stored examples.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA busy_timeout = 10000")
        if str(path) != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(SCHEMA)
        self._planned: list[str] = []
        version = self.get_meta("schema_version")
        if version is None:
            self.set_meta("schema_version", SCHEMA_VERSION)
        elif version != SCHEMA_VERSION:
            raise RuntimeError(f"{path} has schema {version}; this copiste reads {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def get_meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    def state(self, key: str, validator_version: str) -> str:
        """`missing` (never answered), `stale` (answered, but judged by other validators or
        not at all) or `finished`."""
        if self.db.execute("SELECT 1 FROM responses WHERE key = ?", (key,)).fetchone() is None:
            return "missing"
        versions = {
            row[0]
            for row in self.db.execute(
                "SELECT validator_version FROM examples WHERE key = ?", (key,)
            )
        }
        return "finished" if versions == {validator_version} else "stale"

    def clear_plan(self) -> None:
        self._planned.clear()
        self.db.execute("DELETE FROM plan")

    def add_to_plan(self, key: str) -> None:
        """Append a request to this session's plan (written in batches)."""
        self._planned.append(key)
        if len(self._planned) >= PLAN_BATCH:
            self._flush_plan()

    def _flush_plan(self) -> None:
        if not self._planned:
            return
        with self._transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO plan(key) VALUES (?)", [(k,) for k in self._planned]
            )
        self._planned.clear()

    def response(self, key: str) -> dict[str, Any] | None:
        """What judging a stored answer again needs: its teacher, completions and time."""
        row = self.db.execute(
            "SELECT teacher, completions, created_at FROM responses WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        return {
            "teacher": json.loads(row[0]),
            "completions": json.loads(row[1]),
            "created_at": row[2],
        }

    def save(
        self,
        *,
        key: str,
        seed_id: str,
        round: int,
        template: str,
        template_hash: str,
        teacher: dict[str, Any],
        sampling: dict[str, Any],
        request: Any,
        completions: list[dict[str, Any]],
        created_at: str,
        examples: list[dict[str, Any]],
        validator_version: str,
    ) -> None:
        """A finished request and its examples, atomically."""
        with self._transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    seed_id,
                    round,
                    template,
                    template_hash,
                    _dumps(teacher),
                    _dumps(sampling),
                    _dumps(request),
                    _dumps(completions),
                    created_at,
                ),
            )
            self._put_examples(key, examples, validator_version)

    def replace_examples(
        self, key: str, examples: list[dict[str, Any]], validator_version: str
    ) -> None:
        with self._transaction():
            self._put_examples(key, examples, validator_version)

    def _put_examples(self, key: str, examples: list[dict[str, Any]], version: str) -> None:
        self.db.execute("DELETE FROM examples WHERE key = ?", (key,))
        self.db.executemany(
            "INSERT OR REPLACE INTO examples VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    e["id"],
                    key,
                    i,
                    version,
                    int(bool(e["accepted"])),
                    json.dumps(e, ensure_ascii=False),
                )
                for i, e in enumerate(examples)
            ],
        )

    def record_failure(self, key: str, error: str) -> None:
        self.db.execute("INSERT INTO failures VALUES (?, ?, ?)", (key, error, now()))

    def planned_failures(self) -> int:
        """Requests of the plan that failed and never finished."""
        self._flush_plan()
        row = self.db.execute(
            "SELECT COUNT(*) FROM plan WHERE key IN (SELECT key FROM failures) "
            "AND key NOT IN (SELECT key FROM responses)"
        ).fetchone()
        return row[0]

    def planned_lines(self) -> Iterator[str]:
        """The examples of the plan as stored (JSON text), in plan and sample order: the
        export writes them as they are, without decoding and encoding again."""
        self._flush_plan()
        rows = self.db.execute(
            "SELECT e.data FROM plan p JOIN examples e ON e.key = p.key "
            "ORDER BY p.position, e.sample"
        )
        for (data,) in rows:
            yield data

    def counts(self, key: str | None = None) -> tuple[int, int]:
        """(accepted, rejected) examples of one request, or of the whole plan."""
        if key is not None:
            query, args = "SELECT accepted FROM examples WHERE key = ?", (key,)
        else:
            self._flush_plan()
            query, args = "SELECT e.accepted FROM plan p JOIN examples e ON e.key = p.key", ()
        accepted = rejected = 0
        for (ok,) in self.db.execute(query, args):
            accepted += ok
            rejected += 1 - ok
        return accepted, rejected

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
