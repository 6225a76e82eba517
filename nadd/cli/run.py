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
    """Load every bundled source, print the trilateral summary, run the detection plans.

    After the summary, every bundled detection plan runs (`nadd detect plans`) and one
    table counts the alerts per plan and severity (details: `nadd alerts list`).

    Example: nadd run --lang es
    """
    from nadd.cli.data import print_summary
    from nadd.cli.ingest import _report_table, keep_sorted
    from nadd.ingest import ingest
    from nadd.store import open_store

    with open_store(database) as store:
        reports = ingest(store)
        keep_sorted(store, reports)
        console.print(_report_table(reports))
        print_summary(store, lang=lang)
        print_detection(store, lang=lang)


def print_detection(store, lang: str | None = None) -> None:
    """Run every bundled plan and print one short table: alerts per plan and severity."""
    from rich.table import Table

    from nadd.alerts import SEVERITIES
    from nadd.detect.plans import bundled_plans
    from nadd.detect.runner import run_plans
    from nadd.i18n import t
    from nadd.settings import get_settings

    lang = lang or get_settings().language
    reports = run_plans(store, bundled_plans())
    counts = store.df("SELECT plan, severity, count(*) AS n FROM alerts WHERE status IN "
                      "('new', 'under_review') GROUP BY plan, severity")
    n = {(r.plan, r.severity): int(r.n) for r in counts.itertuples(index=False)}
    table = Table(title=t("alerts.title", lang), title_justify="left")
    table.add_column(t("col.plan", lang))
    table.add_column(t("col.series", lang), justify="right")
    table.add_column(t("col.refused", lang), justify="right")
    for sev in reversed(SEVERITIES):
        table.add_column(t(f"severity.{sev}", lang), justify="right")
    for r in reports:
        table.add_row(r.plan, f"{r.series_run:,}", f"{r.series_refused:,}",
                      *[str(n.get((r.plan, sev), 0)) for sev in reversed(SEVERITIES)])
    console.print(table)
