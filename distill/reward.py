"""A reward model from cataloguers' preferences (TRL's RewardTrainer), and its scores.

The student, given a one-output classification head, learns to score the record a cataloguer
preferred above the one they rejected (the `reward` dataset of `copiste distill build
--reviews`). The rules already score form; the reward model is meant for what only a cataloguer
sees, so the two are blended rather than one replacing the other: blended = (1 - w) *
sigmoid(reward model) + w * strict rule score, with w = `rule_weight`. The sigmoid puts the
reward model on the rule score's 0..1 scale, so w means a share. The held-out accuracy (chosen
scored strictly above rejected, on pairs of descriptions never trained on) is reported for the
reward model, the rules and the blend, so a reader sees what the cataloguers' model adds.
"""

from __future__ import annotations

import json
import logging
import math
import time
from pathlib import Path
from typing import Any

from distill.config import TrainConfig
from distill.datasets import load_split
from distill.modelio import ModelError, device, load_tokenizer, locate, train_dtype
from distill.train import (
    MANIFEST,
    TrainError,
    _build_summary,
    _last_checkpoint,
    _trl_kwargs,
    peft_config,
)

log = logging.getLogger(__name__)

PAIR_COLUMNS = ("prompt", "chosen", "rejected")


def load_reward_model(name_or_path: str, *, dtype: Any = None):
    """A one-output sequence classifier: a trained reward model, or a student to train one from
    (its head is then new, initialised at random)."""
    from transformers import AutoModelForSequenceClassification

    path = locate(name_or_path)
    try:
        return AutoModelForSequenceClassification.from_pretrained(
            path, num_labels=1, dtype=dtype or train_dtype()
        )
    except (OSError, ValueError) as exc:
        raise ModelError(f"{name_or_path}: cannot load a reward model: {exc}") from None


class RewardModelScore:
    """The reward model as a TRL reward function (sigmoid of its score, 0..1), batched."""

    __name__ = "reward_model"

    def __init__(self, path: str, *, batch_size: int = 8, max_length: int = 2048) -> None:
        import torch

        self.tokenizer = load_tokenizer(path)
        self.model = load_reward_model(path, dtype=torch.float32).to(device()).eval()
        self.model.config.pad_token_id = self.tokenizer.pad_token_id
        self.batch_size, self.max_length = batch_size, max_length

    def raw(self, prompts: list[list[dict]], completions: list[list[dict]]) -> list[float]:
        """The reward model's own scores (logits) of each conversation."""
        import torch

        texts = [
            self.tokenizer.apply_chat_template(p + c, tokenize=False)
            for p, c in zip(prompts, completions, strict=True)
        ]
        scores: list[float] = []
        for start in range(0, len(texts), self.batch_size):
            batch = self.tokenizer(
                texts[start : start + self.batch_size],
                return_tensors="pt",
                padding=True,
                padding_side="right",
                truncation=True,
                max_length=self.max_length,
                add_special_tokens=False,
            ).to(self.model.device)
            with torch.inference_mode():
                scores += self.model(**batch).logits[:, 0].float().tolist()
        return scores

    def __call__(self, prompts: list, completions: list, **_: Any) -> list[float]:
        return [1 / (1 + math.exp(-s)) for s in self.raw(prompts, completions)]


def blend(model_score: float, rule_score: float, rule_weight: float) -> float:
    """The reward PPO optimises and the blended accuracy measures (model_score in 0..1)."""
    return (1 - rule_weight) * model_score + rule_weight * rule_score


def _rate(wins: list[bool]) -> float | None:
    return round(sum(wins) / len(wins), 4) if wins else None


def held_out_accuracy(scorer: RewardModelScore, pairs, rule_weight: float) -> dict[str, Any]:
    """How often the chosen record scores strictly above the rejected one, on `pairs` (the
    reward dataset's test split): by the reward model, the rules, and their blend."""
    prompts = list(pairs["prompt"])
    chosen = scorer(prompts, list(pairs["chosen"]))
    rejected = scorer(prompts, list(pairs["rejected"]))
    rule_c, rule_r = list(pairs["chosen_rule_score"]), list(pairs["rejected_rule_score"])
    return {
        "n": len(prompts),
        "accuracy": _rate([c > r for c, r in zip(chosen, rejected, strict=True)]),
        "rule_accuracy": _rate([c > r for c, r in zip(rule_c, rule_r, strict=True)]),
        "blended_accuracy": _rate(
            [
                blend(c, rc, rule_weight) > blend(r, rr, rule_weight)
                for c, r, rc, rr in zip(chosen, rejected, rule_c, rule_r, strict=True)
            ]
        ),
        "rule_weight": rule_weight,
    }


def train_reward(config: TrainConfig) -> dict[str, Any]:
    """Train the reward model, save it whole in `config.out` (a LoRA run is merged: PPO and
    scoring load one folder), measure it on the test pairs, return the manifest."""
    from trl import RewardConfig, RewardTrainer

    train_data = load_split(config.data, "reward", "train")
    if len(train_data) == 0:
        raise TrainError(f"{config.data}/reward has no training pair (see its dataset_card.md)")
    student = locate(config.student)
    tokenizer = load_tokenizer(student)
    model = load_reward_model(student)
    model.config.pad_token_id = tokenizer.pad_token_id
    args = RewardConfig(**_trl_kwargs(config, max_length=config.max_length))
    trainer = RewardTrainer(
        model=model,
        args=args,
        train_dataset=train_data.select_columns(list(PAIR_COLUMNS)),
        processing_class=tokenizer,
        peft_config=peft_config(config, "SEQ_CLS"),
    )
    log.info("training a reward model on %d pairs (%s)", len(train_data), device())
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=_last_checkpoint(config.out))
    wall = time.perf_counter() - started
    config.out.mkdir(parents=True, exist_ok=True)
    if not config.lora:
        trainer.save_model(str(config.out))  # every process takes part (sharded weights)
    if not trainer.is_world_process_zero():
        return {"recipe": "reward", "metrics": dict(result.metrics)}
    if config.lora:
        trainer.model.merge_and_unload().save_pretrained(str(config.out))
    tokenizer.save_pretrained(str(config.out))
    scorer = RewardModelScore(str(config.out), max_length=config.max_length)
    held_out = held_out_accuracy(
        scorer, load_split(config.data, "reward", "test"), config.rule_weight
    )
    manifest = {
        "recipe": "reward",
        "student": config.student,
        "base_model": student,
        "lora": config.lora,
        "data": str(Path(config.data).resolve()),
        "examples": len(train_data),
        "config": json.loads(config.model_dump_json()),
        "metrics": dict(result.metrics),
        "history": trainer.state.log_history,
        "held_out": held_out,
        "tokens_per_second": None,
        "wall_s": round(wall, 2),
        "device": device(),
        "processes": trainer.args.world_size,
        "dataset_build": _build_summary(config.data),
    }
    (config.out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest
