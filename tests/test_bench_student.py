"""bench/student.py keeps or drops a stage on the validation split; test figures never decide."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "student.py"


def bench():
    spec = importlib.util.spec_from_file_location("bench_student", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def helps():
    return bench().helps


def stage(validation: tuple[float, float], test: tuple[float, float]) -> dict:
    """A stage's figures: (lenient validity, descriptive F1) on validation and on test."""
    return {
        split: {"validity_lenient": valid, "descriptive_f1": f1}
        for split, (valid, f1) in (("validation", validation), ("test", test))
    }


def test_a_stage_is_kept_on_its_validation_figures_whatever_test_says():
    keep = helps()
    before = stage(validation=(0.50, 0.40), test=(0.50, 0.40))
    assert keep(stage(validation=(0.60, 0.41), test=(0.10, 0.10)), before)
    assert not keep(stage(validation=(0.45, 0.38), test=(0.90, 0.60)), before)


def test_validity_may_pay_for_a_small_f1_loss_not_a_large_one():
    keep = helps()
    before = stage(validation=(0.50, 0.40), test=(0.50, 0.40))
    assert keep(stage(validation=(0.60, 0.395), test=(0.50, 0.40)), before)
    assert not keep(stage(validation=(0.90, 0.38), test=(0.50, 0.40)), before)


def test_the_draft_bias_is_chosen_on_validation_and_kept_for_test():
    module = bench()
    asked = []

    def run_split(name, model, split, limit, bias, args):
        asked.append((split, bias))
        f1 = {0.0: 0.60, 2.0: 0.75, 5.0: 0.70}[bias] if split == "validation" else 0.9 - bias / 10
        return {"validity_lenient": 1.0, "descriptive_f1": f1}

    module.run_split = run_split
    args = argparse.Namespace(biases=[0.0, 2.0, 5.0], bias=None, eval_limit=60)
    figures = module.evaluate("sft", "folder", args)
    assert args.bias == 2.0 and figures["draft_bias"] == 2.0
    assert figures["validation"]["descriptive_f1"] == 0.75
    # test, hand-written and the other styles are decoded once, at the chosen bias; the next
    # stage keeps it
    assert [a for a in asked if a[0] != "validation"] == [
        ("test", 2.0),
        ("handwritten", 2.0),
        ("styles", 2.0),
    ]
    asked.clear()
    module.evaluate("grpo", "folder", args)
    assert asked == [("validation", 2.0), ("test", 2.0), ("handwritten", 2.0), ("styles", 2.0)]


@pytest.mark.parametrize("text", ["2,x", "-1"])
def test_draft_biases_that_are_no_bias_are_refused(text):
    module = bench()
    with pytest.raises(SystemExit):
        module.biases(text, argparse.ArgumentParser())
