"""`copiste distill build|sft|reft|dpo|grpo`, `copiste eval` and `copiste export`.

torch, transformers, datasets and TRL are imported inside the commands, so `copiste --help`
stays fast. Errors a user can cause end as one line and exit code 2.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from distill.clihelp import (
    DEFAULT_RULE_SET,
    DEFAULT_SFT_FORMAT,
    DEFAULT_SYNTAX,
    BatchSize,
    BestOf,
    Constrain,
    CopySpans,
    DraftBias,
    RuleSetOption,
    SftFormat,
    Syntax,
    SyntaxOption,
)
from distill.prompting import BATCH_SIZE, DRAFT_BIAS
from generator.pydantic_errors import one_line
from validators.clihelp import Command, Group, fail

app = typer.Typer(
    name="distill",
    cls=Group,
    help="Build training datasets from generation runs and train students with TRL.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _logging() -> None:
    from rich.logging import RichHandler

    logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[RichHandler()])


@app.command("build", cls=Command)
def build_command(
    out: Annotated[Path, typer.Option(help="Folder to write the datasets and the card.")],
    runs: Annotated[
        list[Path] | None, typer.Option("--runs", help="Run folders (examples.jsonl).")
    ] = None,
    reviews: Annotated[
        Path | None,
        typer.Option(help="Data folder of the review page (reviews.jsonl): dpo, kto, reward."),
    ] = None,
    test_fraction: Annotated[
        float, typer.Option(help="Share of seed records (of descriptions for --reviews) held out.")
    ] = 0.1,
    decontaminate: Annotated[
        list[Path] | None,
        typer.Option(help="Held-out record files (any flavour) no train example may match."),
    ] = None,
    sft_format: Annotated[
        SftFormat, typer.Option(help="prompt-completion (loss on the answer) or messages.")
    ] = DEFAULT_SFT_FORMAT,
    corruptions: Annotated[
        int, typer.Option(help="Rule-targeted corruptions per record for DPO.")
    ] = 2,
    keep_local_fields: Annotated[
        bool, typer.Option(help="Keep 9XX local fields in the answers.")
    ] = False,
    max_answer_chars: Annotated[
        int | None, typer.Option(help="Drop examples whose answer is longer.")
    ] = None,
    syntax: Annotated[
        Syntax, typer.Option(help="Student's records: mrk (MarcEdit lines) or marcxml.")
    ] = DEFAULT_SYNTAX,
) -> None:
    """Build SFT, ReFT, DPO and GRPO datasets (train/test) and a dataset card from runs, or
    DPO, KTO and reward datasets from cataloguers' verdicts (--reviews)."""
    from pydantic import ValidationError

    from distill.datasets import BuildConfig, build_datasets

    _logging()
    if (runs is None) == (reviews is None):
        fail("give either --runs (generation runs) or --reviews (verdicts), each to its own --out")
    try:
        if reviews is not None:
            from distill.reviews import ReviewBuildConfig, build_review_datasets

            review_config = ReviewBuildConfig(test_fraction=test_fraction)
            manifest = build_review_datasets(reviews, out, review_config)
        else:
            config = BuildConfig(
                test_fraction=test_fraction,
                decontaminate=decontaminate or [],
                sft_format=sft_format.value,
                corruptions_per_record=corruptions,
                drop_local_fields=not keep_local_fields,
                max_answer_chars=max_answer_chars,
                syntax=syntax.value,
            )
            with Console(stderr=True).status("building") as status:
                manifest = build_datasets(runs, out, config, on_progress=status.update)
    except ValidationError as exc:
        fail(one_line(exc))
    counts = manifest["counts"]
    for kind, splits in counts.items():
        print(f"{kind:5} train {splits['train']:6}  test {splits['test']:6}")
    print(f"card: {out / 'dataset_card.md'}")


