"""The engine: sends the plan's pending requests to the teacher with bounded concurrency.

It takes requests from an iterator, asks the teacher (or renders by rules), has each answer
judged and stored in one transaction, and keeps the progress counts. Planning, judging and the
store know nothing of it, so another engine (a fleet of servers, Ray workers) can replace
`send` with the same arguments: pending requests in, progress and stored examples out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

from generator.contract import Progress, ProgressCallback, StopCheck, TeacherFailed
from generator.judge import judge
from generator.plan import PlannedRequest
from generator.repair import repair
from generator.session import Session
from generator.store import now
from generator.teachers import Completion, RequestRejected, TeacherError, TeacherUnavailable

log = logging.getLogger(__name__)

MAX_FAILURES_IN_A_ROW = 20


async def send(
    session: Session,
    pending: Iterator[PlannedRequest],
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    tick: Callable[[], None] | None = None,
) -> bool:
    """Send every pending request; True when `should_stop` stopped it before the end.

    `tick` runs after each wake-up (the run's periodic export). The requests still in flight
    when it stops or fails are cancelled: they are sent again by the next run.
    """
    progress = session.progress
    started = time.perf_counter()
    in_flight: dict[asyncio.Task, PlannedRequest] = {}
    in_a_row, stopped, exhausted = 0, False, False
    last_error = ""
    try:
        while True:
            while not stopped and not exhausted and len(in_flight) < session.config.concurrency:
                if should_stop is not None and should_stop():
                    stopped = True
                    break
                request = next(pending, None)
                if request is None:
                    exhausted = True
                    break
                in_flight[asyncio.create_task(_ask(session, request))] = request
            if not in_flight:
                break
            done, _ = await asyncio.wait(
                in_flight, timeout=0.5, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                request = in_flight.pop(task)
                error = task.exception()
                if error is None:
                    in_a_row = 0
                    account(session, request, *task.result())
                elif isinstance(error, TeacherUnavailable):
                    raise TeacherFailed(str(error))
                elif isinstance(error, TeacherError):
                    in_a_row += 1
                    last_error = str(error)
                    session.failed_now.add(request.key)
                    session.store.record_failure(request.key, last_error)
                    progress.failed = len(session.failed_now)
                    log.warning("request %s failed: %s", request.key, last_error)
                    if in_a_row >= MAX_FAILURES_IN_A_ROW:
                        raise TeacherFailed(
                            f"{in_a_row} requests in a row failed, stopping; last: {last_error}"
                        )
                else:
                    raise error
            progress.elapsed_s = time.perf_counter() - started
            if done:
                notify(on_progress, progress)
            if tick is not None:
                tick()
            if should_stop is not None and not stopped and in_flight and should_stop():
                stopped = True
            if stopped:
                break  # the finally below cancels what is in flight
    finally:
        for task in in_flight:
            task.cancel()
        if in_flight:
            await asyncio.gather(*in_flight, return_exceptions=True)
        progress.elapsed_s = time.perf_counter() - started
        notify(on_progress, progress)
    return stopped


async def _ask(
    session: Session, request: PlannedRequest
) -> tuple[list[Completion], list[dict[str, Any]]]:
    """Send one request (or render it by rules) and store the answer with its examples; both
    are handed back so the progress counts need not read them again from SQLite."""
    method, lang = session.method, session.config.lang
    if session.teacher is None:
        text = method.offline(request.seed, lang) or ""
        messages: Any = {"rules": "isbd", "seed_id": request.seed.id}
        completions = [Completion(text=text, finish_reason="stop")]
    else:
        try:
            messages = session.template.render(**method.variables(request.seed, lang))
        except Exception as exc:  # a template that cannot render this seed is this seed's fault
            raise RequestRejected(f"cannot render {session.template.name}: {exc}") from None
        completions = await session.teacher.chat(messages, request.params, request_id=request.key)
        completions = await repair(session, request, messages, completions)
    described = session.teacher.describe() if session.teacher else {**session.identity}
    described.setdefault("endpoint", None)
    created = now()
    examples = judge(session, request, completions, described, created)
    session.store.save(
        key=request.key,
        seed_id=request.seed.id,
        round=request.round,
        template=session.template.name,
        template_hash=session.template.hash,
        teacher=described,
        sampling=request.params.canonical(),
        request=messages,
        completions=[c.model_dump() for c in completions],
        created_at=created,
        examples=examples,
        validator_version=session.version,
    )
    return completions, examples


def account(
    session: Session,
    request: PlannedRequest,
    completions: list[Completion],
    examples: list[dict[str, Any]],
) -> None:
    """Count a request just answered: `examples` are those stored for it.

    Public because both engines call it: `send` here after `_ask` stored an answer, and
    `generator.engine_ray` after a Ray worker's answer is stored. One function keeps the
    progress counts (done, accepted, rejected, repairs, tokens, `session.sent`) the same
    whichever engine ran the request.
    """
    progress = session.progress
    session.sent += 1 if session.teacher is not None else 0
    session.failed_now.discard(request.key)
    progress.failed = len(session.failed_now)
    progress.done += 1
    for example in examples:
        if example["accepted"]:
            progress.accepted += 1
            progress.repaired += example["provenance"]["repairs"] > 0
        else:
            progress.rejected += 1
    progress.prompt_tokens += sum(c.prompt_tokens for c in completions[:1])
    progress.prompt_tokens += sum(c.repair_prompt_tokens for c in completions)
    progress.completion_tokens += sum(c.completion_tokens for c in completions)
    progress.repairs += sum(c.repairs for c in completions)


def notify(callback: ProgressCallback | None, progress: Progress) -> None:
    if callback is not None:
        callback(Progress(**asdict(progress)))
