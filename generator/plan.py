"""Planning: which requests a run makes, in which order, under which content keys.

A request is a seed, a round and sampling parameters. The plan goes round the usable seeds (round
0 over every seed, then round 1...) until it holds `ceil(n / samples per request)` requests; a
rule-based teacher writes one description per record, so its plan stops after one round. Seeds
are read as the plan is walked, never all at once. A seed with the same id and content as an
earlier one would make the same request twice: it is skipped and counted as a duplicate.

Every request has a content key (template hash, seed, round, teacher, sampling parameters): the
store finds finished work by it, so a rerun resumes and an identical request is never sent twice.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.contract import RunConfig
from generator.methods import Method
from generator.prompts import Template
from generator.seeds import Seed, SeedError, SeedStream
from generator.teachers.base import DraftHint, SamplingParams


@dataclass(frozen=True, slots=True)
class PlannedRequest:
    """One request of the plan: what is sent (or rendered by rules) and the key it is kept by."""

    key: str
    seed: Seed
    round: int
    params: SamplingParams


def request_params(config: RunConfig, method: Method, *, structured: bool, rules: bool):
    """The sampling parameters every request starts from: the method's length and output
    constraint where the user gave none; greedy single samples for the rule-based teacher."""
    base = config.sampling
    updates: dict[str, Any] = {}
    if base.max_tokens is None:
        updates["max_tokens"] = method.max_tokens
    constraint = method.structured(config.syntax, config.rules) if config.constrain else None
    if base.structured is None and structured and constraint is not None:
        updates["structured"] = constraint
    if rules:
        updates.update(n=1, temperature=0.0, seed=None)
    return base.model_copy(update=updates)


class Plan:
    """The requests of a run, produced lazily (iterate it once per session)."""

    def __init__(
        self,
        config: RunConfig,
        method: Method,
        template: Template,
        teacher_identity: dict[str, str],
        seeds: SeedStream,
        params: SamplingParams,
        *,
        rules: bool,
        repair: Template | None = None,
    ) -> None:
        self.config, self.method, self.template = config, method, template
        self.repair = repair
        self.teacher_identity = teacher_identity
        self.seeds, self.params, self.rules = seeds, params, rules
        self.requests = math.ceil(config.n / params.n)
        self.duplicates = 0
        self.usable = 0  # usable, distinct seeds met in the first round
        self.planned = 0
        self.complete = False

    def __iter__(self) -> Iterator[PlannedRequest]:
        round_ = 0
        while self.planned < self.requests:
            made = yield from self._round(round_)
            if made == 0 or self.rules:
                break
            round_ += 1
        self.complete = True

    def _round(self, round_: int) -> Iterator[PlannedRequest]:
        seen: set[tuple[str, str]] = set()
        read = made = 0
        for seed in self.seeds:
            read += 1
            if not self.method.usable(seed):
                continue
            identity = (seed.id, seed.content_hash)
            if identity in seen:
                self.duplicates += round_ == 0
                continue
            seen.add(identity)
            if self.planned >= self.requests:
                break
            if round_ == 0:
                self.usable += 1
            params = self._with_draft(seed, self.params)
            if params.seed is not None:
                params = params.model_copy(update={"seed": params.seed + round_})
            made += 1
            self.planned += 1
            yield PlannedRequest(self.key(seed, round_, params), seed, round_, params)
        if round_ == 0 and made == 0:
            raise SeedError(
                f"none of the {read} seeds suits {self.config.task} {self.config.method}, "
                f"which needs {self.method.needs}"
            )
        return made

    def _with_draft(self, seed: Seed, params: SamplingParams) -> SamplingParams:
        """`params` with the seed's rules' draft when the run leans on one and rules can
        draft this seed's answer."""
        bias = self.config.draft_bias
        lines = self.method.draft(seed, self.config.lang, self.config.syntax) if bias else None
        if not lines or self.rules:
            return params
        hint = DraftHint(lines=tuple(lines), bias=bias, after=self.method.draft_after)
        return params.model_copy(update={"draft": hint})

    def key(self, seed: Seed, round_: int, params: SamplingParams) -> str:
        content = {
            "template": self.template.name,
            "template_hash": self.template.hash,
            "seed_id": seed.id,
            "seed_hash": seed.content_hash,
            "round": round_,
            "teacher": self.teacher_identity,
            "sampling": params.canonical(),
        }
        if self.repair is not None:  # absent otherwise: runs without repairs keep their keys
            content["repair"] = {
                "rounds": self.config.repair,
                "template_hash": self.repair.hash,
            }
        return digest(json.dumps(content, sort_keys=True, ensure_ascii=False))

    def shortfall(self) -> str | None:
        """A note when the seeds allow fewer requests than asked (only the rule-based teacher,
        which cannot sample a record twice, ends its plan early)."""
        if not self.complete or self.planned >= self.requests:
            return None
        return (
            f"{self.config.teacher} writes one description per record: {self.planned} usable "
            f"distinct records give {self.planned} examples, not the {self.config.n} asked; "
            "give more records, or a model teacher to sample each record several times"
        )


def first_usable_seed(seeds: SeedStream, method: Method, config: RunConfig) -> Seed:
    """The first seed `method` can use, read no further; `SeedError` (one line) when none
    suits. The HTTP server checks seeds this way before it queues a job."""
    read = 0
    for seed in seeds:
        read += 1
        if method.usable(seed):
            return seed
    raise SeedError(
        f"none of the {read} seeds suits {config.task} {config.method}, which needs {method.needs}"
    )


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]
