"""The README's set-up is two commands; CI (.ci/run) runs the second, and `make demo` the demo."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def setup_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Set-up[^\n]*\n+```sh\n(.*?)```", readme, re.DOTALL)
    assert block, "the README opens with a fenced set-up block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_setup_is_two_make_commands_and_ci_runs_the_test_one():
    assert setup_commands() == ["make demo", "make test"]
    ci = [
        line.strip()
        for line in (REPO / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci[-1] == "make test"


def test_make_demo_runs_copiste_demo_from_its_environment():
    # Under `make test` the parent make's flags (and its directory banners) would leak in.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "demo"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert dry.stdout.strip().splitlines()[-1].split()[:2] == [".venv/bin/copiste", "demo"]
