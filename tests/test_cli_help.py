"""Every command's `--help` at 80 columns, as a person reads it: no Python type names, nothing
cut, the choices of every enumerated option listed; and repeatable options take what people
type (`--runs a b`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer._click import Context
from typer.testing import CliRunner

from server.cli import app

ROOT = typer.main.get_command(app)
# Options whose values form a closed list: each must be typed as one, so `--help` lists it.
ENUMERATED = {"format", "rules", "lang", "syntax", "sft_format", "task", "method", "to"}
TYPE_NAMES = re.compile(r"<(bool|int|float|str|text|path|list|int range|float range)\b|list\[")


def _commands(group=ROOT, path=()) -> list[tuple[tuple[str, ...], typer.core.TyperCommand]]:
    found = [(path, group)]
    ctx = Context(group)
    for name in getattr(group, "list_commands", lambda ctx: [])(ctx):
        found += _commands(group.get_command(ctx, name), (*path, name))
    return found


COMMANDS = _commands()


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_listed():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"validate", "generate", "distill build", "distill sft", "catalogue", "serve"} <= names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "root")
def test_help_at_80_columns_reads_as_plain_words(path):
    text = _help(path)
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert not TYPE_NAMES.search(text), text
    assert "…" not in text, text
    assert "[x>=" not in text and "x<=" not in text, text
    assert "Value error," not in text


@pytest.mark.parametrize(
    "path,command",
    [(p, c) for p, c in COMMANDS if p and not hasattr(c, "list_commands")],
    ids=lambda x: " ".join(x) if isinstance(x, tuple) else "",
)
def test_enumerated_options_list_their_choices(path, command):
    text = re.sub(r"[\s│]+", " ", _help(path))
    for param in command.params:
        if param.name not in ENUMERATED or param.param_type_name != "option":
            continue
        desc = param.type_descriptor
        if desc.is_choice:
            choices = [str(getattr(c, "value", c)) for c in desc.choices]
        else:  # a text option checked by the command itself, its choices in the metavar
            choices = str(param.metavar or "").split("|")
            assert len(choices) > 1, f"{' '.join(path)} --{param.name} lists no choices"
        for choice in choices:
            assert choice in text, (param.name, choice, text)


def _repeatable() -> list[tuple[tuple[str, ...], typer.core.TyperCommand, str]]:
    found = []
    for path, command in COMMANDS:
        for param in getattr(command, "params", []):
            if getattr(param, "multiple", False) and param.param_type_name == "option":
                found.append((path, command, param.name))
    return found


@pytest.mark.parametrize("path,command,name", _repeatable(), ids=lambda x: str(x)[:40])
def test_repeatable_options_take_several_values(path, command, name):
    variadic = any(p.param_type_name == "argument" and p.nargs == -1 for p in command.params)
    if variadic:
        pytest.skip("a command with a FILE... argument keeps the repeated flag")
    flag = next(p for p in command.params if p.name == name).opts[-1]
    ctx = command.make_context(path[-1], [flag, "a", "b", flag, "c"], resilient_parsing=True)
    assert [str(v) for v in ctx.params[name]] == ["a", "b", "c"]


def test_distill_build_takes_its_runs_as_people_type_them(tmp_path: Path):
    ctx = Context(ROOT)
    build = ROOT.get_command(ctx, "distill").get_command(ctx, "build")
    args = ("--runs", "r1", "r2", "--out", str(tmp_path), "--keep-local-fields")
    parsed = build.make_context("build", list(args))
    assert parsed.params["runs"] == [Path("r1"), Path("r2")]
    assert parsed.params["out"] == tmp_path and parsed.params["keep_local_fields"] is True
    # The `--no-` form still parses though the help shows the flag alone.
    assert (
        build.make_context("build", [*args, "--no-keep-local-fields"]).params["keep_local_fields"]
        is False
    )
