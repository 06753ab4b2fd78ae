"""How every copiste command reads and shows its options: one mechanism for all packages.

typer 0.29 prints Python type names in the help (`<bool>` beside `--help`, `<list[Path]>`,
`<int range> [x>=1]`), keeps a docstring's source line breaks (ragged at 80 columns), truncates
long flag pairs (`--keep-local-fie…`) and makes a repeatable option repeat its flag
(`--runs a --runs b`). `Command` shows values as people name them (a metavar, the choices, or
TEXT/N/X/PATH), rewraps paragraphs, names a flag's `--no-` form in its help, and lets a
repeatable option take several values (`--runs a b`). `Group` does the same for a group and
turns any `CopisteError` raised below it into one line and its exit status.
"""

from __future__ import annotations

import inspect
import re
import sys
from typing import Any, NoReturn

import typer
from typer._click import Context, Parameter
from typer._click.parser import _OptionParser, _ParsingState
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from validators.errors import CopisteError, one_line

# typer's type labels (without their angle brackets) and the word a person reads instead.
_WORDS = {"bool": "", "int": "N", "float": "X", "str": "TEXT", "text": "TEXT", "path": "PATH"}


def value_name(param: Parameter, ctx: Context) -> str | None:
    """What the type column shows for `param`: nothing for a flag or an argument (its name
    is its metavar), else its choices when they are short (`strict|lenient`), its metavar,
    or a plain word (TEXT, N, X, PATH)."""
    if getattr(param, "is_flag", False) or isinstance(param, TyperArgument):
        return None
    label = str(TyperOption.display_type(param, ctx) or "").strip("<>")  # type: ignore[arg-type]
    if "|" in label and len(label) <= 20:
        return label
    if param.metavar:
        return param.metavar
    inner = re.fullmatch(r"list\[(.*)\]", label)
    label = inner.group(1) if inner else label
    label = re.sub(r" range$", "", label)
    if "|" in label:
        return label
    return _WORDS.get(label.lower(), label.upper())


def rewrap(text: str | None) -> str | None:
    """Each paragraph on one line, so the terminal wraps it (typer keeps source breaks)."""
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


class _Shown:
    """Mixin: the help of a command or group, the way the module docstring says."""

    def _shown_params(self, ctx: Context, params: list[Parameter]) -> list[Parameter]:
        for param in params:
            shown = value_name(param, ctx)
            param.display_type_rich = lambda ctx, shown=shown: shown  # type: ignore[method-assign]
            param._get_number_range_help_str = lambda: None  # type: ignore[method-assign]
        return params

    def format_help(self, ctx: Context, formatter: Any) -> None:
        """Render each `--x/--no-x` pair as `--x`, so long pairs are not cut; where `--x` is
        the default, its help names the `--no-x` that turns it off. The options are restored
        after (tests reuse the command)."""
        saved = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if isinstance(param, TyperOption) and param.secondary_opts:
                saved.append((param, param.secondary_opts, param.help, param.show_default))
                other = ", ".join(param.secondary_opts)
                if param.default is True:
                    param.help = f"{param.help or ''} On by default; {other} turns it off."
                    param.show_default = False
                elif param.default is None:
                    param.help = f"{param.help or ''} Or: {other}."
                param.secondary_opts = []
        try:
            super().format_help(ctx, formatter)  # type: ignore[misc]
        finally:
            for param, secondary, help_text, show in saved:
                param.secondary_opts, param.help, param.show_default = secondary, help_text, show


class _Greedy(TyperOption):
    """A repeatable option that also takes the values after it: `--runs a b` as `--runs a
    --runs b`, up to the next option."""

    def add_to_parser(self, parser: _OptionParser, ctx: Context) -> None:
        super().add_to_parser(parser, ctx)
        for opt in self.opts:
            option = parser._long_opt.get(opt) or parser._short_opt.get(opt)
            if option is None:
                continue
            process = option.process

            def greedy(value: Any, state: _ParsingState, process=process) -> None:
                process(value, state)
                while state.rargs and not _looks_like_option(state.rargs[0], parser):
                    process(state.rargs.pop(0), state)

            option.process = greedy  # type: ignore[method-assign]


def _looks_like_option(arg: str, parser: _OptionParser) -> bool:
    return arg == "--" or (len(arg) > 1 and arg[:1] in parser._opt_prefixes)


class Command(_Shown, TyperCommand):
    """The class every copiste command registers with (`cls=Command`)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.help = rewrap(self.help)
        variadic = any(p.nargs == -1 for p in self.params if isinstance(p, TyperArgument))
        for param in self.params:
            # A variadic argument would be swallowed by a greedy option: such a command keeps
            # the repeated flag.
            if type(param) is TyperOption and param.multiple and not variadic:
                param.__class__ = _Greedy
            if type(param) is TyperArgument and param.metavar:
                param.__class__ = _NamedArgument

    def get_params(self, ctx: Context) -> list[Parameter]:
        return self._shown_params(ctx, super().get_params(ctx))


class _NamedArgument(TyperArgument):
    """An argument shown by its metavar in the usage line (typer prints `{FILE...}...`)."""

    def _usage_display_name(self) -> str:
        return str(self.metavar)


class Group(_Shown, TyperGroup):
    """The class every copiste group registers with (`typer.Typer(cls=Group)`)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.help = rewrap(self.help)

    def get_params(self, ctx: Context) -> list[Parameter]:
        return self._shown_params(ctx, super().get_params(ctx))

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except CopisteError as exc:
            fail_with(exc)
        except Exception as exc:
            # A pydantic error nobody turned into a CopisteError (pydantic is loaded if one
            # was raised): still one line, exit 2.
            pydantic_core = sys.modules.get("pydantic_core")
            if pydantic_core is not None and isinstance(exc, pydantic_core.ValidationError):
                fail(one_line(exc))
            raise


def fail(message: str, code: int = 2) -> NoReturn:
    """End a command: `error: message` on stderr, as plain text, and exit status `code`."""
    print(f"error: {message}", file=sys.stderr, flush=True)
    raise typer.Exit(code)


def fail_with(exc: CopisteError) -> NoReturn:
    """End a command for a `CopisteError`: its message and its exit status."""
    fail(str(exc), exc.exit_code)
