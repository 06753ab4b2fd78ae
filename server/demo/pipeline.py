"""`copiste demo`: the whole loop on one machine, offline, from copiste's samples and real records.

generate (four methods on the teacher, records under the grammar, plus rule-based
backtranslation) -> validate -> datasets (SFT, ReFT, DPO, GRPO from the runs; the student's
corpus: real records split by record, k rule-based descriptions per train record) -> distil a
student (full fine-tune) that writes mrk -> evaluate base vs trained on held-out real records,
both decoding under the student's grammar, beside the rules-only reading each student's prompt
carries as its draft -> export an offline bundle -> summary table and HTML report.

Every stage writes into the output folder and records its result in `demo.json`, so an
interrupted demo resumes at the stage it stood in (generation and training resume inside the
stage too). The settings are part of `demo.json`: the same folder with other settings is refused
rather than mixed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator
from rich.console import Console

from server.demo.report import DemoSummary, MethodStats, StudentFigures, write_report
from server.demo.teaching import RULES_RUN, TEACHER_METHODS
from validators.errors import CopisteError

log = logging.getLogger(__name__)

STAGES = ("generate", "datasets", "train", "evaluate", "export", "report")
STATE = "demo.json"
EVAL_RULES = "lenient"
REAL = Path("shared", "data", "unimarc", "real")


def default_real_dir() -> Path | None:
    """The nearest `shared/data/unimarc/real` above the working folder or copiste's checkout
    (the project's layout: the checkout and `shared/` side by side), or None."""
    here = Path.cwd().resolve()
    checkout = Path(__file__).resolve().parents[2]
    for folder in (here, *here.parents, checkout, *checkout.parents):
        if (folder / REAL).is_dir():
            return folder / REAL
    return None


class DemoError(CopisteError, RuntimeError):
    """A stage failed; the message says which and why, in one line. Exit 2 when the user's
    options caused it (`usage`), else 1."""

    def __init__(self, stage: str, message: str, *, usage: bool = False):
        super().__init__(f"{stage}: {message}", exit_code=2 if usage else 1, http_status=500)
        self.stage = stage
        self.usage = usage


class DemoConfig(BaseModel):
    """What the demo does; `preset()` gives the full and the quick version, sized for 2 CPU
    cores against targets of 15 and 4 minutes (figures in the README)."""

    quick: bool = False
    teacher: str = "smollm2"
    teacher_model: str | None = None
    lang: Literal["fr", "en"] = "en"
    # Sized for the embedded teacher on 2 CPU cores: a record of the grammar's few fields in
    # MarcEdit lines fits in ~250 tokens (a GPU teacher affords 1536).
    examples_per_method: int = Field(2, ge=1)
    max_tokens: int = Field(256, ge=16, description="teacher completion tokens per example")
    test_fraction: float = Field(0.25, gt=0, lt=1)
    # The student's corpus: real records (None: the nearest shared/data/unimarc/real).
    real: Path | None = None
    descriptions_per_record: int = Field(2, ge=1)
    # A full fine-tune in batches of 4 (24 LoRA steps of one example left SmolLM2 writing loops).
    # A step costs 31-36 s on 2 cores since the prompt carries the rules' whole draft; 16 steps
    # made the demo 13 min 14 s on an idle machine and 15 min 25 s on a busier one (60 tokens/s
    # instead of 69): 14 keep a margin.
    train_steps: int = Field(14, ge=1)
    train_batch_size: int = Field(4, ge=1)
    learning_rate: float = Field(1e-4, gt=0)
    eval_records: int | None = Field(8, ge=1, description="held-out records to evaluate on")
    # Held-out mrk records: median 224 tokens; the base student, never stopping, runs to this.
    eval_max_new_tokens: int = Field(288, ge=16)

    @field_validator("real")
    @classmethod
    def _real_is_a_folder(cls, value: Path | None) -> Path | None:
        """Said at once, not after the teacher's minutes of generation."""
        if value is not None and not value.is_dir():
            raise ValueError(f"{value}: no such folder of real records")
        return value

    @classmethod
    def preset(cls, *, quick: bool, **overrides: Any) -> DemoConfig:
        base: dict[str, Any] = {"quick": quick}
        if quick:
            base |= {
                "examples_per_method": 1,
                # no record fits in so few tokens (0 of 4 accepted at 96 either): the quick
                # demo shows the teacher's methods run, and keeps a margin under 4 minutes
                "max_tokens": 64,
                "train_steps": 3,
                "learning_rate": 2e-4,
                "eval_records": 4,
                "eval_max_new_tokens": 224,
            }
        return cls(**(base | {k: v for k, v in overrides.items() if v is not None}))

    def fingerprint(self) -> str:
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]

    @property
    def teacher_is_model(self) -> bool:
        """False for a rule-based teacher (isbd: no model to evaluate) and for the embedded
        student itself (comparing it with itself says nothing)."""
        from generator.teacher_spec import parse_teacher

        spec = parse_teacher(self.teacher)
        return spec.needs_model and not spec.is_embedded


