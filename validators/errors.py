"""The one error root: what every package raises when a person must be told something.

A `CopisteError` carries the exit status a command ends with and the HTTP status (and stable
code) the server answers with, so the commands share one `fail` (`validators.clihelp`) and
the server one mapping, and an error class added later is reported in one line by both
without anyone listing it.
The message is one sentence for the user; it is printed as plain text, never as markup.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError


class CopisteError(Exception):
    """A failure the user can act on. Subclasses set the class attributes; an instance may
    override them (`CopisteError(msg, exit_code=1)`)."""

    exit_code: int = 2
    http_status: int = 400
    code: str = "bad_request"

    def __init__(
        self,
        message: str = "",
        *,
        exit_code: int | None = None,
        http_status: int | None = None,
        code: str | None = None,
    ):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
        if http_status is not None:
            self.http_status = http_status
        if code is not None:
            self.code = code


class ConfigError(CopisteError, ValueError):
    """A configuration file or value that cannot be used (the server's, a training recipe's)."""

    http_status = 422
    code = "invalid_config"


def one_line(exc: ValidationError, options: Mapping[str, str] | None = None) -> str:
    """Every error as `field.path: message` (the message alone for the whole), joined by '; ';
    without pydantic's "Value error, " prefix, which says nothing to a user. With `options`
    (a command's fields), a field is named as the user typed it: `--examples`, not
    `examples_per_method` (`options` maps the fields whose option name differs)."""
    return join_errors(exc.errors(include_url=False), options)


def join_errors(
    errors: Sequence[Mapping[str, Any]],
    options: Mapping[str, str] | None = None,
    *,
    skip: Collection[str] = (),
    most: int | None = None,
) -> str:
    """`one_line` over pydantic's error dicts, as a web framework hands them over: `skip` drops
    location parts that name no field (`body`, `query`), `most` keeps the first errors and
    counts the rest."""
    problems = []
    for error in errors[:most]:
        loc = [str(p) for p in error.get("loc", ()) if p not in skip]
        if options is not None and loc:
            loc[0] = "--" + options.get(loc[0], loc[0].replace("_", "-"))
        where = ".".join(loc)
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    more = f" (and {len(errors) - most} more)" if most is not None and len(errors) > most else ""
    return "; ".join(problems) + more
