"""`nadd substances check | show | similar | gaps | changes`: control status of structures."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from nadd.cli._common import console, language as _lang

substances_app = typer.Typer(
    help="Control status of a structure or name under US, CA, MX, UN and NL law.\n\n"
         "Example: nadd substances check \"fentanyl citrate\"",
    no_args_is_help=True)
J = ("us", "ca", "mx", "un", "nl")


def register(app: typer.Typer) -> None:
    app.add_typer(substances_app, name="substances")


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{option} must be a date YYYY-MM-DD, not {value!r}") from None


def read_inputs(path: Path) -> list[str]:
    """Inputs of a batch file: SDF records (MOL blocks) or a CSV's ``smiles`` (else ``name``) column."""
    from nadd.errors import Failure, ValidationFailed

    if path.suffix.lower() in (".sdf", ".sd", ".mol"):
        from nadd.chem.registry import sdf_records

        return sdf_records(path.read_text(encoding="utf-8", errors="replace"))
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        cols = [c.strip().lower() for c in (reader.fieldnames or [])]
        if "smiles" not in cols and "name" not in cols:
            raise ValidationFailed([Failure(str(path), 1, None, ",".join(cols), "a column 'smiles' and/or 'name'",
                                            "Name the structure column 'smiles' or the name column 'name'.")])
        out = []
        for r in reader:
            r = {k.strip().lower(): (v or "").strip() for k, v in r.items() if k}
            out.append(r.get("smiles") or r.get("name") or "")
        return out


def write_rows(rows: list[dict], out: Path) -> None:
    if out.suffix.lower() == ".json":
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        return
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["input", "error"])
        w.writeheader()
        w.writerows(rows)


def verdict_table(v, lang: str) -> Table:
    from nadd.i18n import t

    table = Table(title=f"{v.name or v.input[:60]}  {v.inchikey}\n{t('substances.check', lang, date=v.as_of)}",
                  title_justify="left", show_lines=False)
    for key in ("jurisdiction", "verdict", "schedule", "provision", "rule", "since", "why"):
        table.add_column(t(f"col.{key}", lang), overflow="fold")
    style = {"controlled": "bold red", "uncertain": "yellow", "possible_analogue": "magenta"}
    for j in J:
        r = v.by_jurisdiction[j]
        why = r.reason
        if r.neighbours:
            why += " | " + ", ".join(f"{n.name} {n.similarity:.2f} ({n.schedules})" for n in r.neighbours)
        if r.expiry:
            why += f" | expires {r.expiry}"
        table.add_row(j.upper(), t(f"verdict.{r.verdict}", lang), r.schedule, r.provision, r.rule,
                      r.effective, why, style=style.get(r.verdict))
    return table


