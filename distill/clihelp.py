"""The choices the distill commands offer, as the enumerations typer lists in `--help`.

How help is shown (no Python type names, paragraphs that rewrap, `--runs a b`) is
`validators.clihelp`'s, shared by every command; only distill's closed lists live here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from distill.prompting import SYNTAXES
from validators.roles import STUDENT_RULES
from validators.rulesets import RULESETS

Syntax = StrEnum("Syntax", {name: name for name in SYNTAXES})
Rules = StrEnum("Rules", {name: name for name in RULESETS})
SftFormat = StrEnum("SftFormat", {n: n for n in ("prompt-completion", "messages")})
DEFAULT_RULE_SET = Rules(STUDENT_RULES)
DEFAULT_SYNTAX = Syntax("mrk")
DEFAULT_SFT_FORMAT = SftFormat("prompt-completion")

# The options `copiste eval`, `copiste export` and `copiste catalogue` share, declared once so
# the three say the same thing the same way.
BestOf = Annotated[
    int,
    typer.Option(min=1, metavar="N", help="Sample N answers, keep the one the checkers prefer."),
]
Constrain = Annotated[
    bool,
    typer.Option(
        "--constrain/--no-constrain",
        help="Decode under the schema's grammar, so every answer is a well-formed record.",
    ),
]
CopySpans = Annotated[
    bool,
    typer.Option(
        "--copy-spans/--no-copy-spans",
        help="Under the grammar, let each free value only copy words of its description "
        "(no miscopied titles or names; values the description words otherwise are lost).",
    ),
]
DraftBias = Annotated[
    float,
    typer.Option(
        "--draft-bias",
        min=0.0,
        metavar="X",
        help="Logit bonus for writing the rules' draft's lines as they are (0: none; at 10 a "
        "demo student wrote the draft and nothing of its own).",
    ),
]
# `copiste catalogue`'s: a bundle carries the bias its student was evaluated with.
BundleDraftBias = Annotated[
    float | None,
    typer.Option(
        "--draft-bias",
        min=0.0,
        metavar="X",
        help="Logit bonus for writing the rules' draft's lines as they are (0: none). Default: "
        "the bias the bundle was evaluated with, else 5.",
        show_default=False,
    ),
]
RuleSetOption = Annotated[
    Rules,
    typer.Option(
        metavar="SET",
        help="Rule set of the checks (decoding is always under the student's grammar).",
    ),
]
SyntaxOption = Annotated[
    Syntax | None,
    typer.Option(
        help="What the student writes: mrk (MarcEdit lines) or marcxml. Default: what it was "
        "trained on (bundle, dataset), else mrk.",
        show_default=False,
    ),
]
BatchSize = Annotated[int, typer.Option(min=1, metavar="N", help="Answers generated together.")]
