"""Control gaps: for a set of substances, where each is controlled and where it is not.

Give names or structures, or use :func:`store_substances` for every substance that appears in
the store's observations (taxonomy ids resolved to structures through the registry; classes
and plants without a structure get a row with the reason in ``error``).

Example:
    >>> table = gaps(["xylazine", "fentanyl"])
    >>> table.loc[table.substance == "xylazine", "controlled_in"].item()
    ''
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from nadd.law.check import check_many
from nadd.law.kb import JURISDICTIONS


def gaps(substances: Iterable[str], as_of: date | None = None, *, processes: int = 1) -> pd.DataFrame:
    """One row per substance: ``substance, inchikey, J`` (verdict and schedule, e.g.
    ``controlled (I)``) for each jurisdiction, ``controlled_in``, ``not_controlled_in``, ``error``."""
    items = list(dict.fromkeys(substances))
    rows = []
    for text, v in zip(items, check_many(items, as_of, processes=processes)):
        row = {"substance": text, "inchikey": v.inchikey}
        yes, no = [], []
        for j in JURISDICTIONS:
            jv = v.by_jurisdiction.get(j)
            if jv is None:
                row[j] = ""
                continue
            row[j] = jv.verdict + (f" ({jv.schedule})" if jv.schedule else "")
            (yes if jv.verdict == "controlled" else no).append(j)
        row["controlled_in"] = ";".join(yes)
        row["not_controlled_in"] = ";".join(no)
        row["gap"] = bool(yes) and bool(no)
        row["error"] = v.error
        rows.append(row)
    return pd.DataFrame(rows, columns=["substance", "inchikey", *JURISDICTIONS, "controlled_in",
                                       "not_controlled_in", "gap", "error"])


def store_substances(store) -> list[str]:
    """English names of every single substance (not classes) named in the store's observations."""
    from nadd.model.substances import _by_id

    ids = store.query("SELECT DISTINCT substance_id FROM observations WHERE substance_id IS NOT NULL"
                      ).column(0).to_pylist()
    known = _by_id()
    return sorted(known[i].name_en for i in ids if i in known and known[i].kind in ("substance", "precursor"))
