"""An OpenAI-compatible server as teacher: `vllm serve`, the production path.

A batch run keeps `concurrency` requests in flight so vLLM's continuous batching stays full.
Overload (429), server errors (5xx), timeouts and dropped connections are retried with
exponential backoff and jitter, honouring `Retry-After`; other 4xx are the request's fault and
are not retried. Structured outputs use `response_format` (JSON schema) and vLLM's
`structured_outputs` (regex, choice, grammar): vLLM 0.12+ ignores the old `guided_*` fields
silently.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from typing import Any

import httpx

from generator.teacher_spec import TeacherSpec
from generator.teachers.base import (
    Completion,
    Message,
    RequestRejected,
    SamplingParams,
    Teacher,
    TeacherError,
    TeacherUnavailable,
)

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
REQUEST_HEADER = "X-Copiste-Request"


class ModelNotServed(TeacherUnavailable):
    """The server answers but does not serve the model asked for: the caller's mistake."""


class Overloaded(TeacherError):
    """The server was up but turned the request away (429, 503) until the retries ran out: a
    fleet sends it to another replica without taking this one out."""


def normalise_base_url(url: str) -> str:
    """`http://host:port`, `.../v1` or `.../v1/` all mean the same OpenAI base URL."""
    url = url.rstrip("/")
    return url if url.endswith("/v1") else url + "/v1"


def sampling_body(params: SamplingParams) -> dict[str, Any]:
    """The OpenAI request fields for `params` (vLLM's extensions included)."""
    body: dict[str, Any] = {"temperature": params.temperature, "top_p": params.top_p, "n": params.n}
    if params.max_tokens is not None:
        body["max_tokens"] = params.max_tokens
    if params.seed is not None:
        body["seed"] = params.seed
    if params.stop:
        body["stop"] = list(params.stop)
    structured = params.structured
    if structured is not None:
        if structured.json_schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "copiste", "schema": structured.json_schema},
            }
        else:  # OpenAI's own field for a schema; vLLM's for the others
            body["structured_outputs"] = structured.structured_outputs()
    return body


