"""`nadd alerts list | show | review`: the alerts raised by detection, and their review."""

from __future__ import annotations

import math

import pandas as pd
import typer
from rich.table import Table

from nadd.cli._common import console, language as _lang

alerts_app = typer.Typer(help="Alerts raised by detection: list, inspect, review.\n\n"
                              "Example: nadd alerts list --status new",
                         no_args_is_help=True)
BARS = "▁▂▃▄▅▆▇█"


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")


def sparkline(values, marks=None) -> tuple[str, str]:
    """A one-line text chart of ``values`` and a line with ``^`` under the marked points."""
    vals = [float(v) if v is not None and not pd.isna(v) else math.nan for v in values]
    finite = [v for v in vals if not math.isnan(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 0.0)
    span = hi - lo or 1.0
    line = "".join(" " if math.isnan(v) else BARS[int((v - lo) / span * (len(BARS) - 1))]
                   for v in vals)
    under = "".join("^" if m else " " for m in (marks if marks is not None else [False] * len(vals)))
    return line, under


def alerts_table(df: pd.DataFrame, lang: str = "en") -> Table:
    from nadd.i18n import t

    table = Table(title=f"{t('alerts.title', lang)} ({len(df):,})", title_justify="left")
    for key in ("alert", "severity", "status", "jurisdiction", "indicator", "substance",
                "period", "ratio", "method", "plan"):
        table.add_column(t(f"col.{key}", lang), justify="right" if key == "ratio" else "left")
    for r in df.to_dict("records"):
        ratio = "" if r["max_ratio"] is None or pd.isna(r["max_ratio"]) else f"{r['max_ratio']:.2f}"
        table.add_row(r["alert_id"], t(f"severity.{r['severity']}", lang),
                      t(f"status.{r['status']}", lang), r["jurisdiction_id"], r["indicator_id"],
                      r["substance_id"] or "", f"{r['period_start']} .. {r['period_end']}", ratio,
                      r["method"], r["plan"],
                      style={"high": "bold red", "medium": "yellow"}.get(r["severity"]))
    return table


@alerts_app.command("list")
def list_cmd(
    status: str = typer.Option(None, "--status", help="new, under_review, confirmed, dismissed."),
    jurisdiction: str = typer.Option(None, "--jurisdiction", help="e.g. US-TX, CA-BC, MX-CHH."),
    plan: str = typer.Option(None, "--plan", help="Only alerts of this plan."),
    limit: int = typer.Option(50, "--limit", help="Rows to print."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """List alerts, most severe and most recent first.

    Example: nadd alerts list --status new --jurisdiction US-TX
    """
    from nadd.alerts import STATUSES, list_alerts
    from nadd.store import open_store

    if status and status not in STATUSES:
        raise typer.BadParameter(f"--status must be one of {', '.join(STATUSES)}")
    with open_store(database) as store:
        df = list_alerts(store, status=status, jurisdiction=jurisdiction, plan=plan)
    console.print(alerts_table(df.head(limit), _lang(lang)))


@alerts_app.command("show")
def show_cmd(
    alert_id: str = typer.Argument(..., help="Alert id (see `nadd alerts list`)."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """One alert: its series as a sparkline, the line list, records, reviews and notices.

    Example: nadd alerts show 5f2c0a9e1b7d4c3a
    """
    from nadd.alerts import get_alert, line_list, neighbour_notices, records, series_of
    from nadd.i18n import t
    from nadd.store import open_store

    lang = _lang(lang)
    with open_store(database) as store:
        a = get_alert(store, alert_id)
        series = series_of(store, alert_id)
        lines = line_list(store, alert_id)
        recs = records(store, alert_id)
        reviews = store.df("SELECT * FROM alert_reviews WHERE alert_id = ? ORDER BY reviewed_at",
                           [alert_id])
        notices = neighbour_notices(store, alert_id)
    console.print(alerts_table(pd.DataFrame([a]), lang))
    spark, under = sparkline(series["observed"], (series["alarm"] == 1).tolist())
    console.print(f"{series['period_start'].iloc[0]} {spark} {series['period_start'].iloc[-1]}"
                  if len(series) else "")
    console.print(" " * 11 + under, highlight=False)
    table = Table(title=t("alerts.line_list", lang), title_justify="left")
    for key in ("role", "period", "value", "status", "vintage", "file", "row"):
        table.add_column(t(f"col.{key}", lang))
    for r in lines.to_dict("records"):
        table.add_row(r["role"], f"{r['period_start']}..{r['period_end']}", f"{r['value']:g}",
                      r["status"], str(r["vintage"]), r["source_file"],
                      "" if pd.isna(r["source_row"]) else str(int(r["source_row"])))
    console.print(table)
    if recs is not None:
        rt = Table(title=t("alerts.records", lang, source=a["source_id"]), title_justify="left")
        for c in recs.columns:
            rt.add_column(c, overflow="fold")
        for r in recs.itertuples(index=False):
            rt.add_row(*[str(v) for v in r])
        console.print(rt)
    if len(notices):
        nt = Table(title=t("alerts.notices", lang), title_justify="left")
        nt.add_column(t("col.neighbour", lang))
        nt.add_column(t("col.border", lang))
        for r in notices.itertuples(index=False):
            nt.add_row(r.neighbour_id, r.border)
        console.print(nt)
    if len(reviews):
        rv = Table(title=t("alerts.reviews", lang), title_justify="left")
        for c in ("reviewed_at", "who", "from_status", "to_status", "why"):
            rv.add_column(c, overflow="fold")
        for r in reviews.itertuples(index=False):
            rv.add_row(str(r.reviewed_at), r.who, r.from_status, r.to_status, r.why)
        console.print(rv)


@alerts_app.command("review")
def review_cmd(
    alert_id: str = typer.Argument(..., help="Alert id (see `nadd alerts list`)."),
    status: str = typer.Option(..., "--status", help="under_review, confirmed or dismissed."),
    by: str = typer.Option(..., "--by", help="Who reviews (name or e-mail)."),
    why: str = typer.Option(..., "--why", help="Why: what was checked, what was found."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Move an alert along new -> under_review -> confirmed | dismissed (who, when, why kept).

    Example: nadd alerts review 5f2c0a9e1b7d4c3a --status under_review --by "J. Doe" --why "asking the state lab"
    """
    from nadd.alerts import review
    from nadd.i18n import t
    from nadd.store import open_store

    with open_store(database) as store:
        row = review(store, alert_id, status, who=by, why=why)
    console.print(t("alerts.reviewed", _lang(lang), id=alert_id, old=row["from_status"],
                    new=row["to_status"]))
