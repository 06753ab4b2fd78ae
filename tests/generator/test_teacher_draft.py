"""A local teacher leaning on the rules' draft (`RunConfig.draft_bias`): each request carries its
own seed's draft, a batch applies each row's, and only a backend whose logits are copiste's
takes one."""

from __future__ import annotations

import asyncio

import pytest

from generator.rules_baseline import rules_draft
from generator.run import RunConfig, RunError, generate_examples
from generator.teachers import SamplingParams, make_teacher
from generator.teachers.base import DraftHint

GREEDY = SamplingParams(temperature=0, max_tokens=240)
DRAFTS = (
    "Vivre ensemble / Jean Dupont. — Paris : Seuil, 1990.",
    "Le Petit Prince / Antoine de Saint-Exupéry. — Paris : Gallimard, 1946. — 93 p.",
)


def _ask(description: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": description}]


@pytest.mark.slow
def test_each_row_of_a_batch_writes_its_own_draft_and_none_before_its_start(tiny_student):
    """A random model writes nothing of a draft unbiased; with a strong bonus each request of
    one batch writes its own draft's lines and ends; with `after` set, nothing is biased until
    that text appears (a random model never writes it)."""
    drafts = {d: rules_draft(d).splitlines() for d in DRAFTS}

    def hinted(lines: list[str], after: str = "") -> SamplingParams:
        return GREEDY.model_copy(
            update={"draft": DraftHint(lines=tuple(lines), bias=100.0, after=after)}
        )

    async def go():
        async with make_teacher(f"transformers:{tiny_student}", threads=1) as teacher:
            biased = await asyncio.gather(
                *(teacher.chat(_ask(d), hinted(lines)) for d, lines in drafts.items())
            )
            plain = await teacher.chat(_ask(next(iter(drafts))), GREEDY)
            waiting = await teacher.chat(
                _ask(next(iter(drafts))), hinted(next(iter(drafts.values())), after="</think>")
            )
            return biased, plain, waiting

    biased, (plain,), (waiting,) = asyncio.run(go())
    for (answer,), lines in zip(biased, drafts.values(), strict=True):
        assert answer.text.strip().splitlines() == lines and answer.finish_reason == "stop"
    first = next(iter(drafts.values()))
    assert not set(first) & set(plain.text.splitlines())
    assert not set(first) & set(waiting.text.splitlines())


@pytest.mark.slow
def test_a_run_with_a_draft_bias_sends_each_seed_its_draft(tiny_student, records_path):
    """The plan gives each request its seed's draft: a random teacher under a strong bias
    writes, for each record, the rules' draft of the description it was asked about."""
    config = RunConfig(
        task="unimarc",
        method="answer",
        seeds=records_path,
        teacher=f"transformers:{tiny_student}",
        syntax="mrk",
        n=2,
        draft_bias=100.0,
        sampling=SamplingParams(temperature=0, max_tokens=320),
    )
    examples = generate_examples(config)
    assert len(examples) == 2
    for example in examples:
        assert example.raw == rules_draft(example.question).strip(), example.raw
    assert examples[0].provenance["sampling"]["draft"] == {"bias": 100.0, "after": ""}


def test_a_teacher_that_samples_elsewhere_refuses_a_draft_bias(teacher_server, records_path):
    config = RunConfig(
        task="unimarc",
        method="answer",
        seeds=records_path,
        teacher=teacher_server.url,
        syntax="mrk",
        n=1,
        draft_bias=5.0,
    )
    with pytest.raises(RunError, match="needs a local transformers teacher"):
        generate_examples(config)
    assert teacher_server.requests() == []
