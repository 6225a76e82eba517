"""`nadd networks cases | actors | flows | typologies | firearms`: trafficking networks over incidents.

Each command reads a generated directory (--dir) or the store (--db, under the access rule), runs
one analysis of nadd.networks and prints a table; --out writes the full result as CSV or JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import typer
from rich.table import Table

from nadd.cli._common import console, language as _lang

networks_app = typer.Typer(help="Trafficking networks: cases, key actors, routes and flows, "
                                "finance typologies, firearms sources.\n\n"
                                "Example: nadd networks cases --dir var/synthetic --keys truth",
                           no_args_is_help=True)

DIR = typer.Option(None, "--dir", help="A folder written by `nadd incidents generate` (else the store).")
DB = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL).")
KEYS = typer.Option("auto", "--keys", help="Who a party record is: auto (linkage clusters if any, "
                                           "else none), clusters, truth (generator truth), records.")
CLUSTERS = typer.Option(None, "--clusters", help="CSV of record_id,cluster_id (a linkage result).")
COUNTRY = typer.Option(None, "--as-country", help="Read the store as an agency of this country "
                                                  "(US, CA, MX, NL); default: public records only.")
AGENCY = typer.Option(None, "--as-agency", help="... and this agency (e.g. CBP, RCMP, FGR).")
OUT = typer.Option(None, "--out", help="Write the full result: .csv or .json.")
LIMIT = typer.Option(30, "--limit", help="Rows to print.")
LANG = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE).")
SETS = typer.Option(None, "--set", help="Any parameter of nadd.networks.FinanceParams, e.g. "
                                        "--set band=0.05 --set structuring_days=7.")


def register(app: typer.Typer) -> None:
    app.add_typer(networks_app, name="networks")


def _frames(folder: Path | None, database: str | None, clusters: Path | None,
            country: str | None, agency: str | None):
    from nadd.networks import read_dir, read_store
    from nadd.networks.frames import _csv

    if folder is not None:
        return read_dir(folder, clusters=clusters)
    from nadd.store import open_store

    principal = None
    if country:
        from nadd.access import Principal

        principal = Principal(user_id=None, username="cli", org_id=None, agency=agency,
                              country=country.upper(), roles=frozenset({"analyst"}))
    with open_store(database) as store:
        frames = read_store(store, principal)
    return frames.with_clusters(_csv(clusters, True)) if clusters else frames


def _banner(frames, lang: str) -> None:
    from nadd.i18n import t

    if frames.synthetic:
        console.print(f"[bold yellow]{t('networks.synthetic', lang)}[/]")


def _table(df: pd.DataFrame, title: str, limit: int, columns: list[str] | None = None) -> Table:
    cols = columns or list(df.columns)
    table = Table(title=f"{title} ({len(df):,})", title_justify="left")
    for c in cols:
        numeric = len(df) and pd.api.types.is_numeric_dtype(df[c])
        table.add_column(c, justify="right" if numeric else "left", overflow="fold")
    for r in df[cols].head(limit).itertuples(index=False):
        table.add_row(*[_cell(v) for v in r])
    return table


def _cell(v) -> str:
    if v is None or (not isinstance(v, (list, dict)) and pd.isna(v)):
        return ""
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:,.0f}"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    return str(v)


def _write(out: Path | None, data: dict[str, pd.DataFrame] | pd.DataFrame, synthetic: bool) -> None:
    """CSV: the main table. JSON: every table, records oriented, with the synthetic label."""
    if out is None:
        return
    tables = data if isinstance(data, dict) else {"rows": data}
    if out.suffix.lower() == ".json":
        body = {"synthetic": synthetic}
        body.update({k: json.loads(v.to_json(orient="records", date_format="iso"))
                     for k, v in tables.items()})
        out.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        main = next(iter(tables.values()))
        main.to_csv(out, index=False, date_format="%Y-%m-%d")
    console.print(f"wrote {out}")


def _keys(frames, keys: str):
    from nadd.networks import party_keys

    return party_keys(frames, using=keys)


@networks_app.command("cases")
def cases_cmd(folder: Path = DIR, database: str = DB, keys: str = KEYS, clusters: Path = CLUSTERS,
              via: str = typer.Option("party,tracking,account,phone", "--via",
                                      help="Link types that join incidents (comma-separated)."),
              max_key: int = typer.Option(None, "--max-key-incidents",
                                          help="Ignore a key shared by more incidents than this."),
              evaluate: bool = typer.Option(False, "--evaluate",
                                            help="Score cases against truth/incident_networks.csv."),
              country: str = COUNTRY, agency: str = AGENCY, out: Path = OUT, limit: int = LIMIT,
              lang: str = LANG) -> None:
    """Cases: incidents joined by shared linked parties, tracking numbers, accounts and phones.

    Example: nadd networks cases --dir var/synthetic --keys truth --evaluate --out cases.json
    """
    from nadd.i18n import t
    from nadd.ingest.progress import progress
    from nadd.networks import case_recovery, find_cases

    lang = _lang(lang)
    with progress(t("networks.working", lang)):
        f = _frames(folder, database, clusters, country, agency)
        c = find_cases(f.incidents, f.parties, _keys(f, keys), f.transactions, f.items,
                       via=tuple(v.strip() for v in via.split(",")), max_key_incidents=max_key)
    _banner(f, lang)
    console.print(_table(c.summary, t("networks.cases", lang), limit,
                         ["case_id", "incidents", "parties", "kinds", "countries", "modes",
                          "substances", "first_date", "last_date", "linked_by"]))
    tables = {"cases": c.summary, "members": c.members, "links": c.links}
    if evaluate:
        if f.incident_networks is None or f.incident_networks.empty:
            raise typer.BadParameter("--evaluate needs --dir with truth/incident_networks.csv")
        per, overall = case_recovery(c.members, f.incident_networks)
        console.print(_table(per, t("networks.recovery", lang), limit))
        console.print(", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                for k, v in overall.items()))
        tables["recovery"] = per
    _write(out, tables, f.synthetic)


@networks_app.command("actors")
def actors_cmd(folder: Path = DIR, database: str = DB, keys: str = KEYS, clusters: Path = CLUSTERS,
               country: str = COUNTRY, agency: str = AGENCY, out: Path = OUT, limit: int = LIMIT,
               lang: str = LANG) -> None:
    """Key actors: degree, betweenness and eigenvector centrality of persons, with the reason.

    Example: nadd networks actors --dir var/synthetic --keys truth --limit 20
    """
    from nadd.i18n import t
    from nadd.ingest.progress import progress
    from nadd.networks import find_cases, key_actors

    lang = _lang(lang)
    with progress(t("networks.working", lang)):
        f = _frames(folder, database, clusters, country, agency)
        k = _keys(f, keys)
        members = find_cases(f.incidents, f.parties, k, f.transactions).members
        actors = key_actors(f.parties, k, incidents=f.incidents, members=members)
    _banner(f, lang)
    console.print(_table(actors, t("networks.actors", lang), limit,
                         ["rank", "name", "case_id", "incidents", "ties", "degree", "betweenness",
                          "eigenvector", "roles", "reason"]))
    _write(out, actors, f.synthetic)


@networks_app.command("flows")
def flows_cmd(folder: Path = DIR, database: str = DB,
              mode: str = typer.Option(None, "--mode", help="Only these modes (comma-separated); "
                                                            "'postal' = mail and express."),
              level: str = typer.Option("country", "--level", help="country or place (destination "
                                                                   "state/province)."),
              country: str = COUNTRY, agency: str = AGENCY, out: Path = OUT, limit: int = LIMIT,
              lang: str = LANG) -> None:
    """Routes and flows by mode: origin -> transit -> destination; --out x.json is Sankey-ready.

    Example: nadd networks flows --dir var/synthetic --mode postal --level place --out flows.json
    """
    from nadd.i18n import t
    from nadd.networks import POSTAL_MODES, route_flows

    lang = _lang(lang)
    modes = None
    if mode:
        modes = tuple(POSTAL_MODES if m.strip() == "postal" else (m.strip(),)
                      for m in mode.split(","))
        modes = tuple(x for group in modes for x in group)
    f = _frames(folder, database, None, country, agency)
    flows = route_flows(f.incidents, f.items, modes=modes, level=level)
    _banner(f, lang)
    console.print(_table(flows.routes, t("networks.routes", lang), limit))
    _write(out, {"routes": flows.routes, "nodes": flows.nodes, "links": flows.links}, f.synthetic)


def _params(p, sets: list[str]):
    """FinanceParams with ``name=value`` overrides, each coerced to the field's type."""
    from dataclasses import fields, replace

    types = {f.name: type(getattr(p, f.name)) for f in fields(p)}
    changes = {}
    for item in sets:
        name, _, value = item.partition("=")
        name = name.strip()
        if name not in types or types[name] is tuple:
            raise typer.BadParameter(f"--set {item!r}: unknown parameter; one of "
                                     f"{', '.join(n for n, t in types.items() if t is not tuple)}")
        kind = types[name]
        try:
            changes[name] = (value.strip().lower() in {"1", "true", "yes"} if kind is bool
                             else kind(value))
        except ValueError:
            raise typer.BadParameter(f"--set {item!r}: {name} takes a {kind.__name__}") from None
    return replace(p, **changes)


