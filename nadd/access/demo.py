"""Demo organisations, users and restricted records (``nadd serve --demo``). DEMO ONLY.

Users of the three countries, a Netherlands partner and an admin, all with the password
``DEMO_PASSWORD`` (printed by ``nadd serve``). Restricted records: a synthetic source,
``demo_seizures`` (clearly labelled synthetic), of monthly seizure-event counts in border
states and provinces owned by CBP (US), RCMP (CA) and FGR (MX), whose releasability and TLP
cycle through every level so each user sees a different part; plus two demo alerts, one on
records released to NADD and one on records kept by their owner agency.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import numpy as np
import pyarrow as pa

from nadd.access.accounts import create_org, create_user
from nadd.access.policy import effective_rank
from nadd.model.ids import key_and_record_ids
from nadd.model.observation import KEY, STORED
from nadd.model.sharing import TLP, Releasability
from nadd.store import Store

__all__ = ["DEMO_INCIDENTS", "DEMO_ORGS", "DEMO_PASSWORD", "DEMO_SOURCE", "DEMO_USERS", "SHARING_CYCLE",
           "seed", "seed_incidents"]

DEMO_PASSWORD = "nadd-demo-2026"
DEMO_SOURCE = "demo_seizures"
#: org_id -> (agency = owner_agency of its records, country, name)
DEMO_ORGS = {
    "cdc": ("CDC-NCHS", "US", "US Centers for Disease Control and Prevention"),
    "dea": ("DEA", "US", "US Drug Enforcement Administration"),
    "cbp": ("CBP", "US", "US Customs and Border Protection"),
    "phac": ("PHAC", "CA", "Public Health Agency of Canada"),
    "rcmp": ("RCMP", "CA", "Royal Canadian Mounted Police"),
    "conasama": ("SSA-CONASAMA", "MX", "Comisión Nacional de Salud Mental y Adicciones"),
    "fgr": ("FGR", "MX", "Fiscalía General de la República"),
    "trimbos": ("Trimbos", "NL", "Trimbos Institute (Netherlands partner)"),
    "nadd-secretariat": ("NADD", "US", "NADD platform secretariat"),
}
#: username -> (org_id, roles)
DEMO_USERS = {
    "cdc.analyst": ("cdc", ("analyst",)),
    "dea.analyst": ("dea", ("analyst",)),
    "cbp.steward": ("cbp", ("steward",)),
    "phac.analyst": ("phac", ("analyst",)),
    "rcmp.viewer": ("rcmp", ("viewer",)),
    "conasama.analyst": ("conasama", ("analyst",)),
    "fgr.viewer": ("fgr", ("viewer",)),
    "trimbos.viewer": ("trimbos", ("viewer",)),
    "admin": ("nadd-secretariat", ("admin",)),
}
R, T = Releasability, TLP
#: (releasability, tlp) pairs the demo records cycle through: every level and marking.
SHARING_CYCLE = [
    (R.PUBLIC, T.CLEAR), (R.NADD_PARTNERS, T.GREEN), (R.NADD, T.GREEN), (R.OWNER_COUNTRY, T.AMBER),
    (R.OWNER_AGENCY, T.AMBER_STRICT), (R.NADD, T.RED), (R.PUBLIC, T.GREEN), (R.NADD, T.AMBER),
]
_OWNERS = {"US": ("CBP", ("US-AZ", "US-TX", "US-CA")), "CA": ("RCMP", ("CA-BC", "CA-ON")),
           "MX": ("FGR", ("MX-SON", "MX-BCN", "MX-CHH"))}
_SETTINGS = ("port_of_entry", "between_ports", "mail")
_VINTAGE = date(2025, 7, 15)


def seed(store: Store, *, records: bool = True, accounts: bool = True) -> dict[str, str]:
    """Create the demo orgs and users (and records) unless present; returns username -> password."""
    if accounts and not store.scalar("SELECT count(*) FROM orgs WHERE org_id = 'nadd-secretariat'"):
        with store.transaction():
            for org_id, (agency, country, name) in DEMO_ORGS.items():
                create_org(store, org_id, agency=agency, country=country, name=name)
            for username, (org_id, roles) in DEMO_USERS.items():
                create_user(store, username, DEMO_PASSWORD, org_id=org_id, roles=roles)
    if records and not store.scalar("SELECT count(*) FROM sources WHERE id = ?", [DEMO_SOURCE]):
        _seed_records(store)
    return {u: DEMO_PASSWORD for u in DEMO_USERS}


def demo_observations() -> pa.Table:
    """The demo records in the stored schema (deterministic)."""
    rng = np.random.default_rng(2026)
    rows = []
    cycle = itertools.cycle(SHARING_CYCLE)
    for country, (agency, places) in _OWNERS.items():
        for place in places:
            for setting in _SETTINGS:
                for m in range(1, 7):
                    rel, tlp = next(cycle)
                    start = date(2025, m, 1)
                    end = date(2025, m + 1, 1).fromordinal(date(2025, m + 1, 1).toordinal() - 1)
                    rows.append({
                        "source_id": DEMO_SOURCE, "indicator_id": "seizure_events",
                        "jurisdiction_id": place, "period_type": "month", "period_start": start,
                        "period_end": end, "substance_id": "fentanyl", "sex": "all",
                        "age_group": "all", "manner": "all", "setting": setting, "unit": "count",
                        "value": float(rng.choice([rng.integers(1, 10), rng.integers(10, 60)])),
                        "status": "reported", "note": "DEMO: synthetic record", "source_row": len(rows) + 1,
                        "source_file": "demo", "vintage": _VINTAGE, "load_id": f"{DEMO_SOURCE}:demo",
                        "loaded_at": datetime(2025, 7, 15, 12, 0), "owner_country": country,
                        "owner_agency": agency, "releasability": rel.value, "tlp": tlp.value})
    schema = pa.schema([(k, v) for k, v in STORED.items() if k not in ("id", "key_id")])
    t = pa.Table.from_pylist(rows, schema=schema)
    key_id, rid = key_and_record_ids(t, KEY, _VINTAGE)
    t = t.append_column("key_id", key_id).append_column("id", rid)
    return t.select(list(STORED)).cast(pa.schema(list(STORED.items())))


def _seed_records(store: Store) -> None:
    from nadd.alerts._raise import ALERT_SCHEMA, LINK_SCHEMA

    obs = demo_observations()
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = obs.to_pylist()
    alerts, links = [], []
    for aid, juris, ranks in (("demo0000000nadd", "US-AZ", {2, 3, 4}), ("demo000000owner", "US-TX", {0})):
        ev = [r for r in rows if r["jurisdiction_id"] == juris
              and max(effective_rank(r["releasability"], r["tlp"]), 0) in ranks][:3]
        if not ev:
            continue
        top = ev[-1]
        alerts.append({
            "alert_id": aid, "run_id": "demo", "plan": "demo", "method": "ears-c3",
            "series_id": f"demo-{juris}", **{k: top[k] for k in (
                "source_id", "indicator_id", "jurisdiction_id", "substance_id", "sex", "age_group",
                "manner", "setting", "unit", "period_type", "period_start", "period_end")},
            "n_periods": 1, "max_observed": top["value"], "max_upperbound": top["value"] / 2,
            "max_ratio": 2.0, "max_score": 4.0, "severity": "high", "status": "new",
            "created_at": now, "updated_at": now})
        links += [{"alert_id": aid, "observation_id": _as(LINK_SCHEMA, "observation_id", r["id"]),
                   "role": "alarm" if r is top else "baseline", "period_start": r["period_start"]}
                  for r in ev]
    with store.transaction():
        store.insert("sources", pa.table({
            "id": [DEMO_SOURCE], "title": ["DEMO: restricted seizure events (synthetic)"],
            "publisher": ["nadd demo"], "country": ["US"], "licence": ["demo only, synthetic"],
            "url": [None], "provenance": ["Synthetic records generated by nadd.access.demo to show "
                                          "the sharing rules. Not real data."],
            "synthetic": [True]}), skip_existing_key="id")
        store.insert("observations", obs)
        store.insert("loads", pa.table({
            "load_id": [f"{DEMO_SOURCE}:demo"], "source_id": [DEMO_SOURCE], "file_name": ["demo"],
            "file_sha256": ["demo"], "vintage": pa.array([_VINTAGE], pa.date32()),
            "rows_read": [obs.num_rows], "rows_added": [obs.num_rows],
            "loaded_at": pa.array([now], pa.timestamp("us"))}))
        if alerts:
            store.insert("alerts", pa.Table.from_pylist(alerts, ALERT_SCHEMA))
            store.insert("alert_observations", pa.Table.from_pylist(links, LINK_SCHEMA))


def _as(schema: pa.Schema, field: str, value):
    """An id as the link table stores it (UUID or its text)."""
    return str(value) if pa.types.is_string(schema.field(field).type) else value


#: the synthetic incident scenario the demo shows (nadd.incidents.synth), fixed seed
DEMO_INCIDENTS = ("small", 7)


def seed_incidents(store: Store, *, say=lambda _msg: None) -> dict | None:
    """Load the demo's **synthetic** incidents and link their parties, unless incidents exist.

    The generator's own sharing marks restrict them (owner country or agency, TLP), so each demo
    user sees a different part; the linkage run is stored so cases can be re-keyed per reader.
    Returns the load report, or None when the store already holds incidents (idempotent).
    """
    import tempfile

    import pandas as pd

    from nadd.incidents import generate, load, read_folder

    if store.has_rows("incidents"):
        return None
    scenario, seed = DEMO_INCIDENTS
    with tempfile.TemporaryDirectory(prefix="nadd-demo-") as tmp:
        say(f"generating the synthetic '{scenario}' incident scenario (seed {seed})")
        generate(scenario, seed, tmp)
        report = load(store, read_folder(tmp), source=f"demo: synthetic scenario {scenario}, seed {seed}")
    say("linking the demo's party records (Splink on DuckDB)")
    from nadd.link import link
    from nadd.link.store import PARTY_COLUMNS, save_run

    parties = store.df(f"SELECT {', '.join(PARTY_COLUMNS)} FROM parties ORDER BY record_id")
    parties["dob"] = parties["dob"].map(lambda d: "" if d is None or pd.isna(d) else str(d)[:10])
    report["link_run"] = save_run(store, link(parties.fillna("").astype(str)))
    return report
