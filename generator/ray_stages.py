"""The stages of a Ray Data generation run, as they run on Ray's workers.

`generator.engine_ray` chains them: prompts (`render`) -> the teacher (`Ask`, or Ray Data LLM's
vLLM engine processor fed by `vllm_inputs` / `vllm_outputs`) -> judging (`judged`). Each stage
rebuilds what it needs from the run's configuration, sent as JSON and read once per worker
process (`context`), and calls the code the local engine calls: the template, the teacher, the
repair rounds and `generator.judge`. So a request, its answer and its examples are the same,
byte for byte, whichever engine ran them.

Rows hold strings, integers and booleans only: Arrow, which holds Ray Data's blocks, unifies
the keys of nested dicts across rows (a JSON schema's `anyOf` branches gain `"maxLength": null`,
a finding gains the keys other findings have), which would change the requests sent and the
verdicts kept. Seeds, messages, completions and examples therefore travel as JSON text.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyarrow as pa

from generator.contract import RunConfig
from generator.judge import judge
from generator.methods import Method, get_method
from generator.plan import PlannedRequest
from generator.prompts import Template, load_template
from generator.repair import repair
from generator.seeds import Seed
from generator.store import now
from generator.teachers import (
    Completion,
    SamplingParams,
    Teacher,
    TeacherError,
    TeacherUnavailable,
    make_teacher,
)

# The columns every row has from the start, so that all blocks share one schema.
EMPTY = {
    "request": "",
    "completions": "",
    "teacher": "",
    "created_at": "",
    "examples": "",
    "error": "",
    "unavailable": False,
}


@dataclass(slots=True)
class Worker:
    """What judging and repair rounds read of a session, rebuilt on a worker."""

    config: RunConfig
    method: Method
    template: Template
    version: str
    repair_template: Template | None
    teacher: Teacher | None = None


@cache
def context(config: str) -> Worker:
    """The run's method, templates and validator version, once per worker process."""
    from generator.checks import validator_version

    run = RunConfig.model_validate_json(config)
    return Worker(
        config=run,
        method=get_method(run.task, run.method),
        template=load_template(run.task, run.method, run.lang, syntax=run.syntax),
        version=validator_version(run.rules),
        repair_template=load_template(run.task, "repair", run.lang) if run.repair else None,
    )


def to_row(request: PlannedRequest) -> dict[str, Any]:
    return {
        "key": request.key,
        "seed": request.seed.model_dump_json(),
        "round": request.round,
        "params": request.params.model_dump_json(),
        **EMPTY,
    }


def planned(row: dict[str, Any]) -> PlannedRequest:
    return PlannedRequest(
        key=row["key"],
        seed=Seed.model_validate_json(row["seed"]),
        round=int(row["round"]),
        params=SamplingParams.model_validate_json(row["params"]),
    )


def render(row: dict[str, Any], *, config: str) -> dict[str, Any]:
    """The messages of a request; a template that cannot render this seed fails this row
    only, as in the local engine."""
    worker = context(config)
    request = planned(row)
    try:
        messages = worker.template.render(
            **worker.method.variables(request.seed, worker.config.lang)
        )
    except Exception as exc:
        return {**row, "error": f"cannot render {worker.template.name}: {exc}"}
    return {**row, "request": _dumps(messages)}


class Ask:
    """An actor that sends its batches' requests to an OpenAI-compatible teacher.

    Ray Data LLM's HTTP request processor was not used for this: its payloads cross Arrow (see
    the module's docstring), it sends a batch's requests one after another, ends the whole
    dataset when one request runs out of retries, and sends no per-request header. copiste's own
    teacher sends a batch's requests together (at most `concurrency` in flight per actor), with
    its retries, `Retry-After`, the `X-Copiste-Request` header and its repair rounds, and a
    request that fails fails its row only.
    """

    def __init__(self, config: str, model: str, concurrency: int) -> None:
        worker = context(config)
        run = worker.config
        teacher = make_teacher(
            run.teacher,
            model=model,
            concurrency=concurrency,
            timeout=run.timeout,
            max_retries=run.max_retries,
        )
        self.worker = Worker(
            run, worker.method, worker.template, worker.version, worker.repair_template, teacher
        )

    async def __call__(self, batch: pa.Table) -> dict[str, list[Any]]:
        rows = batch.to_pylist()
        answered = await asyncio.gather(*(self._one(row) for row in rows))
        return {name: [row[name] for row in answered] for name in answered[0]}

    async def _one(self, row: dict[str, Any]) -> dict[str, Any]:
        if row["error"]:
            return row
        teacher, request = self.worker.teacher, planned(row)
        assert teacher is not None
        messages = json.loads(row["request"])
        try:
            completions = await teacher.chat(messages, request.params, request_id=request.key)
            completions = await repair(self.worker, request, messages, completions)
        except TeacherError as exc:
            unavailable = isinstance(exc, TeacherUnavailable)
            return {**row, "error": str(exc) or type(exc).__name__, "unavailable": unavailable}
        return {
            **row,
            "completions": _dumps([c.model_dump() for c in completions]),
            "teacher": _dumps(teacher.describe()),
            "created_at": now(),
        }


def judged(row: dict[str, Any], *, config: str) -> dict[str, Any]:
    """The examples of an answered row, judged by copiste's checkers."""
    if row["error"]:
        return row
    worker = context(config)
    completions = [Completion(**c) for c in json.loads(row["completions"])]
    examples = judge(
        worker, planned(row), completions, json.loads(row["teacher"]), row["created_at"]
    )
    return {**row, "examples": _dumps(examples)}


def vllm_inputs(row: dict[str, Any]) -> dict[str, Any]:
    """What Ray Data LLM's vLLM engine processor reads of a row: the chat messages and vLLM's
    sampling parameters. A JSON schema goes as text (vLLM's `StructuredOutputsParams.json`
    takes either), so that Arrow leaves it as written."""
    params = SamplingParams.model_validate_json(row["params"])
    sampling: dict[str, Any] = {
        "n": params.n,
        "temperature": params.temperature,
        "top_p": params.top_p,
        "max_tokens": params.max_tokens,
        "seed": params.seed,
        "stop": list(params.stop) if params.stop else None,
    }
    if params.structured is not None:
        sampling["structured_outputs"] = params.structured.structured_outputs()
    return {"messages": json.loads(row["request"]), "sampling_params": sampling}


def vllm_outputs(row: dict[str, Any], *, teacher: str) -> dict[str, Any]:
    """The row back in copiste's columns, with the engine's answer as one completion (the
    processor keeps one output per request and no finish reason)."""
    completion = Completion(
        text=row.get("generated_text") or "",
        prompt_tokens=int(row.get("num_input_tokens") or 0),
        completion_tokens=int(row.get("num_generated_tokens") or 0),
    )
    kept = {name: row[name] for name in ("key", "seed", "round", "params", *EMPTY)}
    return {
        **kept,
        "completions": _dumps([completion.model_dump()]),
        "teacher": teacher,
        "created_at": now(),
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
