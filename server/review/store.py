"""Review items and verdicts in one SQLite file beside the job store.

The file is the source of truth: a server restarted mid-review finds every verdict given, and
`copiste review add` may write while a server reads (WAL, a busy timeout). An item's id is a
hash of what is reviewed (description, syntax, record), so adding a run twice adds nothing new.
A verdict is keyed by item and reviewer: two reviewers on one item are two rows; a reviewer who
rates the same item again replaces their own verdict.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from server.jobstore import now
from server.sqlite_store import SQLiteStore

SCHEMA_VERSION = 1
FILE_NAME = "reviews.sqlite"

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS review_items (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    source_id TEXT,
    description TEXT NOT NULL,
    record TEXT NOT NULL,
    syntax TEXT NOT NULL,
    rules TEXT NOT NULL,
    report TEXT NOT NULL,
    added_at TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id TEXT NOT NULL REFERENCES review_items (id),
    reviewer TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('good', 'bad')),
    corrected TEXT,
    comment TEXT,
    time TEXT NOT NULL,
    checks_version TEXT NOT NULL,
    UNIQUE (item_id, reviewer)
)""",
)


def item_id(description: str, syntax: str, record: str) -> str:
    """The content id of an item: the same record for the same description is one item."""
    digest = hashlib.sha256("\x1f".join((description, syntax, record)).encode("utf-8"))
    return digest.hexdigest()[:32]


@dataclass(slots=True)
class NewItem:
    """An item to add: what the reviewer reads and the rules' report on the record."""

    source: str
    description: str
    record: str
    syntax: str
    rules: str
    report: dict[str, Any]
    source_id: str | None = None

    @property
    def id(self) -> str:
        return item_id(self.description, self.syntax, self.record)


@dataclass(slots=True)
class Item:
    id: str
    position: int
    source: str
    source_id: str | None
    description: str
    record: str
    syntax: str
    rules: str
    report: dict[str, Any]
    added_at: str
    verdicts: int = 0


@dataclass(slots=True)
class Review:
    item_id: str
    reviewer: str
    verdict: str
    corrected: str | None
    comment: str | None
    time: str
    checks_version: str
    item: Item | None = field(default=None, repr=False)


class ReviewStore(SQLiteStore):
    """Thread-safe, like the job store: route handlers share one connection."""

    SCHEMA = _SCHEMA
    SCHEMA_VERSION = SCHEMA_VERSION
    KIND = "review store"

    # --- items ------------------------------------------------------------------------------

    def add(self, items: list[NewItem]) -> tuple[int, list[str]]:
        """Insert the items not already queued; (how many were new, every item's id)."""
        stamp = now()
        added = 0
        with self._transaction() as db:
            for item in items:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO review_items (id, source, source_id, description,"
                    " record, syntax, rules, report, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        item.id,
                        item.source,
                        item.source_id,
                        item.description,
                        item.record,
                        item.syntax,
                        item.rules,
                        json.dumps(item.report),
                        stamp,
                    ),
                )
                added += cursor.rowcount
        return added, [item.id for item in items]

    def item(self, item_id: str) -> Item | None:
        with self._lock:
            row = self._db.execute(_ITEM_QUERY + " WHERE i.id = ?", (item_id,)).fetchone()
        return _item(row) if row else None

    def next_item(self, reviewer: str, after: str | None = None) -> Item | None:
        """The first item `reviewer` has not rated, past `after` (a skipped item) when given,
        wrapping round to the start of the queue."""
        start = 0
        if after is not None:
            found = self.item(after)
            start = found.position if found else 0
        query = (
            _ITEM_QUERY + " WHERE i.position > ? AND NOT EXISTS (SELECT 1 FROM reviews r"
            " WHERE r.item_id = i.id AND r.reviewer = ?) ORDER BY i.position LIMIT 1"
        )
        with self._lock:
            row = self._db.execute(query, (start, reviewer)).fetchone()
            if row is None and start:
                row = self._db.execute(query, (0, reviewer)).fetchone()
        return _item(row) if row else None

    # --- verdicts ---------------------------------------------------------------------------

    def record_verdict(self, review: Review) -> None:
        """Keep `review`, replacing the same reviewer's earlier verdict on the item."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO reviews (item_id, reviewer, verdict, corrected, comment, time,"
                " checks_version) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (item_id, reviewer) DO UPDATE SET verdict = excluded.verdict,"
                " corrected = excluded.corrected, comment = excluded.comment,"
                " time = excluded.time, checks_version = excluded.checks_version",
                (
                    review.item_id,
                    review.reviewer,
                    review.verdict,
                    review.corrected,
                    review.comment,
                    review.time,
                    review.checks_version,
                ),
            )

    def reviews(self, item_id: str | None = None) -> list[Review]:
        """Verdicts in the order they were first given, each with its item."""
        query = (
            "SELECT r.item_id AS r_item, r.reviewer, r.verdict, r.corrected, r.comment, r.time,"
            " r.checks_version, i.*, 0 AS verdicts FROM reviews r"
            " JOIN review_items i ON i.id = r.item_id"
        )
        params: tuple[str, ...] = ()
        if item_id is not None:
            query += " WHERE r.item_id = ?"
            params = (item_id,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY r.id", params).fetchall()
        return [
            Review(
                item_id=row["r_item"],
                reviewer=row["reviewer"],
                verdict=row["verdict"],
                corrected=row["corrected"],
                comment=row["comment"],
                time=row["time"],
                checks_version=row["checks_version"],
                item=_item(row),
            )
            for row in rows
        ]

    def progress(self, reviewer: str | None = None) -> dict[str, Any]:
        """Counts for the page: items, items reviewed, verdicts (and the reviewer's own), and
        agreement with the rules: the share of verdicts where "good" meets a valid report."""
        with self._lock:
            items = self._db.execute("SELECT COUNT(*) FROM review_items").fetchone()[0]
            reviewed = self._db.execute("SELECT COUNT(DISTINCT item_id) FROM reviews").fetchone()[0]
            rows = self._db.execute(
                "SELECT r.reviewer, r.verdict, i.report FROM reviews r"
                " JOIN review_items i ON i.id = r.item_id"
            ).fetchall()
        agree = sum((row["verdict"] == "good") == _valid(row["report"]) for row in rows)
        mine = sum(row["reviewer"] == reviewer for row in rows) if reviewer else 0
        return {
            "items": items,
            "reviewed": reviewed,
            "verdicts": len(rows),
            "yours": mine,
            "remaining": items - mine if reviewer else None,
            "agreement": round(agree / len(rows), 4) if rows else None,
        }


_ITEM_QUERY = (
    "SELECT i.*, (SELECT COUNT(*) FROM reviews r WHERE r.item_id = i.id) AS verdicts"
    " FROM review_items i"
)


def _valid(report: str) -> bool:
    return bool(json.loads(report).get("valid"))


def _item(row: sqlite3.Row) -> Item:
    return Item(
        id=row["id"],
        position=row["position"],
        source=row["source"],
        source_id=row["source_id"],
        description=row["description"],
        record=row["record"],
        syntax=row["syntax"],
        rules=row["rules"],
        report=json.loads(row["report"]),
        added_at=row["added_at"],
        verdicts=row["verdicts"],
    )
