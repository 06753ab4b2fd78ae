"""Evaluate students (and the teacher) on the held-out split with the same checkers.

Every model gets the same descriptions (the GRPO dataset's test split: the student's prompt and
the gold record), asked in the syntax under test with `distill.prompting.student_messages`. A
local model answers through `distill.catalogue`, exactly as `copiste catalogue` does: under the
grammar unless told not to, best-of-N when asked, system fields filled, the record judged. The
figures (`distill.scoring`): validity under the run's rule set and under both, the mean rule
score, failures per rule, field agreement on the descriptive fields and on the whole record, and
title exact match.

`rules` as a model is copiste's rules-only reading of the description (`generator.rules_baseline`):
the floor that shows what learning adds, judged by the same path as a teacher's answer.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distill.catalogue import Catalogued, CatalogueOptions, Cataloguer, judge
from distill.corpus import target_text
from distill.datasets import BUILD_MANIFEST, BuildError, load_split
from distill.formats import strip_reasoning
from distill.prompting import (
    BATCH_SIZE,
    DRAFT_BIAS,
    build_syntax,
    description_of,
    student_messages,
)
from distill.scoring import EVAL_SETTINGS, score_math, score_records
from distill.student import Student
from distill.train import MANIFEST
from generator.rules_baseline import catalogue_by_rules
from validators.roles import STUDENT_RULES

# The model name of the rules-only baseline (a folder of that name is `./rules`).
RULES = "rules"


@dataclass(frozen=True)
class Candidate:
    """A model to evaluate: a label for the table, and a local model, a teacher spec or the
    rules-only baseline."""

    label: str
    ref: str
    teacher: bool = False
    rules: bool = False


def parse_candidate(text: str) -> Candidate:
    """`PATH`, `LABEL=PATH` to name the column, or `rules` (or `LABEL=rules`): the baseline."""
    label, sep, ref = text.partition("=")
    if not (sep and label and "/" not in label):
        label, ref = Path(text).name or text, text
    return Candidate(label, ref, rules=ref == RULES)


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


def baseline_of(ref: str) -> str | None:
    """The base student a trained model came from (its training manifest), if any."""
    manifest = Path(ref) / MANIFEST
    if manifest.exists():
        return json.loads(manifest.read_text(encoding="utf-8")).get("base_model")
    return None


def dataset_syntax(data: Path) -> str:
    """The syntax a built dataset's targets are written in (its build manifest), else mrk."""
    manifest = Path(data) / BUILD_MANIFEST
    build = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    return build_syntax(build)


@dataclass(frozen=True)
class _Run:
    """What every candidate of one evaluation shares."""

    task: str
    prompts: list[list[dict[str, str]]]
    ids: list[str]
    options: CatalogueOptions


def _catalogue(
    candidate: Candidate, run: _Run, progress: Callable[[int], None]
) -> list[Catalogued]:
    """A candidate's judged record per description, as `copiste catalogue` makes them."""
    opts = run.options
    descriptions = [description_of(p) for p in run.prompts]
    if candidate.rules:
        answers = [target_text(catalogue_by_rules(d), opts.syntax) for d in descriptions]
        progress(len(answers))
    elif not candidate.teacher:
        cataloguer = Cataloguer(Student(candidate.ref), opts)
        return cataloguer.catalogue(descriptions, run.ids, on_batch=progress)
    else:
        answers = generate_teacher(
            candidate.ref,
            [student_messages(d, opts.syntax) for d in descriptions],
            max_new_tokens=opts.max_new_tokens,
            concurrency=opts.batch_size,
        )
    return [
        Catalogued(i, *judge(strip_reasoning(a), opts.syntax, opts.rules, opts.system), a)
        for i, a in zip(run.ids, answers, strict=True)
    ]


def _math_answers(candidate: Candidate, run: _Run, progress: Callable[[int], None]) -> list[str]:
    opts = run.options
    if candidate.rules:
        raise BuildError("the rules baseline writes records; this dataset's task is math")
    if candidate.teacher:
        return generate_teacher(
            candidate.ref,
            run.prompts,
            max_new_tokens=opts.max_new_tokens,
            concurrency=opts.batch_size,
        )
    samples = Student(candidate.ref).generate(
        run.prompts,
        max_new_tokens=opts.max_new_tokens,
        batch_size=opts.batch_size,
        on_batch=progress,
    )
    return [s[0].text for s in samples]


