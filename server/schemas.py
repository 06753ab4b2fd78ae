"""The API's request and response bodies, as the OpenAPI schema documents them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.names import DEFAULT_LANG, LANGS
from validators.rulesets import DEFAULT as DEFAULT_RULES
from validators.rulesets import RULESETS

Lang = Literal[LANGS]  # type: ignore[valid-type]
LANG_DOC = "Language of the findings' messages; the server's `lang` setting when omitted."
# The rule sets the validators define, as a closed choice the OpenAPI schema lists.
RuleSetName = Literal[tuple(RULESETS)]  # type: ignore[valid-type]


def chosen_lang(body: BaseModel, default: str) -> str:
    """The `lang` a request body names, or `default` (the server's setting) when it names none:
    the field's own default documents the usual case, the setting decides."""
    return body.lang if "lang" in body.model_fields_set else default  # type: ignore[attr-defined]


class Finding(BaseModel):
    rule: str = Field(description="Stable rule id, e.g. F200_A_MISSING.")
    severity: Literal["error", "warning"]
    message: str
    tag: str | None = None
    subfield: str | None = None
    line: int | None = None
    column: int | None = None


class Report(BaseModel):
    """The validator's report on one record (`validators.Report.to_dict()`)."""

    record_id: str | None = Field(description="The record's 001, when it has one.")
    valid: bool = Field(description="No finding of severity error.")
    score: float = Field(ge=0, le=1, description="1.0 for a clean record; rules weigh findings.")
    findings: list[Finding]


class IndexedReport(Report):
    index: int = Field(description="Position of the record in the request, from 0.")


class BatchReport(BaseModel):
    count: int
    valid: int
    invalid: int
    reports: list[IndexedReport]


class ValidateRequest(BaseModel):
    """One record as text: MARCXML or any flavour copiste reads, or model output holding one."""

    model_config = ConfigDict(extra="forbid")

    record: str = Field(min_length=1, description="The record (XML), or text with a record in it.")
    rules: RuleSetName = Field(DEFAULT_RULES, description="Rule set.")
    lang: Lang = Field(DEFAULT_LANG, description=LANG_DOC)


class ValidateBatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[str] = Field(
        min_length=1, description="Records as text; each gets its own report, in order."
    )
    rules: RuleSetName = Field(DEFAULT_RULES, description="Rule set.")
    lang: Lang = Field(DEFAULT_LANG, description=LANG_DOC)


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    jobs: dict[str, int] = Field(description="Jobs in the store by status.")


class JobProgress(BaseModel):
    """Requests planned (total), answered (done) and failed; examples the checkers accepted
    and rejected; teacher tokens spent. A request gives `sampling.samples` examples."""

    model_config = ConfigDict(extra="allow")

    total: int | None = None
    done: int = 0
    failed: int = 0
    accepted: int = 0
    rejected: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class JobError(BaseModel):
    code: str
    message: str


class JobLinks(BaseModel):
    self: str
    events: str
    result: str


class JobView(BaseModel):
    """A job as the API shows it."""

    id: str
    kind: str
    status: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    cancel_requested: bool = Field(description="A cancel was asked; a running job stops soon.")
    progress: JobProgress
    summary: dict[str, Any] | None = None
    error: JobError | None = None
    attempts: int = Field(description="How many times the job was started (resumes included).")
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    links: JobLinks


class JobList(BaseModel):
    jobs: list[JobView]
