"""A fleet of OpenAI-compatible servers of one model (`vllm serve` replicas) as one teacher.

`--teacher http://a:8000,http://b:8000` (or `--teacher` given once per replica) makes one
`FleetTeacher`: each request goes to the least-loaded healthy replica, counting the requests
copiste has in flight there plus the queue the server itself reports (vLLM's `/metrics`
`vllm:num_requests_waiting`, where it is exposed). A replica that cannot be reached, or whose
health probe (`/v1/models`, every `poll_s`) fails or goes unanswered, is taken out: the requests
it had in flight are cancelled and sent again to the others, and the probe keeps asking it in
the background until it answers again and takes its share back.

The run's engine sees one teacher and one answer per request, and stores that answer once, so a
request resent after a replica died still becomes one stored answer. Each replica is an
`OpenAITeacher` without retries of its own: retrying is moving to another replica. Counts per
replica are `replica_counts()` (the run summary's `replicas`); `totals()` adds up every fleet of
this process (the server's `/metrics`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from generator.teachers.base import (
    Completion,
    Message,
    RequestRejected,
    SamplingParams,
    Teacher,
    TeacherError,
    TeacherUnavailable,
)
from generator.teachers.http import ModelNotServed, OpenAITeacher, Overloaded, normalise_base_url

log = logging.getLogger(__name__)

QUEUE_METRIC = "vllm:num_requests_waiting"
OUTCOMES = ("sent", "answered", "failed", "lost", "busy", "refused", "outages")

# What every fleet of this process did, by replica: the server's /metrics reads it.
_TOTALS: defaultdict[str, Counter[str]] = defaultdict(Counter)
# The replica that answered the current task's last request: its example's provenance.
_ANSWERED_BY: ContextVar[str | None] = ContextVar("copiste_fleet_replica", default=None)

Call = Callable[[OpenAITeacher], Awaitable[list[Completion]]]


class _Lost(Exception):
    """The replica was taken out while this request was in flight there."""


@dataclass(slots=True)
class Replica:
    """One server of the fleet, its load and its health, as the dispatcher sees them."""

    endpoint: str
    teacher: OpenAITeacher
    healthy: bool = True
    reason: str = ""
    outstanding: int = 0
    waiting: int = 0
    metrics: bool = True  # False once /metrics answered 404: an OpenAI server that is not vLLM
    lost: asyncio.Event = field(default_factory=asyncio.Event)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def load(self) -> int:
        return self.outstanding + self.waiting

    def count(self, outcome: str) -> None:
        self.counts[outcome] += 1
        _TOTALS[self.endpoint][outcome] += 1


class FleetTeacher(Teacher):
    backend = OpenAITeacher.backend  # the same model on more servers: the same cache keys
    supports_structured = True

    def __init__(
        self,
        urls: str,
        *,
        model: str | None = None,
        api_key: str | None = None,
        concurrency: int = 64,
        timeout: float = 600.0,
        connect_timeout: float = 10.0,
        max_retries: int = 6,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        poll_s: float = 1.0,
    ) -> None:
        self.model = model
        self.max_retries = max(0, max_retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.poll_s = poll_s
        self.probe_timeout = connect_timeout
        # With every replica out, a request waits as long as one server's retries would.
        self.down_wait = sum(min(max_backoff, backoff * 2**i) for i in range(self.max_retries))
        self.replicas = [
            Replica(
                normalise_base_url(url),
                OpenAITeacher(
                    url,
                    model=model,
                    api_key=api_key,
                    concurrency=concurrency,
                    timeout=timeout,
                    connect_timeout=connect_timeout,
                    max_retries=0,
                ),
            )
            for url in urls.split(",")
        ]
        self._probe: httpx.AsyncClient | None = None
        self._watcher: asyncio.Task | None = None

    def describe(self) -> dict[str, Any]:
        endpoint = _ANSWERED_BY.get() or ",".join(r.endpoint for r in self.replicas)
        return {"backend": self.backend, "model": self.model, "endpoint": endpoint}

    def replica_counts(self) -> dict[str, dict[str, int]]:
        return {
            r.endpoint: {name: r.counts[name] for name in OUTCOMES} | {"healthy": int(r.healthy)}
            for r in self.replicas
        }

    async def start(self) -> None:
        """Start every replica; those that cannot be reached start out and are probed. Fails
        when none answers or when they serve different models."""
        if self._watcher is not None:
            return
        results = await asyncio.gather(
            *(r.teacher.start() for r in self.replicas), return_exceptions=True
        )
        for replica, result in zip(self.replicas, results, strict=True):
            if isinstance(result, ModelNotServed):
                raise result
            if isinstance(result, TeacherUnavailable):
                self._take_out(replica, str(result))
            elif isinstance(result, BaseException):
                raise result
        up = [r for r in self.replicas if r.healthy]
        if not up:
            raise TeacherUnavailable(f"no replica of the fleet answers: {self._reasons()}")
        models = sorted({str(r.teacher.model) for r in up})
        if len(models) > 1:
            raise TeacherUnavailable(
                f"the replicas of a fleet must serve one model; they serve {', '.join(models)}"
            )
        self.model = models[0]
        for replica in self.replicas:
            replica.teacher.model = self.model
        self._probe = httpx.AsyncClient(timeout=self.probe_timeout)
        await asyncio.gather(*(self._check(r) for r in up))  # the queues, before the first pick
        self._watcher = asyncio.create_task(self._watch(), name="copiste-fleet-probe")

    async def aclose(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
            self._watcher = None
        if self._probe is not None:
            await self._probe.aclose()
            self._probe = None
        for replica in self.replicas:
            await replica.teacher.aclose()

    async def chat(
        self, messages: list[Message], params: SamplingParams, *, request_id: str | None = None
    ) -> list[Completion]:
        return await self._dispatch(lambda t: t.chat(messages, params, request_id=request_id))

    async def complete(
        self, prompt: str, params: SamplingParams, *, request_id: str | None = None
    ) -> list[Completion]:
        return await self._dispatch(lambda t: t.complete(prompt, params, request_id=request_id))

    async def _dispatch(self, call: Call) -> list[Completion]:
        """Send to the least-loaded healthy replica; on failure, to another, up to
        `max_retries` more times. Refusals (4xx) are the request's fault and end it."""
        if self._watcher is None:
            await self.start()
        problem = ""
        for attempt in range(self.max_retries + 1):
            replica = await self._pick()
            replica.count("sent")
            replica.outstanding += 1
            try:
                completions = await self._attempt(replica, call)
            except RequestRejected:
                replica.count("refused")
                raise
            except _Lost:
                outcome, problem = "lost", f"{replica.endpoint} was taken out ({replica.reason})"
            except Overloaded as exc:
                outcome, problem = "busy", f"{replica.endpoint}: {exc}"
            except TeacherUnavailable as exc:
                outcome, problem = "failed", str(exc)
                self._take_out(replica, problem)
            except TeacherError as exc:  # a timeout, a 5xx: the request, not the replica
                outcome, problem = "failed", f"{replica.endpoint}: {exc}"
            else:
                replica.count("answered")
                _ANSWERED_BY.set(replica.endpoint)
                return completions
            finally:
                replica.outstanding -= 1
            replica.count(outcome)
            if replica.healthy:  # it answered, but not this: back off before the next try
                await asyncio.sleep(self._delay(attempt))
        raise TeacherError(f"{problem}; gave up after {self.max_retries + 1} attempts on the fleet")

    async def _attempt(self, replica: Replica, call: Call) -> list[Completion]:
        """The request on one replica, abandoned (`_Lost`) if the replica is taken out first."""
        request = asyncio.ensure_future(call(replica.teacher))
        lost = asyncio.ensure_future(replica.lost.wait())
        try:
            await asyncio.wait({request, lost}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (request, lost):
                task.cancel()
            await asyncio.gather(request, lost, return_exceptions=True)
        if request.cancelled():
            raise _Lost
        return request.result()

    async def _pick(self) -> Replica:
        """The healthy replica with the least load (ties: the one sent the least), waiting up to
        `down_wait` while every replica is out."""
        deadline = time.monotonic() + self.down_wait
        while True:
            up = [r for r in self.replicas if r.healthy]
            if up:
                return min(up, key=lambda r: (r.load, r.counts["sent"]))
            left = deadline - time.monotonic()
            if left <= 0:
                raise TeacherUnavailable(f"no replica of the fleet answers: {self._reasons()}")
            await asyncio.sleep(min(self.poll_s, left))

    def _delay(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * 2**attempt) * random.uniform(0.5, 1.0)

    def _take_out(self, replica: Replica, reason: str) -> None:
        if replica.healthy:
            log.warning("teacher replica %s taken out: %s", replica.endpoint, reason)
            replica.count("outages")
        replica.healthy, replica.reason = False, reason
        replica.lost.set()  # its requests in flight go to the others

    def _bring_back(self, replica: Replica) -> None:
        log.warning("teacher replica %s answers again", replica.endpoint)
        replica.healthy, replica.reason, replica.lost = True, "", asyncio.Event()

    def _reasons(self) -> str:
        return "; ".join(f"{r.endpoint}: {r.reason}" for r in self.replicas)

    async def _watch(self) -> None:
        """Probe every replica each `poll_s`: take out those that stop answering, bring back
        those that answer again, read the queue length of those that expose it."""
        while True:
            await asyncio.sleep(self.poll_s)
            await asyncio.gather(*(self._check(r) for r in self.replicas))

    async def _check(self, replica: Replica) -> None:
        assert self._probe is not None
        try:
            response = await self._probe.get(f"{replica.endpoint}/models")
            served = [m.get("id") for m in response.json().get("data", [])]
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            self._take_out(replica, f"health probe: {type(exc).__name__}: {exc}".strip(": "))
            return
        if response.status_code != 200 or self.model not in served:
            self._take_out(replica, f"health probe: HTTP {response.status_code}, serves {served}")
            return
        if not replica.healthy:
            self._bring_back(replica)
        if replica.metrics:
            replica.waiting = await self._queue(replica)

    async def _queue(self, replica: Replica) -> int:
        """The server's own queue (vLLM's `vllm:num_requests_waiting`), 0 where not exposed."""
        assert self._probe is not None
        root = replica.endpoint.removesuffix("/v1")
        try:
            response = await self._probe.get(f"{root}/metrics")
        except httpx.HTTPError:
            return 0
        if response.status_code == 404:
            replica.metrics = False
        if response.status_code != 200:
            return 0
        try:
            families = list(text_string_to_metric_families(response.text))
        except ValueError:
            return 0
        return int(sum(s.value for f in families for s in f.samples if s.name == QUEUE_METRIC))


def totals() -> dict[str, dict[str, int]]:
    """Counts by replica and outcome over every fleet this process ran (`/metrics`)."""
    return {endpoint: dict(counts) for endpoint, counts in _TOTALS.items()}
