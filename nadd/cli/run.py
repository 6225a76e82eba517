"""`nadd run`: the main job. Builds the store from the bundled data and prints the summary."""

from __future__ import annotations

import typer

from nadd.cli._common import console


def register(app: typer.Typer) -> None:
    app.command("run")(run_cmd)


def run_cmd(
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Load every bundled source into the store, then print the trilateral summary.

    Example: nadd run --lang es
    """
    from nadd.cli.data import print_summary
    from nadd.cli.ingest import _report_table
    from nadd.ingest import ingest
    from nadd.store import open_store

    with open_store(database) as store:
        reports = ingest(store)
        console.print(_report_table(reports))
        print_summary(store, lang=lang)
