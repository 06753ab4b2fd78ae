"""`POST /v1/generate`: a few examples while the client waits (batch work goes to /v1/jobs)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server.errors import APIError, documented
from server.generation import GenerateRequest, run_config
from server.jobkinds import JobFailure

router = APIRouter(prefix="/v1", tags=["generate"])


class GenerateResponse(BaseModel):
    count: int
    accepted: int
    examples: list[dict[str, Any]] = Field(
        description="Examples in the schema of docs/ARCHITECTURE.md, each with its verdict."
    )


@router.post(
    "/generate",
    response_model=GenerateResponse,
    summary="Generate a few examples",
    responses=documented(400, 401, 413, 415, 422, 429, 502),
)
async def generate(payload: GenerateRequest, request: Request) -> Any:
    """Run the teacher on inline seeds and return every example with its verdict.

    At most `max_generate_examples` (seeds x n) per request; larger runs are jobs.
    """
    settings = request.app.state.settings
    wanted = len(payload.seeds) * payload.n
    if wanted > settings.max_generate_examples:
        raise APIError(
            413,
            "too_many_examples",
            f"{wanted} examples asked (seeds x n); this endpoint makes at most "
            f"{settings.max_generate_examples}: start a job for more",
            limit=settings.max_generate_examples,
        )
    try:
        config = run_config(payload, settings)
    except JobFailure as exc:
        raise APIError(422, exc.code, exc.message) from None
    gate: asyncio.Semaphore = request.app.state.generate_gate
    if gate.locked():
        raise APIError(429, "busy", "the server is generating for other requests; retry soon")
    async with gate:
        examples = await run_in_threadpool(_generate, config)
    rows = [e.model_dump(mode="json") if hasattr(e, "model_dump") else dict(e) for e in examples]
    metrics = request.app.state.metrics
    for row in rows:
        metrics.examples.labels(str(bool(row.get("accepted"))).lower()).inc()
        tokens = (row.get("provenance") or {}).get("tokens") or {}
        metrics.add_tokens(int(tokens.get("prompt") or 0), int(tokens.get("completion") or 0))
    accepted = sum(bool(row.get("accepted")) for row in rows)
    return {"count": len(rows), "accepted": accepted, "examples": rows}


def _generate(config: Any) -> list[Any]:
    from generator.run import generate_examples

    return generate_examples(config)
