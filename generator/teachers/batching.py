"""Gather concurrent requests into batches for the local backends.

A run awaits hundreds of `chat()` calls at once; a local model answers them fastest as one padded
batch (transformers) or one `LLM.chat` call (vLLM schedules the list itself). The batcher collects
whatever is queued, runs it in a worker thread so the event loop stays free, and resolves each
caller's future.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from generator.teachers.base import Completion, Message, SamplingParams, Teacher


@dataclass(slots=True)
class BatchItem:
    kind: str  # "chat" (payload: messages) or "complete" (payload: prompt text)
    payload: Any
    params: SamplingParams
    future: asyncio.Future = field(repr=False, default=None)  # type: ignore[assignment]


RunBatch = Callable[[list[BatchItem]], list[list[Completion]]]


class Batcher:
    """One worker per event loop; jobs with the same `group` key share a batch."""

    def __init__(self, run: RunBatch, *, max_batch: int, group: Callable[[BatchItem], Hashable]):
        self._run = run
        self._max_batch = max(1, max_batch)
        self._group = group
        self._queue: asyncio.Queue[BatchItem] | None = None
        self._worker: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def submit(self, job: BatchItem) -> list[Completion]:
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._worker is None or self._worker.done():
            self._loop = loop
            self._queue = asyncio.Queue()
            self._worker = loop.create_task(self._serve())
        job.future = loop.create_future()
        assert self._queue is not None
        self._queue.put_nowait(job)
        return await job.future

    async def close(self) -> None:
        if self._worker is not None and not self._worker.done():
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        self._worker = None

    async def _serve(self) -> None:
        assert self._queue is not None
        held: list[BatchItem] = []
        while True:
            if not held:
                held.append(await self._queue.get())
            while not self._queue.empty():
                held.append(self._queue.get_nowait())
            key = self._group(held[0])
            batch = [job for job in held if self._group(job) == key][: self._max_batch]
            chosen = {id(job) for job in batch}
            held = [job for job in held if id(job) not in chosen]
            batch = [job for job in batch if not job.future.cancelled()]
            if not batch:
                continue
            try:
                results = await asyncio.to_thread(self._run, batch)
            except Exception as exc:  # every caller of the batch gets the failure
                for job in batch:
                    if not job.future.done():
                        job.future.set_exception(exc)
                continue
            for job, result in zip(batch, results, strict=True):
                if not job.future.done():
                    job.future.set_result(result)


class BatchedTeacher(Teacher):
    """A local teacher whose requests are batched: `chat` and `complete` start it and queue
    the request on `self._batcher`, which the subclass builds around its `_run`."""

    _batcher: Batcher

    async def chat(
        self, messages: list[Message], params: SamplingParams, *, request_id: str | None = None
    ) -> list[Completion]:
        await self.start()
        return await self._batcher.submit(BatchItem("chat", messages, params))

    async def complete(
        self, prompt: str, params: SamplingParams, *, request_id: str | None = None
    ) -> list[Completion]:
        await self.start()
        return await self._batcher.submit(BatchItem("complete", prompt, params))
