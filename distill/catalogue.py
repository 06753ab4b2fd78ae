"""The student at work: descriptions in, records a cataloguer can review out.

For each description the student writes a record (MarcEdit lines by default, or MARCXML),
decoding under the schema's grammar unless told not to; copiste parses the answer, writes the
fields no description carries from its settings (`validators.roles.fill_system_fields`), and
judges the whole record with the same checkers as everywhere. With best-of-N, the answer the
checkers score highest is kept, and the model's mean token log-probability breaks ties: the
checkers know the rules, the model knows the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from distill.prompting import (
    BATCH_SIZE,
    DEFAULT_SYNTAX,
    STOP_STRINGS,
    SYNTAXES,
    student_messages,
)
from distill.student import ConstraintFactory, Sample, Student
from validators.readers import ReadError, read_records, text_to_bytes
from validators.record import Record
from validators.report import Finding, Report, Severity
from validators.roles import STUDENT_RULES, SystemSettings, fill_system_fields
from validators.validate import validate


@dataclass(frozen=True, slots=True)
class CatalogueOptions:
    """How records are written and judged (`copiste catalogue`'s options, the API's settings)."""

    syntax: str = DEFAULT_SYNTAX
    rules: str = STUDENT_RULES
    best_of: int = 1
    constrain: bool = True
    copy_spans: bool = False  # under the grammar, free values copy spans of the description
    # Logit bonus for keeping the rules' draft's lines; None: the bundle's (`bundle_draft_bias`)
    draft_bias: float | None = None
    max_new_tokens: int | None = None  # None: the student's generation config, else 1024
    batch_size: int = BATCH_SIZE
    temperature: float = 0.7
    seed: int | None = 0
    system: SystemSettings = field(default_factory=SystemSettings)

    def __post_init__(self) -> None:
        if self.syntax not in SYNTAXES:
            raise ValueError(f"unknown record syntax {self.syntax!r}; choose mrk or marcxml")
        if self.best_of < 1:
            raise ValueError("best-of must be at least 1")
        if self.draft_bias is not None and self.draft_bias < 0:
            raise ValueError("the draft bias must be 0 or more")


@dataclass(slots=True)
class Catalogued:
    """One description's outcome: the filled record (None when the answer held none), its
    report, the answer the record came from, and the description it answers (None where the
    caller did not keep it: evaluation)."""

    id: str
    record: Record | None
    report: Report
    answer: str
    mean_logprob: float | None = None
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON line of `copiste catalogue --format json` (the description with its record,
        so each line says what it answers) and an item of the API's answer (whose schema leaves
        the description out: the request holds it, at the item's `index`)."""
        return {
            "id": self.id,
            "description": self.description,
            "record": self.record.to_marcxml() if self.record is not None else None,
            "valid": self.report.valid,
            "score": self.report.score,
            "findings": [f.to_dict() for f in self.report.findings],
        }


def parse_answer(text: str, syntax: str) -> Record | ReadError:
    """The record in a model's answer, or why there is none (a finding-shaped ReadError)."""
    if syntax == "mrk":
        from validators.formats.base import RecordSyntaxError
        from validators.formats.mrk import parse_mrk

        try:
            return parse_mrk(text)
        except RecordSyntaxError as exc:
            return exc.error
    from validators.extract import extract_xml

    xml = text if text.lstrip().startswith("<") else extract_xml(text)
    if xml is None:
        return ReadError("XML_MISSING", "the answer holds no XML record")
    for item in read_records(text_to_bytes(xml)):
        return item
    return ReadError("NO_RECORD", "the answer holds no record")


def judge(
    answer: str, syntax: str, rules: str, system: SystemSettings
) -> tuple[Record | None, Report]:
    """Parse an answer, fill the system's fields, and validate the record as a whole.

    An answer cut inside its last line (the token budget ran out) keeps the fields before the
    cut for the cataloguer, with an error saying so: the record is incomplete, so it is invalid
    and scores 0 (a reward must not pay for a record that never ended).
    """
    parsed = parse_answer(answer, syntax)
    cut_at = None
    if isinstance(parsed, ReadError) and (cut := _before_cut(answer, syntax)):
        kept = parse_answer(cut[0], syntax)
        if not isinstance(kept, ReadError):
            parsed, cut_at = kept, cut[1]
    if isinstance(parsed, ReadError):
        finding = Finding(
            parsed.rule, Severity.ERROR, parsed.message, line=parsed.line, column=parsed.column
        )
        return None, Report(valid=False, score=0.0, findings=[finding])
    record = fill_system_fields(parsed, system)
    report = validate(record, rules=rules)
    if cut_at is None:
        return record, report
    message = f"the answer stops inside line {cut_at} (token budget); the fields before it are kept"
    findings = [Finding(ANSWER_CUT, Severity.ERROR, message, line=cut_at), *report.findings]
    return record, Report(valid=False, score=0.0, findings=findings)


