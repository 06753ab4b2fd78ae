"""`POST /v1/validate` and `/v1/validate/batch`: the rule engine over HTTP.

A record comes as the raw document (XML in any flavour copiste reads, or ISO 2709 as
`application/marc`) or as JSON. An input that never becomes a record (malformed XML, a DTD, no
record in it) is refused with a 4xx naming the rule, line and column: the report of a *record*
is what a 200 carries. In a batch each item stands alone, so an unreadable item (a JSON item,
or a malformed record inside a collection) gets its own invalid report (rule XML_WELLFORMED,
XML_UNSAFE...) instead of failing its neighbours.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from server.errors import APIError, documented, from_pydantic
from server.schemas import (
    BatchReport,
    Lang,
    Report,
    RuleSetName,
    ValidateBatchRequest,
    ValidateRequest,
    chosen_lang,
)
from validators.engine import REGISTRY
from validators.extract import extract_record
from validators.formats.marcxml import HARMLESS_DOCTYPE
from validators.langs import LANGS
from validators.readers import ReadError, read_records, text_to_bytes
from validators.record import Record
from validators.report import Report as ValidatorReport
from validators.rulesets import DEFAULT as DEFAULT_RULES
from validators.rulesets import get_ruleset
from validators.samples import SAMPLE_RECORD
from validators.validate import error_report, validate

M = TypeVar("M", bound=BaseModel)

router = APIRouter(prefix="/v1", tags=["validate"])

XML_TYPES = frozenset({"application/xml", "text/xml", "application/marcxml+xml"})
ISO2709_TYPES = frozenset({"application/marc", "application/octet-stream"})
JSON_TYPES = frozenset({"application/json"})
ACCEPTED_TYPES = sorted(XML_TYPES | ISO2709_TYPES | JSON_TYPES)
# Bodies above this are validated in a worker thread so one big batch never stalls the loop;
# small ones (the common case, a millisecond of work) run inline, which is several times faster.
INLINE_BYTES = 64 << 10

# ReadError rules -> (HTTP status, error code).
_READ_ERRORS = {
    "XML_WELLFORMED": (400, "malformed_xml"),
    "XML_UNSAFE": (400, "unsafe_xml"),
    "ISO2709_STRUCTURE": (400, "malformed_iso2709"),
    "INPUT_TOO_LARGE": (413, "body_too_large"),
    "NO_RECORD": (422, "no_record"),
    "XML_MISSING": (422, "no_record"),
    "INPUT_CORRUPT": (400, "unreadable_input"),
}


def _body_doc(json_model: type[BaseModel], raw_description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": raw_description,
            "content": {
                "application/xml": {"schema": {"type": "string"}, "example": SAMPLE_RECORD},
                "application/marc": {"schema": {"type": "string", "format": "binary"}},
                "application/json": {"schema": json_model.model_json_schema()},
            },
        }
    }


RulesQuery = Annotated[
    RuleSetName, Query(description="Rule set, for raw bodies (JSON bodies carry their own).")
]
LangQuery = Annotated[
    Lang | None,
    Query(
        description="Language of the messages, for raw bodies; the server's `lang` setting "
        "when omitted."
    ),
]


@router.post(
    "/validate",
    summary="Validate one record",
    response_model=Report,
    responses=documented(400, 401, 413, 415, 422),
    openapi_extra=_body_doc(
        ValidateRequest, "One record: the XML document, ISO 2709 bytes, or JSON."
    ),
)
async def validate_one(
    request: Request, rules: RulesQuery = DEFAULT_RULES, lang: LangQuery = None
) -> JSONResponse:
    """Check one UNIMARC record against a rule set and return its report.

    A body holding several records is refused: use `/v1/validate/batch`.
    """
    lang = lang or request.app.state.settings.lang
    kind, body = await _read(request)
    if kind == "json":
        payload = _parse(body, ValidateRequest)
        text = payload.record.strip()
        rules, lang = payload.rules, chosen_lang(payload, request.app.state.settings.lang)
        request.state.lang = lang  # errors from here on speak the body's language
        if not text.startswith("<"):
            text = extract_record(text) or ""
            if not text:
                raise APIError(422, "no_record")
        # Text is already decoded: text_to_bytes drops a declaration naming another encoding,
        # as the library (and /v1/validate/batch) does, so it is not decoded a second time.
        body = text_to_bytes(text)
    args = (body, rules, lang, request.app.state.settings.max_body_bytes)
    report = (
        await run_in_threadpool(_validate_single, *args)
        if len(body) > INLINE_BYTES
        else _validate_single(*args)
    )
    request.app.state.metrics.validations.labels(str(report.valid).lower()).inc()
    return JSONResponse(report.to_dict())


@router.post(
    "/validate/batch",
    summary="Validate many records",
    response_model=BatchReport,
    responses=documented(400, 401, 413, 415, 422),
    openapi_extra=_body_doc(
        ValidateBatchRequest,
        "Many records: an XML collection (any flavour, SRU envelopes too), ISO 2709 bytes, or "
        "JSON with a list of records as text.",
    ),
)
async def validate_batch(
    request: Request, rules: RulesQuery = DEFAULT_RULES, lang: LangQuery = None
) -> JSONResponse:
    """Check every record of a collection; reports come back in input order.

    At most `max_records` records (the server's setting) per request: 413 beyond.
    """
    settings = request.app.state.settings
    lang = lang or settings.lang
    kind, body = await _read(request)
    if kind == "json":
        payload = _parse(body, ValidateBatchRequest)
        request.state.lang = chosen_lang(payload, settings.lang)
        _check_count(len(payload.records), settings.max_records)
        reports = await run_in_threadpool(
            _validate_texts, payload.records, payload.rules, request.state.lang
        )
    else:
        reports = await run_in_threadpool(
            _validate_document, body, rules, lang, settings.max_records, settings.max_body_bytes
        )
    counter = request.app.state.metrics.validations
    valid = sum(r.valid for r in reports)
    if valid:
        counter.labels("true").inc(valid)
    if len(reports) - valid:
        counter.labels("false").inc(len(reports) - valid)
    return JSONResponse(
        {
            "count": len(reports),
            "valid": valid,
            "invalid": len(reports) - valid,
            "reports": [{"index": i, **r.to_dict()} for i, r in enumerate(reports)],
        }
    )


# --- reading the request ----------------------------------------------------------------------


async def _read(request: Request) -> tuple[str, bytes]:
    """The body and how to read it ("json", "xml" or "iso2709"), or 415 / 422."""
    header = request.headers.get("content-type", "")
    media = header.split(";", 1)[0].strip().lower()
    if media in JSON_TYPES or media.endswith("+json"):
        kind = "json"
    elif media in XML_TYPES or media.endswith("+xml"):
        kind = "xml"
    elif media in ISO2709_TYPES:
        kind = "iso2709"
    else:
        sent = {"media": media or "(none)", "accepted": ", ".join(ACCEPTED_TYPES)}
        raise APIError(415, "unsupported_media_type", params=sent, accepted=ACCEPTED_TYPES)
    body = await request.body()
    if not body.strip():
        raise APIError(422, "empty_body")
    return kind, body


def _parse(body: bytes, model: type[M]) -> M:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise APIError(400, "invalid_json", params={"reason": exc}) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise from_pydantic(exc) from None


def _check_count(count: int, limit: int) -> None:
    if count > limit:
        raise APIError(413, "too_many_records", params={"limit": limit}, limit=limit)


# Markup that only a DTD uses. No MARC flavour has one, and a DTD carries entity expansion
# bombs and external entities (XXE): a body that declares anything is refused before parsing,
# wherever the declaration sits (the readers check the prolog; this holds even when comments
# come first). A DOCTYPE that only names the root (`<!DOCTYPE collection>`) declares nothing:
# it passes, as it does in the readers.
_UNSAFE = ReadError(
    "XML_UNSAFE",
    "refused: the document carries a DOCTYPE with declarations or an ENTITY declaration "
    "(entity expansion and external entities are never processed)",
    stopped=True,
)


def _declares_dtd(data: bytes) -> bool:
    if b"<!ENTITY" in data:
        return True
    start = data.find(b"<!DOCTYPE")
    while start >= 0:
        if not HARMLESS_DOCTYPE.match(data, start):
            return True
        start = data.find(b"<!DOCTYPE", start + 1)
    return False


def _has_dtd(body: bytes, max_bytes: int) -> bool:
    if body[:2] == b"\x1f\x8b":
        try:
            body = zlib.decompressobj(wbits=31).decompress(body, max_bytes)
        except zlib.error as exc:
            raise APIError(
                400, "unreadable_input", key="corrupt_gzip", params={"reason": exc}
            ) from None
    return _declares_dtd(body)


def _records(body: bytes, max_bytes: int) -> Iterator[Record | ReadError]:
    """The readers' records, with the server's own refusals first and no exception escaping:
    whatever the body holds, the client gets a 4xx, never a 500."""
    if _has_dtd(body, max_bytes):
        yield _UNSAFE
        return
    yield from read_records(body, max_bytes=max_bytes)


def _refuse(error: ReadError) -> APIError:
    status, code = _READ_ERRORS.get(error.rule, (400, error.rule.lower()))
    placed = not error.line or f"line {error.line}" in error.message
    rule = REGISTRY.get(error.rule)
    finding = {lang: rule.message(lang, "") if rule else error.rule for lang in LANGS}
    params = {"detail": error.message, "finding": finding, "line": error.line}
    return APIError(
        status,
        code,
        key="read_error" if placed else "read_error_at",
        params={**params, "column": error.column},
        rule=error.rule,
        line=error.line,
        column=error.column,
    )


# --- validating (pure functions, run inline or in a worker thread) ----------------------------


def _validate_single(body: bytes, rules: str, lang: str, max_bytes: int) -> ValidatorReport:
    items = _records(body, max_bytes)
    first = next(items, None)
    if isinstance(first, ReadError) or first is None:
        raise _refuse(first or ReadError("NO_RECORD", "no UNIMARC record found"))
    second = next(items, None)
    if isinstance(second, ReadError):
        raise _refuse(second)
    if second is not None:
        raise APIError(422, "several_records")
    return get_ruleset(rules).run(first, lang=lang)


def _validate_document(
    body: bytes, rules: str, lang: str, max_records: int, max_bytes: int
) -> list[ValidatorReport]:
    """A report per record; a malformed record gets its own report with the reader's finding
    and its neighbours are still judged. A refusal of the body as a whole (unsafe, too large,
    unreadable before any record) is a 4xx."""
    ruleset = get_ruleset(rules)
    reports: list[ValidatorReport] = []
    for item in _records(body, max_bytes):
        if isinstance(item, ReadError):
            if item.stopped and (not reports or item.rule == "INPUT_TOO_LARGE"):
                raise _refuse(item)
            reports.append(error_report(item))
        else:
            reports.append(ruleset.run(item, lang=lang))
        _check_count(len(reports), max_records)
    return reports


def _validate_texts(texts: list[str], rules: str, lang: str) -> list[ValidatorReport]:
    reports = []
    for text in texts:
        if not text.strip():
            reports.append(error_report(ReadError("NO_RECORD", "the record is empty")))
        elif _declares_dtd(text.encode()):
            reports.append(error_report(_UNSAFE))
        else:
            reports.append(validate(text, rules=rules, lang=lang))
    return reports
