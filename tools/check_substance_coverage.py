"""List substance names in the shared source files that do not resolve to a substance id.

Usage:
    .venv/bin/python tools/check_substance_coverage.py [DATA_ROOT]

DATA_ROOT defaults to /work/shared/data. Prints, per file, the count of distinct names and
every name that ``nadd.model.substances.try_by_name`` cannot resolve; exits 1 if any.
Fix an unresolved name by adding it to the ``synonyms`` of the right row in
nadd/reference/substances/*.csv (or a new row).

``source_names(root)`` is also used by tests/test_substances.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

DEFAULT_ROOT = Path("/work/shared/data")

# Values in substance-like columns that are not substances, with the reason.
NOT_SUBSTANCES = {
    "Number of Deaths": "VSRR indicator: all-cause deaths (indicator all_cause_deaths)",
    "Percent with drugs specified": "VSRR indicator: pct_deaths_drug_specified",
    "No substance identified": "NFLIS category for items with no controlled substance",
    "no compounds of interest detected": "UNC drug checking negative result",
    "Row Labels": "pivot-table header in the NFLIS 2022 workbook",
}


def _is_number(v) -> bool:
    try:
        float(str(v).replace(",", ""))
        return True
    except ValueError:
        return False


def _table3_csv(path: Path) -> list[str]:
    t = pd.read_csv(path, header=None, dtype=str, encoding_errors="replace")
    names = []
    for _, row in t.iterrows():
        first = row.iloc[0]
        if isinstance(first, str) and first.strip() and any(_is_number(v) for v in row.iloc[1:] if isinstance(v, str)):
            names.append(first)
    return names


def _table3_xlsx(path: Path) -> list[str]:
    names: list[str] = []
    for sheet, t in pd.read_excel(path, header=None, sheet_name=None, dtype=str, engine="calamine").items():
        header_row = next((i for i in range(min(5, len(t))) if "StaticTable" in set(t.iloc[i].dropna())), None)
        if header_row is not None:
            t.columns = [str(c) for c in t.iloc[header_row]]
            t = t.iloc[header_row + 1 :]
            for col in ("Drug", "ReportDescription", "DERIVED_DRUG", "Row Labels"):
                if col in t.columns:
                    names += [v for v in t[col].dropna() if v.strip() and v != "Grand Total"]
        else:
            names += [r.iloc[0] for _, r in t.iterrows() if isinstance(r.iloc[0], str) and any(_is_number(v) for v in r.iloc[1:] if isinstance(v, str))]
    return names


def _excel_with_header(path: Path, must_have: str) -> pd.DataFrame:
    raw = pd.read_excel(path, header=None, nrows=10, engine="calamine")
    for i in range(len(raw)):
        if must_have in set(raw.iloc[i].astype(str)):
            return pd.read_excel(path, header=i, dtype=str, engine="calamine")
    raise ValueError(f"{path}: no header row with column {must_have!r} in the first 10 rows")


def source_names(root: Path = DEFAULT_ROOT) -> dict[str, list[str]]:
    """Distinct substance / drug-type names per source file (relative path -> names)."""
    root = Path(root)
    out: dict[str, list[str]] = {}

    def add(path: Path, values) -> None:
        vals = [re.sub(r"\s+", " ", str(v)).strip() for v in values if isinstance(v, str) and str(v).strip()]
        vals = [v for v in vals if v not in NOT_SUBSTANCES]
        out.setdefault(str(path.relative_to(root)), [])
        out[str(path.relative_to(root))] = sorted(set(out[str(path.relative_to(root))]) | set(vals))

    for p in sorted((root / "dea_nflis").glob("NFLIS_Drug_DQS_*.csv")):
        d = pd.read_csv(p, dtype=str)
        add(p, pd.concat([d["SUBSTANCE_DESCRIPTION"], d["BASE_DESCRIPTION"], d["DRUG_CATEGORY_DESCRIPTION"]]).unique())
    for p in sorted((root / "dea_nflis").glob("NFLIS_Table3_*.csv")):
        add(p, _table3_csv(p))
    for p in sorted((root / "dea_nflis").glob("NFLIS_Table3_*.xlsx")):
        add(p, _table3_xlsx(p))
    for name in ("chemdictionary.csv", "substances_detected.csv", "lab_detail_example_n20.csv"):
        p = root / "unc_drug_checking" / name
        if p.exists():
            add(p, pd.read_csv(p, dtype=str)["substance"].unique())
    for p in sorted((root / "cbp_drug_seizures").glob("*.csv")):
        add(p, pd.read_csv(p, dtype=str)["Drug Type"].unique())
    p = root / "unodc" / "drug_seizures_2018_2022.xlsx"
    if p.exists():
        d = _excel_with_header(p, "DrugName")
        add(p, pd.concat([d["DrugGroup"], d["DrugSubGroup"], d["DrugName"]]).unique())
    p = root / "phac_substance_harms" / "SubstanceHarmsData.csv"
    if p.exists():
        d = pd.read_csv(p, dtype=str)
        typed = d[d["Specific_Measure"].isin(["Type of opioids", "Type of stimulants"])]["Disaggregator"]
        involving = d["Specific_Measure"][d["Specific_Measure"].str.startswith("Involving", na=False)]
        add(p, pd.concat([d["Substance"], typed, involving]).unique())
    for p in sorted((root / "cdc_vsrr_provisional").glob("*.csv")):
        d = pd.read_csv(p, dtype=str)
        col = "Indicator" if "Indicator" in d.columns else "variable"
        add(p, d[col].unique())
    p = root / "nyc_drug_checking" / "data_fent_pos_by_substance_class.csv"
    if p.exists():
        add(p, pd.read_csv(p, dtype=str)["drugtype_sold_combined"].unique())
    return out


def unresolved(root: Path = DEFAULT_ROOT) -> dict[str, tuple[int, list[str]]]:
    """Per file: (number of distinct names, names that do not resolve)."""
    from nadd.model.substances import try_by_name

    return {f: (len(names), [n for n in names if try_by_name(n) is None]) for f, names in source_names(root).items()}


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT_ROOT
    if not root.exists():
        print(f"Data root {root} does not exist; pass the folder holding dea_nflis/, unodc/, ... as argument.")
        return 2
    total = missing = 0
    for f, (n, bad) in unresolved(root).items():
        total += n
        missing += len(bad)
        print(f"{f}: {n - len(bad)}/{n} resolved")
        for b in bad:
            print(f"    UNRESOLVED {b!r}")
    print(f"TOTAL: {total - missing}/{total} names resolved")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main(sys.argv))
