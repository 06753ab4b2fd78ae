"""Repair rounds: an invalid record is asked for again, once per round, with the findings.

A teacher that wrote a record the validators refuse often fixes it when told what is wrong
(a 100$a of 35 characters, a missing 801), and a repair costs one answer's tokens where a new
sample costs the whole prompt and answer again with the same odds. The conversation sent is the
request's own, the rejected answer as the assistant's turn, and `prompts/<task>/repair.<lang>.j2`
listing the validators' errors. Only the validators' verdict decides: an answer they accept but
a generator check rejects (grounding) is not repaired, since the findings would say nothing.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from generator.judge import Judging, judge_completion
from generator.plan import PlannedRequest
from generator.prompts import Template
from generator.teachers import Completion, RequestRejected, Teacher
from generator.teachers.base import Message

log = logging.getLogger(__name__)


class Repairing(Judging, Protocol):
    """What repair rounds read of a session (or of its copy on a Ray worker)."""

    teacher: Teacher | None
    repair_template: Template | None


async def repair(
    session: Repairing, request: PlannedRequest, messages: list[Message], answers: list[Completion]
) -> list[Completion]:
    """Each answer after at most `config.repair` rounds (unchanged when already valid)."""
    if not session.config.repair or session.teacher is None:
        return answers
    return list(await asyncio.gather(*(_one(session, request, messages, a) for a in answers)))


async def _one(
    session: Repairing, request: PlannedRequest, messages: list[Message], answer: Completion
) -> Completion:
    assert session.teacher is not None and session.repair_template is not None
    current, earlier = answer, []
    completion_tokens, prompt_tokens, latency = answer.completion_tokens, 0, answer.latency_s
    params = request.params.model_copy(update={"n": 1})
    for round_ in range(1, session.config.repair + 1):
        verdict = judge_completion(session, request, current).verdict
        if verdict.get("valid"):
            break
        ask = [
            *messages,
            {"role": "assistant", "content": current.text},
            *session.repair_template.render(
                findings=_errors(verdict), syntax=session.config.syntax
            ),
        ]
        try:
            (current,) = await session.teacher.chat(
                ask, params, request_id=f"{request.key}-repair{round_}"
            )
        except RequestRejected as exc:  # e.g. the conversation outgrew the model's context
            log.warning("repair round %d of %s refused, answer kept: %s", round_, request.key, exc)
            break
        earlier.append(ask[-2]["content"])
        completion_tokens += current.completion_tokens
        prompt_tokens += current.prompt_tokens
        latency += current.latency_s
    if not earlier:
        return answer
    return current.model_copy(
        update={
            "prompt_tokens": answer.prompt_tokens,
            "completion_tokens": completion_tokens,
            "latency_s": latency,
            "repairs": len(earlier),
            "earlier": earlier,
            "repair_prompt_tokens": prompt_tokens,
        }
    )


def _errors(verdict: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings a repair must fix: errors only (warnings do not reject an answer)."""
    return [f for f in verdict.get("findings", []) if f.get("severity") == "error"]
