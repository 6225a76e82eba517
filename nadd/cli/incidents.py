"""`nadd incidents generate | load | list`: incident-level data (synthetic or an agency's own)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from nadd.cli._common import console, language as _lang

incidents_app = typer.Typer(help="Incidents: seizures, postal items, precursor shipments, firearm recoveries, "
                                 "financial reports and the parties in them.\n\n"
                                 "Example: nadd incidents generate --scenario small --seed 1 --out var/synthetic",
                            no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(incidents_app, name="incidents")


@incidents_app.command("generate")
def generate_cmd(
    scenario: str = typer.Option("standard", "--scenario", help="small, standard or large."),
    seed: int = typer.Option(0, "--seed", help="Same seed, byte-identical files."),
    out: Path = typer.Option(Path("var/synthetic"), "--out", help="Folder to write the CSV files and truth/ into."),
    scale: float = typer.Option(1.0, "--scale", help="Multiply every volume (large: 1 -> ~1 million party records, 0.1 -> ~100,000)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Write a SYNTHETIC data set: incidents, items, firearms, transactions, parties and the truth.

    Example: nadd incidents generate --scenario standard --seed 7 --out var/synthetic
    """
    from nadd.i18n import t
    from nadd.incidents.synth.generator import generate, progress_total
    from nadd.ingest.progress import progress

    with progress(t("incidents.generating", _lang(lang)), total=progress_total(scenario, scale)) as bar:
        counts = generate(scenario, seed, out, scale=scale, bar=bar)
    table = Table(title=t("incidents.generated", _lang(lang), out=str(out)), title_justify="left")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for k, v in counts.items():
        table.add_row(k, f"{v:,}")
    console.print(table)


@incidents_app.command("load")
def load_cmd(
    folder: Path = typer.Argument(..., help="Folder with incidents.csv (and items, firearms, transactions, "
                                             "parties; CSV or JSON)."),
    mapping: Path = typer.Option(None, "--mapping", help="YAML mapping of your own column names "
                                                          "(see nadd/incidents/templates/README.md)."),
    check: bool = typer.Option(False, "--check", help="Validate only; write nothing."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Validate and load a folder of incident files: all or nothing, and loading twice adds nothing.

    Example: nadd incidents load var/synthetic
    """
    from nadd.i18n import t
    from nadd.incidents import load, read_folder
    from nadd.ingest.progress import progress
    from nadd.store import open_store

    with progress(t("incidents.loading", _lang(lang)), total=2) as bar:
        tables = read_folder(folder, mapping=mapping)
        bar.advance()
        if check:
            console.print(t("incidents.valid", _lang(lang), n=tables["incidents"].num_rows))
            return
        with open_store(database) as store:
            res = load(store, tables, source=str(folder))
        bar.advance()
    console.print(t("incidents.loaded", _lang(lang), added=res["rows_added"], read=res["rows_read"],
                    load_id=res["load_id"]))


@incidents_app.command("list")
def list_cmd(
    kind: str = typer.Option(None, "--kind", help="seizure, postal_item, express_consignment, precursor_shipment, "
                                                   "firearm_recovery, financial_report."),
    mode: str = typer.Option(None, "--mode", help="e.g. international_mail, land_poe_passenger_vehicle."),
    jurisdiction: str = typer.Option(None, "--jurisdiction", help="Where it happened, e.g. US-AZ, MX-SIN, CA-BC "
                                                                   "(a country code matches its subdivisions)."),
    substance: str = typer.Option(None, "--substance", help="Incidents with an item of this substance id."),
    since: str = typer.Option(None, "--since", help="From this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Up to this date (YYYY-MM-DD)."),
    limit: int = typer.Option(50, "--limit", help="Rows to print."),
    public: bool = typer.Option(False, "--public", help="Only what the public may see (the store's operator "
                                                         "sees every row by default)."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """List incidents, most recent first; synthetic ones are marked.

    Example: nadd incidents list --kind postal_item --jurisdiction US --since 2024-01-01
    """
    from nadd.i18n import t
    from nadd.incidents import label, list_incidents
    from nadd.incidents.store import LOCAL
    from nadd.store import open_store

    lang = _lang(lang)
    with open_store(database) as store:
        df = list_incidents(store, None if public else LOCAL, kind=kind, mode=mode, jurisdiction=jurisdiction, substance=substance,
                            since=since, until=until, limit=limit)
    table = Table(title=f"{t('incidents.title', lang)} ({len(df):,})", title_justify="left")
    for key in ("incident", "date", "kind", "mode", "jurisdiction", "office", "route", "synthetic"):
        table.add_column(t(f"col.{key}", lang))
    for r in df.to_dict("records"):
        r = {k: "" if v is None or (isinstance(v, float) and v != v) else v for k, v in r.items()}
        route = " > ".join(x for x in (r["origin_country"], r["transit_countries"].replace(";", " > "),
                                       r["destination_country"]) if x)
        table.add_row(r["incident_id"], str(r["event_date"]), label("incident_kind", r["kind"], lang),
                      label("mode", r["mode"], lang) if r["mode"] else "", r["jurisdiction_id"], r["office"],
                      route, t("incidents.synthetic", lang) if r["synthetic"] else "")
    console.print(table)
