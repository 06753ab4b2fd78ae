"""Decoding under the record grammar: a random tiny model writes records that parse and pass the
structural rules every time when constrained, and never when not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from distill.constrain import (
    GrammarLogitsProcessor,
    apply_bitmask,
    eos_ids,
    record_processor,
    span_pattern,
    span_processor,
)
from validators import validate
from validators.formats.mrk import parse_mrk
from validators.grammar import NOT_EXPRESSED, record_grammar
from validators.roles import STUDENT_TAGS, fill_system_fields, normal_leader

HELD_WARNINGS = {
    "LEADER_NUMERIC",
    "F100_A_AUDIENCE",
    "F100_A_GOVERNMENT",
    "F100_A_MODIFIED",
    "F100_A_TRANSLITERATION",
    "F100_A_SCRIPT",
    "INDICATOR_UNDEFINED",
}
PROMPTS = [
    "Titre : Vivre ensemble. Auteur : Jean Dupont. Paris : Gallimard, 1999. 231 p.",
    "The art of the fugue / J. S. Bach ; edited by Willi Apel. Leipzig, 1973.",
    "Revue d'histoire moderne, ISSN 0048-8003",
    "Cartes de France, 1 vol., 24 cm",
]


@pytest.fixture(scope="module")
def model_and_tokenizer(tiny_student):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(1)
    tokenizer = AutoTokenizer.from_pretrained(tiny_student, padding_side="left")
    model = AutoModelForCausalLM.from_pretrained(tiny_student).eval()
    return model, tokenizer


def generate(model, tokenizer, *, constrained: bool, sample: bool, seed: int) -> list[str]:
    """Eight answers. A random model almost never picks a line break or EOS among 49k tokens,
    so both get a bias, as a trained student's preference for ending lines and records would:
    what the grammar decides is everything else (which tags, indicators, codes, when EOS is
    allowed)."""
    torch.manual_seed(seed)
    batch = tokenizer(PROMPTS * 2, return_tensors="pt", padding=True)
    newline = tokenizer.encode("\n", add_special_tokens=False)
    eos = eos_ids(tokenizer, model)
    bias = {tuple(newline): 20.0, **{(e,): 20.0 for e in eos}}
    # The strict grammar with its warnings: the mechanism under test is the processor (the
    # student's own, lenient and bounded, is tested below and by every corpus target).
    strict = record_grammar("mrk", rules="strict", tags=STUDENT_TAGS, warnings=True)
    processors = (
        [GrammarLogitsProcessor(tokenizer, strict, eos_token_id=eos)] if constrained else []
    )
    out = model.generate(
        **batch,
        max_new_tokens=300,
        do_sample=sample,
        top_k=0,
        logits_processor=processors,
        sequence_bias=bias,
        pad_token_id=tokenizer.pad_token_id,
    )
    new = out[:, batch.input_ids.shape[1] :]
    for row in new:  # every constrained row ended on EOS, not on the token budget
        if constrained:
            assert set(row.tolist()) & set(eos), tokenizer.decode(row)
    return tokenizer.batch_decode(new, skip_special_tokens=True)


def structural_errors(text: str) -> list[str] | None:
    """None when the text is no record; else the errors, under the strict rules, of the record
    copiste completes (001, 005, 801 and 100$a's system positions from settings)."""
    try:
        record = fill_system_fields(parse_mrk(text))
    except ValueError:
        return None
    report = validate(record, rules="strict")
    return [f.rule for f in report.findings if f.severity.value == "error"]


@pytest.mark.parametrize("sample", [True, False], ids=["sampled", "greedy"])
def test_constrained_answers_are_records_every_time(model_and_tokenizer, sample):
    model, tokenizer = model_and_tokenizer
    texts = []
    for seed in range(3 if sample else 1):
        texts += generate(model, tokenizer, constrained=True, sample=sample, seed=seed)
    for text in texts:
        errors = structural_errors(text)
        assert errors is not None, text
        # What the grammar cannot say (check digits, date order) is the checkers' to catch.
        assert set(errors) <= NOT_EXPRESSED, (errors, text)
        lenient = validate(fill_system_fields(parse_mrk(text)), rules="lenient")
        assert lenient.valid, (lenient.findings, text)
        # The processor holds the coded positions the rule sets only warn about, too.
        held = {f.rule for f in lenient.findings} & HELD_WARNINGS
        assert not held, (held, text)
    assert len(set(texts)) > (1 if not sample else len(texts) // 2)


def test_unconstrained_answers_are_not(model_and_tokenizer):
    model, tokenizer = model_and_tokenizer
    texts = generate(model, tokenizer, constrained=False, sample=True, seed=0)
    assert not any(structural_errors(t) == [] for t in texts)


def test_a_batch_of_the_wrong_size_and_a_bad_grammar_are_clear_errors(model_and_tokenizer):
    _, tokenizer = model_and_tokenizer
    with pytest.raises(ValueError, match="does not compile"):
        GrammarLogitsProcessor(tokenizer, "start: UNDEFINED_RULE\n")
    grammar = record_grammar("mrk", tags=STUDENT_TAGS)
    processor = GrammarLogitsProcessor(tokenizer, grammar, batch_size=2)
    with pytest.raises(ValueError, match="batch of 2 rows, got 3"):
        processor(torch.zeros((3, 4), dtype=torch.long), torch.zeros((3, len(tokenizer))))


def test_apply_bitmask_keeps_exactly_the_allowed_tokens():
    scores = torch.zeros((2, 70))
    bitmask = torch.zeros((2, 2), dtype=torch.int32)
    bitmask[0, 0] = 1 << 3
    bitmask[1, 1] = (1 << 5) | 1  # tokens 32 and 37
    out = apply_bitmask(scores, bitmask)
    assert torch.isfinite(out[0]).nonzero().flatten().tolist() == [3]
    assert torch.isfinite(out[1]).nonzero().flatten().tolist() == [32, 37]


def test_span_copy_values_are_spans_of_each_prompts_description(model_and_tokenizer):
    """Each prompt gets its own grammar: its free subfield values copy its description only."""
    model, tokenizer = model_and_tokenizer
    descriptions = [PROMPTS[0], PROMPTS[1]]
    batch = tokenizer(descriptions, return_tensors="pt", padding=True)
    newline = tokenizer.encode("\n", add_special_tokens=False)
    bias = {tuple(newline): 20.0, **{(e,): 20.0 for e in eos_ids(tokenizer, model)}}
    torch.manual_seed(0)
    processor = span_processor(tokenizer, descriptions, model=model)
    out = model.generate(
        **batch,
        max_new_tokens=300,
        do_sample=True,
        top_k=0,
        num_return_sequences=3,
        logits_processor=[processor],
        sequence_bias=bias,
        pad_token_id=tokenizer.pad_token_id,
    )
    texts = tokenizer.batch_decode(out[:, batch.input_ids.shape[1] :], skip_special_tokens=True)
    coded = {("101", c) for c in "abcdefghij"} | {("102", "a"), ("100", "a")}
    copied = 0
    for row, text in enumerate(texts):
        description = descriptions[row // 3]
        for field in parse_mrk(text).data_fields:
            for sub in field.subfields:
                if (field.tag, sub.code) in coded or (field.tag[0] == "7" and sub.code == "4"):
                    continue
                assert sub.value in description, (sub.value, description)
                copied += 1
    assert copied >= len(texts)  # every record has at least its title copied


def test_span_pattern_needs_words():
    with pytest.raises(ValueError, match="empty"):
        span_pattern("   ")


def test_bench_catalogue_help():
    bench = Path(__file__).resolve().parents[2] / "bench" / "catalogue.py"
    result = subprocess.run(
        [sys.executable, str(bench), "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "--compare-backends" in result.stdout and "tokens" in result.stdout


def test_a_finished_grammar_allows_only_eos(model_and_tokenizer):
    """Where nothing can follow (llguidance stops its matcher), the row may only end."""
    model, tokenizer = model_and_tokenizer
    eos = eos_ids(tokenizer, model)
    grammar = 'start: "=001  x\\n"\n'
    batch = tokenizer(PROMPTS[:2], return_tensors="pt", padding=True)
    out = model.generate(
        **batch,
        max_new_tokens=20,
        do_sample=False,
        logits_processor=[GrammarLogitsProcessor(tokenizer, grammar, eos_token_id=eos)],
        pad_token_id=tokenizer.pad_token_id,
    )
    new = out[:, batch.input_ids.shape[1] :]
    assert tokenizer.batch_decode(new, skip_special_tokens=True) == ["=001  x\n"] * 2


def test_the_students_processor_keeps_the_leader_copiste_writes(model_and_tokenizer):
    """The student's grammar (lenient, bounded) holds the leader `normal_leader` writes: a
    random model, free elsewhere, cannot write any other."""
    model, tokenizer = model_and_tokenizer
    batch = tokenizer(PROMPTS, return_tensors="pt", padding=True)
    torch.manual_seed(0)
    out = model.generate(
        **batch,
        max_new_tokens=64,
        do_sample=True,
        top_k=0,
        logits_processor=[record_processor(tokenizer, model=model)],
        pad_token_id=tokenizer.pad_token_id,
    )
    texts = tokenizer.batch_decode(out[:, batch.input_ids.shape[1] :], skip_special_tokens=True)
    for text in texts:
        leader = text.splitlines()[0].removeprefix("=LDR  ").replace("\\", " ")
        assert len(leader) == 24 and leader == normal_leader(leader), text
