"""How runs become datasets: `BuildConfig`, read by every step of `distill.datasets`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field


class BuildConfig(BaseModel):
    """How runs become datasets. Every default gives a usable build."""

    test_fraction: float = Field(0.1, ge=0.0, lt=1.0, description="share of groups held out")
    split_seed: str = Field("copiste", description="salt of the hash that assigns groups")
    sft_format: Literal["prompt-completion", "messages"] = "prompt-completion"
    near_duplicate_threshold: float = Field(0.9, gt=0.0, le=1.0)
    decontamination_threshold: float = Field(0.8, gt=0.0, le=1.0)
    corruptions_per_record: int = Field(2, ge=0)
    teacher_pairs_per_prompt: int = Field(4, ge=0)
    drop_local_fields: bool = True
    max_answer_chars: int | None = Field(None, gt=0)
    rules: str = "strict"
    syntax: Literal["mrk", "marcxml"] = Field(
        "mrk", description="what the student writes: MarcEdit lines (its view) or MARCXML"
    )
    decontaminate: list[Path] = Field(
        default_factory=list, description="held-out record files no train example may match"
    )
