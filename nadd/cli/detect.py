"""`nadd detect file | run | plans`: outbreak detection on a CSV or over the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import typer
from rich.table import Table

from nadd.cli._common import console
from nadd.errors import NaddError

detect_app = typer.Typer(help="Outbreak detection (EARS, CUSUM, GLR, Farrington...), as R's "
                              "surveillance.\n\nExample: nadd detect run --plan phac-quarterly",
                         no_args_is_help=True)
#: Columns the CSV quick path reads; the others are kept as they are.
NUMERIC = ("observed", "population", "year", "week")
ADDED = ("upperbound", "alarm", "expected", "score")
ENGINE_HELP = ("local (numpy, default) or spark (Apache Spark, local[2]; needs the spark extra "
               "and Java 17+); identical results.")


def register(app: typer.Typer) -> None:
    app.add_typer(detect_app, name="detect")
    __import__("nadd.cli.backtest", fromlist=["register"]).register(detect_app)


class CsvError(NaddError):
    code = "csv_error"


def _engine(name: str) -> Any:
    """The engine named by ``--engine``; a missing pyspark is a clean error, not a traceback."""
    from nadd.detect.engines import get_engine

    if name not in ("local", "spark"):
        raise typer.BadParameter(f"--engine {name!r}: use local or spark")
    try:
        return get_engine(name)
    except ImportError as e:
        raise NaddError(f"--engine {name}: {e}", hint="pip install 'nadd[spark]', or use "
                                                       "--engine local") from None


# ------------------------------------------------------------------------------ detect file


def read_series_csv(path: Path) -> pd.DataFrame:
    """The input of ``nadd detect file``, checked: errors name the row and the column."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as e:
        raise CsvError(f"{path.name} is not a readable CSV: {e}",
                       hint="save it as UTF-8 CSV with a header row") from None
    except pd.errors.EmptyDataError:
        raise CsvError(f"{path.name} is empty", hint="the first line must name the columns, "
                                                     "one of them `observed`") from None
    if "observed" not in df.columns:
        raise CsvError(f"{path.name} has no column 'observed' (columns: {', '.join(df.columns)})",
                       hint="name the column of counts `observed`; optional: date, year + week, "
                            "population")
    if df.empty:
        raise CsvError(f"{path.name} has a header but no rows", hint="add one row per period")
    if ("year" in df.columns) != ("week" in df.columns):
        raise CsvError(f"{path.name} has {'year' if 'year' in df.columns else 'week'} without "
                       f"{'week' if 'year' in df.columns else 'year'}",
                       hint="give both year and week, or a date column")
    for col in (c for c in NUMERIC if c in df.columns):
        text = df[col].str.strip()
        num = pd.to_numeric(text.replace({"": None, "NA": None}), errors="coerce")
        bad = num.isna() & ~text.isin(["", "NA"])
        if col != "observed":
            bad |= num.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise CsvError(f"{path.name}, row {i + 2}, column {col!r}: {df[col].iloc[i]!r} is not "
                           "a number" + (" (empty)" if not text.iloc[i] else ""),
                           hint=f"give {col} as a number on every row"
                                + ("; an unknown count may be empty or NA" if col == "observed"
                                   else ""))
    if "date" in df.columns:
        dates = pd.to_datetime(df["date"].str.strip(), errors="coerce", format="ISO8601")
        if dates.isna().any():
            i = int(np.flatnonzero(dates.isna().to_numpy())[0])
            raise CsvError(f"{path.name}, row {i + 2}, column 'date': {df['date'].iloc[i]!r} is "
                           "not a date", hint="write dates as YYYY-MM-DD")
        if (dates.diff().dropna() <= pd.Timedelta(0)).any():
            i = int(np.flatnonzero((dates.diff() <= pd.Timedelta(0)).to_numpy())[0])
            raise CsvError(f"{path.name}, row {i + 2}, column 'date': {df['date'].iloc[i]} does "
                           "not come after the row before", hint="sort the rows by date, one "
                                                                 "row per period")
    return df