class Demo:
    """One demo folder: its settings, the stages done, and how to do the others."""

    def __init__(self, config: DemoConfig, out: Path, console: Console | None = None):
        self.config = config
        self.out = out.resolve()
        self.console = console or Console(stderr=True)
        self.state = self._load_state()

    def say(self, message: str) -> None:
        self.console.print(message, highlight=False, markup=False)

    # --- state ---------------------------------------------------------------------------

    def _load_state(self) -> dict[str, Any]:
        path = self.out / STATE
        fresh = {
            "fingerprint": self.config.fingerprint(),
            "config": json.loads(self.config.model_dump_json()),
            "done": {},
            "seconds": {},
        }
        if not path.exists():
            if self.out.exists() and any(self.out.iterdir()):
                raise DemoError(
                    "start",
                    f"{self.out} is not empty and holds no demo: choose another --out",
                    usage=True,
                )
            return fresh
        state = json.loads(path.read_text(encoding="utf-8"))
        if state.get("fingerprint") != fresh["fingerprint"]:
            raise DemoError(
                "start",
                f"{self.out} holds a demo run with other settings: rerun "
                "it with the same options, or choose another --out",
                usage=True,
            )
        return state

    def _save_state(self) -> None:
        path = self.out / STATE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state, indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    # --- the loop ------------------------------------------------------------------------

    def run(self) -> DemoSummary:
        self.out.mkdir(parents=True, exist_ok=True)
        for stage in STAGES:
            if stage in self.state["done"]:
                self.say(f"[{stage}] done before, skipped")
                continue
            self.say(f"[{stage}] …")
            begun = time.perf_counter()
            result = getattr(self, f"_{stage}")()
            self.state["done"][stage] = result
            self.state["seconds"][stage] = round(time.perf_counter() - begun, 1)
            self._save_state()
        return DemoSummary.model_validate(self.state["done"]["report"])

    @property
    def runs(self) -> Path:
        return self.out / "runs"

    def _generate(self) -> dict[str, Any]:
        from server.demo.teaching import generation_plans, run_all
        from validators.samples import load_samples, sample_path

        plans = generation_plans(self.config, sample_path(), len(load_samples()))
        stats = run_all(
            plans, self.runs, self.console, lambda message: DemoError("generate", message)
        )
        return {"methods": stats, "failures_per_rule": self._failures_per_rule()}

    def _failures_per_rule(self) -> dict[str, int]:
        """How many rejected teacher examples broke each rule (each rule once per example)."""
        from generator.examples import read_examples

        counts: Counter[str] = Counter()
        for method in TEACHER_METHODS:
            for example in read_examples(self.runs / method):
                if not example.accepted:
                    findings = example.verdict.findings
                    errors = {f["rule"] for f in findings if f.get("severity") == "error"}
                    counts.update(errors or {"CHECK_FAILED"})
        return dict(counts.most_common())

    def _datasets(self) -> dict[str, Any]:
        from distill.datasets import BuildConfig, BuildError, build_datasets

        runs = [self.runs / name for name in (*TEACHER_METHODS, RULES_RUN)]
        try:
            manifest = build_datasets(
                runs,
                self.out / "datasets",
                BuildConfig(test_fraction=self.config.test_fraction),
                on_progress=lambda step: log.info("datasets: %s", step),
            )
        except BuildError as exc:
            raise DemoError("datasets", str(exc)) from None
        return {"counts": manifest["counts"], "corpus": self._corpus()}

    @property
    def corpus(self) -> Path:
        return self.out / "corpus"

    def _corpus(self) -> dict[str, Any]:
        """The student's own data (`distill.corpus`): the real records repaired and split by
        record, k rule-based descriptions per train record, mrk targets; the held-out records
        are never trained on."""
        from distill.corpus import CorpusConfig, build_corpus
        from distill.datasets import BuildError

        real = self.config.real or default_real_dir()
        if real is None:
            raise DemoError(
                "datasets",
                "no folder of real records found (shared/data/unimarc/real): give one with --real",
                usage=True,
            )
        config = CorpusConfig(real_dir=real, k=self.config.descriptions_per_record, syntax="mrk")
        try:
            manifest = build_corpus(self.corpus, config)
        except (BuildError, FileNotFoundError) as exc:
            raise DemoError("datasets", str(exc)) from None
        return {
            "real": str(real),
            "records": manifest["records"],
            "test_libraries": manifest["test_libraries"],
            "counts": manifest["counts"]["sft"],
        }

    def _train(self) -> dict[str, Any]:
        from distill.config import TrainConfig
        from distill.train import TrainError, train

        c = self.config
        config = TrainConfig(
            recipe="sft",
            data=self.corpus,
            out=self.out / "student",
            student="smollm2",
            lora=False,
            max_steps=c.train_steps,
            batch_size=c.train_batch_size,
            learning_rate=c.learning_rate,
            logging_steps=1,
            save_steps=max(5, c.train_steps // 4),
            max_length=1024,
        )
        try:
            manifest = train(config)
        except TrainError as exc:
            raise DemoError("train", str(exc)) from None
        losses = [h["loss"] for h in manifest["history"] if "loss" in h]
        return {
            "recipe": "sft",
            "lora": False,
            "student": "smollm2",
            "steps": c.train_steps,
            "examples": manifest["examples"],
            "syntax": "mrk",
            "losses": losses,
            "first_loss": losses[0] if losses else None,
            "last_loss": losses[-1] if losses else None,
            "tokens_per_second": manifest.get("tokens_per_second"),
        }

    def _evaluate(self) -> dict[str, Any]:
        from distill.evaluate import RULES, Candidate, evaluate

        c = self.config
        # The rules-only reading beside the students: the floor a trained student must beat
        # (each student's prompt carries that reading as its draft).
        candidates = [
            Candidate("base student", "smollm2"),
            Candidate("rules only", RULES, rules=True),
            Candidate("trained student", str(self.out / "student")),
        ]
        if c.teacher_is_model:
            candidates.append(Candidate("teacher", c.teacher, teacher=True))
        # Lenient rules: real records write blank indicators as # or |, which only strict refuses.
        report = evaluate(
            candidates,
            self.corpus,
            limit=c.eval_records,
            max_new_tokens=c.eval_max_new_tokens,
            rules=EVAL_RULES,
            constrain=True,
            on_progress=lambda label, done, n: log.info("%s: %d/%d", label, done, n),
        )
        if report["n"] == 0:
            raise DemoError("evaluate", "the test split is empty: no held-out record")
        path = self.out / "evaluation.json"
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        return {"path": str(path)}

    def _export(self) -> dict[str, Any]:
        from distill.export import ExportError, export

        try:
            export(
                self.out / "student",
                self.out / "bundle",
                evaluation=Path(self.state["done"]["evaluate"]["path"]),
                max_new_tokens=self.config.eval_max_new_tokens,
            )
        except ExportError as exc:
            raise DemoError("export", str(exc)) from None
        return {"path": str(self.out / "bundle")}

    def _report(self) -> dict[str, Any]:
        from generator.examples import run_summary

        done = self.state["done"]
        evaluation = json.loads(Path(done["evaluate"]["path"]).read_text(encoding="utf-8"))
        teacher = run_summary(self.runs / TEACHER_METHODS[0])["teacher"]
        seconds = dict(self.state["seconds"])
        summary = DemoSummary(
            teacher=teacher,
            quick=self.config.quick,
            generation=[
                MethodStats(method=name, **figures)
                for name, figures in done["generate"]["methods"].items()
            ],
            failures_per_rule=done["generate"]["failures_per_rule"],
            datasets=done["datasets"]["counts"],
            corpus=done["datasets"]["corpus"],
            training=done["train"],
            evaluation={
                label: StudentFigures(
                    n=evaluation["n"],
                    **{key: scores[key] for key in StudentFigures.model_fields if key != "n"},
                )
                for label, scores in evaluation["models"].items()
            },
            decoding={
                "syntax": evaluation["syntax"],
                "constrained": evaluation["constrained"],
                "rules": evaluation["rules"],
                "draft_bias": evaluation.get("draft_bias", 0.0),
            },
            examples=self._examples(evaluation),
            artefacts={
                "report": str(self.out / "report.html"),
                "summary": str(self.out / "summary.json"),
                "generation runs": str(self.runs),
                "datasets": str(self.out / "datasets"),
                "student's corpus": str(self.corpus),
                "dataset card": str(self.out / "datasets" / "dataset_card.md"),
                "trained student": str(self.out / "student"),
                "evaluation": done["evaluate"]["path"],
                "offline bundle": done["export"]["path"],
            },
            stage_seconds=seconds,
            total_seconds=sum(seconds.values()),
            finished_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
        write_report(summary, self.out)
        return json.loads(summary.model_dump_json())

    def _examples(self, evaluation: dict[str, Any]) -> list:
        from distill.datasets import load_split
        from server.demo.examples import descriptions_of, shown_examples

        rows = load_split(self.corpus, "grpo", evaluation["split"])
        return shown_examples(evaluation, descriptions_of(rows.to_list()))
