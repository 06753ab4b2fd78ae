"""Each recipe trains a few steps with TRL: a tiny random model everywhere, the real SmolLM2-135M
for SFT and GRPO. Training must change the weights and leave a loadable student behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from distill.config import ConfigError, load_config
from distill.modelio import load_causal_lm
from distill.train import MANIFEST, TrainError, train

pytestmark = pytest.mark.slow

FAST = {"max_steps": 2, "logging_steps": 1, "max_length": 1024}


def _weights(folder: Path) -> dict[str, torch.Tensor]:
    return load_file(str(folder / "model.safetensors"))


def _changed(before: Path, after: Path) -> bool:
    a, b = _weights(before), _weights(after)
    return any(not torch.equal(a[k], b[k]) for k in a if k in b)


@pytest.mark.parametrize("recipe", ["sft", "reft", "dpo", "grpo"])
def test_each_recipe_trains_the_tiny_student(recipe, tiny_student, short_data, tmp_path):
    extra = {"num_generations": 2, "max_completion_length": 8} if recipe == "grpo" else {}
    config = load_config(
        None, recipe=recipe, data=short_data, out=tmp_path / recipe, student=str(tiny_student),
        learning_rate=1e-3, **FAST, **extra,
    )  # fmt: skip
    manifest = train(config)
    assert manifest["metrics"]["train_runtime"] > 0
    assert manifest["examples"] > 0
    if recipe == "grpo":
        # A random model earns the same zero reward on every sample: no advantage, no update.
        logged = {k for e in manifest["history"] for k in e}
        assert "rewards/record_score/mean" in logged and "rewards/field_f1/mean" in logged
    else:
        assert _changed(tiny_student, tmp_path / recipe)
    saved = json.loads((tmp_path / recipe / MANIFEST).read_text())
    assert saved["recipe"] == recipe and saved["dataset_build"]["counts"]
    load_causal_lm(str(tmp_path / recipe))


def test_checkpoints_keep_the_newest_only(tiny_student, short_data, tmp_path):
    """Resuming needs the newest checkpoint; a demo that kept every one filled a disk."""
    config = load_config(
        None, recipe="sft", data=short_data, out=tmp_path / "sft", student=str(tiny_student),
        max_steps=3, save_steps=1, logging_steps=1, max_length=256,
    )  # fmt: skip
    train(config)
    kept = sorted(p.name for p in (tmp_path / "sft" / "checkpoints").glob("checkpoint-*"))
    assert kept == ["checkpoint-3"]


def test_lora_saves_an_adapter_that_loads_merged(tiny_student, short_data, tmp_path):
    config = load_config(
        None, recipe="sft", data=short_data, out=tmp_path / "lora", student=str(tiny_student),
        lora=True, learning_rate=1e-2, **FAST,
    )  # fmt: skip
    train(config)
    adapter = json.loads((tmp_path / "lora" / "adapter_config.json").read_text())
    assert adapter["base_model_name_or_path"] == str(tiny_student)
    merged = load_causal_lm(str(tmp_path / "lora"))
    base = load_causal_lm(str(tiny_student))
    ids = torch.tensor([[1, 2, 3, 4, 5]])
    assert not torch.allclose(merged(ids).logits, base(ids).logits)


def test_logit_distillation_with_a_teacher_sharing_the_tokenizer(
    tiny_student, short_data, tmp_path
):
    config = load_config(
        None, recipe="sft", data=short_data, out=tmp_path / "kd", student=str(tiny_student),
        teacher=str(tiny_student), max_steps=1, logging_steps=1, max_length=2048,
        learning_rate=1e-3,
    )  # fmt: skip
    manifest = train(config)
    assert manifest["logit_distillation"] is True
    assert (tmp_path / "kd" / "model.safetensors").exists()


def test_logit_distillation_refuses_a_teacher_with_another_tokenizer(
    tiny_student, short_data, tmp_path
):
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import AutoTokenizer, GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    raw = Tokenizer(models.WordLevel({"[UNK]": 0, "a": 1, "b": 2}, unk_token="[UNK]"))
    raw.pre_tokenizer = pre_tokenizers.Whitespace()
    other = tmp_path / "other"
    PreTrainedTokenizerFast(tokenizer_object=raw, eos_token="[UNK]").save_pretrained(other)
    GPT2LMHeadModel(GPT2Config(vocab_size=3, n_layer=1, n_embd=8, n_head=2)).save_pretrained(other)
    assert AutoTokenizer.from_pretrained(other)
    config = load_config(
        None, recipe="sft", data=short_data, out=tmp_path / "kd", student=str(tiny_student),
        teacher=str(other), max_steps=1,
    )  # fmt: skip
    with pytest.raises(TrainError, match="tokenizer"):
        train(config)


def test_train_layers_learns_the_top_layers_only(tiny_student, short_data, tmp_path):
    config = load_config(
        None, recipe="sft", data=short_data, out=tmp_path / "top", student=str(tiny_student),
        train_layers=1, learning_rate=1e-2, **FAST,
    )  # fmt: skip
    train(config)
    before, after = _weights(tiny_student), _weights(tmp_path / "top")
    layers = load_causal_lm(str(tiny_student)).config.num_hidden_layers
    top = f"model.layers.{layers - 1}."
    moved = {k for k in before if k in after and not torch.equal(before[k], after[k])}
    assert moved and all(k.startswith(top) or k == "model.norm.weight" for k in moved)
    assert not any(k.startswith("model.embed_tokens") for k in moved)
    with pytest.raises(ConfigError, match="drop lora"):
        load_config(None, recipe="sft", data="d", out="o", lora=True, train_layers=2)
    with pytest.raises(TrainError, match="only"):
        train(config.model_copy(update={"train_layers": layers + 1, "out": tmp_path / "x"}))


def test_yaml_config_and_flags_on_top(tmp_path):
    path = tmp_path / "train.yaml"
    path.write_text("recipe: dpo\ndata: d\nout: o\nbeta: 0.3\nlora: true\nmax_steps: 7\n")
    config = load_config(path, max_steps=3, student=None)
    assert (config.recipe, config.beta, config.lora, config.max_steps) == ("dpo", 0.3, True, 3)
    assert config.lr == 5e-5  # the LoRA default for DPO
    path.write_text("recipe: sft\ndata: d\nout: o\nbogus: 1\n")
    with pytest.raises(ConfigError, match="bogus"):
        load_config(path)


def test_cli_trains_and_reports_unusable_data(tiny_student, short_data, tmp_path):
    copiste = Path(sys.executable).parent / "copiste"
    ok = subprocess.run(
        [copiste, "distill", "sft", "--data", short_data, "--student", tiny_student,
         "--out", tmp_path / "s", "--max-steps", "1", "--max-length", "512"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "tokens/s" in ok.stdout and (tmp_path / "s" / "model.safetensors").exists()
    assert "\r" not in ok.stderr and "Writing model shards" not in ok.stderr  # a log, no bars
    bad = subprocess.run(
        [copiste, "distill", "dpo", "--data", tmp_path / "nothing", "--student", tiny_student,
         "--out", tmp_path / "x"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert bad.returncode == 2 and "copiste distill build" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_real_smollm2_sft_lowers_the_loss_on_its_batch(smollm2_dir, short_data, tmp_path):
    config = load_config(
        None, recipe="sft", data=short_data, out=tmp_path / "sft", student="smollm2",
        max_steps=3, logging_steps=1, max_length=384, learning_rate=5e-5,
        trl_args={"shuffle_dataset": False},
    )  # fmt: skip
    manifest = train(config)
    assert manifest["metrics"]["train_loss"] < 3.0, manifest["history"]
    assert manifest["tokens_per_second"] > 0
    assert _changed(smollm2_dir, tmp_path / "sft")


def test_real_smollm2_grpo_with_validator_rewards(smollm2_dir, short_data, tmp_path):
    config = load_config(
        None, recipe="grpo", data=short_data, out=tmp_path / "grpo", student="smollm2",
        max_steps=1, logging_steps=1, num_generations=2, max_completion_length=24,
        learning_rate=1e-5,
    )  # fmt: skip
    manifest = train(config)
    logged = {k for e in manifest["history"] for k in e}
    for name in ("record_score", "field_f1"):
        assert f"rewards/{name}/mean" in logged, logged
    assert (tmp_path / "grpo" / "model.safetensors").exists()
