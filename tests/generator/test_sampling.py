"""SamplingParams.canonical: what goes into cache keys and provenance stays small and stable."""

from __future__ import annotations

import hashlib
import json

from generator.teachers.base import DraftHint, SamplingParams, Structured
from validators.grammar import record_grammar


def test_a_grammar_is_keyed_by_its_hash_not_carried_whole():
    grammar = record_grammar("mrk")
    form = SamplingParams(temperature=0, structured=Structured(grammar=grammar)).canonical()
    assert form["structured"]["grammar_sha256"] == hashlib.sha256(grammar.encode()).hexdigest()
    assert form["structured"] == {"grammar_sha256": hashlib.sha256(grammar.encode()).hexdigest()}
    text = json.dumps(form)
    assert len(grammar) > 10_000 and len(text) < 1_000
    assert "LDR:" not in text


def test_equal_grammars_share_a_key_and_different_ones_do_not():
    def key(grammar: str) -> str:
        params = SamplingParams(temperature=0, structured=Structured(grammar=grammar))
        return json.dumps(params.canonical(), sort_keys=True)

    assert key(record_grammar("mrk")) == key(record_grammar("mrk"))
    assert key(record_grammar("mrk")) != key(record_grammar("mrk", rules="strict"))


def test_other_constraints_are_kept_as_they_are():
    form = SamplingParams(structured=Structured(regex=r"\d+")).canonical()
    assert form["structured"]["regex"] == r"\d+"
    assert "grammar_sha256" not in form["structured"]
    assert SamplingParams().canonical()["structured"] is None


def test_a_draft_is_keyed_by_its_bias_and_start_not_its_lines():
    """The lines follow from the seed (in the key already); a run without a draft keeps the
    keys it had before drafts existed."""

    def form(lines: tuple[str, ...], bias: float) -> dict:
        return SamplingParams(draft=DraftHint(lines=lines, bias=bias)).canonical()

    assert form(("=200  1\\$aA",), 5.0) == form(("=200  1\\$aB",), 5.0)
    assert form(("=200  1\\$aA",), 5.0)["draft"] == {"bias": 5.0, "after": ""}
    assert form(("=200  1\\$aA",), 5.0) != form(("=200  1\\$aA",), 3.0)
    assert "draft" not in SamplingParams().canonical()
