"""The one prompt a student gets: training targets, evaluation, `copiste catalogue`, the API and
the exported bundle's loader all build it here.

A student learns the mapping from exactly this conversation to a record; asking it in other
words at run time than in training measures (and serves) a different task. Fields copiste fills
from its settings (001, 005, 801, 100$a's date entered and character sets, see
`validators.roles`) are named in the instruction, so no student is asked to guess them.
"""

from __future__ import annotations

from typing import Literal

Syntax = Literal["mrk", "marcxml"]
SYNTAXES: tuple[Syntax, ...] = ("mrk", "marcxml")
DEFAULT_SYNTAX: Syntax = "mrk"

# Short on purpose: every token of it is read (and back-propagated through) in every training
# example; the 103-token first version cost a fifth of a CPU demo's training time. A trained
# student learns the form from its targets, not from this line.
STUDENT_SYSTEM_PROMPTS: dict[str, str] = {
    "mrk": (
        "Write the UNIMARC record of the document described, as MarcEdit lines (=LDR, then "
        "=TAG  indicators$aValue). Leave out 001, 005 and 801. Correct and complete the rules' "
        "draft."
    ),
    "marcxml": (
        "Write the UNIMARC record of the document described, as one MARCXML <record>. "
        "Leave out 001, 005 and 801. Correct and complete the rules' draft."
    ),
}

# Where an answer is over when the model does not end it itself. MarcEdit text has no closing
# mark (a blank line separates records, but a model may open with one), so mrk relies on EOS,
# the grammar and the token budget.
STOP_STRINGS: dict[str, list[str]] = {"mrk": [], "marcxml": ["</record>"]}


# Between the description and copiste's rule-based reading of it (`generator.rules_baseline`)
# in the user turn.
DRAFT_MARK = "\n\nRules' draft:\n"


# How strongly decoding keeps the draft's lines (`generator.draft_bias`, a logit bonus), chosen on
# the demo student's validation records (12; descriptive F1 at 0 / 1.5 / 3 / 5 / 10: 0.388 /
# 0.503 / 0.534 / 0.586 / 0.628). At 10 the student wrote the draft exactly (the rules' own
# 0.628) and nothing of its own; 5 keeps what it is sure of, so a better-trained student can
# still correct the draft.
DRAFT_BIAS = 5.0

# Descriptions decoded together. On 2 CPU cores a step costs little more for 16 rows than for 4
# (the weights are read once per step): the 38 validation descriptions took 196 s at 4 and 135 s
# at 16 (float32, the same answers).
BATCH_SIZE = 16


def user_turn(description: str) -> str:
    """What a student is asked in its user turn: the description, then the rules' draft (the
    exported bundle's `load.py` builds its prompt with it too)."""
    from generator.rules_baseline import rules_draft  # its code tables load on first use

    description = description.strip()
    return description + DRAFT_MARK + rules_draft(description)


def student_messages(description: str, syntax: str = DEFAULT_SYNTAX) -> list[dict[str, str]]:
    """The conversation a student receives for one description of a document."""
    if syntax not in STUDENT_SYSTEM_PROMPTS:
        raise ValueError(f"unknown record syntax {syntax!r}; choose {' or '.join(SYNTAXES)}")
    return [
        {"role": "system", "content": STUDENT_SYSTEM_PROMPTS[syntax]},
        {"role": "user", "content": user_turn(description)},
    ]


def build_syntax(build: dict) -> str:
    """The syntax of a dataset build's record targets (its manifest, `distill build`), or the
    default when the build predates syntaxes."""
    syntax = build.get("syntax") or (build.get("config") or {}).get("syntax")
    return syntax if syntax in SYNTAXES else DEFAULT_SYNTAX


def _last_user_turn(messages: list[dict[str, str]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            return message.get("content", "")
    return ""


def draft_of(messages: list[dict[str, str]]) -> list[str]:
    """The rules' draft lines inside a prompt built by `student_messages` (none in another)."""
    _, mark, draft = _last_user_turn(messages).partition(DRAFT_MARK)
    return draft.splitlines() if mark else []


def description_of(messages: list[dict[str, str]]) -> str:
    """The description inside a prompt built by `student_messages` (or any chat prompt): its
    last user turn. Evaluation rebuilds prompts from it for the syntax under test."""
    return _last_user_turn(messages).partition(DRAFT_MARK)[0]
