"""Verdicts standing in for cataloguers', for tests and benches: real records as the good answers,
rule-targeted corruptions of them as the bad ones.

Each record gets a description (`generator.describe`) and the student's prompt for it; one
reviewer judges the grounded record good, another judges a corruption bad and, every other
record, corrects it back; a third verdict judges a second corruption bad with no correction. A
corruption is kept only when the checkers, reading it as `copiste catalogue` does, find the rule
it targets broken, so every bad verdict is one a cataloguer would give. The lines follow the
review page's export (`reviews.jsonl`), so everything downstream reads them as real verdicts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from distill.corpus_records import target_text
from distill.corpus_rows import SYSTEM_OPERATORS, XML_OPERATORS
from distill.corrupt import OPERATORS, corruptions
from distill.prompting import description_of, student_messages
from generator.describe import descriptions, ground
from validators import Record
from validators.roles import TARGET_SETTINGS, student_view

REVIEWERS = ("ana", "ben")


def _breaks(text: str, rule: str, syntax: str) -> bool:
    from distill.catalogue import judge

    report = judge(text, syntax, "strict", TARGET_SETTINGS)[1]
    return rule in {f.rule for f in report.findings}


def _line(item: str, reviewer: str, verdict: str, prompt, record: str, syntax: str, **extra):
    from validators.engine import ENGINE_VERSION

    return {
        "item_id": hashlib.sha256(f"{item}\x1f{record}".encode()).hexdigest()[:16],
        "reviewer": reviewer,
        "verdict": verdict,
        "prompt": prompt,
        "description": description_of(prompt),
        "record": record,
        "corrected": extra.get("corrected"),
        "syntax": syntax,
        "comment": extra.get("comment"),
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "checks_version": ENGINE_VERSION,
        "source": extra.get("source", "simulated"),
    }


def simulated_verdicts(
    records: Iterable[Record], *, seed: str = "copiste", syntax: str = "mrk"
) -> list[dict]:
    """Verdict lines for `records` (deterministic in `seed`, apart from their time stamps)."""
    skip = SYSTEM_OPERATORS | (XML_OPERATORS if syntax == "mrk" else frozenset())
    names = [n for n in OPERATORS if n not in skip]
    lines = []
    for n, record in enumerate(records):
        view = student_view(record)
        item = f"{seed}:{n}:{record.record_id}"
        d = descriptions(view, 1, seed=item)[0]
        target = ground(view, d)
        good = target_text(target, syntax)
        prompt = student_messages(d.text, syntax)
        bad = []
        for c in corruptions(target, seed=item, count=4, names=names):
            text = target_text(Record.from_marcxml(c.text), syntax) if syntax == "mrk" else c.text
            if text != good and _breaks(text, c.rule, syntax):
                bad.append((c, text))
        if not bad:
            continue
        one, other = REVIEWERS[n % 2], REVIEWERS[(n + 1) % 2]
        lines.append(_line(item, one, "good", prompt, good, syntax, source="simulated:gold"))
        c, text = bad[0]
        fixed = good if n % 2 == 0 else None
        lines.append(
            _line(
                item,
                other,
                "bad",
                prompt,
                text,
                syntax,
                corrected=fixed,
                comment=f"breaks {c.rule}",
                source=f"simulated:{c.operator}",
            )
        )
        for c, text in bad[1:2]:
            lines.append(
                _line(item, one, "bad", prompt, text, syntax, source=f"simulated:{c.operator}")
            )
    return lines


def write_verdicts(lines: list[dict], folder: Path) -> Path:
    """`folder/reviews.jsonl`, as the review page exports it."""
    from distill.reviews import REVIEWS_FILE

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / REVIEWS_FILE
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path
