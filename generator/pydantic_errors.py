"""A pydantic `ValidationError` as one line: how every configuration error reaches a person.

The CLI's options, the seeds, the server's settings and the training configuration all report
their problems this way. It lives in `generator` because that package is light to import and
both `server` and `distill` depend on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


def one_line(exc: ValidationError) -> str:
    """Every error as `field.path: message` (the message alone for the whole), joined by '; ';
    without pydantic's "Value error, " prefix, which says nothing to a user."""
    problems = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)
