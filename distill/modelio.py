"""Load students and teachers for training, evaluation and export, on CPU or GPU.

A LoRA run leaves an adapter folder that names its base model; everything that reads a trained
student goes through `load_causal_lm`, which folds the adapter into the base weights, so the
evaluation measures, and the export ships, exactly what training produced.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.models import resolve_model
from validators.errors import CopisteError

ADAPTER_CONFIG = "adapter_config.json"


class ModelError(CopisteError, ValueError):
    """A model that cannot be found or loaded; the message names it."""

    http_status = 422
    code = "invalid_model"


def device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def train_dtype() -> Any:
    """bf16 on a GPU that has it, float32 elsewhere (CPU bf16 is slow and lossy for training)."""
    import torch

    if torch.cuda.is_available() and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return torch.float32


def inference_dtype() -> Any:
    """The dtype a student answers in: bf16 where the hardware computes it (a GPU that has it,
    a CPU with AVX512-BF16 or AMX), float32 elsewhere (emulated bf16 is slower than float32).

    Measured with a trained SmolLM2-135M on this project's 2-core Xeon (AMX): the 38 validation
    descriptions under the grammar, batch 16, took 135 s in float32 and 92 s in bf16, with the
    same 38 answers; a 600-token prompt's prefill at batch 4 took 3.5 s and 0.9 s. Training stays
    in float32 on a CPU (`train_dtype`).
    """
    import torch

    if torch.cuda.is_available():
        return train_dtype()
    native = getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)
    return torch.bfloat16 if native() else torch.float32


def locate(name_or_path: str) -> str:
    """A loadable reference: the embedded model's folder, a local folder, or a hub name.

    Hub names are refused under HF_HUB_OFFLINE=1 unless already cached, with a clear message.
    """
    resolved = resolve_model(str(name_or_path))
    path = Path(resolved)
    if path.exists():
        if not (path / "config.json").exists() and not (path / ADAPTER_CONFIG).exists():
            raise ModelError(f"{path}: not a model folder (no config.json or adapter_config.json)")
        return str(path)
    text = str(name_or_path)
    if text.startswith((".", "/", "~")) or text.count("/") > 1:
        raise ModelError(f"{name_or_path}: no such model folder")
    return resolved


def adapter_base(path: str) -> str | None:
    config = Path(path) / ADAPTER_CONFIG
    if not config.exists():
        return None
    return json.loads(config.read_text())["base_model_name_or_path"]


def load_tokenizer(name_or_path: str):
    from transformers import AutoTokenizer

    path = locate(name_or_path)
    try:
        tokenizer = AutoTokenizer.from_pretrained(path)
    except OSError:
        base = adapter_base(path)
        if base is None:
            raise
        tokenizer = AutoTokenizer.from_pretrained(locate(base))
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_causal_lm(name_or_path: str, *, dtype: Any = None, merge: bool = True):
    """A causal LM ready to use; a LoRA adapter folder is loaded on its base and merged."""
    from transformers import AutoModelForCausalLM

    path = locate(name_or_path)
    dtype = dtype or train_dtype()
    try:
        base = adapter_base(path)
        if base is None:
            return AutoModelForCausalLM.from_pretrained(path, dtype=dtype)
        from peft import PeftModel

        model = PeftModel.from_pretrained(
            AutoModelForCausalLM.from_pretrained(locate(base), dtype=dtype), path
        )
        return model.merge_and_unload() if merge else model
    except OSError as exc:
        raise ModelError(f"{name_or_path}: cannot load the model: {exc}") from None
