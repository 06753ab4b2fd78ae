"""bench/student.py keeps or drops a stage on the validation split; test figures never decide."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "student.py"


def helps():
    spec = importlib.util.spec_from_file_location("bench_student", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.helps


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
