"""The server's student: loaded once, on first use, and fed batches made of concurrent requests.

Generation is the slow part, and a batch of eight descriptions costs little more than one on a
CPU: requests that arrive while the student is busy wait in a queue, and the next batch takes
as many of them as fit. One worker task runs batches one after another in a thread, so the event
loop keeps answering other endpoints.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace

from starlette.concurrency import run_in_threadpool

from distill.catalogue import Catalogued, CatalogueOptions, Cataloguer
from validators.errors import CopisteError

log = logging.getLogger(__name__)


class StudentUnavailable(CopisteError, RuntimeError):
    """The configured student cannot be loaded; the message says why."""

    http_status = 503
    code = "student_unavailable"


@dataclass
class _Request:
    descriptions: list[str]
    done: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class StudentService:
    """`await service.catalogue(descriptions)` from any request; batches form by themselves."""

    def __init__(self, ref: str, options: CatalogueOptions, *, max_batch: int, max_waiting: int):
        self.ref = ref
        self.options = options
        self.max_batch = max_batch
        self.max_waiting = max_waiting
        self.waiting = 0  # descriptions queued, not yet in a batch
        self._queue: asyncio.Queue[_Request] | None = None
        self._worker: asyncio.Task | None = None
        self._cataloguer: Cataloguer | None = None

    def busy(self, count: int) -> bool:
        """Whether `count` more descriptions would overfill the queue (the caller answers 429)."""
        return self.waiting + count > self.max_waiting

    async def catalogue(self, descriptions: list[str]) -> list[Catalogued]:
        if self._queue is None:
            self._queue = asyncio.Queue()
            self._worker = asyncio.create_task(self._run(), name="copiste-student")
        request = _Request(list(descriptions))
        self.waiting += len(descriptions)
        await self._queue.put(request)
        return await request.done

    async def aclose(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)

    async def _run(self) -> None:
        assert self._queue is not None
        held: _Request | None = None  # a request that would have overfilled the last batch
        while True:
            batch = [held or await self._queue.get()]
            held, size = None, len(batch[0].descriptions)
            while not self._queue.empty():
                request = self._queue.get_nowait()
                if size + len(request.descriptions) > self.max_batch:
                    held = request  # the next batch's first: a batch stays within max_batch
                    break
                batch.append(request)
                size += len(request.descriptions)
            self.waiting -= size
            texts = [d for r in batch for d in r.descriptions]
            log.info("student: %d descriptions from %d requests in one batch", size, len(batch))
            try:
                results = await run_in_threadpool(self._generate, texts)
            except Exception as exc:  # every waiting request learns why; the worker lives on
                for r in batch:
                    if not r.done.done():
                        r.done.set_exception(exc)
                continue
            start = 0
            for r in batch:
                end = start + len(r.descriptions)
                if not r.done.done():  # a request whose client has gone is cancelled
                    r.done.set_result(results[start:end])
                start = end

    def _generate(self, texts: list[str]) -> list[Catalogued]:
        """Blocking, in the worker's thread: loads the student on first use."""
        if self._cataloguer is None:
            self._cataloguer = self._load()
        return self._cataloguer.catalogue(texts)

    def _load(self) -> Cataloguer:
        from distill.modelio import ModelError
        from distill.student import Student
        from generator.models import ModelUnavailable

        try:
            student = Student(self.ref)
        except (ModelError, ModelUnavailable, OSError) as exc:
            raise StudentUnavailable(f"the student {self.ref} cannot be loaded: {exc}") from None
        log.info("student %s loaded; it writes %s", self.ref, student.syntax)
        try:
            return Cataloguer(student, replace(self.options, syntax=student.syntax))
        except ImportError as exc:
            raise StudentUnavailable(f"constrained decoding is not available: {exc}") from None
