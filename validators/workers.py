"""Run the rules over a stream of records, in this process or spread over several.

Reading stays in the calling process (it is one stream). With `workers > 1`, items go to a
process pool in big batches and come back as reports, in order; at most `2 * workers` batches
are in flight, so memory stays flat whatever the length of the input. What crosses between
processes is kept small, since pickling was what made two workers slower than one: ISO 2709
records travel as their raw bytes (`read_records(raw=True)`) and are parsed in the worker, and
reports come back as plain tuples rather than pickled objects.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from validators.formats import iso2709
from validators.formats.sniff import ISO2709
from validators.langs import DEFAULT_LANG
from validators.readers import ReadError
from validators.record import Record
from validators.report import Finding, Report, Severity
from validators.rulesets import DEFAULT, get_ruleset
from validators.validate import judge

BATCH = 512
# Below this, starting processes costs more than the rules they would run (measured by
# bench/validate.py --workers: a 50 MB .mrc gains from a second core, a 5 MB one does not).
PARALLEL_BYTES = 16 << 20

Item = Record | bytes | ReadError
_Compact = tuple[bool, float, str | None, list[tuple]]


def auto_workers(size: int, kind: str | None) -> int:
    """How many processes suit an input of `size` bytes in format `kind` on this machine.

    Only ISO 2709 is split into raw records cheaply enough for workers to pay off; XML is parsed
    in the reading process, and shipping its records would cost memory for little gain.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if kind != ISO2709 or size < PARALLEL_BYTES:
        return 1
    return max(1, min(cores or 1, 4))


def validate_records(
    items: Iterable[Item],
    *,
    rules: str = DEFAULT,
    lang: str = DEFAULT_LANG,
    workers: int = 1,
) -> Iterator[Report]:
    """A report for each record, raw ISO 2709 record or read error of `items`, in order."""
    if workers <= 1:
        ruleset = get_ruleset(rules)
        for item in items:
            yield judge(_parsed(item), ruleset, lang)
        return
    iterator = iter(items)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[_Compact]]] = deque()
        while True:
            batch = list(islice(iterator, BATCH))
            if batch:
                pending.append(pool.submit(_run_batch, batch, rules, lang))
            if pending and (not batch or len(pending) >= 2 * workers):
                yield from map(_expand, pending.popleft().result())
            if not batch and not pending:
                return


def _parsed(item: Item) -> Record | ReadError:
    return iso2709.parse(item) if isinstance(item, bytes) else item


def _run_batch(batch: list[Item], rules: str, lang: str) -> list[_Compact]:
    ruleset = get_ruleset(rules)
    return [_compact(judge(_parsed(item), ruleset, lang)) for item in batch]


def _compact(report: Report) -> _Compact:
    findings = [
        (f.rule, f.severity.value, f.message, f.tag, f.subfield, f.line, f.column)
        for f in report.findings
    ]
    return report.valid, report.score, report.record_id, findings


def _expand(compact: _Compact) -> Report:
    valid, score, record_id, findings = compact
    return Report(
        valid,
        score,
        [Finding(r, Severity(s), m, t, sf, ln, col) for r, s, m, t, sf, ln, col in findings],
        record_id,
    )
