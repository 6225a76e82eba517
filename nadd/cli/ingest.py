"""`nadd ingest` and `nadd sources`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from nadd.cli._common import console


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_cmd)
    app.command("sources")(sources_cmd)


def _report_table(reports) -> Table:
    t = Table(title="Loads", title_justify="left")
    for c in ("source", "file", "vintage", "rows read", "rows added", "note"):
        t.add_column(c, justify="right" if c.startswith("rows") else "left")
    for r in reports:
        note = "checked only, nothing written" if r.checked_only else (
            "already loaded" if r.already_loaded else "")
        t.add_row(r.source_id, r.file, str(r.vintage), f"{r.rows_read:,}", f"{r.rows_added:,}", note)
    return t


def ingest_cmd(
    sources: list[str] = typer.Argument(None, help="Source ids (see `nadd sources`); default: all."),
    file: Path = typer.Option(None, "--file", "-f", exists=True, dir_okay=False,
                              help="Load this file with the (single) SOURCE's adapter instead of the bundled files."),
    vintage: str = typer.Option(None, help="Release date of --file, YYYY-MM-DD (needed for a new release)."),
    mapping: Path = typer.Option(None, "--mapping", "-m", exists=True, dir_okay=False,
                                 help="Mapping file (YAML) for the generic adapter: load any CSV/XLSX/Parquet with --file."),
    check: bool = typer.Option(False, "--check", help="Validate only: report every problem, write nothing."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
) -> None:
    """Load source files into the store: validated, atomic and idempotent.

    Examples:

      nadd ingest                                   # every bundled source
      nadd ingest cdc_vsrr phac_harms               # some sources
      nadd ingest cdc_vsrr --file VSRR_2026.csv --vintage 2026-03-01   # a new release
      nadd ingest --file agency.xlsx --mapping agency.yaml --check      # your own data
    """
    from nadd.ingest import get, ingest, load_file, sync_reference
    from nadd.store import open_store

    with open_store(database) as store:
        if mapping is not None or file is not None:
            when = date.fromisoformat(vintage) if vintage else None
            if mapping is not None:
                from nadd.ingest.generic import GenericAdapter

                if file is None:
                    raise typer.BadParameter("--mapping needs --file")
                adapter = GenericAdapter.from_file(mapping)
            else:
                if not sources or len(sources) != 1:
                    raise typer.BadParameter("--file needs exactly one SOURCE")
                adapter = get(sources[0])
            if not check:
                sync_reference(store)
            reports = [load_file(store, adapter, file, vintage=when, check=check)]
        else:
            reports = ingest(store, sources or None, check=check)
        keep_sorted(store, reports)
    console.print(_report_table(reports))


def keep_sorted(store, reports) -> None:
    """After loads that added rows, rewrite observations in storage order (DuckDB): the
    dashboard's reads then skip all but a few row groups (nadd.observations.sort_storage)."""
    from nadd.observations import sort_storage

    if any(getattr(r, "rows_added", 0) for r in reports):
        sort_storage(store)


def sources_cmd() -> None:
    """List the sources nadd can load, with publisher and licence.

    Example: nadd sources
    """
    from nadd.ingest import adapters

    t = Table(title="Sources", title_justify="left")
    for c in ("id", "title", "publisher", "country", "licence", "bundled files"):
        t.add_column(c, overflow="fold")
    for a in adapters().values():
        t.add_row(a.id, a.title + (" [SYNTHETIC]" if a.synthetic else ""), a.publisher, a.country,
                  a.licence, str(len(a.bundled_paths())))
    console.print(t)
