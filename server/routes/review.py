"""`/v1/reviews/*`: the review queue's API, what the `/review` page calls.

Items come in (`POST /v1/reviews/items`: records with their descriptions, or a finished
job's results), go out one at a time (`GET /v1/reviews/next`), are re-checked as a reviewer
edits them (`POST /v1/reviews/check`), and get verdicts (`POST /v1/reviews`). With API keys
a verdict is the key's (a hash of it, as jobs are owned); without, the reviewer names
themselves. A correction is the chosen side of a training pair, so one the rules reject
(errors, not warnings) is refused with its findings.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from server.auth import ANONYMOUS, CallerDep
from server.errors import APIError, documented
from server.jobkinds import KINDS
from server.jobstore import now
from server.review.check import check, checks_version, syntax_of
from server.review.export import export_lines
from server.review.items import items_from, make_item
from server.review.store import Item, Review, ReviewStore
from server.schemas import Report, RuleSetName

router = APIRouter(prefix="/v1/reviews", tags=["review"])

MAX_TEXT_CHARS = 100_000
MAX_ITEMS = 1000
Syntax = Literal["mrk", "marcxml"]
Verdict = Literal["good", "bad"]
Name = Annotated[str, Field(min_length=1, max_length=80, pattern=r"\S")]
ReviewerQuery = Annotated[
    str | None,
    Query(max_length=80, description="Your name (servers without API keys; the key otherwise)."),
]


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=8000, pattern=r"\S")
    record: str = Field(
        min_length=1, max_length=MAX_TEXT_CHARS, description="MarcEdit text or MARCXML."
    )
    id: str | None = Field(None, max_length=200, description="The id in its source.")


class AddItemsRequest(BaseModel):
    """Records with their descriptions, or the job whose results to queue (not both)."""

    model_config = ConfigDict(extra="forbid")

    items: list[ItemIn] | None = Field(None, min_length=1, max_length=MAX_ITEMS)
    job: str | None = Field(None, max_length=64, description="A finished generation job's id.")
    source: str = Field("api", max_length=200, description="Where the records come from.")
    rules: RuleSetName | None = Field(
        None, description="Rule set (default: the run's own for a job, strict otherwise)."
    )
    syntax: Syntax = Field("mrk", description="The syntax records are shown and exported in.")


class AddItemsResponse(BaseModel):
    added: int = Field(description="Items new to the queue.")
    ids: list[str]


class ItemOut(BaseModel):
    id: str
    description: str
    record: str
    syntax: str
    rules: str
    source: str
    report: Report = Field(description="The rules on the record; findings carry their line.")
    verdicts: int = Field(description="Verdicts given on this item, by anyone.")


class Progress(BaseModel):
    items: int
    reviewed: int = Field(description="Items with at least one verdict.")
    verdicts: int
    yours: int
    remaining: int | None
    agreement: float | None = Field(
        description="Share of verdicts where good meets a valid report and bad an invalid one."
    )


class NextResponse(BaseModel):
    reviewer: str
    item: ItemOut | None = Field(description="Null when you have rated every item.")
    progress: Progress


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=MAX_TEXT_CHARS, description="The record as edited.")
    item_id: str | None = Field(None, max_length=64, description="Check under the item's rules.")
    syntax: Syntax | None = Field(None, description="Default: the item's, else from the text.")
    rules: RuleSetName | None = Field(None, description="Default: the item's, else strict.")


class VerdictRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: str = Field(max_length=64)
    verdict: Verdict
    corrected: str | None = Field(
        None, min_length=1, max_length=MAX_TEXT_CHARS, description="The corrected record."
    )
    comment: str | None = Field(None, max_length=4000)
    reviewer: Name | None = Field(None, description="Your name (servers without API keys).")


class VerdictOut(BaseModel):
    item_id: str
    reviewer: str
    verdict: Verdict
    corrected: str | None
    comment: str | None
    time: str
    checks_version: str


class VerdictResponse(BaseModel):
    saved: VerdictOut
    progress: Progress


def _store(request: Request) -> ReviewStore:
    return request.app.state.reviews


def _reviewer(request: Request, owner: str, name: str | None) -> str:
    """The key's owner when keys are set, else the name the reviewer gave."""
    if owner != ANONYMOUS:
        return owner
    if name is None or not name.strip():
        raise APIError(
            422,
            "reviewer_required",
            "name yourself: this server has no API keys to tell reviewers apart (send reviewer)",
        )
    return name.strip()


def _item_out(item: Item) -> dict[str, Any]:
    fields = ("id", "description", "record", "syntax", "rules", "source", "report", "verdicts")
    return {name: getattr(item, name) for name in fields}


def _item(store: ReviewStore, item_id: str) -> Item:
    item = store.item(item_id)
    if item is None:
        raise APIError(404, "item_not_found", f"no review item {item_id}")
    return item


