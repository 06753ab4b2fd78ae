"""What kinds of job the server runs, and the one interface each kind implements.

A kind checks its validated request on submission, turns it into blocking work in a run folder,
reports progress as a flat dict of counts, stops when asked, and leaves a result file. Batch
generation is the first kind; dataset builds and training runs are later kinds with the same
parts, added to `KINDS` (and to the `JobRequest` union) without touching the runner or the API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from server.errors import APIError
from server.settings import ServerSettings


class JobFailure(APIError):
    """A job cannot run (refused on submission with `status`) or ended on an error its
    submitter should read (bad seeds, teacher unreachable).

    An `APIError`, so a route that lets it through answers with the one error shape; the
    runner, for a job that ended on one, keeps only its `code` and `message`."""

    def __init__(
        self,
        code: str,
        message: str | None = None,
        *,
        status: int = 422,
        key: str | None = None,
        params: dict[str, Any] | None = None,
        **details: Any,
    ):
        super().__init__(status, code, message, key=key, params=params, **details)


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a running job gets: its folder, a progress sink and a stop check, and the progress
    stored before this attempt (a resumed job carries on from it)."""

    job_id: str
    run_dir: Path
    settings: ServerSettings
    report: Callable[[dict[str, Any]], None]
    should_stop: Callable[[], bool]
    previous: dict[str, Any]


@dataclass(frozen=True, slots=True)
class JobKind:
    name: str
    description: str
    spec: type[BaseModel]
    # Called on submission, so a job that cannot run is refused with a 4xx (raises JobFailure).
    check: Callable[[Any, ServerSettings], None]
    # Blocking; runs in a worker thread; returns the summary stored with the job. Running it
    # again on the same folder must resume, not restart: that is how jobs survive a restart.
    execute: Callable[[Any, JobContext], dict[str, Any]]
    # The JSONL file of results in a run folder (None while there is none).
    result: Callable[[Path], Path | None]


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.name] = kind
    return kind
