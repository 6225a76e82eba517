"""`nadd link run | runs`: link party records (Splink on DuckDB or Spark), measure against truth."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from rich.table import Table

from nadd.cli._common import console, language as _lang

link_app = typer.Typer(help="Record linkage of party records (persons, companies) with Splink.\n\n"
                            "Example: nadd link run --in scenario/ --truth scenario/truth/party_truth.csv",
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(link_app, name="link")


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    from nadd.link.engine import LinkError

    if not path.is_file():
        raise LinkError(f"{what} file not found: {path}",
                        hint="write a scenario with `nadd incidents generate --out DIR`")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _principal(country: str | None, agency: str | None):
    from nadd.access import ANONYMOUS, Principal

    if not country:
        return ANONYMOUS
    return Principal(user_id=None, username=f"cli@{agency or country}", org_id=None,
                     agency=agency, country=country.upper(), roles=frozenset({"analyst"}))


def metrics_table(m: dict, lang: str) -> Table:
    from nadd.i18n import t

    table = Table(title=t("link.metrics", lang), title_justify="left")
    table.add_column(t("link.col.measure", lang))
    table.add_column(t("col.value", lang), justify="right")
    for key in ("precision", "recall", "f1", "bcubed_precision", "bcubed_recall", "exact_share"):
        table.add_row(t(f"link.{key}", lang), f"{m[key]:.4f}")
    for key in ("records", "true_pairs", "predicted_pairs", "correct_pairs", "entities",
                "clusters"):
        table.add_row(t(f"link.{key}", lang), f"{m[key]:,}")
    return table


@link_app.command("run")
def run_cmd(
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (default) or spark (local mode)."),
    in_dir: Path = typer.Option(None, "--in", help="Scenario folder with parties.csv "
                                "(default: the parties table of the store)."),
    truth: Path = typer.Option(None, "--truth", help="party_truth.csv (record_id, entity_id): "
                               "print pairwise precision, recall and F1."),
    threshold: float = typer.Option(None, "--threshold", help="Match probability that links two "
                                    "records (default 0.95)."),
    out: Path = typer.Option(None, "--out", help="Write record_id,cluster_id to this CSV."),
    save: bool = typer.Option(None, "--save/--no-save", help="Store the run and its clusters "
                              "(default: yes when reading from the store)."),
    threads: int = typer.Option(None, "--threads", help="Cores to use (default: all)."),
    country: str = typer.Option(None, "--as-country", help="Read the store as an analyst of this "
                                "country (CA, MX, US); default: public records only."),
    agency: str = typer.Option(None, "--as-agency", help="... and of this agency."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Link party records into clusters of one person or company each.

    Example: nadd link run --in scenario/ --truth scenario/truth/party_truth.csv --engine spark
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from nadd.i18n import t
    from nadd.link import DEFAULT_THRESHOLD, ENGINES, link, pairwise_metrics
    from nadd.store import open_store

    if engine not in ENGINES:
        raise typer.BadParameter(f"--engine must be one of {', '.join(ENGINES)}")
    lg = _lang(lang)
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0 < threshold < 1:
        raise typer.BadParameter("--threshold must be between 0 and 1 (e.g. 0.95)")
    if in_dir is not None:
        parties = _read_csv(Path(in_dir) / "parties.csv", "parties")
        if truth is None and (Path(in_dir) / "truth" / "party_truth.csv").is_file():
            truth = Path(in_dir) / "truth" / "party_truth.csv"
    else:
        from nadd.link.store import read_parties

        with open_store(database) as store:
            parties = read_parties(store, _principal(country, agency))
    console.print(t("link.reading", lg, n=f"{len(parties):,}", engine=engine))
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(t("link.starting", lg), total=None)
        result = link(parties, engine=engine, threshold=threshold, threads=threads,
                      progress=lambda msg: bar.update(task, description=msg))
    console.print(t("link.done", lg, records=f"{result.n_records:,}",
                    pairs=f"{result.n_pairs_scored:,}", links=f"{result.n_links:,}",
                    clusters=f"{result.clusters['cluster_id'].nunique():,}",
                    seconds=f"{sum(result.seconds.values()):.1f}"))
    metrics = None
    if truth is not None:
        metrics = pairwise_metrics(result.clusters, _read_csv(Path(truth), "truth"))
        console.print(metrics_table(metrics, lg))
    if out is not None:
        result.clusters.to_csv(out, index=False)
        console.print(t("link.written", lg, path=str(out)))
    if save or (save is None and in_dir is None):
        from nadd.link.store import save_run

        with open_store(database) as store:
            run_id = save_run(store, result, metrics)
        console.print(t("link.saved", lg, run=run_id))


@link_app.command("runs")
def runs_cmd(
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
) -> None:
    """List the link runs in the store, newest first.

    Example: nadd link runs
    """
    from nadd.link.store import list_runs
    from nadd.store import open_store

    with open_store(database) as store:
        df = list_runs(store)
    table = Table(title=f"link runs ({len(df)})", title_justify="left")
    for col in ("run_id", "engine", "threshold", "n_records", "n_clusters", "pairwise_f1",
                "seconds"):
        table.add_column(col)
    for r in df.to_dict("records"):
        f1 = "" if r["pairwise_f1"] is None or pd.isna(r["pairwise_f1"]) else f"{r['pairwise_f1']:.4f}"
        table.add_row(r["run_id"], r["engine"], f"{r['threshold']:.2f}", f"{r['n_records']:,}",
                      f"{r['n_clusters']:,}", f1, f"{r['seconds']:.1f}")
    console.print(table)
