"""Online RL of the student against the cataloguers' reward model blended with the rules.

TRL 1.16 has no PPOTrainer any more (it moved to `trl.experimental.ppo` in 1.x and was then
removed, huggingface/trl#7020), so `copiste distill ppo` runs TRL's RLOOTrainer: PPO's clipped
surrogate objective (`epsilon`) with a KL penalty to the starting policy (`beta`), the value
network replaced by the leave-one-out baseline of `num_generations` samples per prompt, which
needs no second model to train and suits a 135M student on a CPU. The reward is the blend the
reward model's held-out accuracy measures: (1 - w) * sigmoid(reward model) + w * strict rule
score, given to TRL as two reward functions weighted (1 - w, w), so both are logged apart.
"""

from __future__ import annotations

from typing import Any

from distill.config import TrainConfig
from distill.rewards import record_score
from distill.train import TrainError


def _prompts(train):
    """Each reviewed prompt once (the kto dataset holds one row per verdict)."""
    seen: set[str] = set()
    keep = []
    for n, prompt in enumerate(train["prompt"]):
        key = repr(prompt)
        if key not in seen:
            seen.add(key)
            keep.append(n)
    return train.select(keep).select_columns(["prompt"])


def ppo_trainer(config: TrainConfig, model, tokenizer, train, peft_config, kwargs: dict[str, Any]):
    from trl import RLOOConfig, RLOOTrainer

    from distill.reward import RewardModelScore

    if not config.reward_model:
        raise TrainError(
            "ppo needs a reward model: --reward-model DIR from `copiste distill reward`"
        )
    scorer = RewardModelScore(config.reward_model, max_length=config.max_length)
    weights = [1 - config.rule_weight, config.rule_weight]
    return RLOOTrainer(
        model=model,
        reward_funcs=[scorer, record_score],
        args=RLOOConfig(**{**kwargs, "reward_weights": weights}),
        train_dataset=_prompts(train),
        processing_class=tokenizer,
        peft_config=peft_config,
    )
