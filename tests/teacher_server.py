"""A small OpenAI-compatible teacher server for tests: deterministic, scriptable, standard library.

    python tests/teacher_server.py [--port 0] [--host 127.0.0.1] [--model NAME]
                                   [--script FILE.json] [--delay SECONDS] [--slots N]

With `--port 0` the system picks a free port. The first line on stdout is `PORT <number>`, so a
test starts it with subprocess, reads one line and knows where it listens. Stop it by PID.

Endpoints: `GET /health`, `GET /v1/models`, `POST /v1/chat/completions`, `POST /v1/completions`
(OpenAI shapes, `usage` counted in whitespace-separated words), plus test controls:
- `GET /_stats`: `{"requests", "by_key", "answered_by_key", "by_status", "in_flight",
  "max_in_flight"}`; the key of a request is its `X-Copiste-Request` header, else a hash of its
  body.
- `GET /_requests`: the request bodies received, oldest first.
- `POST /_script`: replace the rules (a JSON list, as in `--script`); `POST /_reset`: clear stats.
- `GET /metrics`: vLLM's queue gauges (`vllm:num_requests_waiting`, `vllm:num_requests_running`).
  With `--slots N` at most N requests are answered at once, the rest wait: a server of fixed
  capacity, as a GPU is, so that more replicas answer more per second.

Rules, tried in order against the text of the prompt (all messages joined):
  {"match": "substring" | null,      null matches every request
   "status": 429 | 500 | ..., "times": K, "retry_after": S,   fail the first K tries of each key
   "delay": S,                       sleep S seconds before answering (a slow teacher)
   "reply": "text", "reasoning": "text", "finish_reason": "stop"}
A rule with `status` fires K times per request key and is then skipped; a rule with `reply` ends
the search. Without a matching reply: a `choice` constraint gets one of its options, a JSON schema
gets a minimal instance, anything else gets `Echo <hash>`. Requests that carry the `guided_*`
fields vLLM no longer reads get HTTP 400, so a client that sends them fails loudly.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

GUIDED = ("guided_json", "guided_regex", "guided_choice", "guided_grammar")


class State:
    def __init__(self, model: str, rules: list[dict[str, Any]], delay: float, slots: int) -> None:
        self.model = model
        self.slots = threading.BoundedSemaphore(slots) if slots > 0 else None
        self.rules = rules
        self.delay = delay
        self.lock = threading.Lock()
        self.in_flight = 0
        self.running = 0
        self.reset()

    def reset(self) -> None:
        self.requests = 0
        self.by_key: dict[str, int] = {}
        self.answered_by_key: dict[str, int] = {}
        self.by_status: dict[str, int] = {}
        self.max_in_flight = self.in_flight
        self.fired: dict[tuple[int, str], int] = {}
        self.bodies: list[dict[str, Any]] = []


def prompt_text(body: dict[str, Any]) -> str:
    if "messages" in body:
        return "\n".join(str(m.get("content", "")) for m in body["messages"])
    return str(body.get("prompt", ""))


def instance(schema: dict[str, Any]) -> Any:
    """A minimal value that satisfies a simple JSON schema."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "object":
        props = schema.get("properties", {})
        return {name: instance(sub) for name, sub in props.items()}
    if kind == "array":
        return [instance(schema.get("items", {}))] * schema.get("minItems", 0)
    return {"string": "x", "integer": 0, "number": 0, "boolean": False, "null": None}.get(kind)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the default backlog of 5 refuses a burst of concurrent clients


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    state: State

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            self.close_connection = True

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, {"error": {"message": message, "code": status}}, headers)

    def do_GET(self) -> None:
        state = self.state
        if self.path == "/health":
            self._send(200, {})
        elif self.path == "/v1/models":
            self._send(200, {"object": "list", "data": [{"id": state.model, "object": "model"}]})
        elif self.path == "/_stats":
            with state.lock:
                self._send(
                    200,
                    {
                        "requests": state.requests,
                        "by_key": state.by_key,
                        "answered_by_key": state.answered_by_key,
                        "by_status": state.by_status,
                        "in_flight": state.in_flight,
                        "max_in_flight": state.max_in_flight,
                    },
                )
        elif self.path == "/metrics":
            with state.lock:
                waiting = state.in_flight - state.running
                lines = [f'vllm:num_requests_waiting{{model_name="{state.model}"}} {waiting}']
                lines.append(
                    f'vllm:num_requests_running{{model_name="{state.model}"}} {state.running}'
                )
            data = ("\n".join(lines) + "\n").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path == "/_requests":
            with state.lock:
                self._send(200, state.bodies)
        else:
            self._error(404, f"no route {self.path}")

    def do_POST(self) -> None:
        state = self.state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._error(400, "body is not JSON")
            return
        if self.path == "/_script":
            with state.lock:
                state.rules = list(body)
            self._send(200, {"rules": len(state.rules)})
        elif self.path == "/_reset":
            with state.lock:
                state.reset()
            self._send(200, {})
        elif self.path in ("/v1/chat/completions", "/v1/completions"):
            self._generate(body, raw, chat=self.path.endswith("chat/completions"))
        else:
            self._error(404, f"no route {self.path}")

    def _generate(self, body: dict[str, Any], raw: bytes, *, chat: bool) -> None:
        state = self.state
        key = self.headers.get("X-Copiste-Request") or hashlib.sha256(raw).hexdigest()[:16]
        text = prompt_text(body)
        with state.lock:
            state.requests += 1
            state.by_key[key] = state.by_key.get(key, 0) + 1
            state.bodies.append(body)
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
            rules = list(enumerate(state.rules))
        status, reply, extra, delay = self._decide(rules, key, text, body)
        if state.slots is not None:
            state.slots.acquire()
        with state.lock:
            state.running += 1
        time.sleep(delay)
        if state.slots is not None:
            state.slots.release()
        with state.lock:
            state.running -= 1
            state.in_flight -= 1
            state.by_status[str(status)] = state.by_status.get(str(status), 0) + 1
            if status == 200:
                state.answered_by_key[key] = state.answered_by_key.get(key, 0) + 1
        if status != 200:
            headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else None
            self._error(status, extra.get("error", f"injected HTTP {status}"), headers)
            return
        n = int(body.get("n") or 1)
        choices = []
        for index in range(n):
            finish = extra.get("finish_reason", "stop")
            if chat:
                message = {
                    "role": "assistant",
                    "content": reply,
                    "reasoning": extra.get("reasoning"),
                }
                choices.append({"index": index, "message": message, "finish_reason": finish})
            else:
                choices.append({"index": index, "text": reply, "finish_reason": finish})
        usage = {"prompt_tokens": len(text.split()), "completion_tokens": len(reply.split()) * n}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        self._send(
            200,
            {
                "id": "cmpl-" + key,
                "object": "chat.completion" if chat else "text_completion",
                "model": state.model,
                "choices": choices,
                "usage": usage,
            },
        )

    def _decide(
        self, rules: list[tuple[int, dict[str, Any]]], key: str, text: str, body: dict[str, Any]
    ) -> tuple[int, str, dict[str, Any], float]:
        state = self.state
        if body.get("model") != state.model:
            return 404, "", {"error": f"model {body.get('model')!r} does not exist"}, 0.0
        sent = [name for name in GUIDED if name in body]
        if sent:
            return 400, "", {"error": f"{sent[0]} is no longer read: use structured_outputs"}, 0
        delay = state.delay
        for index, rule in rules:
            if rule.get("match") is not None and rule["match"] not in text:
                continue
            delay += float(rule.get("delay", 0.0))
            if "status" in rule:
                with state.lock:
                    fired = state.fired.get((index, key), 0)
                    if fired >= int(rule.get("times", 1 << 30)):
                        continue
                    state.fired[(index, key)] = fired + 1
                return int(rule["status"]), "", rule, delay
            if "reply" in rule:
                return 200, str(rule["reply"]), rule, delay
        return 200, default_reply(body, text), {}, delay


def default_reply(body: dict[str, Any], text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    structured = body.get("structured_outputs") or {}
    if structured.get("choice"):
        options = structured["choice"]
        return options[int(digest, 16) % len(options)]
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        return json.dumps(instance(response_format["json_schema"].get("schema", {})))
    return f"Echo {digest[:12]}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: a free port, printed first")
    parser.add_argument("--model", default="test-teacher")
    parser.add_argument("--script", help="JSON file with a list of rules")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    parser.add_argument("--slots", type=int, default=0, help="requests answered at once (0: all)")
    args = parser.parse_args(argv)
    rules = []
    if args.script:
        with open(args.script, encoding="utf-8") as handle:
            rules = json.load(handle)
    Handler.state = State(args.model, rules, args.delay, args.slots)
    server = Server((args.host, args.port), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
