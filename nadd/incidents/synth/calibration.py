"""Calibration targets for the synthetic generator, read from the bundled public aggregates.

- CBP nationwide drug seizures, FY2024 (Oct 2023 - Sep 2024): events and pounds per month x
  component x region x land filter x area of responsibility x drug type (read at run time: a
  small gzipped CSV).
- SESNSP (Mexico) narcomenudeo and firearm crimes per state, 2024; UNODC drug seizures (kg,
  2022) for Canada and Mexico; UNODC arms seized by Mexico (latest year); FinCEN MSB SARs by
  suspicious-activity type (2010) and by state. The XLSX files take seconds to read, so these are
  derived once into targets.json (``derive_targets``; tests check the stored copy is current).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "data"
FY = "2024"
FY_START, FY_END = "2023-10-01", "2024-09-30"
MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}


@lru_cache(maxsize=1)
def cbp_cells() -> pd.DataFrame:
    """CBP FY2024 rows: year, month, component, region, land, aor, drug, events, lbs."""
    d = pd.read_csv(DATA / "cbp_seizures" / "nationwide-drugs-fy23-fy26-dec.csv.gz",
                    dtype={"FY": str})
    d = d[d["FY"] == FY]
    m = d["Month (abbv)"].map(MONTHS)
    out = pd.DataFrame({
        "year": [int(FY) - 1 if mm >= 10 else int(FY) for mm in m], "month": m,
        "component": d["Component"], "region": d["Region"], "land": d["Land Filter"],
        "aor": d["Area of Responsibility"], "drug": d["Drug Type"],
        "events": d["Count of Event"].astype(int), "lbs": d["Sum Qty (lbs)"].astype(float),
    })
    # A stable order: the generator walks these rows, so the order is part of reproducibility.
    return out.sort_values(["year", "month", "component", "region", "land", "aor", "drug"],
                           kind="stable").reset_index(drop=True)


@lru_cache(maxsize=1)
def targets() -> dict:
    """The derived targets of the XLSX/SAR sources (targets.json)."""
    return json.loads((resources.files("nadd.incidents.synth") / "targets.json").read_text("utf-8"))


def derive_targets() -> dict:
    """Re-read the bundled sources and compute targets.json's content (slow: XLSX)."""
    ses = pd.read_csv(DATA / "sesnsp" / "sesnsp_fuero_comun_estado_anual_narcomenudeo_armas_fuego_2015_2025.csv.gz",
                      dtype={"cve_ent": str})
    ses = ses[(ses["n_year"] == 2024) & (ses["cve_ent"] != "00")]  # 00 = the national total row
    from nadd.model import jurisdictions

    def state(cve: str) -> str:
        return jurisdictions.by_code("inegi_cve_ent", cve)

    narco = ses[ses["tipo_de_delito"] == "Narcomenudeo"].groupby("cve_ent")["n_delitos"].sum()
    guns = ses[(ses["subtipo_de_delito"].isin(["Homicidio doloso", "Lesiones dolosas"]))]
    guns = guns.groupby("cve_ent")["n_delitos"].sum()

    uno = pd.read_excel(DATA / "unodc" / "drug_seizures_2018_2022.xlsx", header=1, engine="openpyxl")
    uno = uno[(uno["Reference year"] == 2022) & uno["msCode"].isin(["CAN", "MEX"])]
    keep = {"Methamphetamine": "methamphetamine", "Cannabis herb (marijuana)": "cannabis-herb",
            "Cocaine hydrochloride": "cocaine", "Heroin": "heroin", "Fentanyl": "fentanyl",
            "Opium": "opium", "Codeine": "codeine", "Oxycodone": "oxycodone",
            "Gamma-Hydroxybutyric acid (GHB)": "ghb", "Benzodiazepines": "benzodiazepines",
            "3,4-methylenedioxymethamphetamine (MDMA)": "mdma", "Methadone": "methadone"}
    uno = uno[uno["DrugName"].isin(keep)]
    kg = {c: {keep[k]: round(float(v), 3) for k, v in g.groupby("DrugName")["Kilograms"].sum().items()}
          for c, g in uno.groupby("msCode")}

    arms = pd.read_excel(DATA / "unodc" / "firearms_trafficking_iafq_2004_2023.xlsx", header=2,
                         engine="openpyxl")
    arms = arms[(arms["Iso3_code"] == "MEX") & (arms["Indicator"] == "Arms seized")
                & (arms["Dimension"] == "Total") & (arms["Category"] == "Total")]
    last = arms.sort_values("Year").iloc[-1]

    msb = pd.read_csv(DATA / "fincen_sar" / "sar_1996_2011_MSB_ByNature.csv.gz")
    msb = msb[(msb["Year"] == 2010) & (msb["Nature"] != "Unknown/Blank")]
    nature = {r.Nature: int(r.Incidents) for r in msb.itertuples()}
    by_state = pd.read_csv(DATA / "fincen_sar" / "sar_1996_2011_MSB_ByStateTer.csv.gz")
    by_state = by_state[by_state["Year"] == 2010]
    st = {}
    for r in by_state.itertuples():
        try:
            st[jurisdictions.by_name("US", r[1], level="subdivision")] = int(r.Incidents)
        except Exception:  # territories abroad, Overseas, Unknown/Blank: not a US state
            continue
    return {
        "sesnsp_2024": {"narcomenudeo": {state(k): int(v) for k, v in narco.items()},
                        "firearm_crimes": {state(k): int(v) for k, v in guns.items()}},
        "unodc_kg_2022": {"CA": kg.get("CAN", {}), "MX": kg.get("MEX", {})},
        "unodc_mx_arms_seized": {"year": int(last["Year"]), "count": int(last["VALUE"])},
        "fincen_msb_nature_2010": nature,
        "fincen_msb_state_2010": dict(sorted(st.items())),
    }


def write_targets(path: Path | None = None) -> Path:
    path = path or Path(__file__).with_name("targets.json")
    path.write_text(json.dumps(derive_targets(), indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path
