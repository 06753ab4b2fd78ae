"""distill.rewards: GRPO's rewards read the student's own syntax and grade as evaluation does."""

from __future__ import annotations

from distill.catalogue import judge
from distill.corpus import target_text
from distill.rewards import field_f1, record_score, reward_functions
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
