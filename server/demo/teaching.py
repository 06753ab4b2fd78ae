"""The demo's generation stage: the teacher's four methods and the rule-based backtranslation.

A 135M teacher left free writes records that break the schema (it accepted 0 of 8 MARCXML
records), so where a record is the answer (answer, reasoning, synthesis) the teacher writes
MarcEdit lines (half the tokens of MARCXML) under the bounded record grammar
(`validators.grammar.record_grammar`, `bounded=True`): the structure is right by construction,
every record ends inside the token budget, and the checkers judge what is left, the content.
Under the unbounded MARCXML grammar it still accepted 0 of 8: its records ran to the budget.
Reasoning must write a short `<think>` block first and synthesis its `<question>`, as their
judges read them. The grammar holds the fields a short description can fill, each once:
allowed eight of each, the teacher repeated 801, 215 and 701 until the budget cut the record.
Under that grammar it still accepted none: copiste's own fields (001, 801) were refused, and it
copied the worked example's author into 200$a. Now copiste writes those fields before judging,
and the teacher leans on the rules' draft its prompt shows (`TEACHER_DRAFT_BIAS`): its answer
and reasoning records are accepted (1 to 2 of 2 each in the demo; synthesis, with no draft,
none).

These runs show the teacher's methods and feed the DPO pairs; the demo's student learns from
the real records' rule-based descriptions (`distill.corpus`), not from them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.names import METHODS

if TYPE_CHECKING:
    from generator.run import RunConfig
    from generator.teachers.base import Structured

TEACHER_METHODS = METHODS  # the demo runs every method on the teacher
TEACHER_SYNTAX = "mrk"
RULES_RUN = "backtranslation-rules"
# What the teacher's records may hold: those a short description carries and 100; copiste
# writes the system's fields (001, 005, 801) before judging (`generator.methods.unimarc`).
TEACHER_TAGS = ("010", "100", "101", "102", "200", "210", "215", "700", "701", "702")
# Asked for though the schema does not make it mandatory: the demo's seeds are books, and a
# text without 101 is refused (F101_MISSING, which a grammar cannot read from leader/6).
TEACHER_REQUIRED = ("101",)
# What comes before the record, per method: (terminal, llguidance regex). Reasoning's block is
# required (its judge refuses an answer without one) and holds no record line (the teacher
# began its record there); both are short: at 400 and 300 characters the teacher's loops
# (digits, one phrase over and over) left the record no tokens, at 160 still one of two.
PREFIXES = {
    "reasoning": ("THINK", r"<think>[^<=]{1,100}<\/think>\n"),
    "synthesis": ("QUESTION", r"<question>[^<\n]{8,200}<\/question>\n"),
}
# A value's length in the teacher's records (the general bound is 400): a short description's
# longest, a title with its subtitle, fits; a 135M teacher's runaway value ends sooner.
TEACHER_VALUE_CHARS = 120
# A description is shorter than a record (the samples' ISBD: 65-147 tokens); the teacher's
# loops ran to the record's 256 (42 s of the demo for two descriptions).
DESCRIPTION_TOKENS = 160
# The embedded teacher leans on the rules' draft its answer and reasoning prompts show
# (`generator.draft_bias`), as students do: without it, shown the draft, it copied the worked
# example's author into 200$a.
TEACHER_DRAFT_BIAS = 5.0


def teacher_structured(method: str, rules: str) -> Structured | None:
    """The grammar a teacher decodes `method` under; None where its answer is prose."""
    from generator.teachers.base import Structured
    from validators.grammar import bounds, record_grammar
    from validators.grammar.lexicon import LEXICONS

    if method == "backtranslation":
        return None
    grammar = record_grammar(
        TEACHER_SYNTAX,
        rules=rules,
        value=bounds.value(LEXICONS[TEACHER_SYNTAX], TEACHER_VALUE_CHARS),
        tags=TEACHER_TAGS,
        required=TEACHER_REQUIRED,
        warnings=True,
        bounded=True,
        repeats=1,
    )
    if method in PREFIXES:
        name, pattern = PREFIXES[method]
        grammar = grammar.replace("start: ", f"start: {name} ", 1) + f"{name}: /{pattern}/\n"
    return Structured(grammar=grammar)


def generation_plans(config: Any, seeds: Path, samples: int) -> list[tuple[str, RunConfig]]:
    """(run name, settings) of every run: the teacher's four methods, then the rules' run."""
    from generator.run import RunConfig
    from generator.teachers import teacher_class
    from generator.teachers.base import SamplingParams

    # Only a teacher whose logits are copiste's takes the draft bias (the session refuses it
    # elsewhere): the teacher's class says so, the one place that knows.
    local = teacher_class(config.teacher).supports_draft_bias
    plans = []
    for method in TEACHER_METHODS:
        run = RunConfig(
            task="unimarc",
            method=method,
            seeds=None if method == "synthesis" else seeds,
            teacher=config.teacher,
            teacher_model=config.teacher_model,
            lang=config.lang,
            n=config.examples_per_method,
            draft_bias=TEACHER_DRAFT_BIAS if local else 0.0,
            # Backtranslation asks for prose, not a record: it takes no syntax.
            **({} if method == "backtranslation" else {"syntax": TEACHER_SYNTAX}),
        )
        tokens = config.max_tokens
        if method == "backtranslation":
            tokens = min(tokens, DESCRIPTION_TOKENS)
        sampling = SamplingParams(
            max_tokens=tokens,
            structured=teacher_structured(method, run.rules),
        )
        plans.append((method, run.model_copy(update={"sampling": sampling})))
    # The rule-based rendering is copiste's teacher-free backtranslation: one per record.
    rules_run = RunConfig(
        task="unimarc",
        method="backtranslation",
        seeds=seeds,
        teacher="isbd",
        lang=config.lang,
        n=samples,
    )
    return [*plans, (RULES_RUN, rules_run)]


def run_all(
    plans: list[tuple[str, RunConfig]], runs: Path, console: Console, fail
) -> dict[str, dict[str, Any]]:
    """Run each plan into `runs/NAME` with a progress bar; `fail(message)` raises the stage's
    error. Returns each run's figures."""
    from generator.run import RunError, run_generation

    stats = {}
    bars = Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
        console=console,
    )
    with bars:
        for name, run_config in plans:
            bar = bars.add_task(name, total=None, detail="starting the teacher")
            try:
                summary = run_generation(
                    run_config,
                    runs / name,
                    on_progress=lambda p, bar=bar: bars.update(
                        bar,
                        total=p.total,
                        completed=p.done,
                        detail=f"{p.accepted} accepted, {p.rejected} rejected, "
                        f"{p.tokens_per_s:.0f} tok/s",
                    ),
                )
            except RunError as exc:
                raise fail(f"{name}: {exc}") from None
            bars.update(
                bar,
                total=summary.planned,
                completed=summary.finished,
                detail=f"{summary.accepted}/{summary.examples} accepted",
            )
            if not console.is_terminal:  # no live bars in a log: say it once
                console.print(
                    f"  {name}: {summary.accepted} of {summary.examples} examples "
                    f"accepted ({summary.elapsed_s:.0f} s)",
                    markup=False,
                    highlight=False,
                )
            if summary.status != "finished":
                error = f": {summary.error}" if summary.error else ""
                raise fail(f"{name}: the run {summary.status}{error}")
            stats[name] = {
                "done": summary.examples,
                "accepted": summary.accepted,
                "rejected": summary.rejected,
                "completion_tokens": summary.completion_tokens,
                "seconds": round(summary.elapsed_s, 1),
                "grammar": run_config.sampling.structured is not None,
            }
    return stats
