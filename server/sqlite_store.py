"""One SQLite file shared by a server's threads: the connection, its transactions, its schema.

The job store and the review store both keep their truth in a file that a restarted server
reads back, that route handlers and worker threads share through one connection, and that a
CLI may write while the server reads (WAL, a busy timeout). They differ only in their tables.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self


class SQLiteStore:
    """Thread-safe: every statement runs under one lock on one connection.

    Subclasses name their `SCHEMA` (CREATE statements), `SCHEMA_VERSION`, what the file is
    (`KIND`, for the error a newer file raises) and any extra `PRAGMAS`.
    """

    SCHEMA: Sequence[str] = ()
    SCHEMA_VERSION = 1
    KIND = "store"
    PRAGMAS: Sequence[str] = ()

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        for pragma in ("journal_mode=WAL", *self.PRAGMAS, "busy_timeout=5000"):
            self._db.execute(f"PRAGMA {pragma}")
        with self._transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > self.SCHEMA_VERSION:
                raise RuntimeError(
                    f"{path} was written by a newer copiste ({self.KIND} schema {version})"
                )
            for statement in self.SCHEMA:
                db.execute(statement)
            db.execute(f"PRAGMA user_version={self.SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
