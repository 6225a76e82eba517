"""Copy the package's reference tables (jurisdictions, substances, indicators) into the store."""

from __future__ import annotations

from importlib import resources

import pandas as pd
import pyarrow as pa

from nadd.store import Store


def _csv(name: str) -> pd.DataFrame:
    with (resources.files("nadd") / "reference" / name).open("r", encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def _arrow(frame: pd.DataFrame, columns: list[str], booleans: tuple[str, ...] = ()) -> pa.Table:
    out = frame[columns].replace({"": None})
    for b in booleans:
        out[b] = out[b].astype(str).str.lower().isin(["true", "1", "yes"])
    return pa.Table.from_pandas(out, preserve_index=False)


def sync_reference(store: Store) -> dict[str, int]:
    """Replace the reference tables with the package's current ones, in one transaction."""
    from nadd.model import indicators, jurisdictions, substances

    tables = {
        "jurisdictions": _arrow(jurisdictions.all_jurisdictions(),
                                ["id", "level", "country", "parent_id", "name_en", "name_es", "name_fr"]),
        "jurisdiction_codes": _arrow(_csv("jurisdiction_codes.csv"), ["jurisdiction_id", "system", "code"]),
        "adjacency": _arrow(_csv("adjacency.csv"), ["a", "b", "cross_border"], booleans=("cross_border",)),
        "substances": _arrow(substances.all_substances(),
                             ["id", "kind", "parent_id", "icd10", "name_en", "name_es", "name_fr", "cas"]),
        "substance_synonyms": _arrow(substances.synonyms_table(), ["synonym", "substance_id"]),
        "indicators": _arrow(indicators.all_indicators(),
                             ["id", "default_unit", "name_en", "name_es", "name_fr",
                              "definition_en", "definition_es", "definition_fr"]),
    }
    with store.transaction():
        for name, table in tables.items():
            store.replace(name, table)
    return {k: v.num_rows for k, v in tables.items()}
