"""The embedded default teacher: the real SmolLM2-135M-Instruct through transformers on CPU."""

from __future__ import annotations

import asyncio
import json

import pytest

from generator.teachers import SamplingParams, Structured, make_teacher
from tests.generator.cli_run import generate_args

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def embedded(require):
    from generator.models import ModelUnavailable, embedded_model_dir

    try:
        return embedded_model_dir()
    except ModelUnavailable as exc:
        require(False, str(exc))


def test_smollm2_answers_in_batches_greedily(embedded):
    greedy = SamplingParams(temperature=0, max_tokens=12)
    colours = [{"role": "user", "content": "Name three colours."}]
    capital = [{"role": "user", "content": "What is the capital of France?"}]

    async def go():
        async with make_teacher("smollm2", threads=1) as teacher:
            batch = await asyncio.gather(
                teacher.chat(colours, greedy),
                teacher.chat(capital, greedy),
                teacher.chat(colours, greedy),
            )
            alone = await teacher.chat(colours, greedy)
            cut = await teacher.chat(
                [{"role": "user", "content": "Count from 1 to 10, separated by commas."}],
                SamplingParams(temperature=0, max_tokens=30, stop=[","]),
            )
            raw = await teacher.complete("The capital of France is", greedy)
            return teacher.describe(), batch, alone, cut, raw

    described, (first, paris, again), alone, cut, raw = asyncio.run(go())
    assert described == {
        "backend": "transformers",
        "model": "SmolLM2-135M-Instruct",
        "endpoint": None,
    }
    assert "Paris" in paris[0].text and paris[0].finish_reason == "stop"
    assert first[0].text == again[0].text == alone[0].text  # greedy: padding changes nothing
    assert first[0].completion_tokens == 12 and first[0].finish_reason == "length"
    assert first[0].prompt_tokens > 10
    assert "," not in cut[0].text and cut[0].finish_reason == "stop"
    assert "Paris" in raw[0].text


def test_the_embedded_teacher_constrains_outputs(embedded):
    """Through generator.constrain's logits processor: a choice, and the record grammar."""
    from validators.formats.mrk import parse_mrk
    from validators.grammar import record_grammar

    # Bounded, the form models decode under: unbounded, greedy SmolLM2 looped in 200$a past
    # the token budget once 100$a's dates were held (`a3001a410a5001...`).
    record = Structured(
        grammar=record_grammar("mrk", rules="strict", tags={"100", "200"}, bounded=True)
    )

    async def go():
        async with make_teacher("smollm2", threads=1) as teacher:
            return await asyncio.gather(
                teacher.chat(
                    [{"role": "user", "content": "a or b?"}],
                    SamplingParams(
                        temperature=0, max_tokens=4, structured=Structured(choice=["a", "b"])
                    ),
                ),
                teacher.chat(
                    [{"role": "user", "content": "Catalogue: Vivre ensemble, Jean Dupont."}],
                    SamplingParams(temperature=0, max_tokens=200, structured=record),
                ),
            )

    (choice,), (answer,) = asyncio.run(go())
    assert choice.text in ("a", "b")
    assert answer.finish_reason == "stop", answer.text
    assert parse_mrk(answer.text).first("200", "a")


def test_copiste_generate_runs_on_the_embedded_default(embedded, tmp_path, copiste):
    out = tmp_path / "run"
    args = generate_args("math", "answer", n=2, lang="en", out=out, seed=1)
    result = copiste.run(*args, timeout=300)
    assert result.returncode == 0, result.stderr
    examples = [json.loads(line) for line in (out / "examples.jsonl").read_text().splitlines()]
    assert len(examples) == 2
    for example in examples:
        assert example["provenance"]["teacher"]["model"] == "SmolLM2-135M-Instruct"
        assert example["provenance"]["tokens"]["completion"] > 0
        assert example["verdict"]["checks"]["numeric"] in (True, False)


def test_an_answer_is_cut_at_the_configs_and_the_tokenizers_end_tokens():
    """Why hf keeps its own `_eos_ids`: `generate` stops on the config's end tokens alone
    (`generator.constrain.eos_ids`), but an answer ends at the tokenizer's too."""
    from types import SimpleNamespace

    from generator.constrain import eos_ids
    from generator.teachers.hf import _eos_ids, _trim

    model = SimpleNamespace(generation_config=SimpleNamespace(eos_token_id=[5]))
    tokenizer = SimpleNamespace(eos_token_id=7)
    assert eos_ids(tokenizer, model) == (5,)
    assert _eos_ids(model, tokenizer) == {5, 7}
    assert _trim([1, 7, 2, 5, 0], _eos_ids(model, tokenizer)) == ([1], True)
    assert _trim([1, 2], _eos_ids(model, tokenizer)) == ([1, 2], False)
    # Where the config names none, both give the tokenizer's.
    model.generation_config.eos_token_id = None
    assert _eos_ids(model, tokenizer) == set(eos_ids(tokenizer, model)) == {7}
