"""Fixtures of the validators tests, and the validity table printed at the end of the run."""

from __future__ import annotations

import pytest

VALIDITY = pytest.StashKey[list[tuple[str, str, int, int]]]()


@pytest.fixture(scope="session")
def validity_table(request) -> list[tuple[str, str, int, int]]:
    """Rows (source file, rule set, valid, records) that the terminal summary prints."""
    return request.config.stash.setdefault(VALIDITY, [])


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    rows = config.stash.get(VALIDITY, [])
    if not rows:
        return
    terminalreporter.section("valid real records per source and rule set")
    sets = sorted({r[1] for r in rows}, reverse=True)
    terminalreporter.write_line(f"{'source':<72}" + "".join(f"{s:>12}" for s in sets))
    by_source: dict[str, dict[str, str]] = {}
    for source, ruleset, valid, total in rows:
        by_source.setdefault(source, {})[ruleset] = f"{valid}/{total}"
    for source, cells in sorted(by_source.items()):
        terminalreporter.write_line(
            f"{source:<72}" + "".join(f"{cells.get(s, '-'):>12}" for s in sets)
        )
