"""Cataloguers' verdicts become datasets (`copiste distill build --reviews`): pairs from
corrections and from good/bad records of one prompt, unpaired labels, rule-scored pairs, counted
per reviewer. The verdicts stand in for cataloguers: real records judged good, rule-targeted
corruptions of them judged bad (`distill.review_sim`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from datasets import load_from_disk

from distill.review_sim import simulated_verdicts, write_verdicts
from distill.reviews import ReviewBuildConfig, ReviewsError, build_review_datasets
from validators import Record

TAGS = ("010", "100", "101", "102", "200", "210", "215", "700", "701")


def _short(record: Record) -> Record:
    """The record cut to its descriptive core: short sequences for CPU training tests."""
    return Record(record.leader, [f for f in record.fields if f.tag in TAGS])


@pytest.fixture(scope="session")
def verdicts(real_records) -> list[dict]:
    return simulated_verdicts([_short(r) for r in real_records[:24]], seed="tests")


@pytest.fixture(scope="session")
def review_data(tmp_path_factory, verdicts) -> Path:
    folder = write_verdicts(verdicts, tmp_path_factory.mktemp("review")).parent
    out = tmp_path_factory.mktemp("data") / "reviews"
    build_review_datasets(folder, out, ReviewBuildConfig(test_fraction=0.3))
    return out


def _line(reviewer, verdict, record, corrected=None, prompt="a book"):
    return {
        "item_id": f"{reviewer}:{record}",
        "reviewer": reviewer,
        "verdict": verdict,
        "prompt": [{"role": "user", "content": prompt}],
        "description": prompt,
        "record": record,
        "corrected": corrected,
        "syntax": "mrk",
        "comment": None,
        "time": "2026-11-30T02:00:00+00:00",
        "checks_version": "x",
        "source": "test",
    }


def test_simulated_verdicts_follow_the_export_contract(verdicts):
    assert {v["verdict"] for v in verdicts} == {"good", "bad"}
    assert {v["reviewer"] for v in verdicts} == {"ana", "ben"}
    corrected = [v for v in verdicts if v["corrected"]]
    assert corrected and all(v["verdict"] == "bad" for v in corrected)
    for v in corrected:
        good = [g for g in verdicts if g["prompt"] == v["prompt"] and g["verdict"] == "good"]
        assert [g["record"] for g in good] == [v["corrected"]]
    assert all(v["record"].startswith("=LDR") for v in verdicts)


def test_build_writes_three_datasets_with_their_columns(review_data, verdicts):
    dpo, kto, reward = (load_from_disk(str(review_data / k)) for k in ("dpo", "kto", "reward"))
    assert set(dpo["train"].column_names) >= {"prompt", "chosen", "rejected", "pair", "reviewers"}
    assert set(kto["train"].column_names) >= {"prompt", "completion", "label", "reviewer"}
    assert {"chosen_rule_score", "rejected_rule_score"} <= set(reward["train"].column_names)
    assert dpo["test"].num_rows > 0 and reward["test"].num_rows == dpo["test"].num_rows
    # One kto row per verdict, plus one per correction; the labels are the verdicts.
    n_corrected = sum(1 for v in verdicts if v["corrected"])
    assert kto["train"].num_rows + kto["test"].num_rows == len(verdicts) + n_corrected
    labels = list(kto["train"]["label"]) + list(kto["test"]["label"])
    assert sum(labels) == sum(v["verdict"] == "good" for v in verdicts) + n_corrected
    # A correction pairs the corrected record over the one reviewed, on the reviewed prompt.
    fixed = next(v for v in verdicts if v["corrected"])
    pairs = [r for s in ("train", "test") for r in dpo[s] if r["pair"] == "corrected"]
    mine = [r for r in pairs if r["rejected"][0]["content"] == fixed["record"]]
    assert mine and mine[0]["chosen"][0]["content"] == fixed["corrected"]
    assert mine[0]["prompt"] == fixed["prompt"]
    # The rules see each rejected record break its rule: every chosen side scores higher.
    rows = list(reward["train"]) + list(reward["test"])
    assert all(r["chosen_rule_score"] > r["rejected_rule_score"] for r in rows)
    # Splits go by description: no prompt on both sides.
    train_prompts = {json.dumps(p) for p in kto["train"]["prompt"]}
    assert not train_prompts & {json.dumps(p) for p in kto["test"]["prompt"]}


def test_card_counts_per_reviewer(review_data, verdicts):
    build = json.loads((review_data / "build.json").read_text())
    card = (review_data / "dataset_card.md").read_text()
    for reviewer in ("ana", "ben"):
        given = [v for v in verdicts if v["reviewer"] == reviewer]
        counts = build["verdicts_per_reviewer"][reviewer]
        assert sum(counts.values()) == len(given)
        assert counts.get("corrected", 0) == sum(1 for v in given if v["corrected"])
        kto = build["per_reviewer"][reviewer]["kto"]
        assert kto == len(given) + counts.get("corrected", 0)
        assert f"| {reviewer} | {counts.get('good', 0)} | {counts.get('bad', 0)} |" in card
    assert build["syntax"] == "mrk"


def test_disagreement_makes_no_pair_but_keeps_both_labels(tmp_path):
    lines = [
        _line("ana", "good", "=200  1\\$aA"),
        _line("ben", "bad", "=200  1\\$aA"),  # the same record, judged bad by another reviewer
        _line("ben", "bad", "=200  1\\$aB"),
        _line("ana", "good", "=200  1\\$aC", prompt="another book"),
        _line("ben", "bad", "=200  1\\$aD", corrected="=200  1\\$aC", prompt="another book"),
    ]
    manifest = build_review_datasets(
        write_verdicts(lines, tmp_path / "r"), tmp_path / "out", ReviewBuildConfig(test_fraction=0)
    )
    dpo = load_from_disk(str(tmp_path / "out" / "dpo"))["train"]
    pairs = {(r["chosen"][0]["content"][-1], r["rejected"][0]["content"][-1]) for r in dpo}
    assert pairs == {("C", "D")}  # the correction; A is disputed, and C over D is not doubled
    assert manifest["disputed_records"] == 1
    assert manifest["counts"]["kto"]["train"] == 6


def test_unreadable_verdicts_are_one_clear_error(tmp_path):
    with pytest.raises(ReviewsError, match="no verdicts here"):
        build_review_datasets(tmp_path, tmp_path / "out")
    path = tmp_path / "reviews.jsonl"
    path.write_text(json.dumps(_line("ana", "maybe", "=200  1\\$aA")) + "\n")
    with pytest.raises(ReviewsError, match=r"reviews.jsonl:1: .*verdict"):
        build_review_datasets(tmp_path, tmp_path / "out")


def test_cli_builds_from_reviews_and_refuses_both_sources(review_data, verdicts, tmp_path):
    copiste = Path(sys.executable).parent / "copiste"
    folder = write_verdicts(verdicts, tmp_path / "data").parent
    ok = subprocess.run(
        [copiste, "distill", "build", "--reviews", folder, "--out", tmp_path / "built"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "kto" in ok.stdout and (tmp_path / "built" / "kto" / "dataset_dict.json").exists()
    both = subprocess.run(
        [copiste, "distill", "build", "--reviews", folder, "--runs", folder, "--out", tmp_path],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert both.returncode == 2 and "either --runs" in both.stderr
    assert "Traceback" not in both.stderr


FAST = {"max_steps": 2, "logging_steps": 1, "max_length": 768, "learning_rate": 1e-3}


@pytest.fixture(scope="session")
def reward_model(tiny_student, review_data, tmp_path_factory) -> tuple[Path, dict]:
    from distill.config import load_config
    from distill.train import train

    out = tmp_path_factory.mktemp("models") / "reward"
    config = load_config(
        None, recipe="reward", data=review_data, out=out, student=str(tiny_student), **FAST
    )
    return out, train(config)


@pytest.mark.slow
def test_reward_model_trains_loads_and_reports_held_out_accuracy(reward_model, review_data):
    from distill.reward import RewardModelScore, load_reward_model

    out, manifest = reward_model
    held = manifest["held_out"]
    test_pairs = load_from_disk(str(review_data / "reward"))["test"]
    assert held["n"] == test_pairs.num_rows > 0
    for key in ("accuracy", "rule_accuracy", "blended_accuracy"):
        assert 0.0 <= held[key] <= 1.0
    # The pairs' rejected records each break a rule: the rules alone rank every pair.
    assert held["rule_accuracy"] == 1.0
    assert load_reward_model(str(out)).config.num_labels == 1
    scorer = RewardModelScore(str(out))
    first = test_pairs[0]
    chosen, rejected = scorer.raw([first["prompt"]] * 2, [first["chosen"], first["rejected"]])
    assert chosen != rejected  # the head reads the record, not just the prompt
    # The accuracy is recomputed from the saved model's scores.
    scores = scorer.raw(list(test_pairs["prompt"]) * 2,
                        list(test_pairs["chosen"]) + list(test_pairs["rejected"]))  # fmt: skip
    n = test_pairs.num_rows
    wins = sum(scores[i] > scores[n + i] for i in range(n))
    assert held["accuracy"] == round(wins / n, 4)
    saved = json.loads((out / "copiste_training.json").read_text())
    assert saved["recipe"] == "reward" and saved["held_out"] == held


@pytest.mark.slow
@pytest.mark.parametrize("recipe", ["kto", "dpo"])
def test_kto_and_dpo_train_on_the_verdicts(recipe, tiny_student, review_data, tmp_path):
    import torch
    from safetensors.torch import load_file

    from distill.config import load_config
    from distill.modelio import load_causal_lm
    from distill.train import train

    config = load_config(
        None, recipe=recipe, data=review_data, out=tmp_path / recipe, student=str(tiny_student),
        **FAST,
    )  # fmt: skip
    manifest = train(config)
    assert manifest["examples"] > 0 and manifest["metrics"]["train_runtime"] > 0
    before, after = (
        load_file(str(tiny_student / "model.safetensors")),
        load_file(str(tmp_path / recipe / "model.safetensors")),
    )
    assert any(not torch.equal(before[k], after[k]) for k in before if k in after)
    load_causal_lm(str(tmp_path / recipe))


@pytest.mark.slow
def test_ppo_optimises_against_the_reward_model_and_the_rules(
    tiny_student, review_data, reward_model, tmp_path
):
    from distill.config import load_config
    from distill.modelio import load_causal_lm
    from distill.train import TrainError, train

    options = dict(FAST, num_generations=2, max_completion_length=8, rule_weight=0.5)
    config = load_config(
        None, recipe="ppo", data=review_data, out=tmp_path / "ppo", student=str(tiny_student),
        reward_model=str(reward_model[0]), **options,
    )  # fmt: skip
    manifest = train(config)
    logged = {k for e in manifest["history"] for k in e}
    assert {"rewards/reward_model/mean", "rewards/record_score/mean"} <= logged, logged
    assert (tmp_path / "ppo" / "model.safetensors").exists()
    load_causal_lm(str(tmp_path / "ppo"))
    without = config.model_copy(update={"reward_model": None, "out": tmp_path / "x"})
    with pytest.raises(TrainError, match="--reward-model"):
        train(without)


@pytest.mark.slow
def test_cli_reward_prints_its_accuracy_and_ppo_asks_for_a_reward_model(
    tiny_student, review_data, tmp_path
):
    copiste = Path(sys.executable).parent / "copiste"
    common = ["--data", review_data, "--student", tiny_student, "--max-steps", "1"]
    ok = subprocess.run(
        [copiste, "distill", "reward", *common, "--out", tmp_path / "rm", "--max-length", "768",
         "--rule-weight", "0.3"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "held-out pairs" in ok.stdout and "rule weight 0.3" in ok.stdout
    bad = subprocess.run(
        [copiste, "distill", "ppo", *common, "--out", tmp_path / "ppo"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert bad.returncode == 2 and "--reward-model" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.slow
def test_a_lora_reward_model_is_saved_merged(tiny_student, review_data, tmp_path):
    from distill.config import load_config
    from distill.reward import load_reward_model
    from distill.train import train

    config = load_config(
        None, recipe="reward", data=review_data, out=tmp_path / "rm", student=str(tiny_student),
        lora=True, lora_target_modules=["q_proj", "v_proj"], **dict(FAST, max_steps=1),
    )  # fmt: skip
    manifest = train(config)
    assert manifest["held_out"]["n"] > 0
    assert not (tmp_path / "rm" / "adapter_config.json").exists()
    assert load_reward_model(str(tmp_path / "rm")).config.num_labels == 1


def test_the_review_pages_export_builds(tmp_path, verdicts):
    """The server's own export (server.review) feeds the build: the contract holds end to end."""
    from server.review.export import write_export
    from server.review.items import make_item
    from server.review.store import Review, ReviewStore

    good, bad = verdicts[0], verdicts[1]  # a record judged good, a corruption of it judged bad
    items = [make_item(good["description"], v["record"], source="t", rules="strict")
             for v in (good, bad)]  # fmt: skip
    with ReviewStore(tmp_path / "data" / "reviews.sqlite") as store:
        _, ids = store.add(items)
        when = "2026-11-30T02:00:00.000Z"
        store.record_verdict(Review(ids[0], "ana", "good", None, None, when, "v1"))
        store.record_verdict(Review(ids[1], "ben", "bad", good["record"], "fixed", when, "v1"))
        write_export(store, tmp_path / "data" / "reviews.jsonl")
    manifest = build_review_datasets(
        tmp_path / "data", tmp_path / "out", ReviewBuildConfig(test_fraction=0)
    )
    assert manifest["pairs"] == {"corrected": 1}  # good over bad is that same pair: kept once
    assert manifest["counts"]["kto"]["train"] == 3
    dpo = load_from_disk(str(tmp_path / "out" / "dpo"))["train"]
    assert dpo[0]["prompt"] == good["prompt"]
