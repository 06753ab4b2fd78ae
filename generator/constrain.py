"""Decoding under a grammar in transformers: a logits processor over llguidance.

At each step every row of the batch may only pick a token that keeps its text a prefix of what
the grammar accepts, and may only end (EOS) where the grammar does. The transformers teacher
uses it for `Structured` constraints; students decode records under it (`distill.constrain`).

Why llguidance rather than xgrammar. Both are maintained and both take the grammar (llguidance
the Lark form, xgrammar the regex form: it has no Lark reader). Measured on the student grammar
(mrk, lenient, `roles.STUDENT_TAGS`), SmolLM2's tokenizer, one CPU thread, batches of 4 over
records of ~300 tokens (`bench/catalogue.py --compare-backends`, 2026-11-29):

    backend      compile      mask + advance per row-token
    llguidance   0.05 s       0.12 ms
    xgrammar     7.1 s        0.37 ms (its contrib.hf processor; first request pays the compile)

llguidance computes the mask lazily from the lexer state, so a grammar of 20 fields with a
500-code alternation costs nothing to build; xgrammar precomputes per-state token masks, which
pays off on a GPU server with a fixed grammar but not for a per-request (span-copy) grammar on 2
cores. llguidance also copes with tokens that span two lexemes (SmolLM2's `.\\n`, `$a`).
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
def _ll_tokenizer(tokenizer: Any, eos: tuple[int, ...]) -> Any:
    """llguidance's view of a tokenizer (about a second to build, so built once per tokenizer)."""
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
        self.tokenizer = _ll_tokenizer(tokenizer, eos)
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
        if live:
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
    """Scores with every token whose bit is 0 set to -inf (tokens past the mask as well).

    Plain tensor ops: llguidance's own helper goes through `torch.compile`, which needs a C
    compiler and seconds of warm-up on a CPU.
    """
    shifts = torch.arange(32, dtype=torch.int32)
    bits = ((bitmask.unsqueeze(-1) >> shifts) & 1).reshape(bitmask.shape[0], -1).bool()
    vocab = scores.shape[-1]
    allowed = torch.zeros_like(scores, dtype=torch.bool)
    width = min(vocab, bits.shape[1])
    allowed[:, :width] = bits[:, :width]
    return scores.masked_fill(~allowed, float("-inf"))
