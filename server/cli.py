"""The `copiste` command: each package contributes its commands, assembled here.

Heavy libraries (torch, transformers, fastapi) are imported inside the commands that need them,
so `copiste validate` starts in a fraction of a second.
"""

from __future__ import annotations

import os
import sys
import warnings

import typer

from distill.catalogue_cli import catalogue_command
from distill.cli import app as distill_app
from distill.cli import eval_command, export_command
from generator.cli import generate_command
from server.demo.command import demo_command
from server.review.cli import app as review_app
from server.serve import serve_command
from validators.cli import convert_command, validate_command
from validators.clihelp import Command, Group
from validators.fix_cli import fix_command

app = typer.Typer(
    name="copiste",
    help="Teacher-written, rule-checked training data for UNIMARC cataloguing, distilled into "
    "small students that run offline.",
    cls=Group,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("validate", cls=Command)(validate_command)
app.command("convert", cls=Command)(convert_command)
app.command("fix", cls=Command)(fix_command)
app.add_typer(distill_app, name="distill")
app.command("eval", cls=Command)(eval_command)
app.command("export", cls=Command)(export_command)
app.command("catalogue", cls=Command)(catalogue_command)
app.command("generate", cls=Command)(generate_command)
app.command("serve", cls=Command)(serve_command)
app.command("demo", cls=Command)(demo_command)
app.add_typer(review_app, name="review")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"copiste {version('copiste')}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Print copiste's version and exit.",
    ),
) -> None:
    """Teacher-written, rule-checked training data for UNIMARC cataloguing."""


def quiet_bars_off_terminal() -> None:
    """Off a terminal (a log file, CI, a service's journal) a progress bar is one carriage-
    returned line per refresh: training and export printed transformers' "Writing model shards"
    and datasets' "Map" bars into logs, and the embedded teacher's first conversion the raw tqdm
    bar transformers draws while de-quantising a GGUF file (`TQDM_DISABLE`: read when tqdm is
    imported). Set before any Hugging Face library is imported, so every bar they draw, in this
    process and in the ones it starts, stays quiet; copiste's own rich progress says how far long
    work has gone. A user's own setting wins."""
    if not sys.stderr.isatty():
        quiet = ("HF_HUB_DISABLE_PROGRESS_BARS", "HF_DATASETS_DISABLE_PROGRESS_BARS")
        for name in (*quiet, "TQDM_DISABLE"):
            os.environ.setdefault(name, "1")


def main() -> None:
    quiet_bars_off_terminal()
    # peft and TRL still read transformers' renamed checkpointing attribute; the warning says
    # nothing a copiste user can act on, so it stays out of their terminal.
    warnings.filterwarnings(
        "ignore", message=r"`is_gradient_checkpointing` is deprecated", category=FutureWarning
    )
    app()


if __name__ == "__main__":
    main()
