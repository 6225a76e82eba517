"""`nadd summary` and `nadd observations`: read the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from nadd.cli._common import console


def register(app: typer.Typer) -> None:
    app.command("summary")(summary_cmd)
    app.command("observations")(observations_cmd)


def print_summary(store, lang: str | None = None) -> None:
    from babel.numbers import format_decimal

    from nadd.i18n import t
    from nadd.settings import get_settings
    from nadd.summary import summary

    lang = lang or get_settings().language
    df = summary(store, lang)
    table = Table(title=t("summary.title", lang), title_justify="left", show_lines=True)
    for key in ("measure", "country", "period", "value", "rate", "source", "note"):
        table.add_column(t(f"col.{key}", lang), justify="right" if key in ("value", "rate") else "left",
                         overflow="fold")
    for r in df.to_dict("records"):
        gap = r["status"] == "data_gap"
        unit = {"count": "", "percent": "%"}.get(r["unit"], r["unit"])
        value = "—" if gap else f"{format_decimal(r['value'], format='#,##0.#', locale=lang)} {unit}".strip()
        rate = "" if r["rate_per_100k"] is None or r["rate_per_100k"] != r["rate_per_100k"] else \
            format_decimal(round(r["rate_per_100k"], 1), format="#,##0.0", locale=lang)
        style = "yellow" if gap else None
        table.add_row(r["measure"], r["country"], r["period"], value, rate, r["source"], r["note"],
                      style=style)
    console.print(table)


def summary_cmd(
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    out: Path = typer.Option(None, "--out", help="Also write the table as CSV or JSON."),
) -> None:
    """The latest comparable figures per country, side by side; gaps shown as gaps.

    Examples:

      nadd summary
      nadd summary --lang fr --out summary.csv
    """
    from nadd.store import open_store
    from nadd.summary import summary

    with open_store(database) as store:
        print_summary(store, lang)
        if out:
            _write(summary(store, lang or "en"), out)


def observations_cmd(
    indicator: str = typer.Option(None, help="Indicator id, e.g. drug_deaths."),
    jurisdiction: str = typer.Option(None, help="Jurisdiction id, e.g. US-TX, CA-BC, MX-BCN."),
    substance: str = typer.Option(None, help="Substance id, e.g. fentanyl, icd-t40.4."),
    source: str = typer.Option(None, help="Source id (see `nadd sources`)."),
    period_type: str = typer.Option(None, help="day, mmwr_week, iso_week, month, quarter, half_year, year, months12_ending."),
    start: str = typer.Option(None, help="Periods starting on or after YYYY-MM-DD."),
    end: str = typer.Option(None, help="Periods ending on or before YYYY-MM-DD."),
    as_of: str = typer.Option(None, "--as-of", help="What was known on YYYY-MM-DD (vintages)."),
    limit: int = typer.Option(50, help="Rows to print (the --out file gets all)."),
    out: Path = typer.Option(None, "--out", help="Write all matching rows to .csv, .json or .parquet."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
) -> None:
    """Query observations; with --as-of, as they were known on that date.

    Examples:

      nadd observations --indicator drug_deaths --jurisdiction US --substance all-drugs
      nadd observations --source dea_nflis --substance xylazine --as-of 2023-01-01 --out xyl.csv
    """
    from nadd.observations import Filter, query
    from nadd.store import open_store

    d = lambda s: date.fromisoformat(s) if s else None  # noqa: E731
    flt = Filter(indicator=indicator, jurisdiction=jurisdiction, substance=substance, source=source,
                 period_type=period_type, start=d(start), end=d(end), as_of=d(as_of))
    with open_store(database) as store:
        df = query(store, flt)
    if out:
        _write(df, out)
    table = Table(title=f"{len(df):,} observations", title_justify="left")
    cols = ["jurisdiction_id", "indicator_id", "substance_id", "period_start", "period_end", "value",
            "unit", "status", "source_id", "vintage"]
    for c in cols:
        table.add_column(c)
    for r in df.head(limit)[cols].itertuples(index=False):
        table.add_row(*["" if v is None else str(v) for v in r])
    console.print(table)


def _write(df, out: Path) -> None:
    from nadd.errors import NaddError

    suffix = out.suffix.lower()
    if suffix == ".csv":
        df.to_csv(out, index=False)
    elif suffix == ".json":
        df.to_json(out, orient="records", date_format="iso", indent=1)
    elif suffix == ".parquet":
        df.to_parquet(out, index=False)
    else:
        raise NaddError(f"cannot write {out.name}", hint="use a .csv, .json or .parquet file name")
    console.print(f"wrote {len(df):,} rows to {out}")
