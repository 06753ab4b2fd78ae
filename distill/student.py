"""A student loaded once and asked many prompts: batched generation, samples and their log-prob.

`copiste catalogue`, the API's `/v1/catalogue` and `copiste eval` all generate through here, so
the figures of the evaluation measure the decoding users get. A decoding constraint (the schema's
grammar, `distill.constrain`) is one optional logits processor, made per batch because it keeps
per-row parser state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distill.export import BUNDLE_MANIFEST
from distill.modelio import device, inference_dtype, load_causal_lm, load_tokenizer, locate
from distill.prompting import DEFAULT_SYNTAX, DRAFT_BIAS, SYNTAXES

# Longest answer when neither the caller nor the model's generation config says.
DEFAULT_MAX_NEW_TOKENS = 1024
# A processor for one batch, or a list applied in order, given the prompts of its rows (each
# prompt once per sample, in the order generate returns them): per-row grammars (span copy) and
# the draft bias read their own prompt.
ConstraintFactory = Callable[[Sequence[list[dict[str, str]]]], Any]


@dataclass(frozen=True, slots=True)
class Sample:
    """One answer: its text and the mean log-probability of its tokens under the model
    (None when only one answer was asked for: nothing to break a tie with)."""

    text: str
    mean_logprob: float | None = None


def bundle_manifest(ref: str) -> dict[str, Any]:
    """What `copiste export` wrote of a bundle (its syntax, its draft bias); {} for a folder
    that is no bundle."""
    manifest = Path(ref) / BUNDLE_MANIFEST
    if not manifest.is_file():
        return {}
    return json.loads(manifest.read_text(encoding="utf-8"))


def bundle_syntax(ref: str) -> str | None:
    """The syntax a bundle's student was trained to write, when its export says so."""
    syntax = bundle_manifest(ref).get("syntax")
    return syntax if syntax in SYNTAXES else None


def bundle_draft_bias(ref: str) -> float:
    """The draft bias a bundle's student was evaluated with (chosen on validation by
    `bench/student.py`), else copiste's default: what was measured is what runs."""
    bias = bundle_manifest(ref).get("draft_bias")
    return float(bias) if isinstance(bias, int | float) and bias >= 0 else DRAFT_BIAS


class Student:
    """A causal LM and its tokenizer, ready to answer chat prompts in batches.

    `ref` is a bundle from `copiste export`, a trained folder (LoRA adapters are merged), or
    `smollm2`. Raises `distill.modelio.ModelError` with a one-line reason when it cannot load.
    """

    def __init__(self, ref: str) -> None:
        self.ref = locate(ref)
        self.syntax = bundle_syntax(self.ref) or DEFAULT_SYNTAX
        self.draft_bias = bundle_draft_bias(self.ref)
        self.tokenizer = load_tokenizer(ref)
        self.tokenizer.padding_side = "left"
        self.model = load_causal_lm(ref, dtype=inference_dtype()).to(device()).eval()
        # A bundle's generation config holds the answer length `copiste export` was given.
        self.max_new_tokens = self.model.generation_config.max_new_tokens or DEFAULT_MAX_NEW_TOKENS

    def generate(
        self,
        prompts: Sequence[list[dict[str, str]]],
        *,
        stop: Sequence[str] = (),
        samples: int = 1,
        max_new_tokens: int | None = None,
        batch_size: int = 4,
        temperature: float = 0.7,
        constraint: ConstraintFactory | None = None,
        seed: int | None = None,
        on_batch: Callable[[int], None] | None = None,
    ) -> list[list[Sample]]:
        """`samples` answers per prompt: greedy for one, sampled (`temperature`) for more;
        an answer ends at EOS, at one of the `stop` strings, or after `max_new_tokens` (by
        default the model's generation config's).

        Prompts of similar length go together (less padding; the same greedy answers whatever
        the batch size). `on_batch(k)` is called after each batch of k prompts.
        """
        import torch

        texts = [
            self.tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
            for p in prompts
        ]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        answers: list[list[Sample]] = [[] for _ in texts]
        if seed is not None:
            torch.manual_seed(seed)
        sampling = (
            {"do_sample": True, "temperature": temperature, "num_return_sequences": samples}
            if samples > 1
            else {"do_sample": False, "temperature": None, "top_p": None, "top_k": None}
        )
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            batch = self.tokenizer(
                [texts[i] for i in chunk],
                return_tensors="pt",
                padding=True,
                add_special_tokens=False,
            ).to(self.model.device)
            rows = [prompts[i] for i in chunk for _ in range(samples)]
            made = constraint(rows) if constraint else []
            processors = made if isinstance(made, list) else [made]
            with torch.inference_mode():
                output = self.model.generate(
                    **batch,
                    **sampling,
                    max_new_tokens=max_new_tokens or self.max_new_tokens,
                    pad_token_id=self.tokenizer.pad_token_id,
                    stop_strings=list(stop) or None,
                    tokenizer=self.tokenizer,
                    logits_processor=processors,
                )
            width = batch["input_ids"].shape[1]
            for row, sequence in enumerate(output):
                new = sequence[width:]
                text = self.tokenizer.decode(new, skip_special_tokens=True)
                mask = batch["attention_mask"][row // samples]
                logprob = self._mean_logprob(sequence, mask) if samples > 1 else None
                answers[chunk[row // samples]].append(Sample(text, logprob))
            if on_batch:
                on_batch(len(chunk))
        return answers

    def _mean_logprob(self, sequence: Any, prompt_mask: Any) -> float:
        """Mean log-probability of the answer's tokens (padding and end marks left out).

        Computed after generation by one forward pass keeping only the answer's logits:
        keeping every step's scores during generation holds a vocabulary-wide row per token.
        """
        import torch

        special = {self.tokenizer.pad_token_id, self.tokenizer.eos_token_id}
        width = prompt_mask.shape[0]
        prompt = sequence[:width][prompt_mask.bool()]  # without the left padding
        answer = sequence[width:]
        keep = torch.tensor([int(t) not in special for t in answer], dtype=torch.bool)
        if not keep.any():
            return float("-inf")
        ids = torch.cat([prompt, answer]).unsqueeze(0)
        with torch.inference_mode():
            logits = self.model(ids, logits_to_keep=len(answer) + 1).logits[0, :-1]
        logprobs = torch.log_softmax(logits.float(), dim=-1)
        chosen = logprobs.gather(1, answer.unsqueeze(1)).squeeze(1)
        return float(chosen[keep.to(chosen.device)].mean())