def _server_message(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text.strip()[:300]
    error = data.get("error", data) if isinstance(data, dict) else data
    if isinstance(error, dict):
        return str(error.get("message") or error.get("detail") or error)[:300]
    return str(error)[:300]


def _served(response: httpx.Response) -> list[str]:
    """The model ids of a `/models` answer (an answer of another shape serves none)."""
    try:
        data = response.json().get("data", [])
        return [str(m["id"]) for m in data if isinstance(m, dict) and m.get("id")]
    except (ValueError, AttributeError, TypeError):
        return []


def _choose_model(base_url: str, model: str | None, served: list[str]) -> str:
    if model is None:
        if not served:
            raise TeacherUnavailable(f"the teacher at {base_url} serves no model")
        return served[0]
    if served and model not in served:
        raise ModelNotServed(
            f"the teacher at {base_url} does not serve {model!r} (it serves {', '.join(served)})"
        )
    return model


def check_served_model(spec: TeacherSpec, model: str, timeout: float = 5.0) -> None:
    """Raise `ModelNotServed` when a server of `spec` (each replica of a fleet) answers without
    `model`; a server that cannot be asked passes (the run reports it). For callers that check a
    request before queueing it, outside any event loop."""
    for endpoint in spec.endpoints:
        base_url = normalise_base_url(endpoint)
        try:
            response = httpx.get(f"{base_url}/models", timeout=timeout)
        except (httpx.HTTPError, httpx.InvalidURL):
            continue
        if response.status_code == 200:
            _choose_model(base_url, model, _served(response))


class OpenAITeacher(Teacher):
    backend = "openai-http"
    supports_structured = True

    def __init__(
        self,
        url: str,
        *,
        model: str | None = None,
        api_key: str | None = None,
        concurrency: int = 64,
        timeout: float = 600.0,
        connect_timeout: float = 10.0,
        max_retries: int = 6,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
    ) -> None:
        self.base_url = normalise_base_url(url)
        self.model = model
        self.api_key = api_key
        self.concurrency = max(1, concurrency)
        self.timeout = httpx.Timeout(timeout, connect=connect_timeout)
        self.max_retries = max(0, max_retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._client: httpx.AsyncClient | None = None
        self._slots: asyncio.Semaphore | None = None

    def describe(self) -> dict[str, Any]:
        return {"backend": self.backend, "model": self.model, "endpoint": self.base_url}

    async def start(self) -> None:
        if self._client is not None:
            return
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            timeout=self.timeout,
            limits=httpx.Limits(
                max_connections=self.concurrency, max_keepalive_connections=self.concurrency
            ),
        )
        self._slots = asyncio.Semaphore(self.concurrency)
        try:
            response = await self._client.get("/models")
        except httpx.TransportError as exc:
            await self.aclose()
            raise TeacherUnavailable(
                f"cannot reach the teacher at {self.base_url} ({_reason(exc)}); "
                "is the server (vllm serve) running?"
            ) from None
        if response.status_code != 200:
            await self.aclose()
            raise TeacherUnavailable(
                f"the teacher at {self.base_url} answered HTTP {response.status_code} to "
                f"/models: {_server_message(response)}"
            )
        try:
            self.model = _choose_model(self.base_url, self.model, _served(response))
        except TeacherUnavailable:
            await self.aclose()
            raise

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def chat(
        self, messages: list[Message], params: SamplingParams, *, request_id: str | None = None
    ) -> list[Completion]:
        body = {"model": self.model, "messages": messages, **sampling_body(params)}
        data, latency = await self._post("/chat/completions", body, request_id)
        return self._completions(data, latency, chat=True)

    async def complete(
        self, prompt: str, params: SamplingParams, *, request_id: str | None = None
    ) -> list[Completion]:
        body = {"model": self.model, "prompt": prompt, **sampling_body(params)}
        data, latency = await self._post("/completions", body, request_id)
        return self._completions(data, latency, chat=False)

    async def _post(
        self, path: str, body: dict[str, Any], request_id: str | None
    ) -> tuple[dict[str, Any], float]:
        if self._client is None or self._slots is None:
            await self.start()
        assert self._client is not None and self._slots is not None
        headers = {REQUEST_HEADER: request_id} if request_id else None
        problem, overloaded = "", False
        for attempt in range(self.max_retries + 1):
            wait: float | None = None
            overloaded = False  # what the last attempt met decides the error
            async with self._slots:
                started = time.perf_counter()
                try:
                    response = await self._client.post(path, json=body, headers=headers)
                except httpx.TimeoutException as exc:
                    problem = f"no answer within the timeout ({_reason(exc)})"
                except httpx.TransportError as exc:
                    problem = f"cannot reach the teacher at {self.base_url} ({_reason(exc)})"
                else:
                    latency = time.perf_counter() - started
                    if response.status_code == 200:
                        return response.json(), latency
                    message = _server_message(response)
                    if response.status_code not in RETRY_STATUS:
                        raise RequestRejected(
                            f"the teacher refused the request: HTTP {response.status_code}: "
                            f"{message}"
                        )
                    problem = f"HTTP {response.status_code}: {message}"
                    overloaded = response.status_code in (429, 503)
                    wait = _retry_after(response)
            if attempt == self.max_retries:
                break
            delay = min(self.max_backoff, self.backoff * 2**attempt) * random.uniform(0.5, 1.0)
            delay = max(delay, min(wait or 0.0, self.max_backoff))
            log.debug("retrying %s in %.2fs after %s", path, delay, problem)
            await asyncio.sleep(delay)
        kind = TeacherUnavailable if problem.startswith("cannot reach") else TeacherError
        raise (Overloaded if overloaded else kind)(
            f"{problem}; gave up after {self.max_retries + 1} attempts"
        )

    def _completions(self, data: dict[str, Any], latency: float, *, chat: bool) -> list[Completion]:
        choices = sorted(data.get("choices") or [], key=lambda c: c.get("index", 0))
        if not choices:
            raise TeacherError(f"the teacher at {self.base_url} answered without any choice")
        usage = data.get("usage") or {}
        prompt_tokens = int(usage.get("prompt_tokens") or 0)
        shares = _split(int(usage.get("completion_tokens") or 0), len(choices))
        out = []
        for choice, tokens in zip(choices, shares, strict=True):
            if chat:
                message = choice.get("message") or {}
                text = message.get("content") or ""
                reasoning = message.get("reasoning") or message.get("reasoning_content")
            else:
                text, reasoning = choice.get("text") or "", None
            out.append(
                Completion(
                    text=text,
                    reasoning=reasoning or None,
                    finish_reason=choice.get("finish_reason"),
                    prompt_tokens=prompt_tokens,
                    completion_tokens=tokens,
                    latency_s=round(latency, 4),
                )
            )
        return out


def _split(total: int, parts: int) -> list[int]:
    """Usage counts all samples together; share it out so the sum stays exact."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return float(value)
    except ValueError:
        return None


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
