"""Decoding under a grammar in transformers: a logits processor over llguidance.

At each step every row of the batch may only pick a token that keeps its text a prefix of what
the grammar accepts, and may only end (EOS) where the grammar does. The transformers teacher
uses it for `Structured` constraints; students decode records under it (`distill.constrain`).

Why llguidance rather than xgrammar. Both are maintained and both take the record grammar
(llguidance its Lark form, xgrammar its regex form: it reads no Lark). Measured with
`bench/catalogue.py --compare-backends --records 4 --max-new-tokens 96 --threads 1` (SmolLM2-135M,
the student grammar: mrk, strict rules, `roles.STUDENT_TAGS`; batch of 4, greedy; on the shared
2-core machine under a load of ~8, 2026-11-29):

    backend      compile     processor time per row-token
    llguidance   0.11 s      0.86 ms   (mask + this module's numpy bitmask application)
    xgrammar     7.98 s      0.80 ms   (its contrib.hf.LogitsProcessor and C++ kernel)

Per token they are level, and small beside the model: under llguidance the processor took
0.9 % of generate's time (wall +4.2 % against plain generate, within this machine's noise).
Compiling is not level: xgrammar precomputes token masks per grammar state, 8 s for every new
grammar, which a server with one fixed grammar amortises but a span-copy grammar (one per
description) or a `copiste catalogue` start on 2 cores cannot; llguidance builds its lexer
lazily. So: llguidance.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import torch
from transformers import LogitsProcessor

from generator.teachers.base import Structured


def llguidance_grammar(structured: Structured) -> str:
    """A teacher's constraint as a grammar llguidance compiles (Lark is taken as it is)."""
    import llguidance

    if structured.grammar is not None:
        return structured.grammar
    if structured.json_schema is not None:
        return llguidance.LLMatcher.grammar_from_json_schema(structured.json_schema)
    if structured.regex is not None:
        return llguidance.LLMatcher.grammar_from_regex(structured.regex)
    options = "|".join(re.escape(option) for option in structured.choice or [])
    return llguidance.LLMatcher.grammar_from_regex(f"(?:{options})")


@cache
def llguidance_tokenizer(tokenizer: Any, eos: tuple[int, ...]) -> Any:
    """llguidance's view of a tokenizer (about a second to build, so built once per tokenizer):
    what its matchers take, here and wherever a grammar is checked token by token."""
    import llguidance.hf

    return llguidance.hf.from_tokenizer(tokenizer, eos_token=list(eos))


def eos_ids(tokenizer: Any, model: Any = None) -> tuple[int, ...]:
    """The tokens that end generation: the model's generation config's, else the tokenizer's."""
    found = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    if found is None:
        found = tokenizer.eos_token_id
    return tuple(found) if isinstance(found, Sequence) else (int(found),)


