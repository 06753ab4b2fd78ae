"""Training configuration: one pydantic model, loadable from YAML, overridable from the CLI.

Defaults are chosen for a small student on a CPU (no bf16, no gradient checkpointing, short
sequences); on a GPU the same file trains in bf16. Anything TRL accepts that is not modelled
here goes through `trl_args`, unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from generator.pydantic_errors import one_line
from validators.errors import ConfigError

Recipe = Literal["sft", "reft", "dpo", "grpo", "kto", "reward", "ppo"]

# Learning rates that move a 100M-1B student in a few hundred steps without wrecking it.
DEFAULT_LR: dict[tuple[str, bool], float] = {
    ("sft", False): 2e-5,
    ("sft", True): 2e-4,
    ("reft", False): 2e-5,
    ("reft", True): 2e-4,
    ("dpo", False): 5e-6,
    ("dpo", True): 5e-5,
    ("grpo", False): 1e-6,
    ("grpo", True): 1e-5,
    ("kto", False): 5e-6,
    ("kto", True): 5e-5,
    ("reward", False): 1e-5,
    ("reward", True): 1e-4,
    ("ppo", False): 1e-6,
    ("ppo", True): 1e-5,
}


class TrainConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipe: Recipe
    data: Path = Field(description="folder written by `copiste distill build`")
    out: Path
    student: str = Field("smollm2", description="`smollm2` (embedded), a folder or a hub name")
    # parameter-efficient training
    lora: bool = False
    lora_r: int = Field(16, gt=0)
    lora_alpha: int = Field(32, gt=0)
    lora_dropout: float = Field(0.05, ge=0.0, lt=1.0)
    lora_target_modules: list[str] | str = "all-linear"
    # A full fine-tune of the top layers only: the embeddings and the layers below stay frozen,
    # so each step back-propagates through `train_layers` layers instead of all of them.
    train_layers: int | None = Field(None, gt=0, description="train only the top N layers")
    # logit distillation (SFT / ReFT): a teacher sharing the student's tokenizer
    teacher: str | None = None
    kd_lmbda: float = Field(0.0, ge=0.0, le=1.0, description="share of on-policy batches")
    kd_beta: float = Field(0.5, ge=0.0, le=1.0, description="0 forward KL, 1 reverse KL")
    kd_temperature: float = Field(1.0, gt=0.0)
    # optimisation
    max_steps: int = -1
    epochs: float = Field(1.0, gt=0.0)
    learning_rate: float | None = Field(None, gt=0.0)
    batch_size: int = Field(1, gt=0)
    gradient_accumulation_steps: int = Field(1, gt=0)
    max_length: int = Field(2048, gt=0)
    seed: int = 42
    logging_steps: int = Field(10, gt=0)
    save_steps: int | None = Field(None, gt=0, description="checkpoint every N steps (resumable)")
    gradient_checkpointing: bool = False
    threads: int | None = Field(None, gt=0, description="torch threads on CPU")
    # DPO, KTO, PPO (the KL penalty)
    beta: float = Field(0.1, gt=0.0)
    # GRPO
    num_generations: int = Field(4, ge=2)
    max_completion_length: int = Field(1024, gt=0)
    temperature: float = Field(1.0, gt=0.0)
    # Both syntaxes: the validators' XML-only rewards would score every MarcEdit answer 0.
    rewards: list[str] = ["record_score", "field_f1"]
    reward_weights: list[float] | None = None
    # reward model and PPO: the reward model PPO optimises against, and the rule score's share
    # of the blended reward (0: the reward model alone, 1: the rules alone)
    reward_model: str | None = Field(None, description="folder from `copiste distill reward`")
    rule_weight: float = Field(0.5, ge=0.0, le=1.0)
    trl_args: dict[str, Any] = Field(default_factory=dict, description="passed to TRL's config")

    @model_validator(mode="after")
    def _layers_need_a_full_fine_tune(self) -> TrainConfig:
        if self.train_layers and self.lora:
            raise ValueError("train_layers freezes layers of a full fine-tune: drop lora")
        return self

    @property
    def lr(self) -> float:
        return self.learning_rate or DEFAULT_LR[(self.recipe, self.lora)]


def load_config(path: Path | None, **overrides: Any) -> TrainConfig:
    """Values from a YAML file, then the non-None `overrides` (the CLI flags) on top."""
    values: dict[str, Any] = {}
    if path is not None:
        try:
            loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: a configuration is a mapping of field: value")
        values.update(loaded)
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return TrainConfig.model_validate(values)
    except ValidationError as exc:
        raise ConfigError(f"invalid training configuration: {one_line(exc)}") from None
