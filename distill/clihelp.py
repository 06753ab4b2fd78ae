"""What the distill commands share in their help: choice types and paragraphs that rewrap.

typer's rich help keeps a docstring's line breaks after the first paragraph, so a docstring
wrapped for the source reads as ragged lines at 80 columns; `rewrapped` joins each paragraph
into one line and lets the terminal wrap it. `PlainHelp` keeps Python type names out of it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from typer._click import Context, Parameter
from typer.core import TyperCommand

from distill.prompting import SYNTAXES
from validators.rulesets import DEFAULT as DEFAULT_RULES
from validators.rulesets import RULESETS

F = TypeVar("F", bound=Callable)

Syntax = StrEnum("Syntax", {name: name for name in SYNTAXES})
Rules = StrEnum("Rules", {name: name for name in RULESETS})
DEFAULT_RULE_SET = Rules(DEFAULT_RULES)


def rewrapped(command: F) -> F:
    """The command with each paragraph of its docstring on one line."""
    paragraphs = inspect.cleandoc(command.__doc__ or "").split("\n\n")
    command.__doc__ = "\n\n".join(" ".join(p.split()) for p in paragraphs)
    return command


class PlainHelp(TyperCommand):
    """A command whose help names values by their metavar, never by a Python type.

    typer 0.29 prints an argument's annotation (`<list[str]>`) and a flag's (`<bool>`, --help
    included) in the type column, whatever the metavar: an argument already shows its metavar
    as its name and a flag takes no value, so both show nothing there, and an option shows its
    metavar.
    """

    def get_params(self, ctx: Context) -> list[Parameter]:
        params = super().get_params(ctx)
        for param in params:
            flag = getattr(param, "is_flag", False)
            shown = "" if flag or param.param_type_name == "argument" else param.metavar
            if shown is not None:
                param.display_type_rich = lambda ctx, shown=shown: shown
        return params
