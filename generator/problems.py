"""A pydantic `ValidationError` as one line, for the configuration errors the CLI prints.

The server's settings and the training configuration report their problems the same way. It
lives in `generator` because that package is light to import (no `__init__` imports, unlike
`validators`) and both `server` and `distill` already depend on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


def validation_problems(exc: ValidationError) -> str:
    """Every error as `field.path: message` (`config: message` for the whole), joined by '; '."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'config'}: {e['msg']}" for e in exc.errors()
    )