def parse_range_1based(text: str | None, n: int) -> np.ndarray | None:
    """``FIRST:LAST`` 1-based row numbers (both included, as R's ``range``) -> 0-based indices."""
    if not text:
        return None
    first, sep, last = text.partition(":")
    try:
        a, b = int(first), int(last if sep else first)
    except ValueError:
        raise CsvError(f"--range {text!r} is not FIRST:LAST",
                       hint="give 1-based row numbers of the points to monitor, e.g. "
                            f"--range 8:{n}") from None
    if not 1 <= a <= b <= n:
        raise CsvError(f"--range {text} is outside rows 1..{n} of the series (or FIRST > LAST)",
                       hint=f"rows are numbered 1 to {n}, as R's control$range, e.g. "
                            f"--range {min(8, n)}:{n}")
    return np.arange(a - 1, b)


def detect_csv(df: pd.DataFrame, method: str, settings: list[str], *, range_: str | None = None,
               freq: int | None = None, engine: Any = "local") -> pd.DataFrame:
    """Run ``method`` on the ``observed`` column; the input columns plus the results."""
    from nadd.detect import SeriesRefused, from_settings
    from nadd.detect.engines import get_engine, settings_of_detector

    detector = from_settings(method, settings or [])
    x = pd.to_numeric(df["observed"].str.strip().replace({"": None, "NA": None}),
                      errors="coerce").to_numpy(dtype=float)
    idx = parse_range_1based(range_, len(x))
    series = pd.DataFrame({"series_id": "1", "t": np.arange(len(x)), "observed": x})
    if freq is not None:
        series["freq"] = freq
    if "population" in df.columns:
        series["population"] = pd.to_numeric(df["population"]).to_numpy(dtype=float)
    if "week" in df.columns:
        series["start"] = int(pd.to_numeric(df["week"]).iloc[0])
    res = get_engine(engine).run(method, settings_of_detector(method, detector), series,
                                 range=idx)
    if len(res.refusals):
        raise SeriesRefused(res.refusals["reason"].iat[0], hint=res.refusals["hint"].iat[0])
    out = df.copy()
    where = res.results["t"].to_numpy()
    for col in ADDED:
        if col not in res.columns:
            continue
        full = np.full(len(x), np.nan)
        full[where] = res.results[col].to_numpy()
        out[col] = pd.array(np.where(np.isnan(full), None, full),
                            dtype="Int64" if col == "alarm" else "Float64")
    return out


@detect_app.command("file")
def file_cmd(
    series: Path = typer.Argument(..., exists=True, dir_okay=False,
                                  help="CSV with a column `observed` (optional: date, year + week, "
                                       "population)."),
    method: str = typer.Option(..., "--method", help="ears-c1, ears-c2, ears-c3, farrington, "
                               "farrington-flexible, cusum, glrpois, glrnb (see `nadd detect "
                               "plans`)."),
    settings: list[str] = typer.Option(None, "--set", help="NAME=VALUE, spelled as in R's "
                                       "surveillance control list (b, w, alpha, c.ARL...)."),
    range_: str = typer.Option(None, "--range", help="FIRST:LAST 1-based rows to monitor, as "
                               "control$range (default: every row the method can)."),
    freq: int = typer.Option(None, "--freq", help="Periods per year: 52, 365 or 12."),
    out: Path = typer.Option(..., "--out", help="Result CSV: the input columns plus upperbound, "
                             "alarm, expected, score."),
    engine: str = typer.Option("local", "--engine", help=ENGINE_HELP),
) -> None:
    """Run one detection method on a CSV series: the analyst's quick path, same engine.

    Example: nadd detect file counts.csv --method ears-c1 --set baseline=7 --range 8:52 --out res.csv
    """
    from nadd.i18n import t

    if freq is not None and freq not in (52, 365, 12):
        raise typer.BadParameter("--freq must be 52 (weeks), 365 (days) or 12 (months)")
    df = read_series_csv(series)
    result = detect_csv(df, method, settings, range_=range_, freq=freq, engine=_engine(engine))
    result.to_csv(out, index=False)
    alarms = int((result["alarm"] == 1).sum()) if "alarm" in result else 0
    console.print(t("detect.wrote", "en", rows=len(result), alarms=alarms, out=out))


