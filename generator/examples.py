"""The example, written once: the schema of `examples.jsonl`, and its one reader.

The generator writes these lines (`generator.judge`); distillation, the demo and the server read
them back with `read_examples`. A run folder may come from another machine or an older copiste,
so the reader checks each line on its own: a bad line is reported with its file and line number
and skipped, never half-used. Fields this version does not know are kept, unread.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from validators.errors import CopisteError
from validators.langs import DEFAULT_LANG

log = logging.getLogger(__name__)

EXAMPLES_FILE = "examples.jsonl"
RUN_FILE = "run.json"


class RunFolderError(CopisteError, ValueError):
    """A run folder that cannot be read at all (missing, no examples.jsonl)."""

    http_status = 422
    code = "invalid_run_folder"


class Verdict(BaseModel):
    """The validators' report plus the generator's own checks (grounding, arithmetic...)."""

    model_config = ConfigDict(extra="allow")

    valid: bool = False
    score: float = 0.0
    findings: list[dict[str, Any]] = []
    checks: dict[str, Any] = {}


class Example(BaseModel):
    """One line of examples.jsonl (docs/ARCHITECTURE.md gives each field's meaning).

    `answer` is always MARCXML for a record that parsed, whatever syntax the teacher wrote it
    in (`--syntax`), so every reader takes one form; `raw` is the teacher's record as it wrote
    it when that was not MARCXML (MarcEdit lines), None otherwise.
    """

    model_config = ConfigDict(extra="allow")

    id: str
    task: str
    method: str
    lang: str = DEFAULT_LANG
    seed_id: str | None = None
    question: str
    answer: str
    raw: str | None = None
    reasoning: str | None = None
    gold: str | None = None
    accepted: bool
    verdict: Verdict = Verdict()
    provenance: dict[str, Any] = {}

    @property
    def broken_rules(self) -> list[str]:
        return sorted({str(f.get("rule")) for f in self.verdict.findings if f.get("rule")})


def examples_file(run: Path) -> Path:
    """`run/examples.jsonl`, or `run` itself when it names the file."""
    path = run / EXAMPLES_FILE if run.is_dir() else run
    if not path.is_file():
        raise RunFolderError(f"{run}: not a run folder (no {EXAMPLES_FILE})")
    return path


def read_examples(run: Path) -> Iterator[Example]:
    """Every well-formed example of a run, in file order; malformed lines are logged and skipped."""
    path = examples_file(run)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield Example.model_validate(json.loads(line))
            except (json.JSONDecodeError, ValidationError) as exc:
                reason = str(exc).splitlines()[0]
                log.warning("%s:%d: skipped, not an example: %s", path, number, reason)


def run_summary(run: Path) -> dict[str, Any]:
    """The run's own summary (`run.json`), or {} when the folder has none."""
    meta = run / RUN_FILE if run.is_dir() else None
    if meta and meta.is_file():
        try:
            return json.loads(meta.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            log.warning("%s: unreadable, ignored", meta)
    return {}
