"""Request-body size limit, enforced before any route reads a byte of JSON or XML.

The body is buffered here (it is bounded, so that is cheap) and replayed to the app: a route
never sees a body over the limit, and an oversized upload is answered with a clean 413 that
names the limit instead of a parse error half-way through, whether or not the client sent a
Content-Length.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import error_response

# How much of an oversized body is read (and dropped) before answering 413: a client still
# writing its body when the answer comes sees a broken pipe instead of the answer.
_DRAIN_BYTES = 64 << 20


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "DELETE", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                more = message.get("more_body", False)
                await self._too_large(scope, receive, send, drain=more)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(
        self, scope: Scope, receive: Receive, send: Send, *, drain: bool = True
    ) -> None:
        if drain:
            await _drain(receive, _DRAIN_BYTES)
        response = error_response(
            413,
            "body_too_large",
            f"the request body is larger than this server's limit of {self.max_bytes} bytes",
            limit=self.max_bytes,
        )
        await response(scope, receive, send)


async def _drain(receive: Receive, budget: int) -> None:
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return
        budget -= len(message.get("body", b""))


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