@router.post(
    "/items",
    response_model=AddItemsResponse,
    summary="Queue records for review",
    responses=documented(400, 401, 404, 409, 413, 422),
)
async def add_items(payload: AddItemsRequest, request: Request, caller: CallerDep) -> Any:
    """Queue records with their descriptions, or a finished job's results (its UNIMARC
    examples). A record already queued for the same description is not queued twice."""
    settings = request.app.state.settings
    if (payload.items is None) == (payload.job is None):
        raise APIError(422, "invalid_request", 'give either "items" or "job"')
    if payload.job is not None:
        job = request.app.state.store.get(payload.job)
        if job is None or job.owner != caller.owner:
            raise APIError(404, "job_not_found", f"no job {payload.job}")
        if not job.status.finished:
            raise APIError(409, "job_not_finished", f"job {job.id} is {job.status}")
        kind = KINDS.get(job.kind)
        result = kind.result(settings.jobs_dir / job.id) if kind else None
        if result is None:
            raise APIError(404, "no_result", f"job {job.id} produced no result")
        new = await run_in_threadpool(
            items_from, result, rules=payload.rules, syntax=payload.syntax, lang=settings.lang
        )
    else:
        new = await run_in_threadpool(
            lambda: [
                make_item(
                    item.description,
                    item.record,
                    source=payload.source,
                    source_id=item.id,
                    rules=payload.rules or "strict",
                    syntax=payload.syntax,
                    lang=settings.lang,
                )
                for item in payload.items or []
            ]
        )
    added, ids = _store(request).add(new)
    return {"added": added, "ids": ids}


@router.get(
    "/next",
    response_model=NextResponse,
    summary="The next record to review",
    responses=documented(401, 422),
)
async def next_item(
    request: Request,
    caller: CallerDep,
    reviewer: ReviewerQuery = None,
    after: Annotated[
        str | None, Query(max_length=64, description="Skip to the item after this one.")
    ] = None,
) -> Any:
    """The first item you have not rated (after `after` when given, wrapping round)."""
    who = _reviewer(request, caller.owner, reviewer)
    store = _store(request)
    item = store.next_item(who, after)
    return {
        "reviewer": who,
        "item": _item_out(item) if item else None,
        "progress": store.progress(who),
    }


@router.get(
    "/progress", response_model=Progress, summary="Review progress", responses=documented(401)
)
async def progress(request: Request, caller: CallerDep, reviewer: ReviewerQuery = None) -> Any:
    """Items, items reviewed, verdicts (yours too), and agreement with the rules."""
    who = caller.owner if caller.owner != ANONYMOUS else reviewer
    return _store(request).progress(who)


@router.post(
    "/check",
    response_model=Report,
    summary="Check an edited record",
    responses=documented(400, 401, 404, 413, 422),
)
async def check_record(payload: CheckRequest, request: Request) -> Any:
    """The rules on a record as edited, each finding with the line of the field it concerns."""
    item = _item(_store(request), payload.item_id) if payload.item_id else None
    syntax = payload.syntax or (item.syntax if item else syntax_of(payload.text))
    rules = payload.rules or (item.rules if item else "strict")
    return check(payload.text, syntax, rules, request.app.state.settings.lang)


@router.post(
    "",
    response_model=VerdictResponse,
    summary="Give a verdict",
    responses=documented(400, 401, 404, 413, 422),
)
async def give_verdict(payload: VerdictRequest, request: Request, caller: CallerDep) -> Any:
    """Rate an item good or bad, with a corrected record and a comment if you like. Rating an
    item again replaces your earlier verdict; other reviewers' stay."""
    who = _reviewer(request, caller.owner, payload.reviewer)
    store = _store(request)
    item = _item(store, payload.item_id)
    if payload.corrected is not None:
        report = check(payload.corrected, item.syntax, item.rules, request.app.state.settings.lang)
        if not report["valid"]:
            raise APIError(
                422,
                "correction_invalid",
                "the corrected record breaks the rules: "
                + "; ".join(f["rule"] for f in report["findings"] if f["severity"] == "error"),
                findings=report["findings"],
            )
    review = Review(
        item_id=item.id,
        reviewer=who,
        verdict=payload.verdict,
        corrected=payload.corrected,
        comment=(payload.comment.strip() or None) if payload.comment else None,
        time=now(),
        checks_version=checks_version(),
    )
    store.record_verdict(review)
    saved = {k: getattr(review, k) for k in VerdictOut.model_fields}
    return {"saved": saved, "progress": store.progress(who)}


@router.get(
    "/export",
    summary="Every verdict, as JSON lines",
    responses={**documented(401), 200: {"content": {"application/x-ndjson": {}}}},
)
async def export(request: Request) -> StreamingResponse:
    """One line per verdict (the fields of `copiste review export`): what
    `copiste distill build --reviews` reads."""
    lines = list(export_lines(_store(request)))
    return StreamingResponse(
        iter(lines),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="reviews.jsonl"'},
    )