# ------------------------------------------------------------------------------ detect run


def runs_table(reports, lang: str = "en") -> Table:
    from nadd.i18n import t

    table = Table(title=t("detect.runs.title", lang), title_justify="left")
    for key in ("plan", "run", "vintage", "series", "refused", "alarms", "alerts", "note"):
        table.add_column(t(f"col.{key}", lang),
                         justify="right" if key in ("series", "refused", "alarms", "alerts")
                         else "left")
    for r in reports:
        table.add_row(r.plan, r.run_id, str(r.data_vintage or "—"), f"{r.series_run:,}",
                      f"{r.series_refused:,}", f"{r.alarms:,}", f"{r.alerts:,}",
                      t("detect.already", lang) if r.already else "")
    return table


@detect_app.command("run")
def run_cmd(
    plans: list[str] = typer.Option(None, "--plan", help="Bundled plan name or plan .yaml file "
                                    "(repeatable); default: every bundled plan."),
    as_of: str = typer.Option(None, "--as-of", help="Use the data as known on YYYY-MM-DD."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
    engine: str = typer.Option("local", "--engine", help=ENGINE_HELP),
) -> None:
    """Run detection plans over the store; results and alerts are stored with the plan.

    Examples:

      nadd detect run
      nadd detect run --plan phac-quarterly --as-of 2025-06-30
      nadd detect run --plan my-plan.yaml
      nadd detect run --engine spark
    """
    from rich.progress import Progress

    from nadd.detect.plans import bundled_plans, find_plan
    from nadd.detect.runner import run_plan
    from nadd.settings import get_settings
    from nadd.store import open_store

    lang = lang or get_settings().language
    chosen = [find_plan(p) for p in plans] if plans else bundled_plans()
    for p in chosen:
        p.detectors()
    when = date.fromisoformat(as_of) if as_of else None
    runner = _engine(engine)
    reports = []
    with open_store(database) as store, Progress(console=console, transient=True) as bar:
        task = bar.add_task("detect", total=len(chosen))
        for p in chosen:
            bar.update(task, description=p.name)
            reports.append(run_plan(store, p, as_of=when, engine=runner))
            bar.advance(task)
    console.print(runs_table(reports, lang))


@detect_app.command("plans")
def plans_cmd(lang: str = typer.Option(None, "--lang", help="en, es or fr.")) -> None:
    """List the bundled detection plans and the methods available now.

    Example: nadd detect plans
    """
    from nadd.detect import list_methods
    from nadd.detect.plans import bundled_plans
    from nadd.i18n import t
    from nadd.settings import get_settings

    lang = lang or get_settings().language
    table = Table(title=t("detect.plans.title", lang), title_justify="left", show_lines=True)
    for key in ("plan", "data", "methods"):
        table.add_column(t(f"col.{key}", lang), overflow="fold")
    for p in bundled_plans():
        s = p.select
        data = (f"{s.source} {s.indicator} {s.period_type} {s.unit or ''}; substance "
                f"{s.substance}; {s.jurisdiction_level or s.jurisdiction}"
                + (f"; last {p.window.last}" if p.window.last else "")
                + (f"; 12-ME: {p.months12_ending}" if p.months12_ending != "refuse" else ""))
        methods = "; ".join(m.method + (" " + ", ".join(f"{k}={v}" for k, v in m.settings.items())
                                        if m.settings else "") for m in p.methods)
        table.add_row(f"{p.name}\n{p.title}", data, methods)
    console.print(table)
    console.print("methods available: " + ", ".join(list_methods()))