def evaluate(
    candidates: Sequence[Candidate],
    data: Path,
    *,
    split: str = "test",
    limit: int | None = None,
    max_new_tokens: int = 1024,
    batch_size: int = BATCH_SIZE,
    rules: str = STUDENT_RULES,
    syntax: str | None = None,
    constrain: bool = True,
    copy_spans: bool = False,
    draft_bias: float = DRAFT_BIAS,
    best_of: int = 1,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Evaluate each candidate on the same descriptions; the result is what `copiste eval`
    saves. `syntax` defaults to the dataset's; `constrain` and `best_of` apply to local
    models (a teacher answers as its server does)."""
    rows = load_split(data, "grpo", split)
    if limit:
        rows = rows.select(range(min(limit, len(rows))))
    golds, tasks = list(rows["gold"]), list(rows["task"])
    syntax = syntax or dataset_syntax(data)
    run = _Run(
        task=tasks[0] if tasks else "unimarc",
        prompts=list(rows["prompt"]),
        ids=list(rows["id"]),
        options=CatalogueOptions(
            syntax=syntax,
            rules=rules,
            best_of=best_of,
            constrain=constrain,
            copy_spans=copy_spans,
            draft_bias=draft_bias,
            max_new_tokens=max_new_tokens,
            batch_size=batch_size,
            system=EVAL_SETTINGS,
        ),
    )
    report: dict[str, Any] = {
        "data": str(Path(data).resolve()),
        "split": split,
        "n": len(golds),
        "max_new_tokens": max_new_tokens,
        "syntax": syntax,
        "constrained": constrain,
        "copy_spans": copy_spans,
        "draft_bias": draft_bias,
        "best_of": best_of,
        "rules": rules,
        "ids": run.ids,
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
                on_progress(label, done, len(golds))

        if run.task == "unimarc":
            outcomes = _catalogue(candidate, run, progress)
            answers = [o.answer for o in outcomes]
            scores = score_records(outcomes, golds, syntax=syntax, rules=rules)
        else:
            answers = _math_answers(candidate, run, progress)
            scores = score_math(answers, golds)
        for example, answer in zip(scores["examples"], answers, strict=True):
            example["answer"] = answer
        scores["model"] = candidate.ref
        scores["seconds"] = round(time.perf_counter() - started, 2)
        report["models"][candidate.label] = scores
    return report


ROWS = (
    ("validity_rate", "validity ({rules})", "{:.1%}"),
    ("validity_lenient", "validity (lenient)", "{:.1%}"),
    ("validity_strict", "validity (strict)", "{:.1%}"),
    ("mean_score", "mean rule score", "{:.3f}"),
    ("descriptive_precision", "descriptive precision", "{:.3f}"),
    ("descriptive_recall", "descriptive recall", "{:.3f}"),
    ("descriptive_f1", "descriptive field F1", "{:.3f}"),
    ("field_precision", "record precision", "{:.3f}"),
    ("field_recall", "record recall", "{:.3f}"),
    ("field_f1", "record field F1", "{:.3f}"),
    ("mean_example_f1", "record F1 (mean)", "{:.3f}"),
    ("title_exact", "title exact (200$a)", "{:.1%}"),
    ("seconds", "seconds", "{:.0f}"),
)


def table(report: dict[str, Any]):
    """The models side by side, as a rich Table (figures a model has not are left out)."""
    from rich.table import Table

    models = report["models"]
    decoding = "constrained" if report.get("constrained") else "unconstrained"
    if report.get("constrained") and report.get("copy_spans"):
        decoding += ", values copied from the description"
    if report.get("draft_bias"):
        decoding += f", draft bias {report['draft_bias']:g}"
    title = (
        f"{report['n']} held-out examples ({report['split']}), "
        f"{report.get('syntax', 'marcxml')}, {decoding}, best of {report.get('best_of', 1)}"
    )
    out = Table("metric", *models, title=title)
    # Records have both rule sets' rows, of which validity_rate (the run's rules) is one.
    records = all("validity_lenient" in m for m in models.values())
    for key, label, fmt in ROWS:
        if all(key in m for m in models.values()) and not (records and key == "validity_rate"):
            name = label.format(rules=report.get("rules", "strict"))
            out.add_row(name, *(fmt.format(m[key]) for m in models.values()))
    rules = sorted({r for m in models.values() for r in m["failures_per_rule"]})
    for rule in rules:
        out.add_row(
            f"fails {rule}", *(str(m["failures_per_rule"].get(rule, 0)) for m in models.values())
        )
    return out
