"""Evaluate students (and the teacher) on the held-out split with the same checkers.

Every model answers the same prompts (the GRPO dataset's test split: the student's prompt and
the gold record), greedily. Each answer is validated (validity, score, broken rules) and compared
with the gold record field by field: precision, recall and F1 over (tag, subfield, value) triples
after normalisation, micro-averaged over the split (and the per-example mean F1 beside it).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distill.canonical import field_triples, gold_triples, parse_record
from distill.datasets import load_split
from distill.formats import strip_reasoning
from distill.rewards import prf
from distill.train import MANIFEST
from generator.parsing import final_number, numbers_equal
from validators import validate
from validators.readers import recover_fields

STOP_STRINGS = {"unimarc": ["</record>"]}


@dataclass(frozen=True)
class Candidate:
    """A model to evaluate: a label for the table, and a local model or a teacher spec."""

    label: str
    ref: str
    teacher: bool = False


def parse_candidate(text: str) -> Candidate:
    """`PATH`, or `LABEL=PATH` to name the column."""
    label, sep, ref = text.partition("=")
    if sep and label and "/" not in label:
        return Candidate(label, ref)
    return Candidate(Path(text).name or text, text)


def generate_local(
    ref: str,
    prompts: Sequence[list[dict[str, str]]],
    *,
    task: str,
    max_new_tokens: int,
    batch_size: int,
    on_batch: Callable[[int], None] | None = None,
) -> list[str]:
    """Greedy answers of a local model (folder, LoRA adapter or `smollm2`), batched."""
    import torch

    from distill.modelio import device, load_causal_lm, load_tokenizer

    tokenizer = load_tokenizer(ref)
    tokenizer.padding_side = "left"
    model = load_causal_lm(ref).to(device()).eval()
    texts = [
        tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
        for p in prompts
    ]
    # Similar lengths together: less padding, and the same answers whatever the batch.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    answers: list[str] = [""] * len(texts)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        batch = tokenizer(
            [texts[i] for i in chunk], return_tensors="pt", padding=True, add_special_tokens=False
        ).to(model.device)
        with torch.inference_mode():
            output = model.generate(
                **batch,
                max_new_tokens=max_new_tokens,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
                stop_strings=STOP_STRINGS.get(task),
                tokenizer=tokenizer,
            )
        new = output[:, batch["input_ids"].shape[1] :]
        for i, row in zip(chunk, new, strict=True):
            answers[i] = tokenizer.decode(row, skip_special_tokens=True)
        if on_batch:
            on_batch(len(chunk))
    return answers


def generate_teacher(
    spec: str, prompts: Sequence[list[dict[str, str]]], *, max_new_tokens: int, concurrency: int
) -> list[str]:
    """Answers of a generator teacher (vLLM server, vLLM in-process, transformers)."""
    from generator.teachers import SamplingParams, make_teacher

    async def run() -> list[str]:
        params = SamplingParams(temperature=0.0, max_tokens=max_new_tokens, n=1)
        limit = asyncio.Semaphore(concurrency)
        async with make_teacher(spec) as teacher:  # starts it: finds the served model

            async def one(messages):
                async with limit:
                    completions = await teacher.chat(messages, params)
                    return completions[0].text if completions else ""

            return list(await asyncio.gather(*(one(p) for p in prompts)))

    return asyncio.run(run())


def score_answers(
    answers: Sequence[str], golds: Sequence[str], tasks: Sequence[str], rules: str = "strict"
) -> dict[str, Any]:
    """Validity, score, broken rules and field agreement of answers against gold answers."""
    failures: Counter[str] = Counter()
    predicted_all: Counter = Counter()
    gold_all: Counter = Counter()
    per_example = []
    for answer, gold, task in zip(answers, golds, tasks, strict=True):
        text = strip_reasoning(answer)
        if task == "unimarc":
            report = validate(text, rules=rules)
            failures.update({f.rule for f in report.errors})
            # Agreement counts what can be read even from an unfinished record; validity
            # (above) stays with the rules.
            record = parse_record(text) or recover_fields(text)
            predicted = field_triples(record) if record else Counter()
            reference = gold_triples(gold) or Counter()
            predicted_all += predicted
            gold_all += reference
            p, r, f1 = prf(predicted, reference)
            per_example.append(
                {
                    "valid": report.valid,
                    "score": report.score,
                    "precision": p,
                    "recall": r,
                    "f1": f1,
                    "rules": sorted({f.rule for f in report.errors}),
                }
            )
        else:
            # The generator's own check, which accepted the data: "12.50" is 12.5, and an
            # "Answer:" or "####" marker names the answer over the numbers of the working.
            correct = numbers_equal(final_number(text), gold)
            per_example.append({"valid": correct, "score": float(correct), "f1": float(correct)})
    n = len(per_example) or 1
    p, r, f1 = prf(predicted_all, gold_all)
    return {
        "n": len(per_example),
        "validity_rate": sum(e["valid"] for e in per_example) / n,
        "mean_score": sum(e["score"] for e in per_example) / n,
        "field_precision": p,
        "field_recall": r,
        "field_f1": f1,
        "mean_example_f1": sum(e["f1"] for e in per_example) / n,
        "failures_per_rule": dict(failures.most_common()),
        "examples": per_example,
    }


def baseline_of(ref: str) -> str | None:
    """The base student a trained model came from (its training manifest), if any."""
    manifest = Path(ref) / MANIFEST
    if manifest.exists():
        return json.loads(manifest.read_text(encoding="utf-8")).get("base_model")
    return None


def evaluate(
    candidates: Sequence[Candidate],
    data: Path,
    *,
    split: str = "test",
    limit: int | None = None,
    max_new_tokens: int = 1024,
    batch_size: int = 4,
    rules: str = "strict",
    on_progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Evaluate each candidate on the same prompts; the result is what `copiste eval` saves."""
    rows = load_split(data, "grpo", split)
    if limit:
        rows = rows.select(range(min(limit, len(rows))))
    prompts, golds, tasks = list(rows["prompt"]), list(rows["gold"]), list(rows["task"])
    task = tasks[0] if tasks else "unimarc"
    report: dict[str, Any] = {
        "data": str(Path(data).resolve()),
        "split": split,
        "n": len(prompts),
        "max_new_tokens": max_new_tokens,
        "ids": list(rows["id"]),
        "golds": golds,
        "models": {},
    }
    for candidate in candidates:
        started = time.perf_counter()
        done = 0

        def progress(k: int, label: str = candidate.label) -> None:
            nonlocal done
            done += k
            if on_progress:
                on_progress(label, done, len(prompts))

        if candidate.teacher:
            answers = generate_teacher(
                candidate.ref, prompts, max_new_tokens=max_new_tokens, concurrency=batch_size
            )
        else:
            answers = generate_local(
                candidate.ref,
                prompts,
                task=task,
                max_new_tokens=max_new_tokens,
                batch_size=batch_size,
                on_batch=progress,
            )
        scores = score_answers(answers, golds, tasks, rules)
        for example, answer in zip(scores["examples"], answers, strict=True):
            example["answer"] = answer
        scores["model"] = candidate.ref
        scores["seconds"] = round(time.perf_counter() - started, 2)
        report["models"][candidate.label] = scores
    return report


def table(report: dict[str, Any]):
    """The models side by side, as a rich Table."""
    from rich.table import Table

    models = report["models"]
    out = Table("metric", *models, title=f"{report['n']} held-out examples ({report['split']})")
    for key, label, fmt in (
        ("validity_rate", "validity rate", "{:.1%}"),
        ("mean_score", "mean score", "{:.3f}"),
        ("field_precision", "field precision", "{:.3f}"),
        ("field_recall", "field recall", "{:.3f}"),
        ("field_f1", "field F1 (micro)", "{:.3f}"),
        ("mean_example_f1", "field F1 (mean)", "{:.3f}"),
        ("seconds", "seconds", "{:.0f}"),
    ):
        out.add_row(label, *(fmt.format(m[key]) for m in models.values()))
    rules = sorted({r for m in models.values() for r in m["failures_per_rule"]})
    for rule in rules:
        out.add_row(
            f"fails {rule}", *(str(m["failures_per_rule"].get(rule, 0)) for m in models.values())
        )
    return out
