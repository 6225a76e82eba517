"""The `nadd` command line: a thin shell over the Python API."""

from __future__ import annotations

import sys

import typer

from nadd.cli._common import console, fail
from nadd.errors import NaddError

app = typer.Typer(
    name="nadd",
    help="nadd: the open data platform of the North American Drug Dialogue (CA, MX, US).\n\n"
    "Example: nadd run    (load the bundled data and print the trilateral summary)",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from nadd.cli import alerts, data, detect, ingest, run

    ingest.register(app)
    data.register(app)
    run.register(app)
    detect.register(app)
    alerts.register(app)
    __import__("nadd.cli.link", fromlist=["register"]).register(app)
    __import__("nadd.cli.incidents", fromlist=["register"]).register(app)
    __import__("nadd.cli.serve", fromlist=["register"]).register(app)
    __import__("nadd.cli.substances", fromlist=["register"]).register(app)
    __import__("nadd.cli.networks", fromlist=["register"]).register(app)
    __import__("nadd.cli.access", fromlist=["register"]).register(app)


_register()


def main() -> None:
    try:
        app()
    except NaddError as e:
        fail(e)
        sys.exit(1)


__all__ = ["app", "main", "console"]
