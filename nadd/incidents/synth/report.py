"""Calibration report: each target from the public aggregates next to what a generated data set has.

``calibration_rows(builder, scenario)`` gives (measure, target, achieved, tolerance, ok) rows;
tools/synthetic_calibration.py writes them into docs/synthetic.md, and tests check the same
measures (tests/incidents/test_synth.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from nadd.incidents.synth import background as bg
from nadd.incidents.synth.builder import Builder
from nadd.incidents.synth.calibration import cbp_cells, targets
from nadd.incidents.synth.generator import Scenario

Row = tuple[str, float, float, float, bool]


def _row(measure: str, target: float, achieved: float, tol: float, relative: bool) -> Row:
    err = abs(achieved / target - 1) if relative and target else abs(achieved - target)
    return measure, target, achieved, tol, err <= tol


def calibration_rows(b: Builder, sc: Scenario) -> list[Row]:
    rows: list[Row] = []
    net = {i for i, _ in b.incident_networks}
    inc = [r for r in b.rows["incidents"] if r["incident_id"] not in net]
    us = {r["incident_id"] for r in inc if r["owner_agency"] in ("CBP", "USBP")}
    items = [x for x in b.rows["incident_items"] if x["incident_id"] in us]
    cells = cbp_cells()
    rows.append(_row("US seizure events (CBP FY2024 x fraction)", cells["events"].sum() * sc.us_fraction,
                     len(us), 0.03, True))
    share = cells.groupby("drug")["events"].sum() / cells["events"].sum()
    n_drug = Counter(x["substance_id"] for x in items)
    lbs_t = cells.groupby("drug")["lbs"].sum() * sc.us_fraction
    lbs = defaultdict(float)
    for x in items:
        lbs[x["substance_id"]] += float(x["quantity"])
    for drug in share.index:
        sid = bg.CBP_DRUG[drug]
        rows.append(_row(f"US share of events: {drug}", float(share[drug]), n_drug[sid] / max(len(items), 1),
                         0.015, False))
        rows.append(_row(f"US pounds seized: {drug}", float(lbs_t[drug]), lbs[sid], 0.02, True))
    sw = cells[cells["region"] == "Southwest Border"]["events"].sum() / cells["events"].sum()
    land_sw = sum(1 for r in inc if r["incident_id"] in us and r["origin_country"] == "MX"
                  and r["mode"].startswith(("land_poe", "between")))
    rows.append(_row("US share of events on the Southwest border", float(sw), land_sw / max(len(us), 1), 0.03, False))

    t = targets()
    narco = t["sesnsp_2024"]["narcomenudeo"]
    mx = Counter(r["jurisdiction_id"] for r in inc if r["description"].startswith("Narcomenudeo"))
    rows.append(_row("MX retail seizures (SESNSP 2024 narcomenudeo x fraction)", sum(narco.values()) * sc.mx_fraction,
                     sum(mx.values()), 0.03, True))
    total = sum(narco.values())
    for state in sorted(narco, key=narco.get, reverse=True)[:4]:
        rows.append(_row(f"MX share of retail seizures: {state}", narco[state] / total,
                         mx[state] / max(sum(mx.values()), 1), 0.02, False))
    arms = sum(1 for r in inc if r["kind"] == "firearm_recovery")
    rows.append(_row("MX firearm recoveries (UNODC arms seized x fraction)",
                     t["unodc_mx_arms_seized"]["count"] * sc.mx_arms_fraction, arms, 0.05, True))

    ca = {r["incident_id"] for r in inc if r["owner_country"] == "CA"}
    kg = defaultdict(float)
    for x in b.rows["incident_items"]:
        if x["incident_id"] in ca:
            kg[x["substance_id"]] += float(x["quantity"])
    want = t["unodc_kg_2022"]["CA"]
    for d in sorted(want, key=want.get, reverse=True)[:4]:
        rows.append(_row(f"CA kilograms seized: {d} (UNODC 2022 x fraction)", want[d] * sc.us_fraction,
                         kg[d], 0.02, True))

    fin = {r["incident_id"]: r for r in inc if r["kind"] == "financial_report" and r["owner_agency"] == "FinCEN"}
    flags = {tr["incident_id"]: tr["red_flags"] for tr in b.rows["transactions"] if tr["incident_id"] in fin}
    nature = t["fincen_msb_nature_2010"]
    structuring = sum(v for k, v in nature.items() if "less than $3,000" in k or k.startswith("Alters transaction"))
    rows.append(_row("Financial reports with structuring (FinCEN MSB SARs 2010)", structuring / sum(nature.values()),
                     sum("SAR:structuring" in f for f in flags.values()) / max(len(flags), 1), 0.05, False))
    st = t["fincen_msb_state_2010"]
    got = Counter(r["jurisdiction_id"] for r in fin.values())
    for state in ("US-CA", "US-NY", "US-FL"):
        rows.append(_row(f"Financial reports share: {state}", st[state] / sum(st.values()),
                         got[state] / max(len(fin), 1), 0.05, False))
    return rows


def markdown(rows: list[Row]) -> str:
    out = ["| measure | target | achieved | tolerance | within |", "|---|---:|---:|---:|:---:|"]
    for m, t, a, tol, ok in rows:
        fmt = (lambda v: f"{v:.3f}") if t < 1 else (lambda v: f"{v:,.0f}")
        tol_s = f"±{tol:.0%}" if t >= 1 else f"±{tol:.3f}"
        out.append(f"| {m} | {fmt(t)} | {fmt(a)} | {tol_s} | {'yes' if ok else 'NO'} |")
    return "\n".join(out)
