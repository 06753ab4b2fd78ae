"""The README's command line, tried as a new user would: every example, as written.

Each `copiste` line of the ```sh blocks in the README's "Command line" section goes through
copiste's own parser (an unknown command or flag, a bad choice, a missing required option fails
here), then runs in a copy of what the repository ships (git's tracked files), in README order,
so an example can read what an earlier one wrote. `.venv/bin/copiste` is this interpreter's
`copiste` entry point. A line that needs a model or a server is named in NEEDS_MODEL_OR_SERVER:
it is parsed, not run, and the files it reads must exist by then or be an earlier line's `--out`.
Every other line runs, so a new example runs as soon as it is written. A run must end with
status 0, or the one its comment states ("exit 1"), and leave the `--out` it names.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import typer.main

from server.cli import app

REPO = Path(__file__).resolve().parents[1]
PROGRAMS = (".venv/bin/copiste", "copiste")
RUN_TIMEOUT_S = 120

# README lines (the words after `copiste`, as one line) that are parsed but not run, and why.
NEEDS_MODEL_OR_SERVER = {
    "generate --task unimarc --method backtranslation --seeds records.mrc --rules lenient "
    "--teacher http://127.0.0.1:8001 --n 12 --out runs/bt-1": "a vLLM server",
    "generate --task math --method reasoning --n 10 --out runs/math-1": "the embedded SmolLM2",
    "distill sft --data data --student smollm2 --out students/sft --lora": "trains SmolLM2",
    "distill dpo --data data --student students/sft --out students/dpo": "a trained student",
    "eval --model students/sft --data data --out eval.json": "a trained student",
    "export --model students/sft --out bundle --eval eval.json": "a trained student",
    "export --model students/sft --out bundle --gguf": "a trained student",
}


@dataclass
class Example:
    line: str  # as the README writes it
    words: list[str]  # what follows the program
    status: int  # the exit status the README promises

    @property
    def key(self) -> str:
        return " ".join(self.words)


def examples(readme: str) -> list[Example]:
    """The `copiste` lines of the "Command line" section's sh blocks, continuations joined."""
    section = re.search(r"^## Command line\n(.*?)(?=^## |\Z)", readme, re.DOTALL | re.MULTILINE)
    assert section, 'the README has a "## Command line" section'
    found = []
    for block in re.findall(r"^```sh\n(.*?)^```", section.group(1), re.DOTALL | re.MULTILINE):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if not words:
                continue
            assert words[0] in PROGRAMS, f"not a copiste command (write it in prose): {line}"
            operators = {"|", "<", ">", ">>", "&&", "||", ";", "&"} & set(words)
            assert not operators, f"shell operators {operators} are not run here: {line}"
            comment = re.search(r"\s#\s*(.*)$", line)
            promised = re.search(r"\bexit (\d+)\b", comment.group(1)) if comment else None
            found.append(Example(line.strip(), words[1:], int(promised[1]) if promised else 0))
    return found


def parse(words: list[str]) -> dict[str, object]:
    """The options copiste's parser makes of `words` that the line itself gives; a usage error
    (unknown command or flag, bad value, missing option) raises, naming what is wrong."""
    command = typer.main.get_command(app)
    name, args, parent = "copiste", list(words), None
    while True:
        ctx = command.make_context(name, args, parent=parent)
        if not hasattr(command, "resolve_command"):
            given = {
                key: value
                for key, value in ctx.params.items()
                if ctx.get_parameter_source(key).name == "COMMANDLINE"
            }
            ctx.close()
            return given
        # A group keeps the subcommand's name apart from ctx.args: resolve from the words.
        name, command, args = command.resolve_command(ctx, args)
        parent = ctx


def paths_read(given: dict[str, object]) -> list[Path]:
    """The files and folders a command reads: every path it is given but its `--out`."""
    found: list[Path] = []
    for key, value in given.items():
        values = value if isinstance(value, list | tuple) else [value]
        found += [v for v in values if isinstance(v, Path) and key != "out"]
    return found


def copiste() -> list[str]:
    """This interpreter's `copiste` console script, as the package declares it; -P keeps the
    working directory (the copy) off sys.path, so the code tested is this checkout's."""
    (script,) = entry_points(group="console_scripts", name="copiste")
    module, _, function = script.value.partition(":")
    code = f"import sys; sys.argv[0] = 'copiste'; from {module} import {function}; {function}()"
    return [sys.executable, "-P", "-c", code]


def run_examples(readme: str, workdir: Path, skipped: dict[str, str]) -> list[str]:
    """Parse every example and run those not in `skipped`, in `workdir`; returns the keys run."""
    path = [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    found = examples(readme)
    stale = set(skipped) - {example.key for example in found}
    assert not stale, f"named in NEEDS_MODEL_OR_SERVER but not in the README: {stale}"
    written: set[Path] = set()
    ran = []
    for example in found:
        try:
            given = parse(example.words)
        except Exception as exc:  # the parser's usage errors, whatever their class
            raise AssertionError(f"README: {example.line}\n  {exc}") from None
        out = given.get("out")
        if example.key in skipped:
            for path in paths_read(given):
                assert (workdir / path).exists() or path in written, (
                    f"README: {example.line}\n  reads {path}, which neither ships nor is written "
                    "by an earlier example"
                )
            if isinstance(out, Path):
                written.add(out)
            continue
        try:
            done = subprocess.run(
                [*copiste(), *example.words],
                cwd=workdir,
                env=env,
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"README: {example.line}\n  ran over {RUN_TIMEOUT_S} s: if it needs a model or "
                "a server, name it in NEEDS_MODEL_OR_SERVER"
            ) from None
        assert done.returncode == example.status, (
            f"README: {example.line}\n  exit {done.returncode}, the README says "
            f"{example.status}\n{done.stderr[-2000:]}"
        )
        if out not in (None, "-"):
            assert (workdir / str(out)).exists(), f"README: {example.line}\n  wrote no {out}"
        ran.append(example.key)
    return ran


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the files git tracks in this checkout: what a new user's clone holds."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, timeout=60
    )
    for name in filter(None, listed.stdout.split(b"\0")):
        source = REPO / os.fsdecode(name)
        if source.is_file():
            target = tmp_path / "repo" / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return tmp_path / "repo"


def test_the_readme_command_line_examples_run_as_written(shipped):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ran = run_examples(readme, shipped, NEEDS_MODEL_OR_SERVER)
    # The section shows validate and convert at work, not only commands that need a model.
    assert {key.split()[0] for key in ran} >= {"validate", "convert"}


@pytest.mark.parametrize(
    ("line", "skip", "why"),
    [
        ("copiste validate validators/samples/records.xml --worker 2", False, "No such option"),
        ("copiste validate validators/samples/nowhere.xml", False, "no such file"),
        ("copiste validate validators/samples/records.xml  # exit 1", False, "exit 0"),
        ("copiste convert validators/samples/records.xml --to marc21", False, "marc21"),
        (
            "copiste generate --task math --method answer --seeds nowhere.jsonl --out r",
            True,
            "nowhere",
        ),
    ],
)
def test_a_readme_naming_a_missing_file_or_an_unknown_flag_fails(shipped, line, skip, why):
    readme = f"## Command line\n\n```sh\n{line}\n```\n"
    key = " ".join(shlex.split(line, comments=True)[1:])
    with pytest.raises(AssertionError, match=why):
        run_examples(readme, shipped, {key: "a model"} if skip else {})