ANSWER_CUT = "ANSWER_CUT"


def _before_cut(answer: str, syntax: str) -> tuple[str, int] | None:
    """The lines of an MRK answer before its unfinished last one, and that line's number: each
    field line ends with a line break, so an answer that does not was cut while writing."""
    if syntax != "mrk" or answer.endswith("\n") or "\n" not in answer:
        return None
    head = answer.rpartition("\n")[0]
    return head + "\n", head.count("\n") + 2


def best(samples: Sequence[Sample], judged: Sequence[tuple[Record | None, Report]]) -> int:
    """Index of the sample the checkers score highest; mean log-probability breaks ties."""

    def key(i: int) -> tuple[float, float]:
        logprob = samples[i].mean_logprob
        return judged[i][1].score, logprob if logprob is not None else float("-inf")

    return max(range(len(samples)), key=key)


def grammar_constraint(
    student: Student, syntax: str, *, copy_spans: bool = False
) -> ConstraintFactory:
    """Decoding under the student's grammar (`validators.grammar.student`: system fields left to
    copiste, bounded so every record ends), one logits processor per batch; the record may end
    only where the model's own end tokens are allowed by the grammar.

    `copy_spans`: each free subfield value may only copy a span of its own description (code
    lists, 100$a and indicators keep the schema's patterns), so no value is miscopied; one grammar
    per row, compiled per batch.
    """
    from distill.constrain import GrammarLogitsProcessor, eos_ids, span_pattern
    from distill.prompting import description_of
    from validators.grammar.student import student_grammar

    eos = eos_ids(student.tokenizer, student.model)
    if not copy_spans:
        grammar = student_grammar(syntax)  # type: ignore[arg-type]
        return lambda rows: GrammarLogitsProcessor(
            student.tokenizer, grammar, len(rows), eos_token_id=eos
        )

    def spans(rows: Sequence[list[dict[str, str]]]) -> Any:
        grammars = [
            student_grammar(syntax, value=span_pattern(description_of(r), syntax=syntax))  # type: ignore[arg-type]
            for r in rows
        ]
        return GrammarLogitsProcessor(student.tokenizer, grammars, eos_token_id=eos)

    return spans


def draft_constraint(
    student: Student, bias: float, grammar: ConstraintFactory | None
) -> ConstraintFactory:
    """`generator.draft_bias` on each row's rules' draft, then the grammar's mask if any."""
    from distill.constrain import eos_ids
    from distill.prompting import draft_of
    from generator.draft_bias import DraftBias

    eos = eos_ids(student.tokenizer, student.model)

    def both(rows: Sequence[list[dict[str, str]]]) -> Any:
        drafts = [draft_of(r) for r in rows]
        processors = [DraftBias(student.tokenizer, drafts, bias, eos)]
        return processors + ([grammar(rows)] if grammar else [])

    return both


class Cataloguer:
    """A student and the options it catalogues with; reused across calls (the API keeps one)."""

    def __init__(self, student: Student, options: CatalogueOptions) -> None:
        self.student = student
        self.options = options
        grammar = (
            grammar_constraint(student, options.syntax, copy_spans=options.copy_spans)
            if options.constrain
            else None
        )
        bias = student.draft_bias if options.draft_bias is None else options.draft_bias
        self._constraint = draft_constraint(student, bias, grammar) if bias else grammar

    def catalogue(
        self,
        descriptions: Sequence[str],
        ids: Sequence[str] | None = None,
        *,
        on_batch: Callable[[int], None] | None = None,
    ) -> list[Catalogued]:
        """One record per description, in order."""
        opts = self.options
        ids = list(ids) if ids is not None else [str(i) for i in range(len(descriptions))]
        system = opts.system
        if system.date is None:  # one date for the whole call, even across midnight
            system = replace(system, date=dt.date.today())
        answers = self.student.generate(
            [student_messages(d, opts.syntax) for d in descriptions],
            stop=STOP_STRINGS[opts.syntax],
            samples=opts.best_of,
            max_new_tokens=opts.max_new_tokens,
            batch_size=opts.batch_size,
            temperature=opts.temperature,
            constraint=self._constraint,
            seed=opts.seed,
            on_batch=on_batch,
        )
        results = []
        for ident, description, samples in zip(ids, descriptions, answers, strict=True):
            judged = [judge(s.text, opts.syntax, opts.rules, system) for s in samples]
            i = best(samples, judged)
            record, report = judged[i]
            sample = samples[i]
            results.append(
                Catalogued(ident, record, report, sample.text, sample.mean_logprob, description)
            )
        return results
