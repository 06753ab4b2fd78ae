"""Runs queued jobs in worker threads, and brings interrupted ones back after a restart.

Job work is blocking (a generation run drives its own event loop and SQLite file), so each job
runs in a daemon thread while the server's loop stays free for requests. A job interrupted by a
shutdown or a crash is left `running` or put back to `queued` in the store; the next server to
open the store queues it again, and the kind's resume picks up where the run folder stands.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from server.jobkinds import KINDS, JobContext
from server.jobstore import Job, JobStatus, JobStore
from server.metrics import Metrics
from server.settings import ServerSettings
from validators.errors import CopisteError

log = logging.getLogger(__name__)

T = TypeVar("T")

PROGRESS_INTERVAL_S = 0.2


class JobRunner:
    def __init__(self, store: JobStore, settings: ServerSettings, metrics: Metrics):
        self.store = store
        self.settings = settings
        self.metrics = metrics
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._stops: dict[str, threading.Event] = {}
        self._changed: dict[str, asyncio.Event] = {}
        self._stopping = threading.Event()
        self._workers: list[asyncio.Task[None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- life cycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Queue what the store holds unfinished (a previous server's jobs), then work."""
        self._loop = asyncio.get_running_loop()
        for job_id in self.store.ids_with_status(JobStatus.RUNNING):
            job = self.store.get(job_id)
            if job is not None and job.cancel_requested:
                self.store.finish(job_id, JobStatus.CANCELLED)
            else:
                self.store.requeue(job_id)
                log.info("job %s was interrupted; it resumes", job_id)
        for job_id in self.store.ids_with_status(JobStatus.QUEUED):
            self._queue.put_nowait(job_id)
        self._workers = [
            asyncio.create_task(self._work(), name=f"job-worker-{i}")
            for i in range(self.settings.job_workers)
        ]

    async def stop(self, grace_s: float = 10.0) -> None:
        """Ask running jobs to stop and put them back in the queue, to resume at next start.

        Waits up to `grace_s` for them to reach a stopping point; one still stuck (a teacher
        call that never returns) is requeued anyway, its daemon thread dies with the process.
        """
        self._stopping.set()
        for event in self._stops.values():
            event.set()
        deadline = time.monotonic() + grace_s
        while self._stops and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for job_id in list(self._stops):
            self.store.requeue(job_id)
        for task in self._workers:
            task.cancel()
        for task in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # --- requests from the API ----------------------------------------------------------------

    def submit(self, job_id: str) -> None:
        self._queue.put_nowait(job_id)
        self._notify(job_id)

    def cancel(self, job_id: str) -> Job | None:
        """Cancel or flag the job (see `JobStore.request_cancel`) and wake its worker and
        followers; the job as the store left it (None when there is no such job)."""
        job = self.store.request_cancel(job_id)
        event = self._stops.get(job_id)
        if event is not None:
            event.set()
        self._notify(job_id)
        return job

    async def wait_change(self, job_id: str, timeout: float) -> None:
        """Return when the job changes, or after `timeout` seconds (callers re-read the store)."""
        event = self._changed.setdefault(job_id, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)

    # --- work ---------------------------------------------------------------------------------

    def _notify(self, job_id: str) -> None:
        event = self._changed.pop(job_id, None)
        if event is not None:
            event.set()

    def _notify_threadsafe(self, job_id: str) -> None:
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is listening
                self._loop.call_soon_threadsafe(self._notify, job_id)

    async def _work(self) -> None:
        while True:
            job_id = await self._queue.get()
            try:
                await self._run(job_id)
            except Exception:
                log.exception("job %s: the runner failed", job_id)

    async def _run(self, job_id: str) -> None:
        if self._stopping.is_set() or not self.store.start(job_id):
            return
        job = self.store.get(job_id)
        assert job is not None
        self._notify(job_id)
        kind = KINDS.get(job.kind)
        if kind is None:
            self._end(
                job_id,
                job.kind,
                JobStatus.FAILED,
                error=_error("unknown_kind", f"this server cannot run jobs of kind {job.kind!r}"),
            )
            return
        stop = threading.Event()
        if job.cancel_requested:
            stop.set()
        self._stops[job_id] = stop
        progress = _ProgressSink(self, job_id, job.progress)
        context = JobContext(
            job_id=job_id,
            run_dir=self.settings.jobs_dir / job_id,
            settings=self.settings,
            report=progress,
            should_stop=stop.is_set,
            previous=dict(job.progress),
        )
        try:
            spec = kind.spec.model_validate(job.spec)
            summary = await self._in_thread(lambda: kind.execute(spec, context), job_id)
        except CopisteError as exc:  # a JobFailure, or any package's error: its code
            self._end(
                job_id,
                kind.name,
                JobStatus.FAILED,
                progress.last,
                error=_error(exc.code, str(exc)),
            )
        except Exception as exc:
            log.exception("job %s failed", job_id)
            self._end(
                job_id,
                kind.name,
                JobStatus.FAILED,
                progress.last,
                error=_error("job_failed", f"{type(exc).__name__}: {exc}"),
            )
        else:
            current = self.store.get(job_id)
            if current is not None and current.cancel_requested:
                self._end(job_id, kind.name, JobStatus.CANCELLED, progress.last, summary)
            elif self._stopping.is_set():
                self.store.requeue(job_id, progress.last)
                log.info("job %s interrupted by shutdown; it resumes at next start", job_id)
            else:
                self._end(job_id, kind.name, JobStatus.SUCCEEDED, progress.last, summary)
        finally:
            self._stops.pop(job_id, None)
            self._notify(job_id)

    def _end(
        self,
        job_id: str,
        kind: str,
        status: JobStatus,
        progress: dict[str, Any] | None = None,
        summary: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
    ) -> None:
        if self.store.finish(job_id, status, progress=progress, summary=summary, error=error):
            self.metrics.jobs_finished.labels(kind, str(status)).inc()
            log.info("job %s %s", job_id, status)

    async def _in_thread(self, work: Callable[[], T], job_id: str) -> T:
        """Run `work` in a daemon thread (a stuck teacher call never blocks process exit)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def settle(result: T | None, error: BaseException | None) -> None:
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)  # type: ignore[arg-type]

        def target() -> None:
            result: T | None = None
            error: BaseException | None = None
            try:
                result = work()
            except BaseException as exc:
                error = exc
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody awaits this
                loop.call_soon_threadsafe(settle, result, error)

        threading.Thread(target=target, name=f"copiste-job-{job_id[:8]}", daemon=True).start()
        return await future


class _ProgressSink:
    """The `report` callback of a running job: stores counts (at most every 0.2 s), counts what
    the teacher spent into the metrics, and wakes the event streams.

    Metrics count from the first report of this attempt, so the examples and tokens a resumed
    job had before a restart are not counted twice.
    """

    def __init__(self, runner: JobRunner, job_id: str, start: dict[str, Any]):
        self.runner = runner
        self.job_id = job_id
        self.last: dict[str, Any] = dict(start)
        self._seen: dict[str, Any] | None = None
        self._written = 0.0

    def __call__(self, progress: dict[str, Any]) -> None:
        if self._seen is not None:
            metrics = self.runner.metrics
            metrics.add_tokens(
                _delta(progress, self._seen, "prompt_tokens"),
                _delta(progress, self._seen, "completion_tokens"),
            )
            for verdict, key in (("true", "accepted"), ("false", "rejected")):
                added = _delta(progress, self._seen, key)
                if added > 0:
                    metrics.examples.labels(verdict).inc(added)
        self._seen = dict(progress)
        self.last = dict(progress)
        moment = time.monotonic()
        if moment - self._written >= PROGRESS_INTERVAL_S:
            self._written = moment
            self.runner.store.set_progress(self.job_id, self.last)
            self.runner._notify_threadsafe(self.job_id)


def _delta(new: dict[str, Any], old: dict[str, Any], key: str) -> int:
    return max(0, int(new.get(key) or 0) - int(old.get(key) or 0))


def _error(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}
