"""One error shape for every failure: `{"error": {"code", "message", ...details}}`.

Clients branch on `code` (stable, snake_case) and show `message` (one sentence a cataloguer can
act on), in the request's `lang` (its `?lang=`, else the server's setting; `server.messages`
holds every form). FastAPI's own errors (validation, 404, 405) are translated into the same
shape, and anything unexpected becomes a logged 500 with no traceback in the body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.messages import ENGLISH, frame, pick_lang, render
from validators.errors import CopisteError, join_errors

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class APIError(CopisteError):
    """An error a client caused (or must know about), with its HTTP status and stable code,
    raised by the server itself; the other packages' `CopisteError`s carry theirs.

    Its message is `server.messages.MESSAGES[key]` (the code unless `key` says otherwise)
    filled from `params`, so it can be given in every language; a `message` given as text is
    framed by code, like another package's error."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str | None = None,
        *,
        key: str | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        **details: Any,
    ):
        self.key = key or (code if message is None else None)
        self.params = params or {}
        if message is None:
            message = render(self.key or code, ENGLISH, self.params)
        super().__init__(message, http_status=status, code=code)
        self.status = status
        self.message = message
        self.headers = headers
        self.details = {k: v for k, v in details.items() if v is not None}

    def message_in(self, lang: str) -> str:
        if self.key is None:
            return frame(self.code, lang, self.message)
        return render(self.key, lang, self.params)

    def response(self, lang: str = ENGLISH) -> JSONResponse:
        return error_response(
            self.status, self.code, self.message_in(lang), headers=self.headers, **self.details
        )


def error_response(
    status: int, code: str, message: str, *, headers: dict[str, str] | None = None, **details: Any
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, **details}}, status, headers=headers
    )


# The error statuses each kind of operation documents in the OpenAPI schema.
_DESCRIPTIONS = {
    400: "Unreadable input: malformed or unsafe XML, invalid JSON.",
    401: "An API key is needed (Authorization: Bearer <key>).",
    404: "No such job.",
    409: "The job is not in a state that allows this.",
    413: "The body or the number of records is over the server's limit.",
    415: "The body's content type is not one this operation reads.",
    422: "The request is well-formed but its values are not acceptable.",
    429: "This key has too many jobs running.",
    502: "The teacher failed or could not be reached.",
    503: "The server is shutting down; retry in a moment.",
}


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: the given error statuses, each with the error body schema."""
    return {
        status: {"model": ErrorBody, "description": _DESCRIPTIONS[status]} for status in statuses
    }


# Fields whose wrong value gets its own error code (`unknown_task`, ...): the mistakes clients make.
_CHOICE_FIELDS = ("task", "method", "kind", "rules", "lang", "format")


def invalid_request(errors: list[dict[str, Any]]) -> APIError:
    """The 4xx for a request whose values failed validation, with a code naming the field
    when it is one a client most often gets wrong (task, method, rules)."""
    if any(e.get("type") == "json_invalid" for e in errors):
        detail = next(e for e in errors if e.get("type") == "json_invalid")
        reason = (detail.get("ctx") or {}).get("error", "not JSON")
        return APIError(400, "invalid_json", params={"reason": reason})
    for error in errors:
        name = str(error["loc"][-1]) if error.get("loc") else ""
        if name in _CHOICE_FIELDS and error.get("type") in ("literal_error", "enum"):
            found = {
                "field": name,
                "value": error.get("input"),
                "reason": error.get("msg", "invalid"),
            }
            return APIError(422, f"unknown_{name}", key="unknown_choice", params=found, field=name)
    return APIError(
        422,
        "invalid_request",
        join_errors(errors, skip=("body", "query"), most=5),
        fields=[{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg")} for e in errors],
    )


def from_pydantic(exc: ValidationError) -> APIError:
    return invalid_request(exc.errors(include_url=False, include_context=False))


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "body_too_large",
    415: "unsupported_media_type",
}


def error_lang(request: Request) -> str:
    """The language of an error's message: the one the route settled on (`request.state.lang`,
    from a JSON body's `lang`), else the request's `?lang=`, else the server's `lang` setting."""
    settings = getattr(request.app.state, "settings", None)
    return pick_lang(
        getattr(request.state, "lang", None),
        request.query_params.get("lang"),
        getattr(settings, "lang", None),
    )


def install(app: FastAPI) -> None:
    """Route every exception through the one error shape, in the request's language."""

    @app.exception_handler(CopisteError)
    async def _copiste_error(request: Request, exc: CopisteError) -> JSONResponse:
        """Any package's error, by the status and code its class carries: the one mapping."""
        lang = error_lang(request)
        if isinstance(exc, APIError):
            return exc.response(lang)
        return error_response(exc.http_status, exc.code, frame(exc.code, lang, str(exc)))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return invalid_request(list(exc.errors())).response(error_lang(request))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        where = {"method": request.method, "path": request.url.path}
        if exc.status_code == 404 and message == "Not Found":
            message = render("no_endpoint", error_lang(request), where)
        if exc.status_code == 405:
            message = render("method_not_allowed", error_lang(request), where)
        return error_response(exc.status_code, code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        message = render("internal_error", error_lang(request), {})
        return error_response(500, "internal_error", message)
