"""What every generation method is (`Method`, its `Judgement`) and what they share: the
worked-example copy test, and the topic a synthesis starts from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from generator.checks import fold
from generator.isbd import isbd, record_facts
from generator.prompts import environment
from generator.seeds import Seed
from generator.teachers.base import Completion, Structured
from validators import Record


@dataclass(slots=True)
class Judgement:
    question: str
    answer: str
    reasoning: str | None
    gold: str | None
    verdict: dict[str, Any]
    accepted: bool
    raw: str | None = None  # the teacher's record as written, when not MARCXML


class Method:
    """One (task, method) pair. Subclasses set the class attributes and implement `judge`."""

    task: ClassVar[str]
    name: ClassVar[str]
    max_tokens: ClassVar[int]
    needs: ClassVar[str] = ""  # what a seed must hold, said in error messages
    # True when `offline` writes the teacher's part by rules, so a run can go without a model.
    rule_based: ClassVar[bool] = False
    # True when the teacher writes a record: such methods take a syntax and repair rounds.
    writes_records: ClassVar[bool] = False

    def usable(self, seed: Seed) -> bool:
        return True

    def variables(self, seed: Seed, lang: str) -> dict[str, Any]:
        raise NotImplementedError

    def structured(self, syntax: str, rules: str) -> Structured | None:
        """The output constraint to request when the teacher supports one; records are
        constrained in the `syntax` they are asked in, to the `rules` they are judged by."""
        return None

    def draft(self, seed: Seed, lang: str, syntax: str) -> list[str] | None:
        """The lines of a rules' draft of the answer, for a local teacher to lean toward
        (`RunConfig.draft_bias`); None where rules cannot draft one."""
        return None

    # Where the draft starts to apply in the answer ("": at once; `</think>`: after reasoning).
    draft_after: ClassVar[str] = ""

    def offline(self, seed: Seed, lang: str) -> str | None:
        """The teacher's part written by rules, for methods that can do without one."""
        return None

    def judge(
        self, seed: Seed, completion: Completion, *, lang: str, rules: str, syntax: str = "marcxml"
    ) -> Judgement:
        raise NotImplementedError


@cache
def _fewshot_marks(task: str) -> tuple[str, ...]:
    """What betrays a pasted worked example (`prompts/<task>/_fewshot.j2`, shown by every
    template): its title and authors (UNIMARC) or its problem (math), folded, the empty ones
    left out. Fixed per task, so worked out once, not for every answer judged.
    """
    example = environment().get_template(f"{task}/_fewshot.j2").make_module()
    if task == "unimarc":
        facts = record_facts(Record.from_marcxml(str(example.record).strip()))
        marks = [facts.title or "", *facts.authors]
    else:
        marks = [str(example.question_en), str(example.question_fr)]
    return tuple(folded for folded in map(fold, marks) if folded)


def copies_fewshot(text: str, task: str, own: str = "") -> bool:
    """Small teachers often paste the worked example into their answer. True when `text` holds
    the example's title or author (UNIMARC) or its problem (math), and the seed (`own`) does not.
    The same test as `phrase_present`, with each text folded once for all the marks.
    """
    folded, mine = f" {fold(text)} ", f" {fold(own)} "
    return any(f" {m} " in folded and f" {m} " not in mine for m in _fewshot_marks(task))


def topic_of(seed: Seed, lang: str) -> str:
    """What a synthesis starts from: the seed's topic, else its question, else its record's
    title line."""
    if seed.topic:
        return seed.topic
    if seed.question:
        return seed.question
    if seed.parsed_record is not None:
        return isbd(seed.parsed_record, lang).splitlines()[0]
    return seed.id
