"""A built dataset folder on disk: its kinds and splits, how rows are written (`save_splits`:
`datasets`' folder plus Parquet and JSON lines) and read back (`load_split`), and the error when
a folder is not one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from validators.errors import CopisteError

KINDS = ("sft", "reft", "dpo", "grpo")
SPLITS = ("train", "test")
BUILD_MANIFEST = "build.json"
CARD = "dataset_card.md"


class BuildError(CopisteError, ValueError):
    """The inputs or the output folder cannot be used; the message says which and why."""

    http_status = 422
    code = "invalid_dataset"


def features(kind: str, sft_format: str):
    from datasets import Features, List, Value

    message = {"role": Value("string"), "content": Value("string")}
    meta = {k: Value("string") for k in ("id", "task", "method", "lang", "seed_id")}
    if kind in ("sft", "reft"):
        if sft_format == "messages":
            return Features({"messages": List(message), **meta})
        return Features({"prompt": List(message), "completion": List(message), **meta})
    if kind == "dpo":
        return Features(
            {
                "prompt": List(message),
                "chosen": List(message),
                "rejected": List(message),
                "rejected_source": Value("string"),
                "rules": List(Value("string")),
                "operator": Value("string"),
                **meta,
            }
        )
    return Features({"prompt": List(message), "gold": Value("string"), **meta})


def write_datasets(rows: dict[str, dict[str, list[dict]]], folder: Path, sft_format: str) -> None:
    """Every kind's splits under `folder`, each kind in its own subfolder."""
    from datasets import disable_progress_bars

    disable_progress_bars()
    for kind in KINDS:
        save_splits(
            {split: rows[kind][split] for split in SPLITS},
            features(kind, sft_format),
            folder / kind,
        )


def save_splits(rows: dict[str, list[dict]], features: Any, target: Path) -> None:
    """Each split's rows as one dataset under `target`: `datasets`' own folder, plus Parquet
    and JSON lines per split for any other tool. Every builder of training data writes so."""
    from datasets import Dataset, DatasetDict

    splits = DatasetDict(
        {
            split: Dataset.from_dict(
                {name: [row[name] for row in data] for name in features}, features=features
            )
            for split, data in rows.items()
        }
    )
    # One shard per split, or datasets writes none for an empty split and cannot load it.
    splits.save_to_disk(str(target), num_shards=dict.fromkeys(rows, 1))
    for split, data in splits.items():
        data.to_parquet(str(target / f"{split}.parquet"))
        data.to_json(str(target / f"{split}.jsonl"), force_ascii=False)


def load_split(data: Path, kind: str, split: str):
    """One split of a built dataset, with a clear error when the folder is not one."""
    from datasets import load_from_disk

    folder = Path(data) / kind
    if not (folder / "dataset_dict.json").exists():
        raise BuildError(
            f"{data}: no {kind} dataset here; build one with `copiste distill build --runs ... "
            f"--out {data}`"
        )
    dataset = load_from_disk(str(folder))
    if split not in dataset:
        raise BuildError(f"{folder} has no {split!r} split")
    return dataset[split]
