"""The engines' shared accounting: a request answered counts the same in either engine."""

from __future__ import annotations

from types import SimpleNamespace

from generator import engine, engine_ray
from generator.contract import Progress
from generator.teachers import Completion


def test_both_engines_count_an_answer_with_the_same_public_function():
    assert engine_ray.account is engine.account
    session = SimpleNamespace(progress=Progress(), teacher=object(), sent=0, failed_now={"k", "o"})
    completions = [
        Completion(text="a", prompt_tokens=10, completion_tokens=5, repair_prompt_tokens=3),
        Completion(text="b", prompt_tokens=10, completion_tokens=7, repairs=1),
    ]
    examples = [
        {"accepted": True, "provenance": {"repairs": 1}},
        {"accepted": False, "provenance": {"repairs": 0}},
    ]
    engine.account(session, SimpleNamespace(key="k"), completions, examples)
    progress = session.progress
    assert session.sent == 1 and session.failed_now == {"o"} and progress.failed == 1
    assert (progress.done, progress.accepted, progress.repaired, progress.rejected) == (1, 1, 1, 1)
    # The prompt is counted once for all samples, repair prompts and answers for each.
    assert (progress.prompt_tokens, progress.completion_tokens, progress.repairs) == (13, 12, 1)
    # Rendered by rules (no teacher): nothing was sent.
    session.teacher = None
    engine.account(session, SimpleNamespace(key="o"), [], [])
    assert session.sent == 1 and progress.done == 2 and not session.failed_now
