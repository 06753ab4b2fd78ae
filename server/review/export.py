"""Verdicts as the training half reads them: `DATA_DIR/reviews.jsonl`, one line per verdict.

The fields are a contract with `copiste distill build --reviews` (docs/ARCHITECTURE.md):
item_id, reviewer, verdict, prompt, description, record, corrected, syntax, comment, time,
checks_version, source. `prompt` is the very conversation a student gets for the description
(`distill.prompting.student_messages`), so a pair built from it trains the task the student
is asked at run time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from server.review.store import Review, ReviewStore

EXPORT_FILE = "reviews.jsonl"
FIELDS = (
    "item_id",
    "reviewer",
    "verdict",
    "prompt",
    "description",
    "record",
    "corrected",
    "syntax",
    "comment",
    "time",
    "checks_version",
    "source",
)


def export_row(review: Review) -> dict[str, Any]:
    from distill.prompting import SYNTAXES, student_messages

    item = review.item
    assert item is not None  # ReviewStore.reviews joins every verdict to its item
    # A record kept as written (it did not parse) may be in either syntax; the prompt asks
    # for the one the record is in.
    syntax = item.syntax if item.syntax in SYNTAXES else "mrk"
    row = {
        "item_id": item.id,
        "reviewer": review.reviewer,
        "verdict": review.verdict,
        "prompt": student_messages(item.description, syntax),
        "description": item.description,
        "record": item.record,
        "corrected": review.corrected,
        "syntax": syntax,
        "comment": review.comment,
        "time": review.time,
        "checks_version": review.checks_version,
        "source": item.source,
    }
    return {name: row[name] for name in FIELDS}


def export_lines(store: ReviewStore) -> Iterator[str]:
    """Every verdict as one JSON line (newline included), in the order they were given."""
    for review in store.reviews():
        yield json.dumps(export_row(review), ensure_ascii=False) + "\n"


def write_export(store: ReviewStore, out: Path) -> int:
    """Write every verdict to `out` atomically (a reader never sees half a file); the count."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    count = 0
    with partial.open("w", encoding="utf-8") as handle:
        for line in export_lines(store):
            handle.write(line)
            count += 1
    os.replace(partial, out)
    return count
