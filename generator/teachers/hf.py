"""transformers as teacher: the embedded default (SmolLM2-135M-Instruct on CPU), or any local model.

Loaded models are cached per process, so the HTTP server's repeated few-shot calls do not reload
the weights. Concurrent requests with the same sampling parameters are generated as one
left-padded batch in a worker thread.
"""

from __future__ import annotations

import json
import threading
import time
from functools import lru_cache
from typing import Any

from generator.models import ModelUnavailable, resolve_model
from generator.teacher_spec import EMBEDDED_NAME, is_embedded
from generator.teachers.base import (
    Completion,
    TeacherUnavailable,
)
from generator.teachers.batching import BatchedTeacher, Batcher, BatchItem

DEFAULT_MAX_TOKENS = 512
_generate_lock = threading.Lock()


@lru_cache(maxsize=2)
def load_model(path: str, device: str) -> tuple[Any, Any]:
    """Tokenizer and model in eval mode; cached, the weights are shared by every teacher."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(path)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).to(device).eval()
    return tokenizer, model


class TransformersTeacher(BatchedTeacher):
    backend = "transformers"
    supports_structured = True  # through generator.constrain's logits processor
    supports_draft_bias = True  # generator.draft_bias, before the grammar's mask

    def __init__(
        self,
        model: str = "smollm2",
        *,
        device: str = "cpu",
        threads: int | None = None,
        max_batch: int = 8,
    ) -> None:
        self.model_name = EMBEDDED_NAME if is_embedded(model) else model
        self._spec = model
        self.device = device
        self.threads = threads
        self._path: str | None = None
        self._batcher = Batcher(self._run, max_batch=max_batch, group=_group)

    def describe(self) -> dict[str, Any]:
        return {"backend": self.backend, "model": self.model_name, "endpoint": None}

    async def start(self) -> None:
        import asyncio

        if self._path is not None:
            return
        try:
            path = resolve_model(self._spec)
        except ModelUnavailable as exc:
            raise TeacherUnavailable(str(exc)) from None
        from generator.models import configure_torch_threads

        configure_torch_threads(self.threads)
        try:
            await asyncio.to_thread(load_model, path, self.device)
        except (OSError, ValueError) as exc:
            raise TeacherUnavailable(f"cannot load the model {self._spec!r}: {exc}") from None
        self._path = path

    async def aclose(self) -> None:
        await self._batcher.close()

    def _run(self, jobs: list[BatchItem]) -> list[list[Completion]]:
        import torch

        assert self._path is not None
        tokenizer, model = load_model(self._path, self.device)
        params = jobs[0].params
        texts = [
            tokenizer.apply_chat_template(job.payload, add_generation_prompt=True, tokenize=False)
            if job.kind == "chat"
            else job.payload
            for job in jobs
        ]
        inputs = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
        inputs = inputs.to(self.device)
        sampling: dict[str, Any] = {"do_sample": params.temperature > 0}
        if params.temperature > 0:
            sampling.update(temperature=params.temperature, top_p=params.top_p)
        if params.stop:
            sampling.update(stop_strings=list(params.stop), tokenizer=tokenizer)
        processors = []
        if params.draft is not None:
            processors.append(_draft_bias(jobs, tokenizer, model))
        if params.structured is not None:
            from generator.constrain import GrammarLogitsProcessor, eos_ids, llguidance_grammar

            grammar = llguidance_grammar(params.structured)
            processors.append(
                GrammarLogitsProcessor(tokenizer, grammar, eos_token_id=eos_ids(tokenizer, model))
            )
        if processors:
            sampling["logits_processor"] = processors
        started = time.perf_counter()
        with _generate_lock, torch.inference_mode():
            if params.seed is not None:
                torch.manual_seed(params.seed)
            output = model.generate(
                **inputs,
                max_new_tokens=params.max_tokens or DEFAULT_MAX_TOKENS,
                num_return_sequences=params.n,
                pad_token_id=tokenizer.pad_token_id,
                stopping_criteria=_when_abandoned(jobs),
                **sampling,
            )
        latency = round(time.perf_counter() - started, 4)
        width = inputs["input_ids"].shape[1]
        prompt_lengths = inputs["attention_mask"].sum(dim=1).tolist()
        eos = _eos_ids(model, tokenizer)
        results = []
        for j, _job in enumerate(jobs):
            samples = []
            for k in range(params.n):
                new = output[j * params.n + k, width:].tolist()
                used, stopped = _trim(new, eos)
                text = tokenizer.decode(used, skip_special_tokens=True)
                text, hit = _cut_at_stop(text, params.stop)
                samples.append(
                    Completion(
                        text=text,
                        finish_reason="stop" if stopped or hit else "length",
                        prompt_tokens=int(prompt_lengths[j]),
                        completion_tokens=len(used) + (1 if stopped else 0),
                        latency_s=latency,
                    )
                )
            results.append(samples)
        return results


def _when_abandoned(jobs: list[BatchItem]) -> Any:
    """Stop generating once every caller of the batch has gone (its future cancelled: the run
    stopped, the HTTP client left), so abandoned work does not hold a core for minutes."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class Abandoned(StoppingCriteria):
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            gone = all(job.future is not None and job.future.cancelled() for job in jobs)
            rows = input_ids.shape[0]
            return torch.full((rows,), gone, dtype=torch.bool, device=input_ids.device)

    return StoppingCriteriaList([Abandoned()])


def _draft_bias(jobs: list[BatchItem], tokenizer: Any, model: Any) -> Any:
    """One `DraftBias` over the batch: each row leans on its own request's draft (a batch
    shares every other parameter, `_group`)."""
    from generator.constrain import eos_ids
    from generator.draft_bias import DraftBias

    hint = jobs[0].params.draft
    assert hint is not None
    drafts = [job.params.draft.lines for job in jobs for _ in range(job.params.n)]  # type: ignore[union-attr]
    return DraftBias(tokenizer, drafts, hint.bias, eos_ids(tokenizer, model), after=hint.after)


def _group(job: BatchItem) -> str:
    """Requests batch together when they sample alike; their drafts may differ."""
    return json.dumps(job.params.canonical(), sort_keys=True)


def _eos_ids(model: Any, tokenizer: Any) -> set[int]:
    """The tokens an answer is cut at: the generation config's end tokens and the tokenizer's.

    Not `generator.constrain.eos_ids`, which gives the config's alone (the tokenizer's only when
    the config has none): those are what `generate` stops on, so what a grammar may allow at
    the end. Cutting wants the union: when a model's config lists other end tokens than its
    tokenizer's, an answer that writes the tokenizer's has ended there (finish_reason "stop"),
    and what generation added after it is no part of the answer.
    """
    configured = model.generation_config.eos_token_id
    ids = set(configured if isinstance(configured, list) else [configured])
    ids.add(tokenizer.eos_token_id)
    return {i for i in ids if i is not None}


def _trim(tokens: list[int], eos: set[int]) -> tuple[list[int], bool]:
    """Tokens before the first end-of-sequence (padding follows it), and whether it came."""
    for index, token in enumerate(tokens):
        if token in eos:
            return tokens[:index], True
    return tokens, False


def _cut_at_stop(text: str, stop: list[str] | None) -> tuple[str, bool]:
    """OpenAI servers leave the stop string out of the text; transformers keeps it."""
    cuts = [text.find(s) for s in stop or [] if s and s in text]
    return (text[: min(cuts)], True) if cuts else (text, False)
