"""`copiste` of this checkout run in a subprocess, as a user runs it: the one place that knows
the command line, its environment, how `generate`'s options are spelt, and what a one-line
error looks like, so each CLI test states only what it asks and what it expects."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class Copiste:
    """The CLI: `command` and `env` for a `Popen`, `run` for a finished call."""

    command: list[str]
    env: dict[str, str]

    def run(
        self, *args: str, timeout: float = 120, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.command, *args],
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def generate_args(task: str, method: str, *flags: str, **options: object) -> list[str]:
    """`copiste generate` arguments: each keyword an option (`max_tokens=96` is
    `--max-tokens 96`), `flags` as given (`-q`)."""
    args = ["generate", "--task", task, "--method", method]
    for name, value in options.items():
        args += ["--" + name.replace("_", "-"), str(value)]
    return [*args, *flags]


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The one `error: ...` line a failed command printed, checked to be alone and its exit
    status to be `code`."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]
