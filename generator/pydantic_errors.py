"""A pydantic `ValidationError` as one line: how every configuration error reaches a person.

The CLI's options, the seeds, the server's settings and the training configuration all report
their problems this way. It lives in `generator` because that package is light to import and
both `server` and `distill` depend on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


def one_line(exc: ValidationError, options: Mapping[str, str] | None = None) -> str:
    """Every error as `field.path: message` (the message alone for the whole), joined by '; ';
    without pydantic's "Value error, " prefix, which says nothing to a user. With `options`
    (a command's fields), a field is named as the user typed it: `--examples`, not
    `examples_per_method` (`options` maps the fields whose option name differs)."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = [str(p) for p in error["loc"]]
        if options is not None and loc:
            loc[0] = "--" + options.get(loc[0], loc[0].replace("_", "-"))
        where = ".".join(loc)
        message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)
