"""The choices the distill commands offer, as the enumerations typer lists in `--help`.

How help is shown (no Python type names, paragraphs that rewrap, `--runs a b`) is
`validators.clihelp`'s, shared by every command; only distill's closed lists live here.
"""

from __future__ import annotations

from enum import StrEnum

from distill.prompting import SYNTAXES
from validators.rulesets import DEFAULT as DEFAULT_RULES
from validators.rulesets import RULESETS

Syntax = StrEnum("Syntax", {name: name for name in SYNTAXES})
Rules = StrEnum("Rules", {name: name for name in RULESETS})
SftFormat = StrEnum("SftFormat", {n: n for n in ("prompt-completion", "messages")})
DEFAULT_RULE_SET = Rules(DEFAULT_RULES)
DEFAULT_SYNTAX = Syntax("mrk")
DEFAULT_SFT_FORMAT = SftFormat("prompt-completion")
