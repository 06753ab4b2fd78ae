"""Decoding that leans on the rules' draft: a logit bonus for writing its lines as they are.

A student reads the rules' draft in its prompt (`distill.prompting`) and is trained to correct
and complete it, but a student that afforded a few hundred examples on 2 cores still miscopies
and drops draft lines that were right: in the demo it scored descriptive F1 0.30 where the draft
alone scored 0.53. This processor adds `bias` to the logits of the tokens that continue the next
draft line not yet written, so that where the student has no strong view of its own it keeps the
draft's line, and where it has one (a field the draft lacks, a value it corrects) it still writes
its own: a prior, not a constraint. Lines the record has passed (fields come in tag order, the
grammar holds it) are no longer proposed; once all are behind, the end of the record is (the
demo's student went on with `=225` lines of 100$a's digits after the draft's last line).

Used under the grammar, whose mask applies after it: by a student (`distill.catalogue`) and by
the local transformers teacher when a run asks for it (`RunConfig.draft_bias`: the demo's 135M
teacher, shown the draft in its prompt, still copied the worked example's author into 200$a).
It lives in the generator for the teacher; distill imports it from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import torch
from transformers import LogitsProcessor


@cache
def _token_texts(tokenizer: Any) -> dict[str, list[tuple[int, str]]]:
    """Each token's text, grouped by its first character (what a continuation is matched on)."""
    by_first: dict[str, list[tuple[int, str]]] = {}
    for token_id in range(len(tokenizer)):
        text = tokenizer.decode([token_id])
        if text:
            by_first.setdefault(text[0], []).append((token_id, text))
    return by_first


# What `next_draft_text` proposes once the draft is written: the end of the record.
END = ""


def _tag(line: str) -> str:
    """A line's tag, the leader's as 000 so that it sorts first, as it comes."""
    return "000" if line.startswith("=LDR") else line[1:4]


def _first_value(line: str) -> str:
    return line.split("$", 2)[1][1:] if "$" in line else line[6:]


def next_draft_text(draft: Sequence[str], written: str) -> str | None:
    """What the draft proposes after `written` (the answer so far): the rest of the first draft
    line that the current line is a prefix of and that is still ahead, with its line break;
    `END` at a line's start once every draft line is behind; None when the draft has nothing to
    say here."""
    *done, current = written.split("\n")
    last_tag = _tag(done[-1]) if done and done[-1].startswith("=") else ""
    same_tag = [line for line in done if _tag(line) == last_tag]
    # The field being written: passed once it has as many lines as the draft gives it, and any
    # of its draft lines whose first value the student already wrote its own way.
    field_full = len(same_tag) >= sum(_tag(d) == last_tag for d in draft)
    written_values = {_first_value(w) for w in same_tag}
    for line in draft:
        tag = _tag(line)
        if tag < last_tag or line in done:
            continue
        if tag == last_tag and (field_full or _first_value(line) in written_values):
            continue
        if line.startswith(current):
            return line[len(current) :] + "\n"
    return END if draft and not current and done else None


class DraftBias(LogitsProcessor):
    """Adds `bias` to the tokens that continue each row's draft (`drafts[row]`: its lines).

    The answer so far is what the row holds past the prompt's width at the first call; with
    `after`, only what follows that text in it (a record after a reasoning block), and nothing
    is biased before it appears.
    """

    def __init__(
        self,
        tokenizer: Any,
        drafts: Sequence[Sequence[str]],
        bias: float,
        eos: Sequence[int],
        *,
        after: str = "",
    ) -> None:
        self.tokenizer = tokenizer
        self.eos = list(eos)
        self.drafts = [list(d) for d in drafts]
        self.bias = bias
        self.after = after
        self.width: int | None = None
        self.tokens = _token_texts(tokenizer)

    def _record_so_far(self, written: str) -> str | None:
        if not self.after:
            return written
        start = written.find(self.after)
        return None if start < 0 else written[start + len(self.after) :].lstrip("\n")

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if self.width is None:
            self.width = input_ids.shape[1]
        for row, draft in enumerate(self.drafts):
            answer = self.tokenizer.decode(input_ids[row, self.width :], skip_special_tokens=True)
            written = self._record_so_far(answer)
            proposed = None if written is None else next_draft_text(draft, written)
            if proposed is None:
                continue
            if proposed == END:  # where the grammar lets the record end (its mask follows)
                scores[row, self.eos] += self.bias
                continue
            ids = [i for i, text in self.tokens.get(proposed[0], ()) if proposed.startswith(text)]
            scores[row, ids] += self.bias
        return scores
