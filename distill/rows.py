"""The rows of each dataset kind, from selected items: SFT and ReFT targets (the student's view
of a record, in the syntax it writes), GRPO prompts with their gold, and DPO pairs from refused
teacher outputs and from rule-targeted corruptions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from distill.build_config import BuildConfig
from distill.canonical import normalise_question
from distill.corpus_records import target_text
from distill.corrupt import corruptions
from distill.formats import assistant, prompt_messages
from distill.prompting import student_messages
from distill.selection import Item, Stats
from generator.examples import Example
from validators import validate
from validators.roles import student_view


def _meta(example: Example) -> dict[str, Any]:
    return {
        "id": example.id,
        "task": example.task,
        "method": example.method,
        "lang": example.lang,
        "seed_id": example.seed_id or "",
    }


def student_answer(item: Item, config: BuildConfig) -> str:
    """The SFT target: in mrk, the record's student view (copiste writes the system fields)."""
    if item.record is None or config.syntax == "marcxml":
        return item.answer
    return target_text(student_view(item.record), "mrk")


def sft_row(item: Item, content: str, config: BuildConfig) -> dict[str, Any]:
    ex = item.example
    if item.record is not None:
        prompt = student_messages(ex.question, config.syntax)
    else:
        prompt = prompt_messages(ex.task, ex.lang, ex.question)
    if config.sft_format == "messages":
        return {"messages": prompt + assistant(content), **_meta(ex)}
    return {"prompt": prompt, "completion": assistant(content), **_meta(ex)}


def grpo_row(item: Item) -> dict[str, Any]:
    ex = item.example
    return {
        "prompt": prompt_messages(ex.task, ex.lang, ex.question),
        "gold": item.gold or item.answer,
        **_meta(ex),
    }


def _dpo_row(item: Item, rejected: str, source: str, rules: list[str], op: str) -> dict:
    ex = item.example
    return {
        "prompt": prompt_messages(ex.task, ex.lang, ex.question),
        "chosen": assistant(item.answer),
        "rejected": assistant(rejected),
        "rejected_source": source,
        "rules": rules,
        "operator": op,
        **_meta(ex),
    }


def teacher_rejects(
    rejected: list[Example], by_prompt: dict[tuple, list[Item]], config: BuildConfig, stats: Stats
) -> Iterable[tuple[Item, dict]]:
    """Pairs from teacher outputs the checkers refused, against accepted answers to the same
    prompt. An output refused for another reason (its record is valid) makes no pair."""
    used: Counter = Counter()
    for example in rejected:
        prompt = (example.task, example.lang, normalise_question(example.question))
        chosen = by_prompt.get(prompt)
        if not chosen or used[prompt] >= config.teacher_pairs_per_prompt:
            continue
        if example.task == "unimarc":
            report = validate(example.answer, rules=config.rules)
            if report.valid:
                stats.dropped["rejected teacher output with a valid record: no DPO pair"] += 1
                continue
            rules = sorted(f.rule for f in report.errors)
        else:
            rules = example.broken_rules
        stats.teacher_findings.update(set(rules))
        item = chosen[used[prompt] % len(chosen)]
        used[prompt] += 1
        yield item, _dpo_row(item, example.answer, "teacher", rules, "")


def corruption_pairs(item: Item, config: BuildConfig, stats: Stats) -> Iterable[dict]:
    """Pairs from rule-targeted corruptions of an accepted record, each checked to break the
    rule it is labelled with (a corruption the checkers would accept teaches nothing)."""
    if item.record is None or config.corruptions_per_record == 0:
        return
    for c in corruptions(item.record, seed=item.example.id, count=config.corruptions_per_record):
        report = validate(c.text, rules=config.rules)
        if c.rule not in {f.rule for f in report.errors}:
            stats.corruption_missed[c.rule] += 1
            continue
        yield _dpo_row(item, c.text, "corruption", [c.rule], c.operator)
