"""`GET /healthz` (open to all, for load balancers) and `GET /metrics` (Prometheus)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from server.auth import CallerDep
from server.errors import documented
from server.schemas import Health

router = APIRouter(tags=["system"])


@cache
def copiste_version() -> str:
    """The installed package's version, read once: /healthz is polled often and the installed
    version cannot change under a running server."""
    try:
        return version("copiste")
    except PackageNotFoundError:
        return "unknown"


@router.get("/healthz", response_model=Health, summary="Liveness and readiness")
def healthz(request: Request) -> Health:
    """Answers without a key; reads the job store, so a broken data folder shows here."""
    counts: dict[str, int] = {}
    for (_kind, status), count in request.app.state.store.counts().items():
        counts[status] = counts.get(status, 0) + count
    return Health(status="ok", version=copiste_version(), jobs=counts)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}},
        **documented(401),
    },
)
def metrics(request: Request, caller: CallerDep) -> Response:
    """Requests, latencies, validations, job counts and teacher tokens, in the text format."""
    body = generate_latest(request.app.state.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
