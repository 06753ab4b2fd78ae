"""The checkers as GRPO rewards: on crafted completions, and inside a real TRL GRPOTrainer step."""

from __future__ import annotations

import copy

import pytest

from validators.record import Subfield
from validators.rewards import (
    REWARDS,
    get_reward,
    unimarc_lenient_reward,
    unimarc_reward,
    unimarc_valid_reward,
    xml_wellformed_reward,
)
from validators.samples import load_samples


@pytest.fixture(scope="module")
def record_xml() -> str:
    return load_samples()[1].to_marcxml()


def test_rewards_read_strings_and_chat_messages(record_xml):
    completions = [
        f"Here is the record you asked for:\n```xml\n{record_xml}```\nAnything else?",
        [{"role": "assistant", "content": f"Voici la notice : {record_xml} Bonne journée."}],
        record_xml,
        "I cannot write that record.",
        record_xml[: len(record_xml) // 2],  # a generation cut short
    ]
    assert unimarc_reward(completions, prompts=["p"] * 5) == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert xml_wellformed_reward(completions) == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert unimarc_valid_reward(completions) == [1.0, 1.0, 1.0, 0.0, 0.0]


def test_partial_credit_orders_records_by_how_broken_they_are():
    record = load_samples()[0]
    one = copy.deepcopy(record)
    one.datafields("101")[0].subfields[0].value = "xx1"
    two = copy.deepcopy(one)
    two.datafields("200")[0].subfields.insert(0, Subfield("e", "moved"))
    three = copy.deepcopy(two)
    three.leader = three.leader[:5] + "x" + three.leader[6:]
    texts = [r.to_marcxml() for r in (record, one, two, three)]
    scores = unimarc_reward(texts)
    assert scores[0] == 1.0 and scores[0] > scores[1] > scores[2] > scores[3] > 0.0
    assert unimarc_valid_reward(texts) == [1.0, 0.0, 0.0, 0.0]
    assert xml_wellformed_reward(texts) == [1.0] * 4


def test_lenient_reward_forgives_legacy_blanks(record_xml):
    legacy = record_xml.replace('ind2=" "', 'ind2="#"')
    assert unimarc_lenient_reward([legacy]) == [1.0]
    assert unimarc_reward([legacy])[0] < 1.0


def test_entities_earn_nothing():
    bomb = '<!DOCTYPE r [<!ENTITY a "aaaa">]><record><leader>&a;</leader></record>'
    assert xml_wellformed_reward([bomb]) == [0.0] and unimarc_reward([bomb]) == [0.0]


def test_registry():
    assert set(REWARDS) == {"unimarc", "unimarc_lenient", "unimarc_valid", "xml_wellformed"}
    assert get_reward("unimarc") is unimarc_reward
    with pytest.raises(KeyError, match="unknown reward"):
        get_reward("nope")


@pytest.mark.slow
def test_rewards_drive_a_real_grpo_step(tmp_path, record_xml, tiny_student):
    torch = pytest.importorskip("torch")
    trl = pytest.importorskip("trl")
    from datasets import Dataset
    from transformers import AutoTokenizer, LlamaForCausalLM

    from generator.models import configure_torch_threads

    configure_torch_threads(default=1)
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(tiny_student)
    model = LlamaForCausalLM.from_pretrained(tiny_student)

    seen: dict[str, list] = {"completions": [], "rewards": []}

    def recorded_unimarc_reward(completions, **kwargs):
        rewards = unimarc_reward(completions, **kwargs)
        seen["completions"] += completions
        seen["rewards"] += rewards
        return rewards

    prompts = [
        [{"role": "user", "content": "Catalogue en UNIMARC : Les jardins de la rive haute, 2021."}],
        [{"role": "user", "content": "Write the UNIMARC record of: On patience, London, 2019."}],
    ]
    args = trl.GRPOConfig(
        output_dir=str(tmp_path),
        per_device_train_batch_size=2,
        num_generations=2,
        max_completion_length=12,
        max_steps=1,
        learning_rate=1e-3,
        logging_steps=1,
        save_strategy="no",
        report_to="none",
        bf16=False,
        gradient_checkpointing=False,
        use_cpu=True,
        dataloader_num_workers=0,
        seed=0,
    )
    trainer = trl.GRPOTrainer(
        model=model,
        reward_funcs=[recorded_unimarc_reward, xml_wellformed_reward],
        args=args,
        train_dataset=Dataset.from_dict({"prompt": prompts}),
        processing_class=tokenizer,
    )
    trainer.train()
    logged = {k: v for entry in trainer.state.log_history for k, v in entry.items()}
    assert "rewards/recorded_unimarc_reward/mean" in logged
    assert "rewards/xml_wellformed_reward/mean" in logged
    # Our function saw the policy's decoded completions (chat messages) and scored each.
    assert len(seen["completions"]) == len(seen["rewards"]) >= 2
    assert all(isinstance(c, list) and "content" in c[0] for c in seen["completions"])
    assert all(0.0 <= r <= 1.0 for r in seen["rewards"])
    expected = sum(seen["rewards"]) / len(seen["rewards"])
    assert logged["rewards/recorded_unimarc_reward/mean"] == pytest.approx(expected)
    # A random model writes no record: the same function scores a real one 1.0 in the same run.
    assert recorded_unimarc_reward([[{"role": "assistant", "content": record_xml}]]) == [1.0]
