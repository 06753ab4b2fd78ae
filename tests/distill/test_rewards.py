"""distill.rewards: GRPO's rewards read the student's own syntax and grade as evaluation does."""

from __future__ import annotations

from collections import Counter

from distill.catalogue import Catalogued, judge
from distill.corpus import target_text
from distill.rewards import Tally, field_f1, record_score, reward_functions
from distill.scoring import score_records
from validators.roles import TARGET_SETTINGS, student_view
from validators.samples import load_samples


def test_record_score_grades_mrk_and_marcxml_alike_as_the_catalogue_does():
    record = student_view(load_samples()[0])
    mrk, xml = target_text(record, "mrk"), record.to_marcxml()
    expected = judge(mrk, "mrk", "strict", TARGET_SETTINGS)[1].score
    assert expected > 0.5
    scores = record_score([mrk, [{"role": "assistant", "content": xml}], "not a record"])
    assert scores == [expected, judge(xml, "marcxml", "strict", TARGET_SETTINGS)[1].score, 0.0]


def test_a_broken_rule_costs_part_of_the_reward_not_all():
    record = student_view(load_samples()[0])
    mrk = target_text(record, "mrk")
    broken = mrk.replace("=200  1", "=200  7", 1)
    assert broken != mrk
    whole, part = record_score([mrk, broken])
    assert 0.0 < part < whole


def test_field_f1_rewards_the_right_book_in_mrk():
    samples = [student_view(r) for r in load_samples()[:2]]
    gold = samples[0].to_marcxml()
    right, wrong = (target_text(r, "mrk") for r in samples)
    assert field_f1([right, wrong], gold=[gold, gold]) == [1.0, field_f1([wrong], gold=[gold])[0]]
    assert field_f1([wrong], gold=[gold])[0] < 1.0


def test_default_rewards_are_known():
    from distill.config import TrainConfig

    names = TrainConfig.model_fields["rewards"].default
    assert len(reward_functions(names)) == len(names)


def test_agreement_over_a_split_matches_each_record_against_its_own_gold():
    """Two answers that each hold the other's record agree with nothing: pooled before
    matching, the split's triples would have agreed in full."""
    first, second = student_view(load_samples()[0]), student_view(load_samples()[1])
    golds = [target_text(first, "mrk"), target_text(second, "mrk")]
    outcomes = [
        Catalogued(str(n), *judge(answer, "mrk", "strict", TARGET_SETTINGS), answer)
        for n, answer in enumerate(reversed(golds))
    ]
    figures = score_records(outcomes, golds, syntax="mrk", rules="strict")
    assert figures["descriptive_f1"] < 0.5
    tally = Tally()
    tally.add(Counter({("200", "a", "x"): 1}), Counter({("200", "a", "y"): 1}))
    tally.add(Counter({("200", "a", "y"): 1}), Counter({("200", "a", "x"): 1}))
    assert tally.prf() == (0.0, 0.0, 0.0)