@substances_app.command("check")
def check_cmd(
    text: str = typer.Argument(None, help="A SMILES, InChI, name, synonym or CAS number."),
    infile: Path = typer.Option(None, "--in", exists=True, dir_okay=False,
                                help="Batch: CSV with 'smiles' and/or 'name' columns, or an SDF."),
    out: Path = typer.Option(None, "--out", help="Write the verdicts to CSV or JSON (by extension)."),
    as_of: str = typer.Option(None, "--as-of", help="Law as of this date (YYYY-MM-DD; default today)."),
    processes: int = typer.Option(2, "--processes", min=1, help="Worker processes for --in."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Verdict per jurisdiction (controlled, not_listed, possible_analogue, uncertain).

    Example: nadd substances check --in seized.csv --out verdicts.csv --as-of 2024-01-01
    """
    from nadd.i18n import t
    from nadd.law.check import check, check_many

    on, lang = _date(as_of, "--as-of"), _lang(lang)
    if (text is None) == (infile is None):
        raise typer.BadParameter("give one structure or name, or --in FILE (not both)")
    if infile is None:
        v = check(text, on)
        if out:
            write_rows([v.row()], out)
        console.print(verdict_table(v, lang))
        return
    verdicts = check_many(read_inputs(infile), on, processes=processes)
    rows = [v.row() for v in verdicts]
    errors = sum(1 for r in rows if r["error"])
    if out:
        write_rows(rows, out)
        console.print(t("substances.written", lang, n=len(rows), path=out, errors=errors))
    else:
        table = Table(title_justify="left")
        for c in ("input", "inchikey", *[f"{j}_verdict" for j in J], "error"):
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*[str(r[c])[:60] for c in ("input", "inchikey", *[f"{j}_verdict" for j in J], "error")])
        console.print(table)


@substances_app.command("show")
def show_cmd(
    name: str = typer.Argument(None, help="A name, synonym, CAS number or structure."),
    list_names: bool = typer.Option(False, "--list", help="List every name the registry knows."),
    as_of: str = typer.Option(None, "--as-of", help="Law as of this date (YYYY-MM-DD)."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """A substance's verdicts, every listing (with dates) and its precursor links.

    Example: nadd substances show 4-AP
    """
    from nadd.chem.registry import known_names, parse
    from nadd.i18n import t
    from nadd.law.check import check
    from nadd.law.kb import entries_for
    from nadd.law.precursors import leads_to, made_from

    if list_names:
        console.print("\n".join(known_names()), highlight=False)
        return
    if name is None:
        raise typer.BadParameter("give a name (or --list)")
    lang = _lang(lang)
    s = parse(name)
    console.print(f"{s.name or ''}  {s.smiles}  {s.formula}  {s.inchikey}", highlight=False)
    console.print(verdict_table(check(s, _date(as_of, "--as-of")), lang))
    table = Table(title=t("substances.listings", lang), title_justify="left")
    for c in ("jurisdiction", "schedule", "status", "provision", "effective", "expiry", "covers", "note"):
        table.add_column(c, overflow="fold")
    for e in sorted(entries_for(s.inchikey_nostereo), key=lambda e: (J.index(e.jurisdiction), e.effective)):
        table.add_row(e.jurisdiction.upper(), e.schedule, e.status, e.provision, str(e.effective),
                      str(e.expiry or ""), e.covers, e.note)
    console.print(table)
    for title, links in ((t("substances.precursor_of", lang), leads_to(name)),
                         (t("substances.made_from", lang), made_from(name))):
        if links:
            console.print(f"[bold]{title}:[/] " + ", ".join(f"{n} ({link.route})" for n, link in links[:12]))


@substances_app.command("similar")
def similar_cmd(
    text: str = typer.Argument(..., help="A SMILES, InChI, name or CAS number."),
    k: int = typer.Option(10, "--k", min=1, help="How many neighbours."),
    threshold: float = typer.Option(0.0, "--threshold", min=0.0, max=1.0, help="Lowest Tanimoto."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Nearest substances of the legal knowledge base (Tanimoto, Morgan r2, 2,048 bits).

    Example: nadd substances similar "CCCC(=O)N(c1ccc(Cl)cc1)C1CCN(CCc2ccccc2)CC1" --k 5
    """
    from nadd.chem.registry import parse
    from nadd.i18n import t
    from nadd.law.check import neighbours
    from nadd.law.kb import entries_for

    lang = _lang(lang)
    table = Table(title=t("substances.similar", lang), title_justify="left")
    for c in ("name", "similarity", "listings"):
        table.add_column(c, overflow="fold")
    for name, sim, key in neighbours(parse(text), k=k, threshold=threshold):
        listed = sorted({f"{e.jurisdiction}:{e.schedule}" for e in entries_for(key) if e.status == "listed"})
        table.add_row(name, f"{sim:.3f}", " ".join(listed))
    console.print(table)


@substances_app.command("gaps")
def gaps_cmd(
    names: list[str] = typer.Argument(None, help="Substance names or structures."),
    from_store: bool = typer.Option(False, "--from-store", help="Every substance in the store's observations."),
    database: str = typer.Option(None, "--db", help="Store URL (default: NADD_DATABASE_URL)."),
    as_of: str = typer.Option(None, "--as-of", help="Law as of this date (YYYY-MM-DD)."),
    out: Path = typer.Option(None, "--out", help="Write the table to CSV or JSON."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Where each substance is controlled and where not (gap = controlled somewhere, not everywhere).

    Example: nadd substances gaps --from-store --out gaps.csv
    """
    from nadd.i18n import t
    from nadd.law.gaps import gaps, store_substances

    on, lang = _date(as_of, "--as-of"), _lang(lang)
    items = list(names or [])
    if from_store:
        from nadd.store import open_store

        with open_store(database) as store:
            items += store_substances(store)
    if not items:
        raise typer.BadParameter("give substance names or --from-store")
    df = gaps(items, on)
    if out:
        write_rows(df.to_dict("records"), out)
    table = Table(title=t("substances.gaps", lang, date=on or date.today()), title_justify="left")
    for c in df.columns:
        if c != "inchikey":
            table.add_column(c, overflow="fold")
    for r in df.drop(columns="inchikey").itertuples(index=False):
        table.add_row(*[str(x) for x in r], style="bold" if r.gap else None)
    console.print(table)


@substances_app.command("changes")
def changes_cmd(
    since: str = typer.Option(None, "--since", help="From this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Up to this date (YYYY-MM-DD)."),
    jurisdiction: list[str] = typer.Option(None, "--jurisdiction", help="us, ca, mx, un, nl (repeatable)."),
    out: Path = typer.Option(None, "--out", help="Write the feed to CSV or JSON."),
    lang: str = typer.Option(None, "--lang", help="en, es or fr (default: NADD_LANGUAGE)."),
) -> None:
    """Dated feed of listings entering into force and temporary orders expiring.

    Example: nadd substances changes --since 2025-01-01 --jurisdiction us --jurisdiction ca
    """
    from nadd.i18n import t
    from nadd.law.changes import changes

    df = changes(_date(since, "--since"), _date(until, "--until"), jurisdiction or None)
    if out:
        write_rows(df.to_dict("records"), out)
    table = Table(title=f"{t('substances.changes', _lang(lang))} ({len(df):,})", title_justify="left")
    for c in ("date", "event", "jurisdiction", "schedule", "substance", "provision", "note"):
        table.add_column(c, overflow="fold")
    for r in df.tail(200).itertuples(index=False):
        table.add_row(str(r.date), r.event, r.jurisdiction, r.schedule, r.substance, r.provision, r.note)
    console.print(table)
