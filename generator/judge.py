"""Judging: completions become examples, each with its verdict and its provenance.

Judging never calls the teacher, so stored completions are judged again (`rejudge`) when the
validators change, and a judging bug rejects one answer instead of ending an overnight run.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from generator.contract import RunConfig, copiste_version
from generator.examples import Example
from generator.methods import Judgement, Method
from generator.plan import PlannedRequest, digest
from generator.prompts import Template
from generator.session import Session
from generator.store import now
from generator.teachers.base import Completion

log = logging.getLogger(__name__)


class Judging(Protocol):
    """What judging reads of a session: a `Session`, or its copy on a Ray worker."""

    config: RunConfig
    method: Method
    template: Template
    version: str


def judge(
    session: Judging,
    request: PlannedRequest,
    completions: list[Completion],
    teacher: dict[str, Any],
    created_at: str,
) -> list[dict[str, Any]]:
    """The examples of one answered request, as stored and exported."""
    config = session.config
    examples = []
    for sample, completion in enumerate(completions):
        judged = judge_completion(session, request, completion)
        example = Example(
            id=digest(f"{request.key}:{sample}"),
            task=config.task,
            method=config.method,
            lang=config.lang,
            seed_id=request.seed.id,
            question=judged.question,
            answer=judged.answer,
            raw=judged.raw,
            reasoning=judged.reasoning,
            gold=judged.gold,
            accepted=judged.accepted,
            verdict=judged.verdict,
            provenance={
                "teacher": teacher,
                "template": session.template.name,
                "template_hash": session.template.hash,
                "sampling": request.params.canonical(),
                "validator_version": session.version,
                "rules": config.rules,
                "copiste_version": copiste_version(),
                "request": request.key,
                "round": request.round,
                "sample": sample,
                "syntax": config.syntax,
                "repairs": completion.repairs,
                "finish_reason": completion.finish_reason,
                "timings": {"latency_s": completion.latency_s},
                "tokens": {
                    "prompt": completion.prompt_tokens + completion.repair_prompt_tokens,
                    "completion": completion.completion_tokens,
                },
                "created_at": created_at,
                "judged_at": now(),
            },
        )
        examples.append(example.model_dump())
    return examples


def judge_completion(
    session: Judging, request: PlannedRequest, completion: Completion
) -> Judgement:
    """The method's judgement; a judging bug rejects this one answer (kept, and judged again
    once fixed and CHECKS_VERSION bumped) instead of ending an overnight run."""
    config = session.config
    try:
        return session.method.judge(
            request.seed, completion, lang=config.lang, rules=config.rules, syntax=config.syntax
        )
    except Exception as exc:
        log.exception("cannot judge the answer to %s", request.key)
        finding = {"rule": "JUDGE_ERROR", "severity": "error", "message": f"{exc!r}"}
        verdict = {"valid": False, "score": 0.0, "findings": [finding], "checks": {}}
        return Judgement("", completion.text, None, None, verdict, False)


def rejudge(session: Session, request: PlannedRequest) -> None:
    """Judge a stored answer again with today's validators and replace its examples."""
    stored = session.store.response(request.key)
    if stored is None:
        return
    completions = [Completion(**c) for c in stored["completions"]]
    examples = judge(session, request, completions, stored["teacher"], stored["created_at"])
    session.store.replace_examples(request.key, examples, session.version)