@app.command("corpus", cls=Command)
def corpus_command(
    out: Annotated[Path, typer.Option(help="Folder to write the sft and grpo datasets.")],
    real: Annotated[
        Path, typer.Option(help="Folder of real UNIMARC records (MODIFIED files are skipped).")
    ] = Path("../shared/data/unimarc/real"),
    k: Annotated[int, typer.Option(help="Descriptions per train record.")] = 4,
    test_fraction: Annotated[float, typer.Option(help="Share of each source held out.")] = 0.12,
    validation_fraction: Annotated[
        float, typer.Option(help="Share of each source held out to choose stages on.")
    ] = 0.06,
    seed: Annotated[str, typer.Option(help="Seed of the split and the descriptions.")] = "copiste",
    syntax: Annotated[
        Syntax, typer.Option(help="Student's records: mrk (MarcEdit lines) or marcxml.")
    ] = DEFAULT_SYNTAX,
    max_tokens: Annotated[
        int | None, typer.Option(help="Student context in tokens (default: SmolLM2's).")
    ] = None,
) -> None:
    """Build description -> record datasets from real records: repaired, split by record."""
    from pydantic import ValidationError

    from distill.corpus import CorpusConfig, build_corpus

    try:
        config = CorpusConfig(
            real_dir=real,
            k=k,
            test_fraction=test_fraction,
            validation_fraction=validation_fraction,
            seed=seed,
            syntax=syntax.value,
            max_tokens=max_tokens,
        )
        with Console(stderr=True).status("building") as status:
            manifest = build_corpus(out, config, on_progress=status.update)
    except ValidationError as exc:
        fail(one_line(exc))
    except FileNotFoundError as exc:
        fail(str(exc))
    print(json.dumps({key: v for key, v in manifest.items() if key != "corpus"}, indent=1))


def _train(recipe: str, **options) -> None:
    from distill.config import load_config
    from distill.train import is_main_process, train

    _logging()
    config_file = options.pop("config")
    config = load_config(config_file, recipe=recipe, **options)
    manifest = train(config)
    if not is_main_process():
        return
    metrics = manifest["metrics"]
    runtime, loss = metrics.get("train_runtime", 0.0), metrics.get("train_loss", 0.0)
    speed = manifest["tokens_per_second"] or "-"
    print(f"{recipe}: {runtime:.1f} s, loss {loss:.4f}, {speed} tokens/s → {config.out}")
    if held := manifest.get("held_out"):
        rate = lambda key: "-" if held[key] is None else f"{held[key]:.1%}"  # noqa: E731
        print(
            f"held-out pairs {held['n']}: chosen above rejected {rate('accuracy')} (reward "
            f"model), {rate('rule_accuracy')} (rules), {rate('blended_accuracy')} (blend, rule "
            f"weight {held['rule_weight']})"
        )


def _register(recipe: str, summary: str) -> None:
    def command(
        data: Annotated[
            Path | None, typer.Option(help="Folder from `copiste distill build`.")
        ] = None,
        out: Annotated[Path | None, typer.Option(help="Where to save the student.")] = None,
        student: Annotated[
            str | None, typer.Option(help="smollm2 (embedded, default), a folder or a hub name.")
        ] = None,
        lora: Annotated[
            bool | None, typer.Option("--lora/--full", help="LoRA adapters or full fine-tune.")
        ] = None,
        train_layers: Annotated[
            int | None,
            typer.Option(
                min=1,
                help="Full fine-tune of the top N layers only, the rest frozen: a CPU step "
                "back-propagates through N layers (SmolLM2 has 30).",
            ),
        ] = None,
        config: Annotated[
            Path | None, typer.Option(help="YAML file of training settings (flags override).")
        ] = None,
        max_steps: Annotated[int | None, typer.Option(help="Stop after N optimiser steps.")] = None,
        epochs: Annotated[float | None, typer.Option(help="Passes over the data.")] = None,
        learning_rate: Annotated[float | None, typer.Option(help="Default per recipe.")] = None,
        batch_size: Annotated[int | None, typer.Option(help="Per-device batch size.")] = None,
        max_length: Annotated[int | None, typer.Option(help="Longest training sequence.")] = None,
        teacher: Annotated[
            str | None,
            typer.Option(help="SFT/ReFT: logit distillation from this model (same tokenizer)."),
        ] = None,
        threads: Annotated[int | None, typer.Option(help="torch threads on CPU.")] = None,
        seed: Annotated[int | None, typer.Option(help="Random seed.")] = None,
        reward_model: Annotated[
            str | None, typer.Option(help="PPO: the folder from `copiste distill reward`.")
        ] = None,
        rule_weight: Annotated[
            float | None,
            typer.Option(min=0.0, max=1.0, help="Reward/PPO: rule score's share of the reward."),
        ] = None,
    ) -> None:
        _train(
            recipe,
            data=data,
            out=out,
            student=student,
            lora=lora,
            train_layers=train_layers,
            config=config,
            max_steps=max_steps,
            epochs=epochs,
            learning_rate=learning_rate,
            batch_size=batch_size,
            max_length=max_length,
            teacher=teacher,
            threads=threads,
            seed=seed,
            reward_model=reward_model,
            rule_weight=rule_weight,
        )

    command.__doc__ = summary
    app.command(recipe, cls=Command)(command)