class GrammarLogitsProcessor(LogitsProcessor):
    """Masks every token that would leave `grammar` (Lark, as `record_grammar` gives it).

    Usable as `model.generate(..., logits_processor=[GrammarLogitsProcessor(tok, grammar)])`,
    greedy or sampled, batched (one matcher per row: `batch_size` rows, or as many as the first
    call brings when None). A list of grammars gives each prompt of the batch its own (span-copy
    decoding), its `num_return_sequences` rows sharing it. One instance serves one `generate`
    call, like any stateful processor.
    `eos_token_id`: the ids `generate` stops on (`eos_ids(tokenizer, model)`), allowed only
    where the grammar accepts.
    """

    def __init__(
        self,
        tokenizer: Any,
        grammar: str | Sequence[str],
        batch_size: int | None = None,
        *,
        eos_token_id: int | Sequence[int] | None = None,
    ) -> None:
        import llguidance

        eos = eos_ids(tokenizer) if eos_token_id is None else eos_token_id
        eos = (eos,) if isinstance(eos, int) else tuple(eos)
        self.tokenizer = llguidance_tokenizer(tokenizer, eos)
        # Compiled once; each row gets a copy of its prompt's matcher in its start state.
        grammars = [grammar] if isinstance(grammar, str) else list(grammar)
        self.templates = [llguidance.LLMatcher(self.tokenizer, g, log_level=0) for g in grammars]
        for template in self.templates:
            if template.is_error():
                error = template.get_error().splitlines()[0]
                raise ValueError(f"the grammar does not compile: {error}")
        self.eos = frozenset(eos)
        self.batch_size = batch_size
        self.matchers: list[Any] = []
        self.ended: list[bool] = []
        self.bitmask: torch.Tensor | None = None
        self.started = False

    def _start(self, rows: int) -> None:
        if self.batch_size is not None and rows != self.batch_size:
            raise ValueError(f"expected a batch of {self.batch_size} rows, got {rows}")
        if rows % len(self.templates):
            raise ValueError(f"{len(self.templates)} grammars for a batch of {rows} rows")
        per_prompt = rows // len(self.templates)
        self.matchers = [self.templates[r // per_prompt].deep_copy() for r in range(rows)]
        self.ended = [False] * rows
        # llguidance.torch has helpers for this, but importing it starts torch.compile (seconds).
        self.bitmask = torch.full(
            (rows, (self.tokenizer.vocab_size + 31) // 32), -1, dtype=torch.int32
        )

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if not self.started:
            self._start(input_ids.shape[0])
            self.started = True
        else:
            for i, token in enumerate(input_ids[:, -1].tolist()):
                if self.ended[i]:
                    continue
                if token in self.eos:  # the row is done; generate pads it from now on
                    self.ended[i] = True
                elif not self.matchers[i].consume_token(token):
                    error = self.matchers[i].get_error()
                    raise RuntimeError(f"token {token} left the grammar: {error}")
        live = [i for i in range(len(self.matchers)) if not self.ended[i]]
        row_bytes = self.bitmask.shape[1] * 4
        for i in live:
            if self.matchers[i].is_stopped():
                # Nothing can follow what was written: only EOS (llguidance stops the matcher).
                self.bitmask[i] = _only(self.eos, self.bitmask.shape[1])
            else:
                self.matchers[i].unsafe_compute_mask_ptr(self.bitmask[i].data_ptr(), row_bytes)
        if len(live) == len(self.matchers):
            apply_bitmask(scores, self.bitmask)
        elif live:
            # Rows already finished keep their scores: generate pads them whatever is chosen.
            scores[live] = apply_bitmask(scores[live], self.bitmask[live])
        return scores


def _only(tokens: frozenset[int], words: int) -> torch.Tensor:
    """A bitmask row allowing `tokens` alone."""
    values = [0] * words
    for token in tokens:
        if token < words * 32:
            values[token // 32] |= 1 << (token % 32)
    # int32 words: bit 31 is the sign bit
    return torch.tensor([v - (1 << 32) if v >= 1 << 31 else v for v in values], dtype=torch.int32)


def apply_bitmask(scores: torch.Tensor, bitmask: torch.Tensor) -> torch.Tensor:
    """`scores` with every token whose bit is 0 set to -inf (tokens past the mask as well), in
    place.

    numpy unpacks the bits (little-endian words: token t is bit t % 32 of word t // 32);
    llguidance's own helper goes through `torch.compile`, which needs a C compiler and seconds
    of warm-up on a CPU.
    """
    import numpy as np

    bits = np.unpackbits(bitmask.numpy().view(np.uint8), axis=1, bitorder="little")
    width = min(scores.shape[-1], bits.shape[1])
    refused = torch.ones(scores.shape, dtype=torch.bool)
    refused[:, :width] = torch.from_numpy(bits[:, :width] == 0)
    # The mask is built on the CPU (llguidance writes it there); scores may live on a GPU.
    return scores.masked_fill_(refused.to(scores.device), float("-inf"))
