"""`POST /v1/catalogue`: the configured student writes a record for each description.

The student (`student` in the server's settings) is loaded once, on first use; requests that
arrive together are generated in one batch (`server.cataloguing`). Each description gets its
record (MARCXML, system fields filled from the server's settings) and the checkers' report.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator

from server.cataloguing import StudentService
from server.errors import APIError, ErrorBody, documented
from server.schemas import Finding
from server.settings import ServerSettings

router = APIRouter(prefix="/v1", tags=["catalogue"])

# A title page and its verso fit in far less; longer text is not a description.
MAX_DESCRIPTION_CHARS = 8000
Description = Annotated[str, Field(min_length=1, max_length=MAX_DESCRIPTION_CHARS)]


class CatalogueRequest(BaseModel):
    """One description, or several (each gets its own record, in order)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"description": "Les misérables / Victor Hugo. Paris : Gallimard, 1995"}]
        },
    )

    description: Description | None = Field(None, description="One description.")
    descriptions: list[Description] | None = Field(
        None, min_length=1, description="Several descriptions, in order."
    )

    @model_validator(mode="after")
    def _one_form(self) -> CatalogueRequest:
        if (self.description is None) == (self.descriptions is None):
            raise ValueError('give either "description" or "descriptions"')
        if any(not text.strip() for text in self.texts()):
            raise ValueError("a description is empty")
        return self

    def texts(self) -> list[str]:
        return [self.description] if self.description is not None else list(self.descriptions)


class CatalogueRecord(BaseModel):
    index: int = Field(description="Position of the description in the request, from 0.")
    record: str | None = Field(description="The record as MARCXML; null when none was written.")
    valid: bool = Field(description="No finding of severity error.")
    score: float = Field(ge=0, le=1, description="1.0 for a clean record; rules weigh findings.")
    findings: list[Finding]


class CatalogueResponse(BaseModel):
    count: int
    valid: int
    records: list[CatalogueRecord]


def student_service(settings: ServerSettings) -> StudentService | None:
    """The app's student service, or None when no student is configured."""
    if not settings.student:
        return None
    from distill.catalogue import CatalogueOptions
    from validators.roles import SystemSettings

    options = CatalogueOptions(
        system=SystemSettings(agency=settings.student_agency, country=settings.student_country)
    )
    limit = settings.max_catalogue_descriptions
    return StudentService(settings.student, options, max_batch=limit, max_waiting=4 * limit)


@router.post(
    "/catalogue",
    response_model=CatalogueResponse,
    summary="Catalogue descriptions with the student",
    responses={
        **documented(400, 401, 413, 422, 429),
        503: {"model": ErrorBody, "description": "No student is configured, or it cannot load."},
    },
)
async def catalogue(payload: CatalogueRequest, request: Request) -> Any:
    """The student writes a UNIMARC record for each description; copiste fills the system
    fields (001, 005, 801, 100$a's dates and character sets) and checks the record.

    At most `max_catalogue_descriptions` descriptions per request (413 beyond).
    """
    service: StudentService | None = request.app.state.student
    settings: ServerSettings = request.app.state.settings
    if service is None:
        raise APIError(503, "no_student")
    texts = payload.texts()
    if len(texts) > settings.max_catalogue_descriptions:
        limit = settings.max_catalogue_descriptions
        sent = {"count": len(texts), "limit": limit}
        raise APIError(413, "too_many_descriptions", params=sent, limit=limit)
    if service.busy(len(texts)):
        raise APIError(429, "busy", key="busy_cataloguing")
    results = await service.catalogue(texts)  # StudentUnavailable: a 503
    records = [{**r.to_dict(), "index": i} for i, r in enumerate(results)]
    return {"count": len(records), "valid": sum(r["valid"] for r in records), "records": records}
