"""Write a Llama-architecture student as GGUF (F16), for llama.cpp users.

No maintained Hugging Face -> GGUF converter is installable from PyPI (llama.cpp's
`convert_hf_to_gguf.py` is not published), but its file-format library is: the `gguf` package,
released from the llama.cpp repository. This module lays out the file as that converter does for
Llama models (SmolLM2 is one): the same metadata keys, tensor names and query/key row order, and
the BPE tokenizer with its merges and chat template. transformers reads the result back with
`gguf_file=`, which is how the tests check it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from validators.errors import CopisteError

SUPPORTED = frozenset({"LlamaForCausalLM"})


class GGUFExportError(CopisteError, ValueError):
    """The model cannot be written as GGUF (architecture or tokenizer not handled)."""


def _rotary_order(weights: Any, heads: int) -> Any:
    """Query/key rows regrouped per head the way llama.cpp's rotary embedding expects them
    (transformers interleaves the two halves of each head; GGUF keeps them in pairs)."""
    return (
        weights.reshape(heads, 2, weights.shape[0] // heads // 2, *weights.shape[1:])
        .swapaxes(1, 2)
        .reshape(weights.shape)
    )


def write_gguf(
    model: Any, tokenizer: Any, path: Path, *, name: str, tokenizer_pre: str = "default"
) -> Path:
    """Write `model` (a transformers Llama) and its fast tokenizer to `path` as F16 GGUF.

    `tokenizer_pre` names llama.cpp's pre-tokenizer (its split regex): `smollm` for students of
    the embedded SmolLM2, as llama.cpp's converter writes for SmolLM2 itself.
    """
    import gguf
    import numpy as np

    config = model.config
    architecture = (config.architectures or [type(model).__name__])[0]
    if architecture not in SUPPORTED:
        raise GGUFExportError(
            f"GGUF export handles {', '.join(sorted(SUPPORTED))}, not {architecture}"
        )
    heads, kv_heads = config.num_attention_heads, config.num_key_value_heads
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_context_length(config.max_position_embeddings)
    writer.add_embedding_length(config.hidden_size)
    writer.add_block_count(config.num_hidden_layers)
    writer.add_feed_forward_length(config.intermediate_size)
    writer.add_head_count(heads)
    writer.add_head_count_kv(kv_heads)
    writer.add_rope_freq_base(float(_rope_theta(config)))
    writer.add_layer_norm_rms_eps(float(config.rms_norm_eps))
    writer.add_vocab_size(config.vocab_size)
    writer.add_rope_dimension_count(config.hidden_size // heads)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    _add_tokenizer(writer, tokenizer, config.vocab_size, tokenizer_pre)

    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, config.num_hidden_layers)
    state = model.state_dict()
    for key, tensor in state.items():
        if key == "lm_head.weight" and config.tie_word_embeddings:
            continue  # llama.cpp reuses token_embd for tied output
        target = names.get_name(key, try_suffixes=(".weight", ".bias"))
        if target is None:
            raise GGUFExportError(f"no GGUF name for tensor {key}")
        data = tensor.detach().float().cpu().numpy()
        if key.endswith("q_proj.weight"):
            data = _rotary_order(data, heads)
        elif key.endswith("k_proj.weight"):
            data = _rotary_order(data, kv_heads)
        # Norms stay F32 as llama.cpp writes them; matrices go to F16.
        writer.add_tensor(target, data.astype(np.float16 if data.ndim > 1 else np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def _rope_theta(config: Any) -> float:
    parameters = getattr(config, "rope_parameters", None) or {}
    return parameters.get("rope_theta") or getattr(config, "rope_theta", 10000.0)


def _add_tokenizer(writer: Any, tokenizer: Any, vocab_size: int, pre: str) -> None:
    """The BPE vocabulary, merges, special ids and chat template, as llama.cpp reads them."""
    import gguf

    spec = json.loads(tokenizer.backend_tokenizer.to_str())
    model = spec.get("model", {})
    if model.get("type") != "BPE":
        raise GGUFExportError(f"GGUF export handles BPE tokenizers, not {model.get('type')}")
    vocab: dict[str, int] = dict(model["vocab"])
    special = {t["content"]: t["id"] for t in spec.get("added_tokens", [])}
    vocab.update(special)
    by_id = {i: token for token, i in vocab.items()}
    tokens, types = [], []
    for i in range(vocab_size):
        token = by_id.get(i, f"[PAD{i}]")
        tokens.append(token)
        if token in special:
            types.append(gguf.TokenType.CONTROL)
        elif i in by_id:
            types.append(gguf.TokenType.NORMAL)
        else:
            types.append(gguf.TokenType.UNUSED)
    merges = [m if isinstance(m, str) else " ".join(m) for m in model.get("merges", [])]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(pre)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    writer.add_add_bos_token(False)
    for setter, token_id in (
        (writer.add_bos_token_id, tokenizer.bos_token_id),
        (writer.add_eos_token_id, tokenizer.eos_token_id),
        (writer.add_unk_token_id, tokenizer.unk_token_id),
        (writer.add_pad_token_id, tokenizer.pad_token_id),
    ):
        if token_id is not None:
            setter(int(token_id))
    if tokenizer.chat_template:
        writer.add_chat_template(tokenizer.chat_template)
