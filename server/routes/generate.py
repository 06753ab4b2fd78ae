"""`POST /v1/generate`: a few examples while the client waits (batch work goes to /v1/jobs)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from generator.run import Example, RunError, generate_examples
from server.errors import APIError, documented
from server.generation import (
    GenerateRequest,
    check_seeds,
    check_teacher_model,
    failure,
    run_config,
)
from server.settings import ServerSettings

router = APIRouter(prefix="/v1", tags=["generate"])


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
    responses=documented(400, 401, 413, 415, 422, 429, 502),
)
async def generate(payload: GenerateRequest, request: Request) -> Any:
    """Run the teacher and return every example with its verdict, accepted or not.

    At most `max_generate_examples` examples (n x sampling.samples) per request; larger runs
    are jobs. A teacher that fails or cannot be reached is a 502.
    """
    settings = request.app.state.settings
    wanted = payload.n * payload.sampling.samples
    if wanted > settings.max_generate_examples:
        raise APIError(
            413,
            "too_many_examples",
            f"{wanted} examples asked (n x samples); this endpoint makes at most "
            f"{settings.max_generate_examples}: start a job for more",
            limit=settings.max_generate_examples,
        )
    gate: asyncio.Semaphore = request.app.state.generate_gate
    if gate.locked():
        raise APIError(429, "busy", "the server is generating for other requests; retry soon")
    async with gate:
        examples = await run_in_threadpool(_generate, payload, settings)
    rows = [example.model_dump(mode="json") for example in examples]
    metrics = request.app.state.metrics
    for row in rows:
        metrics.examples.labels(str(row["accepted"]).lower()).inc()
        tokens = row["provenance"].get("tokens") or {}
        metrics.add_tokens(int(tokens.get("prompt") or 0), int(tokens.get("completion") or 0))
    accepted = sum(row["accepted"] for row in rows)
    return {"count": len(rows), "accepted": accepted, "examples": rows}


def _generate(payload: GenerateRequest, settings: ServerSettings) -> list[Any]:
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
    try:
        return generate_examples(config)
    except RunError as exc:
        raise failure(exc) from None
