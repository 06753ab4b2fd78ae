"""The one interface every teacher backend speaks: async chat and completion requests.

A run sends thousands of requests concurrently, so the interface is async even for the local
backends (they batch what is queued and run the model in a worker thread). Everything a backend
needs to know about a request travels in `SamplingParams`, so the same request hashes to the same
cache key whichever backend serves it.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from validators.errors import CopisteError

Message = dict[str, str]


class TeacherError(CopisteError, RuntimeError):
    """A teacher could not answer; the message is meant for the user, as one line."""

    http_status = 502
    code = "teacher_failed"


class TeacherUnavailable(TeacherError):
    """The teacher cannot be used at all (server unreachable, backend not installed)."""


class RequestRejected(TeacherError):
    """The teacher refused this one request (HTTP 4xx other than 429): retrying will not help."""


class Structured(BaseModel):
    """A constraint on the output: exactly one of a JSON schema, a regular expression, a choice,
    a grammar (Lark, llguidance's dialect: what `validators.grammar.record_grammar` gives).

    Sent to vLLM as `response_format` (json_schema) or `structured_outputs` (regex, choice,
    grammar), never as the `guided_*` fields that vLLM 0.12+ silently ignores.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    json_schema: dict[str, Any] | None = None
    regex: str | None = None
    choice: list[str] | None = None
    grammar: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Structured:
        values = (self.json_schema, self.regex, self.choice, self.grammar)
        given = [v for v in values if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of json_schema, regex, choice or grammar")
        if self.choice is not None and not self.choice:
            raise ValueError("choice needs at least one option")
        return self

    def structured_outputs(self) -> dict[str, Any]:
        """vLLM's `structured_outputs` fields for this constraint (a JSON schema as text, as
        `StructuredOutputsParams.json` takes it in a request)."""
        if self.json_schema is not None:
            return {"json": json.dumps(self.json_schema)}
        if self.regex is not None:
            return {"regex": self.regex}
        if self.grammar is not None:
            return {"grammar": self.grammar}
        return {"choice": list(self.choice or [])}

    @property
    def kind(self) -> Literal["json_schema", "regex", "choice", "grammar"]:
        if self.json_schema is not None:
            return "json_schema"
        if self.grammar is not None:
            return "grammar"
        return "regex" if self.regex is not None else "choice"


class DraftHint(BaseModel):
    """Lines a local teacher's decoding leans toward (`generator.draft_bias`): the rules' draft of
    the request's description, with a logit bonus of `bias`, from the point where the answer
    holds `after` (`</think>`: the record after a reasoning block) or from its start."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lines: tuple[str, ...]
    bias: float = Field(gt=0.0, le=100.0)
    after: str = ""


class SamplingParams(BaseModel):
    """How to sample. `max_tokens=None` lets the method choose a length suited to its output."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    temperature: float = Field(0.7, ge=0.0, le=5.0)
    top_p: float = Field(0.95, gt=0.0, le=1.0)
    max_tokens: int | None = Field(None, ge=1, le=1_000_000)
    n: int = Field(1, ge=1, le=64, description="samples per request")
    seed: int | None = None
    stop: list[str] | None = None
    structured: Structured | None = None
    # Set per request by the plan (`RunConfig.draft_bias`); local backends only.
    draft: DraftHint | None = None

    @model_validator(mode="after")
    def _samples_need_randomness(self) -> SamplingParams:
        if self.n > 1 and self.temperature == 0:
            raise ValueError("several samples per request (n > 1) need temperature > 0")
        return self

    def canonical(self) -> dict[str, Any]:
        """The JSON form that goes into cache keys and provenance (stable key order).

        A grammar (19-100 KB) is replaced by `grammar_sha256`, its hash: every key and every
        example's provenance would otherwise carry it whole. Equal grammars keep equal keys.
        A draft is kept as its bias and start, without its lines: they follow from the seed,
        already in the key. Absent when unset, so runs without one keep their keys.
        """
        form = json.loads(self.model_dump_json())
        grammar = self.structured.grammar if self.structured is not None else None
        if grammar is not None:
            form["structured"] = {"grammar_sha256": hashlib.sha256(grammar.encode()).hexdigest()}
        if self.draft is None:
            del form["draft"]
        else:
            del form["draft"]["lines"]
        return form


class Completion(BaseModel):
    """One sample. `reasoning` holds what the server split off (vLLM's reasoning parser).

    After repair rounds (`generator.repair`) it is the last answer: `earlier` holds the answers
    it replaced, `completion_tokens` and `latency_s` count every attempt (what the answer cost),
    `prompt_tokens` the first prompt and `repair_prompt_tokens` the repair rounds' prompts.
    """

    text: str
    reasoning: str | None = None
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    repairs: int = 0
    earlier: list[str] = Field(default_factory=list)
    repair_prompt_tokens: int = 0


class Teacher(ABC):
    """A model that writes. Backends: openai-http, vllm (in-process), transformers."""

    backend: str = "?"
    supports_structured: bool = False
    supports_draft_bias: bool = False  # `SamplingParams.draft`: only where logits are ours

    async def start(self) -> None:  # noqa: B027 (optional hook)
        """Connect or load; called once before the first request. Raises `TeacherUnavailable`."""

    @abstractmethod
    async def chat(
        self, messages: list[Message], params: SamplingParams, *, request_id: str | None = None
    ) -> list[Completion]:
        """`params.n` samples answering a chat conversation.

        `request_id` (the run's cache key) is passed to the server for tracing where it can be.
        """

    @abstractmethod
    async def complete(
        self, prompt: str, params: SamplingParams, *, request_id: str | None = None
    ) -> list[Completion]:
        """`params.n` samples continuing a raw text prompt (no chat template)."""

    @abstractmethod
    def describe(self) -> dict[str, Any]:
        """backend, model, endpoint: the teacher part of every example's provenance."""

    def identity(self) -> dict[str, str]:
        """What makes two teachers interchangeable for the cache: backend and model, not where
        it runs (a server restarted on another port still answers the same)."""
        described = self.describe()
        return {"backend": described["backend"], "model": str(described["model"])}

    def replica_counts(self) -> dict[str, dict[str, int]]:
        """Requests by server and outcome, for a teacher spread over several servers (a fleet);
        empty for one."""
        return {}

    async def aclose(self) -> None:  # noqa: B027 (optional hook)
        """Release connections, threads and models."""

    async def __aenter__(self) -> Teacher:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
