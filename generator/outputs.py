"""What a run folder shows besides the store: `examples.jsonl`, `run.json`, the summary.

All three are read from the store and the session's counts, so they agree with each other and
with the progress bar: the plan's requests, their examples, the duplicate seeds skipped.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from generator.contract import RunSummary, copiste_version
from generator.examples import EXAMPLES_FILE, RUN_FILE
from generator.session import Session
from generator.store import now

EXPORT_EVERY_S = 60.0


class Exporter:
    """examples.jsonl from SQLite, in plan order, replaced atomically; every minute or so."""

    def __init__(self, out: Path, session: Session) -> None:
        self.path = out / EXAMPLES_FILE
        self.session = session
        self.last = time.monotonic()
        self.interval = EXPORT_EVERY_S

    def maybe(self) -> None:
        if time.monotonic() - self.last >= self.interval:
            self.export()

    def export(self) -> None:
        started = time.monotonic()
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            for line in self.session.store.planned_lines():
                handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        self.last = time.monotonic()
        # A large run exports less often, so exporting never takes a noticeable share of it.
        self.interval = max(EXPORT_EVERY_S, 20 * (self.last - started))


def summary(session: Session, out: Path | None, status: str, started: float) -> RunSummary:
    progress = session.progress
    accepted, rejected = session.store.counts()
    elapsed = time.perf_counter() - started
    return RunSummary(
        out_dir=str(out) if out else None,
        status=status,  # type: ignore[arg-type]
        planned=progress.total,
        finished=progress.done,
        failed=session.store.planned_failures(),
        examples=accepted + rejected,
        accepted=accepted,
        rejected=rejected,
        duplicates=progress.duplicates,
        sent=session.sent,
        reused=session.reused,
        revalidated=session.revalidated,
        prompt_tokens=progress.prompt_tokens,
        completion_tokens=progress.completion_tokens,
        repairs=progress.repairs,
        repaired=progress.repaired,
        elapsed_s=round(elapsed, 3),
        tokens_per_s=round(progress.tokens_per_s, 2),
        examples_path=str(out / EXAMPLES_FILE) if out else None,
        replicas=session.teacher.replica_counts() if session.teacher else {},
        notes=session.notes(),
    )


def write_run_json(
    out: Path, session: Session, status: str, started: float, error: str | None = None
) -> None:
    """The run's configuration and counts, replaced atomically."""
    counts = summary(session, out, status if status != "running" else "stopped", started)
    data = {
        "status": status,
        "error": error,
        "config": json.loads(session.config.model_dump_json()),
        "teacher": session.teacher.describe() if session.teacher else session.identity,
        "template": session.template.name,
        "template_hash": session.template.hash,
        "validator_version": session.version,
        "copiste_version": copiste_version(),
        "updated_at": now(),
        "summary": counts.model_dump(exclude={"status"}),
    }
    temporary = out / f".{RUN_FILE}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, out / RUN_FILE)
