"""Prometheus metrics: HTTP traffic, validations, jobs and the teacher tokens they spend.

Each app owns its registry (two apps in one process never collide). Job counts by status are
read from the job store at scrape time, so they are right after a restart too; the counters
count what this process has done since it started, as Prometheus counters do.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    def __init__(self, job_counts: Callable[[], dict[tuple[str, str], int]]):
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "copiste_http_requests",
            "HTTP requests answered, by route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "copiste_http_request_duration_seconds",
            "Time from request to the end of the response, by route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.validations = Counter(
            "copiste_validations",
            "Records validated through the API, by verdict.",
            ["valid"],
            registry=self.registry,
        )
        self.examples = Counter(
            "copiste_examples",
            "Examples generated (synchronously and by jobs), by verdict.",
            ["accepted"],
            registry=self.registry,
        )
        self.jobs_finished = Counter(
            "copiste_jobs_finished",
            "Jobs that reached an end state in this process, by kind and status.",
            ["kind", "status"],
            registry=self.registry,
        )
        self.teacher_tokens = Counter(
            "copiste_teacher_tokens",
            "Tokens the teacher read (prompt) and wrote (completion) for this server.",
            ["type"],
            registry=self.registry,
        )
        self.registry.register(_JobGauge(job_counts))
        self.registry.register(_ReplicaCounter())

    def add_tokens(self, prompt: int, completion: int) -> None:
        if prompt > 0:
            self.teacher_tokens.labels("prompt").inc(prompt)
        if completion > 0:
            self.teacher_tokens.labels("completion").inc(completion)


class _JobGauge(Collector):
    def __init__(self, counts: Callable[[], dict[tuple[str, str], int]]):
        self._counts = counts

    def collect(self) -> Iterable[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "copiste_jobs", "Jobs in the store, by kind and status.", labels=["kind", "status"]
        )
        for (kind, status), count in sorted(self._counts().items()):
            family.add_metric([kind, status], count)
        yield family

    def describe(self) -> Iterable[GaugeMetricFamily]:
        yield GaugeMetricFamily("copiste_jobs", "Jobs in the store, by kind and status.")


class _ReplicaCounter(Collector):
    """Requests to each replica of teacher fleets, by outcome, read at scrape time from the
    fleets' own process-wide tally (`generator.teachers.fleet.totals`)."""

    NAME = "copiste_teacher_replica_requests"
    HELP = (
        "Requests to each replica of a teacher fleet, by outcome (sent, answered, failed, lost, "
        "busy, refused; outages: times taken out)."
    )

    def collect(self) -> Iterable[CounterMetricFamily]:
        from generator.teachers.fleet import totals

        family = CounterMetricFamily(self.NAME, self.HELP, labels=["endpoint", "outcome"])
        for endpoint, counts in sorted(totals().items()):
            for outcome, count in sorted(counts.items()):
                family.add_metric([endpoint, outcome], count)
        yield family

    def describe(self) -> Iterable[CounterMetricFamily]:
        yield CounterMetricFamily(self.NAME, self.HELP)


class MetricsMiddleware:
    """Counts and times every HTTP request under its route template (bounded label values)."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            self.metrics.requests.labels(method, template, str(status)).inc()
            self.metrics.latency.labels(method, template).observe(time.perf_counter() - start)
