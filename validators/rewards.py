"""The checkers as TRL GRPO reward functions: plain functions, one registry.

Each takes the completions of a batch (strings, or chat messages: lists of `{"role",
"content"}` dicts) and keyword arguments it ignores (TRL passes the prompts and the dataset's
columns), and returns one float per completion. The record may sit in a code fence or inside
prose: it is extracted first (`validators.extract.extract_xml`).

- `unimarc_reward`: the report's score in [0, 1] under the strict rules: every rule a record
  keeps earns its share of credit, so a nearly right record is rewarded more than a broken one.
- `unimarc_lenient_reward`: the same under the lenient rules.
- `unimarc_valid_reward`: 1.0 for a record with no error, else 0.0.
- `xml_wellformed_reward`: 1.0 when the extracted XML parses (safely), else 0.0.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from validators.extract import extract_xml
from validators.readers import safe_parser, text_to_bytes
from validators.report import Report
from validators.validate import validate

# What TRL hands a reward function: the text, or the chat messages of a conversational dataset
# (not `generator.teachers.base.Completion`, a teacher's answer with its tokens and timing).
TrlCompletion = str | list[dict]
RewardFunction = Callable[..., list[float]]


def completion_text(completion: TrlCompletion) -> str:
    """The text of one completion: the string itself, or the last assistant message's content."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return str(completion.get("content") or "")
    for message in reversed(completion):
        if message.get("role", "assistant") == "assistant":
            return str(message.get("content") or "")
    return ""


def _report(completion: TrlCompletion, rules: str) -> Report | None:
    """The report on the record a completion holds, or None when it holds no XML at all."""
    xml = extract_xml(completion_text(completion))
    return None if xml is None else validate(xml, rules=rules)


def _score(completion: TrlCompletion, rules: str) -> float:
    report = _report(completion, rules)
    return 0.0 if report is None else report.score


def unimarc_reward(completions: list[TrlCompletion], **kwargs) -> list[float]:
    """Weighted rule score of each completion's record under the strict rules (0.0: no record)."""
    return [_score(c, "strict") for c in completions]


def unimarc_lenient_reward(completions: list[TrlCompletion], **kwargs) -> list[float]:
    """Weighted rule score under the lenient rules (legacy conventions accepted)."""
    return [_score(c, "lenient") for c in completions]


def unimarc_valid_reward(completions: list[TrlCompletion], **kwargs) -> list[float]:
    """1.0 when the completion holds a record with no error under the strict rules."""
    reports = (_report(c, "strict") for c in completions)
    return [1.0 if report is not None and report.valid else 0.0 for report in reports]


def xml_wellformed_reward(completions: list[TrlCompletion], **kwargs) -> list[float]:
    """1.0 when the completion holds a well-formed XML record (no DTD, no entities), else 0.0."""
    return [_wellformed(completion_text(c)) for c in completions]


def _wellformed(text: str) -> float:
    xml = extract_xml(text)
    if xml is None or "<!DOCTYPE" in xml or "<!ENTITY" in xml:
        return 0.0
    try:
        etree.fromstring(text_to_bytes(xml), safe_parser())
    except etree.XMLSyntaxError:
        return 0.0
    return 1.0


REWARDS: dict[str, RewardFunction] = {
    "unimarc": unimarc_reward,
    "unimarc_lenient": unimarc_lenient_reward,
    "unimarc_valid": unimarc_valid_reward,
    "xml_wellformed": xml_wellformed_reward,
}


def get_reward(name: str) -> RewardFunction:
    if name not in REWARDS:
        raise KeyError(f"unknown reward {name!r}; choose one of {', '.join(REWARDS)}")
    return REWARDS[name]