_register("sft", "Supervised fine-tuning on accepted teacher answers (or GKD with --teacher).")
_register("reft", "Fine-tuning on reasoning traces followed by the answer.")
_register("dpo", "Preference optimisation: accepted answers over refused or corrupted ones.")
_register("grpo", "Reinforcement learning with the UNIMARC validators as reward functions.")
_register("kto", "Preference optimisation on cataloguers' unpaired good/bad verdicts.")
_register("reward", "A reward model of cataloguers' preferences, with its held-out accuracy.")
_register(
    "ppo",
    "Online RL against the reward model blended with the rules (TRL's RLOO: PPO's clipped "
    "objective, a leave-one-out baseline for the value network).",
)


def eval_command(
    model: Annotated[
        list[str],
        typer.Option(
            metavar="PATH",
            help="Model folder or bundle, or LABEL=PATH, or rules (copiste's rules-only "
            "baseline, no model); repeat to compare.",
            show_default=False,
        ),
    ],
    data: Annotated[Path, typer.Option(metavar="DIR", help="Folder from `copiste distill build`.")],
    out: Annotated[
        Path, typer.Option(metavar="FILE", help="JSON file for the figures and the answers.")
    ],
    teacher: Annotated[
        str | None,
        typer.Option(metavar="SPEC", help="Also evaluate a teacher (e.g. a vLLM server's URL)."),
    ] = None,
    baseline: Annotated[
        bool,
        typer.Option(metavar="", help="Also evaluate the base model a trained one came from."),
    ] = True,
    syntax: SyntaxOption = None,
    constrain: Constrain = True,
    copy_spans: CopySpans = False,
    draft_bias: DraftBias = DRAFT_BIAS,
    best_of: BestOf = 1,
    rules: RuleSetOption = DEFAULT_RULE_SET,
    split: Annotated[
        str, typer.Option(metavar="NAME", help="Dataset split (test, validation, handwritten).")
    ] = "test",
    limit: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Evaluate the first N examples.")
    ] = None,
    max_new_tokens: Annotated[
        int, typer.Option(min=1, metavar="N", help="Longest answer, in tokens.")
    ] = 1024,
    batch_size: BatchSize = BATCH_SIZE,
) -> None:
    """Evaluate models side by side on held-out descriptions, as `copiste catalogue` runs them.

    Validity (lenient and strict), mean rule score, failures per rule, field F1 on the
    descriptive fields and on the whole record, and title exact match.
    """
    from distill.evaluate import Candidate, baseline_of, evaluate, parse_candidate, table

    candidates = [parse_candidate(m) for m in model]
    if baseline:
        bases = [b for c in candidates if (b := baseline_of(c.ref))]
        known = {c.ref for c in candidates}
        candidates = [
            Candidate(f"base:{Path(b).name}", b) for b in dict.fromkeys(bases) if b not in known
        ] + candidates
    if teacher:
        candidates.append(Candidate("teacher", teacher, teacher=True))
    console = Console(stderr=True)
    try:
        with console.status("evaluating") as status:
            report = evaluate(
                candidates,
                data,
                split=split,
                limit=limit,
                max_new_tokens=max_new_tokens,
                batch_size=batch_size,
                rules=str(rules),
                syntax=str(syntax) if syntax else None,
                constrain=constrain,
                copy_spans=copy_spans,
                draft_bias=draft_bias,
                best_of=best_of,
                on_progress=lambda label, done, n: status.update(escape(f"{label}: {done}/{n}")),
            )
    except ImportError as exc:
        fail(f"constrained decoding is not available ({exc}); use --no-constrain")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    Console().print(table(report))
    print(f"report: {out}")


def export_command(
    model: Annotated[
        Path, typer.Option(metavar="DIR", help="Trained student folder (full or LoRA).")
    ],
    out: Annotated[Path, typer.Option(metavar="DIR", help="Bundle folder to write.")],
    eval_report: Annotated[
        Path | None,
        typer.Option("--eval", metavar="FILE", help="`copiste eval` JSON for the model card."),
    ] = None,
    syntax: SyntaxOption = None,
    max_new_tokens: Annotated[
        int, typer.Option(min=1, metavar="N", help="Default answer length, in tokens.")
    ] = 1024,
    gguf: Annotated[
        bool,
        typer.Option(
            "--gguf", metavar="", help="Also write model.f16.gguf for llama.cpp (Llama models)."
        ),
    ] = False,
) -> None:
    """Export an offline bundle: merged safetensors, tokenizer, chat template, card, loader.

    `copiste catalogue --model BUNDLE` and the server's `student` setting take the bundle.
    """
    from distill.export import export

    manifest = export(
        model,
        out,
        evaluation=eval_report,
        max_new_tokens=max_new_tokens,
        gguf=gguf,
        syntax=str(syntax) if syntax else None,
    )
    print(f"bundle: {out} ({len(manifest['files'])} files, records in {manifest['syntax']})")
