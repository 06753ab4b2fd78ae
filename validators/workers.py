"""Run the rules over a stream of records, in this process or spread over several.

Reading stays in the calling process (it is one stream); with `workers > 1`, batches of records
go to a process pool and come back as reports, in order. At most `2 * workers` batches are in
flight, so memory stays flat whatever the length of the input.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from validators.readers import ReadError
from validators.record import Record
from validators.report import Report
from validators.rulesets import DEFAULT, get_ruleset
from validators.validate import judge

BATCH = 256


def validate_records(
    items: Iterable[Record | ReadError],
    *,
    rules: str = DEFAULT,
    lang: str = "en",
    workers: int = 1,
) -> Iterator[Report]:
    """A report for each record (or read error) of `items`, in order."""
    if workers <= 1:
        yield from _run_batch(items, rules, lang)
        return
    iterator = iter(items)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[Report]]] = deque()
        while True:
            batch = list(islice(iterator, BATCH))
            if batch:
                pending.append(pool.submit(_run_list, batch, rules, lang))
            if pending and (not batch or len(pending) >= 2 * workers):
                yield from pending.popleft().result()
            if not batch and not pending:
                return


def _run_batch(batch: Iterable[Record | ReadError], rules: str, lang: str) -> Iterator[Report]:
    ruleset = get_ruleset(rules)
    for item in batch:
        yield judge(item, ruleset, lang)


def _run_list(batch: list[Record | ReadError], rules: str, lang: str) -> list[Report]:
    return list(_run_batch(batch, rules, lang))
