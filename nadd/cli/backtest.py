"""`nadd detect backtest`: replay emergences with as-of data and score injected outbreaks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import typer
from rich.table import Table

from nadd.cli._common import console

#: Table columns per part (the CSV has all of them, with a `part` column).
EMERGENCE_COLS = ("case", "method", "onset", "first_alarm", "time_to_detection", "false_alarms",
                  "status")
INJECTION_COLS = ("case", "method", "period_type", "outbreaks", "sensitivity",
                  "false_alarms_per_year", "median_delay", "status")
#: The event whose series the plot shows with each method's first alarm.
PLOT_EVENT = "xylazine-US"
PLOT_FROM = "2008-H1"  # the plot shows the series from this half-year on


def register(group: typer.Typer) -> None:
    """Add `backtest` to the `nadd detect` group."""
    group.command("backtest")(backtest_cmd)


def backtest_cmd(
    events: Path = typer.Option(None, "--events", exists=True, dir_okay=False,
                                help="YAML with events (and optionally settings, injection) "
                                     "replacing those of nadd/detect/backtest_events.yaml."),
    inject: int = typer.Option(0, "--inject", min=0, help="Outbreaks to inject per baseline "
                               "plan (0: emergences only)."),
    seed: int = typer.Option(1, "--seed", help="Seed of the injections: the same seed gives "
                             "the same table."),
    methods: str = typer.Option(None, "--methods", help="Comma-separated methods (default: "
                                "every registered method)."),
    out: Path = typer.Option(None, "--out", help="Write the table as CSV."),
    plot: Path = typer.Option(None, "--plot", help="Write the plot as PNG."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Back-test the detection methods: time to detection of known emergences (NFLIS, as-of
    data) and sensitivity / false alarms per year / median delay on injected outbreaks.

    Example: nadd detect backtest --inject 100 --seed 1 --out backtest.csv --plot backtest.png
    """
    from nadd.detect.backtest import backtest, load_config
    from nadd.i18n import t
    from nadd.settings import get_settings
    from nadd.store import open_store

    lang = lang or get_settings().language
    cfg = load_config(events)
    chosen = [m.strip() for m in methods.split(",") if m.strip()] if methods else None
    with open_store(database) as store:
        result = backtest(store, cfg, methods=chosen, inject_n=inject, seed=seed)
    for part, cols in (("emergence", EMERGENCE_COLS), ("injection", INJECTION_COLS)):
        rows = result.table[result.table["part"] == part]
        if len(rows):
            console.print(table_of(rows, cols, t(f"backtest.{part}.title", lang), lang))
    if out:
        result.table.to_csv(out, index=False)
        console.print(t("backtest.wrote", lang, out=out))
    if plot:
        plot_backtest(result, plot, lang)
        console.print(t("backtest.wrote", lang, out=plot))


def table_of(rows: pd.DataFrame, cols: tuple[str, ...], title: str, lang: str) -> Table:
    from nadd.i18n import t

    table = Table(title=title, title_justify="left")
    for c in cols:
        table.add_column(t(f"backtest.col.{c}", lang), overflow="fold",
                         justify="left" if c in ("case", "method", "status", "period_type",
                                                 "onset", "first_alarm") else "right")
    for r in rows.itertuples():
        table.add_row(*(_cell(getattr(r, c)) for c in cols))
    return table


def _cell(v) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return "—"
    return f"{v:.3g}" if isinstance(v, float) else str(v)


def plot_backtest(result, path: Path, lang: str = "en") -> None:
    """Bars per method (sensitivity, false alarms / year, median delay) and the xylazine
    national series with each method's first alarm marked; PNG via matplotlib's Agg."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nadd.i18n import t

    inj = result.table[(result.table["part"] == "injection") & (result.table["outbreaks"] > 0)]
    fig, axes = plt.subplots(2, 2, figsize=(14, 9))
    for ax, col in zip(axes.flat[:3], ("sensitivity", "false_alarms_per_year", "median_delay"),
                       strict=True):
        _bars(ax, inj, col)
        ax.set_title(t(f"backtest.col.{col}", lang))
    _emergence_panel(axes.flat[3], result, lang)
    fig.suptitle(t("backtest.plot.title", lang))
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=100)
    plt.close(fig)


def _bars(ax, inj: pd.DataFrame, col: str) -> None:
    if inj.empty:
        ax.text(0.5, 0.5, "— (--inject N)", ha="center", va="center", transform=ax.transAxes)
        return
    cases = list(dict.fromkeys(inj["case"]))
    methods = list(dict.fromkeys(inj["method"]))
    width = 0.8 / max(len(cases), 1)
    x = np.arange(len(methods))
    for i, case in enumerate(cases):
        part = inj[inj["case"] == case].set_index("method")[col].astype(float)
        ax.bar(x + i * width, [part.get(m, np.nan) for m in methods], width, label=case)
    ax.set_xticks(x + width * (len(cases) - 1) / 2, methods, rotation=30, ha="right")
    ax.legend(fontsize=8)


def _emergence_panel(ax, result, lang: str) -> None:
    from nadd.i18n import t

    ax.set_title(t("backtest.plot.emergence", lang, event=PLOT_EVENT))
    if PLOT_EVENT not in result.series:
        ax.text(0.5, 0.5, "—", ha="center", va="center", transform=ax.transAxes)
        return
    labels, values = result.series[PLOT_EVENT]
    keep = [i for i, lab in enumerate(labels) if lab >= PLOT_FROM]
    labels, values = [labels[i] for i in keep], np.asarray(values)[keep]
    ax.plot(range(len(labels)), np.maximum(values, 1), color="black", lw=1.5,
            label=t("backtest.plot.reports", lang))
    onset = result.table.loc[result.table["case"] == PLOT_EVENT, "onset"].dropna()
    if len(onset) and onset.iloc[0] in labels:
        ax.axvline(labels.index(onset.iloc[0]), color="grey", ls="--",
                   label=t("backtest.plot.onset", lang) + f" {onset.iloc[0]}")
    firsts = result.first_alarms.get(PLOT_EVENT, {})
    for j, (method, label) in enumerate(sorted(firsts.items())):
        if label in labels:
            i = labels.index(label)
            ax.scatter([i], [max(values[i], 1) * 1.35 ** (j + 1)], marker="v", s=50, zorder=3,
                       color=f"C{j % 10}",
                       label=f"{method}: {label}")
    step = max(1, len(labels) // 12)
    ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=30, ha="right")
    ax.set_yscale("log")
    ax.set_ylabel(t("backtest.plot.reports", lang))
    ax.legend(fontsize=7)
