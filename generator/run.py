"""Runs: seeds -> requests -> teacher -> judged examples, stored in SQLite, resumable.

The Python API the CLI, the HTTP server and the demo use:

    config = RunConfig(task="unimarc", method="backtranslation", seeds="records.xml",
                       teacher="http://127.0.0.1:8000", n=1000)
    summary = run_generation(config, "runs/bt-1", on_progress=print)
    examples = generate_examples(config)          # a few, synchronously, no folder

A run walks its plan (`generator.plan`): requests already answered in `run.sqlite` are reused,
stored answers whose validator version changed are judged again (`generator.judge`), and the
rest go to the engine (`generator.engine`, or `generator.engine_ray` for `engine="ray"`),
which stores each answer with its examples in one transaction. Killing the process at any
point loses at most the requests in flight; rerunning the same command finishes the job. This
module ties those together and owns the run folder.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from generator.contract import (
    ProgressCallback,
    RunConfig,
    RunError,
    RunSummary,
    StopCheck,
    TeacherFailed,
)
from generator.engine import notify, send
from generator.examples import Example
from generator.folders import try_lock
from generator.judge import rejudge
from generator.outputs import Exporter, summary, write_run_json
from generator.plan import PlannedRequest
from generator.seeds import SeedError
from generator.session import Session, open_session, start_teacher
from generator.store import RunStore

__all__ = [
    "Example",
    "RunConfig",
    "RunError",
    "RunSummary",
    "TeacherFailed",
    "generate_examples",
    "run_generation",
]

log = logging.getLogger(__name__)


def run_generation(
    config: RunConfig,
    out_dir: str | Path,
    *,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> RunSummary:
    """Generate into `out_dir` (run.sqlite, examples.jsonl, run.json); blocking; resumable.

    Raises `RunError` (with a one-line message) when the run cannot start or the teacher goes
    away; what was finished stays stored and a rerun picks up from there.
    """
    out = Path(out_dir)
    return _blocking(_run_folder(config, out, on_progress, should_stop))


def generate_examples(config: RunConfig, *, should_stop: StopCheck | None = None) -> list[Example]:
    """A few examples, synchronously, without a run folder (the HTTP API's `/v1/generate`).

    `should_stop` turning true (the client went away) cancels what is in flight; the examples
    finished by then are returned."""

    async def go() -> list[Example]:
        store = RunStore(":memory:")
        try:
            session = await open_session(config, store)
            try:
                await _work(session, None, should_stop)
            finally:
                if session.teacher is not None:
                    await session.teacher.aclose()
            return [Example.model_validate_json(line) for line in store.planned_lines()]
        finally:
            store.close()

    return _blocking(go())


def _blocking(coroutine: Any) -> Any:
    """asyncio.run, also when the caller already runs an event loop (then in a thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as exc:
            result["error"] = exc

    thread = threading.Thread(target=target, name="copiste-run")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


async def _run_folder(
    config: RunConfig,
    out: Path,
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
) -> RunSummary:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunError(f"cannot create the run folder {out}: {exc.strerror}") from None
    lock = _lock(out)
    try:
        store = RunStore(out / "run.sqlite")
    except Exception as exc:
        lock.close()
        raise RunError(f"cannot open {out / 'run.sqlite'}: {exc}") from None
    started = time.perf_counter()
    session: Session | None = None
    status, error = "failed", None
    try:
        session = await open_session(config, store)
        write_run_json(out, session, "running", started)
        exporter = Exporter(out, session)
        try:
            stopped = await _work(session, on_progress, should_stop, tick=exporter.maybe)
            status = "stopped" if stopped else "finished"
        except RunError as exc:
            error = str(exc)
            raise
        except (asyncio.CancelledError, KeyboardInterrupt):
            status = "stopped"
            raise
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            if session.teacher is not None:
                await session.teacher.aclose()
            exporter.export()
            write_run_json(out, session, status, started, error)
        return summary(session, out, status, started)
    finally:
        store.close()
        lock.close()


def _lock(out: Path) -> IO[str]:
    """Hold the run folder for this process: two writers would interleave one store."""
    handle = try_lock(out / ".lock")
    if handle is None:
        raise RunError(f"another copiste process is writing {out}")
    return handle


async def _work(
    session: Session,
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    tick: Any = None,
) -> bool:
    """Walk the plan: reuse what is stored, judge stale answers again, send the rest. True
    when stopped before the end. The teacher starts only if a request must be sent."""
    session.store.clear_plan()
    pending = _pending(session, on_progress)
    first = next(pending, None)
    if first is None:
        notify(on_progress, session.progress)
        return False
    pending = itertools.chain([first], pending)
    if session.config.engine == "ray":  # imported here: Ray is an optional dependency
        from generator.engine_ray import send as send_on_ray

        return await send_on_ray(session, pending, on_progress, should_stop, tick)
    await start_teacher(session)
    return await send(session, pending, on_progress, should_stop, tick)


def _pending(session: Session, on_progress: ProgressCallback | None) -> Iterator[PlannedRequest]:
    """The plan's requests still to send; the others are counted (and judged again when the
    validators changed) on the way, so the counts grow as the seeds are read."""
    store, progress, plan = session.store, session.progress, session.plan
    notify(on_progress, progress)
    try:
        for request in plan:
            store.add_to_plan(request.key)
            state = store.state(request.key, session.version)
            progress.duplicates = plan.duplicates
            if state == "missing":
                yield request
                continue
            if state == "stale":
                rejudge(session, request)
                session.revalidated += 1
            session.reused += 1
            progress.done += 1
            accepted, rejected = store.counts(request.key)
            progress.accepted += accepted
            progress.rejected += rejected
    except SeedError as exc:
        raise RunError(str(exc)) from None
    progress.duplicates = plan.duplicates
    progress.total = plan.planned
    if session.revalidated:
        log.info("judged %d stored answers again (validators changed)", session.revalidated)
    notify(on_progress, progress)