@networks_app.command("typologies")
def typologies_cmd(folder: Path = DIR, database: str = DB, keys: str = KEYS,
                   clusters: Path = CLUSTERS,
                   mxn_per_usd: float = typer.Option(18.0, "--mxn-per-usd",
                                                     help="Rate for the MX USD 7,500 threshold."),
                   rapid_days: int = typer.Option(3, "--rapid-days", help="Pass-through window."),
                   rapid_ratio: float = typer.Option(0.9, "--rapid-ratio",
                                                     help="Pass-through share that flags."),
                   chains: bool = typer.Option(False, "--chains",
                                               help="Also list precursor -> drug chains."),
                   sets: list[str] = SETS,
                   country: str = COUNTRY, agency: str = AGENCY, out: Path = OUT,
                   limit: int = LIMIT, lang: str = LANG) -> None:
    """Finance typologies (structuring, funnel accounts, rapid movement), each with its indicator.

    Example: nadd networks typologies --dir var/synthetic --chains --out flags.csv
    """
    from nadd.i18n import t
    from nadd.networks import FinanceParams, find_cases, precursor_chains, typologies

    lang = _lang(lang)
    f = _frames(folder, database, clusters, country, agency)
    k = _keys(f, keys)
    p = _params(FinanceParams(mxn_per_usd=mxn_per_usd, rapid_days=rapid_days,
                              rapid_ratio=rapid_ratio), sets or [])
    flags = typologies(f.transactions, f.parties, k, f.incidents, p)
    _banner(f, lang)
    console.print(_table(flags, t("networks.typologies", lang), limit,
                         ["typology", "account", "currency", "indicator", "first_date",
                          "last_date", "transactions", "amount"]))
    from nadd.networks.finance import params_table

    tables = {"flags": flags, "parameters": params_table(p).astype({"value": str})}
    if chains:
        members = find_cases(f.incidents, f.parties, k, f.transactions).members
        ch = precursor_chains(f.incidents, f.items, members)
        console.print(_table(ch, t("networks.chains", lang), limit))
        tables["chains"] = ch
    _write(out, tables, f.synthetic)


@networks_app.command("firearms")
def firearms_cmd(folder: Path = DIR, database: str = DB,
                 level: str = typer.Option("country", "--level",
                                           help="Source country, or place (state/province)."),
                 country: str = COUNTRY, agency: str = AGENCY, out: Path = OUT, limit: int = LIMIT,
                 lang: str = LANG) -> None:
    """Firearms sources and time-to-crime (median, share under 3 years) by recovery country.

    Example: nadd networks firearms --dir var/synthetic --level place
    """
    from nadd.i18n import t
    from nadd.networks import source_table, ttc_summary

    lang = _lang(lang)
    f = _frames(folder, database, None, country, agency)
    if f.firearms.empty:
        console.print(t("networks.none", lang))
        return
    ttc = ttc_summary(f.firearms, f.incidents)
    src = source_table(f.firearms, f.incidents, level=level)
    _banner(f, lang)
    console.print(_table(ttc, t("networks.ttc", lang), limit))
    console.print(_table(src, t("networks.sources", lang), limit))
    _write(out, {"sources": src, "time_to_crime": ttc}, f.synthetic)
