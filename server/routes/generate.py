"""`POST /v1/generate`: a few examples while the client waits (batch work goes to /v1/jobs)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from generator.run import Example, generate_examples
from server.errors import APIError, documented
from server.generation import (
    GenerateRequest,
    check_seeds,
    check_teacher_model,
    run_config,
)
from server.settings import ServerSettings

router = APIRouter(prefix="/v1", tags=["generate"])

# How often a generation in progress looks whether its client is still there.
WATCH_S = 0.25


class GenerateResponse(BaseModel):
    count: int
    accepted: int
    examples: list[Example] = Field(
        description="Examples in the schema of docs/ARCHITECTURE.md, each with its verdict."
    )


@router.post(
    "/generate",
    response_model=GenerateResponse,
    summary="Generate a few examples",
    responses=documented(400, 401, 413, 415, 422, 429, 502, 503),
)
async def generate(payload: GenerateRequest, request: Request) -> Any:
    """Run the teacher and return every example with its verdict, accepted or not.

    At most `max_generate_examples` examples (n x sampling.samples) per request; larger runs
    are jobs. A teacher that fails or cannot be reached is a 502.
    """
    settings = request.app.state.settings
    wanted = payload.n * payload.sampling.samples
    if wanted > settings.max_generate_examples:
        limit = settings.max_generate_examples
        asked = {"wanted": wanted, "limit": limit}
        raise APIError(413, "too_many_examples", params=asked, limit=limit)
    gate: asyncio.Semaphore = request.app.state.generate_gate
    if gate.locked():
        raise APIError(429, "busy", key="busy_generating")
    async with gate:
        examples = await _while_wanted(request, payload, settings)
    rows = [example.model_dump(mode="json") for example in examples]
    metrics = request.app.state.metrics
    for row in rows:
        metrics.examples.labels(str(row["accepted"]).lower()).inc()
        tokens = row["provenance"].get("tokens") or {}
        metrics.add_tokens(int(tokens.get("prompt") or 0), int(tokens.get("completion") or 0))
    accepted = sum(row["accepted"] for row in rows)
    return {"count": len(rows), "accepted": accepted, "examples": rows}


async def _while_wanted(
    request: Request, payload: GenerateRequest, settings: ServerSettings
) -> list[Any]:
    """Generate in a worker thread while someone waits for the answer.

    The work stops (the teacher's requests in flight are cancelled, an embedded model stops
    mid-batch) when the client disconnects or the server shuts down: abandoned work would hold
    a core and the generate slot for minutes, and make a graceful stop time out.
    """
    stop = threading.Event()
    stopping: threading.Event = request.app.state.stopping
    work = asyncio.ensure_future(run_in_threadpool(_generate, payload, settings, stop.is_set))
    work.add_done_callback(lambda task: task.cancelled() or task.exception())
    try:
        while not work.done():
            await asyncio.wait({work}, timeout=WATCH_S)
            if not work.done() and (stopping.is_set() or await request.is_disconnected()):
                stop.set()
        examples = work.result()
    except asyncio.CancelledError:  # the server gave up waiting for this request
        stop.set()
        raise
    if stopping.is_set():
        raise APIError(503, "shutting_down")
    if stop.is_set():  # nobody reads this answer; it names the case in the access log
        raise APIError(499, "client_closed_request")
    return examples


def _generate(
    payload: GenerateRequest, settings: ServerSettings, should_stop: Callable[[], bool]
) -> list[Any]:
    """Blocking: the generator runs its own event loop, in this worker thread."""
    config = run_config(
        payload,
        settings,
        concurrency=min(payload.n, 8),
        timeout=settings.generate_timeout_s,
        max_retries=2,
    )
    check_seeds(config)
    check_teacher_model(config)
    return generate_examples(config, should_stop=should_stop)  # a RunError: its own status
