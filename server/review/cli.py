"""`copiste review add` and `copiste review export`: the review queue from the command line.

`add` queues what copiste wrote (a run folder, its examples.jsonl, a job's folder, or
`copiste catalogue --format json` output, whose lines carry their descriptions) into the
server's data folder, while a server runs on it or not; `export` writes the verdicts to
`DATA_DIR/reviews.jsonl`, what `copiste distill build --reviews DATA_DIR` reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from validators.clihelp import Command, Group

app = typer.Typer(
    name="review",
    cls=Group,
    help="Queue records for cataloguers to review on /review, and export their verdicts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.command("add", cls=Command)
def add_command(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="RUN_OR_FILE...",
            help="Run folders (a job's folder too), examples.jsonl files, or `copiste "
            "catalogue --format json` output.",
        ),
    ],
    descriptions: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="The descriptions catalogue output was written from (its input file), "
            "for output whose lines do not carry their description.",
        ),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option(
            metavar="strict|lenient",
            help="Rule set to check under (default: a run's own; lenient for catalogue output).",
        ),
    ] = None,
    syntax: Annotated[
        str,
        typer.Option(metavar="mrk|marcxml", help="How records are shown and exported."),
    ] = "mrk",
    data_dir: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="The server's data folder (default: its settings')."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", metavar="FILE", help="The server's settings file."),
    ] = None,
) -> None:
    """Queue records for review. A record already queued for the same description is not
    queued again, so adding a run twice is harmless."""
    from server.review.items import items_from
    from server.review.store import ReviewStore
    from server.settings import load_settings
    from validators.clihelp import fail
    from validators.rulesets import RULESETS

    if rules is not None and rules not in RULESETS:
        fail(f"unknown rule set {rules!r}; choose {' or '.join(RULESETS)}")
    if syntax not in ("mrk", "marcxml"):
        fail(f"unknown record syntax {syntax!r}; choose mrk or marcxml")
    settings = load_settings(config, data_dir=data_dir)
    with ReviewStore(settings.reviews_path) as store:
        for source in sources:
            items = items_from(
                source, descriptions=descriptions, rules=rules, syntax=syntax, lang=settings.lang
            )
            added, _ = store.add(items)
            typer.echo(f"{source}: {len(items)} records, {added} new to review")
        total = store.progress()["items"]
    typer.echo(f"{total} items in {settings.reviews_path}")


@app.command("export", cls=Command)
def export_command(
    data_dir: Annotated[Path, typer.Argument(metavar="DATA_DIR", help="The server's data folder.")],
    out: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Where to write (default DATA_DIR/reviews.jsonl)."),
    ] = None,
) -> None:
    """Write every verdict as one JSON line (item_id, reviewer, verdict, prompt,
    description, record, corrected, syntax, comment, time, checks_version, source)."""
    from server.review.export import EXPORT_FILE, write_export
    from server.review.store import FILE_NAME, ReviewStore
    from validators.clihelp import fail

    path = data_dir / FILE_NAME
    if not path.is_file():
        fail(f"{data_dir}: no reviews here (no {FILE_NAME}); queue some with `copiste review add`")
    target = out or data_dir / EXPORT_FILE
    with ReviewStore(path) as store:
        count = write_export(store, target)
    typer.echo(f"{count} verdicts written to {target}")
