"""`/v1/jobs`: start a batch run, follow it (status, server-sent events), fetch its dataset,
cancel it. Jobs belong to the key that started them; another key sees a 404."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse, StreamingResponse
from sse_starlette import EventSourceResponse, JSONServerSentEvent, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from generator.examples import read_examples
from server.auth import CallerDep
from server.errors import APIError, documented
from server.generation import GenerationJobRequest
from server.jobkinds import KINDS
from server.jobstore import Job, JobStore, TooManyJobs
from server.schemas import JobList, JobView, chosen_lang

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])

# One kind today. The next kinds (dataset build, training) join as
# `Annotated[GenerationJobRequest | BuildJobRequest, Field(discriminator="kind")]`.
JobRequest = GenerationJobRequest

JSONL = "application/x-ndjson"
PARQUET = "application/vnd.apache.parquet"
RECONNECT_MS = 2000


def view(job: Job) -> JobView:
    """A stored job as the API shows it."""
    base = f"/v1/jobs/{job.id}"
    return JobView.model_validate(
        {
            "id": job.id,
            "kind": job.kind,
            "status": str(job.status),
            "cancel_requested": job.cancel_requested,
            "progress": job.progress,
            "summary": job.summary,
            "error": job.error,
            "attempts": job.attempts,
            "created_at": job.created_at,
            "started_at": job.started_at,
            "finished_at": job.finished_at,
            "links": {"self": base, "events": f"{base}/events", "result": f"{base}/result"},
        }
    )


def _own_job(request: Request, job_id: str, owner: str) -> Job:
    store: JobStore = request.app.state.store
    return _owned(store.get(job_id), job_id, owner)


def _owned(job: Job | None, job_id: str, owner: str) -> Job:
    """The job when it exists and is the caller's; a 404 otherwise (another key's job is
    not shown to exist)."""
    if job is None or job.owner != owner:
        raise APIError(404, "job_not_found", params={"job_id": job_id})
    return job


@router.post(
    "",
    status_code=202,
    response_model=JobView,
    summary="Start a job",
    responses={
        202: {
            "description": "The job, queued.",
            "links": {
                name: {"operationId": operation, "parameters": {"job_id": "$response.body#/id"}}
                for name, operation in [
                    ("status", "get_job"),
                    ("events", "job_events"),
                    ("result", "job_result"),
                    ("cancel", "cancel_job"),
                ]
            },
        },
        **documented(400, 401, 413, 415, 422, 429),
    },
)
async def create_job(payload: JobRequest, request: Request, response: Response, caller: CallerDep):
    """Queue a batch run; follow it at `links.self` or `links.events`.

    Each key may have `max_jobs_per_key` jobs queued or running (429 beyond). A job survives
    a server restart: a running one resumes where its run folder stands.
    """
    settings = request.app.state.settings
    kind = KINDS[payload.kind]
    # May read a seed file; a refusal is a JobFailure, which the APIError handler answers.
    await run_in_threadpool(kind.check, payload, settings)
    store: JobStore = request.app.state.store
    spec = payload.model_dump(mode="json")
    if "lang" in spec:  # stored as the server chose it: the job may run after a restart
        spec["lang"] = chosen_lang(payload, settings.lang)
    try:
        job = store.create(payload.kind, caller.owner, spec, max_active=settings.max_jobs_per_key)
    except TooManyJobs as exc:
        raise APIError(429, "too_many_jobs", params={"limit": exc.limit}, limit=exc.limit) from None
    request.app.state.runner.submit(job.id)
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return view(job)


@router.get("", response_model=JobList, summary="List my jobs", responses=documented(401, 422))
def list_jobs(
    request: Request,
    caller: CallerDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Newest first.")] = 100,
) -> JobList:
    jobs = request.app.state.store.list(caller.owner, limit)
    return JobList(jobs=[view(job) for job in jobs])


@router.get(
    "/{job_id}",
    response_model=JobView,
    summary="A job's status",
    responses=documented(401, 404, 422),
)
def get_job(job_id: str, request: Request, caller: CallerDep) -> JobView:
    """Status and progress counts (done, accepted, rejected, tokens)."""
    return view(_own_job(request, job_id, caller.owner))


@router.delete(
    "/{job_id}",
    status_code=202,
    response_model=JobView,
    summary="Cancel a job",
    responses=documented(401, 404, 409, 422),
)
async def cancel_job(job_id: str, request: Request, caller: CallerDep) -> JobView:
    """A queued job is cancelled at once; a running one stops after its current requests
    (`cancel_requested` is true until then). What it produced stays downloadable."""
    job = _own_job(request, job_id, caller.owner)
    if job.status.finished:
        raise APIError(409, "job_finished", params={"job_id": job_id, "status": job.status})
    return view(_owned(request.app.state.runner.cancel(job_id), job_id, caller.owner))


@router.get(
    "/{job_id}/events",
    summary="Follow a job (server-sent events)",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "A `progress` event (the job, as JSON) on every change, then one "
            "`end` event (the finished job) and the stream closes.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        **documented(401, 404, 422),
    },
)
async def job_events(job_id: str, request: Request, caller: CallerDep) -> EventSourceResponse:
    """Streams until the job ends. When the server stops, a `shutdown` event closes the stream
    cleanly; clients reconnect (the `retry` field says when) and resume following the job."""
    _own_job(request, job_id, caller.owner)
    state = request.app.state
    shutdown = anyio.Event()

    async def stream() -> AsyncIterator[ServerSentEvent]:
        seen = -1
        while True:
            job = state.store.get(job_id)
            if job is None:
                return
            if job.status.finished:
                yield JSONServerSentEvent(_event_data(job), event="end", id=str(job.version))
                return
            if job.version != seen:
                retry = RECONNECT_MS if seen < 0 else None
                seen = job.version
                yield JSONServerSentEvent(
                    _event_data(job), event="progress", id=str(job.version), retry=retry
                )
            if shutdown.is_set():
                yield ServerSentEvent("the server is stopping; reconnect", event="shutdown")
                return
            await state.runner.wait_change(job_id, timeout=0.5)

    return EventSourceResponse(
        stream(),
        ping=state.settings.sse_ping_s,
        shutdown_event=shutdown,
        shutdown_grace_period=2.0,
    )


def _event_data(job: Job) -> dict[str, Any]:
    """The job as an event carries it; built only for an event sent, not on every poll."""
    return view(job).model_dump(mode="json")


@router.get(
    "/{job_id}/result",
    summary="A finished job's dataset",
    response_class=Response,
    responses={
        200: {
            "description": "One example per line (JSONL), or a Parquet file.",
            "content": {
                JSONL: {"schema": {"type": "string"}},
                PARQUET: {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **documented(401, 404, 409, 422),
    },
)
async def job_result(
    job_id: str,
    request: Request,
    caller: CallerDep,
    format: Annotated[Literal["jsonl", "parquet"], Query(description="File format.")] = "jsonl",
    accepted_only: Annotated[
        bool, Query(description="Only the examples the checkers accepted.")
    ] = False,
) -> Response:
    """The examples of a finished job (a cancelled one's too: what it had produced).

    JSONL lines follow the example schema of docs/ARCHITECTURE.md; Parquet has one column per
    top-level field, with `verdict` and `provenance` as JSON text.
    """
    job = _own_job(request, job_id, caller.owner)
    if not job.status.finished:
        raise APIError(409, "job_not_finished", params={"job_id": job_id, "status": job.status})
    kind = KINDS.get(job.kind)
    source = kind.result(request.app.state.settings.jobs_dir / job_id) if kind else None
    if source is None or not source.is_file():
        raise APIError(404, "no_result", params={"job_id": job_id, "status": job.status})
    name = f"{job.kind}-{job_id[:8]}{'-accepted' if accepted_only else ''}"
    if format == "parquet":
        target = await run_in_threadpool(_parquet, source, accepted_only)
        return FileResponse(target, media_type=PARQUET, filename=f"{name}.parquet")
    if not accepted_only:
        return FileResponse(source, media_type=JSONL, filename=f"{name}.jsonl")
    return StreamingResponse(
        _accepted_lines(source),
        media_type=JSONL,
        headers={"Content-Disposition": f'attachment; filename="{name}.jsonl"'},
    )


def _accepted_lines(source: Path) -> Iterator[bytes]:
    """The accepted examples, through the one reader of examples.jsonl (the fields each line
    has, as it has them)."""
    for example in read_examples(source):
        if example.accepted:
            yield (example.model_dump_json(exclude_unset=True) + "\n").encode()


def _parquet(source: Path, accepted_only: bool) -> Path:
    """The JSONL result as Parquet, written once next to it (a finished job never changes).

    Flat and stable whatever the examples hold: `accepted` (bool), `score` (the verdict's),
    text columns for text fields, and JSON text for anything nested (verdict, provenance).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = source.with_name(f"result{'-accepted' if accepted_only else ''}.parquet")
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    rows = [
        _flat(example.model_dump(mode="json", exclude_unset=True))
        for example in read_examples(source)
        if example.accepted or not accepted_only
    ]
    names = list(dict.fromkeys(key for row in rows for key in row)) or ["id"]
    types = {"accepted": pa.bool_(), "score": pa.float64()}
    schema = pa.schema([(name, types.get(name, pa.string())) for name in names])
    table = pa.Table.from_pylist(rows, schema=schema)
    partial = target.with_suffix(".parquet.partial")
    pq.write_table(table, partial)
    partial.replace(target)
    return target


def _flat(example: dict) -> dict:
    row: dict = {}
    for key, value in example.items():
        if key == "accepted":
            row[key] = bool(value)
        elif value is None or isinstance(value, str):
            row[key] = value
        else:
            row[key] = json.dumps(value, ensure_ascii=False)
    verdict = example.get("verdict")
    if isinstance(verdict, dict) and isinstance(verdict.get("score"), int | float):
        row["score"] = float(verdict["score"])
    return row
