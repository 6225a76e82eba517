"""Query observations, as published now or as known on an earlier date (vintages)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import pandas as pd

from nadd.model.observation import STRATA
from nadd.store import Store

PUBLIC_COLUMNS = [
    "id", "source_id", "indicator_id", "jurisdiction_id", "period_type", "period_start",
    "period_end", "substance_id", *STRATA, "unit", "value", "status", "note", "vintage",
    "source_file", "source_row", "owner_country", "owner_agency", "releasability", "tlp",
]


@dataclass
class Filter:
    """Which observations. Every field is optional; lists mean "any of"."""

    indicator: str | list[str] | None = None
    jurisdiction: str | list[str] | None = None
    substance: str | list[str] | None = None
    source: str | list[str] | None = None
    period_type: str | None = None
    start: date | None = None  # period_start >= start
    end: date | None = None  # period_end <= end
    sex: str | None = None
    age_group: str | None = None
    manner: str | None = None
    setting: str | None = None
    as_of: date | None = None  # latest vintage on or before this date
    unit: str | None = None

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        cols = {"indicator": "indicator_id", "jurisdiction": "jurisdiction_id",
                "substance": "substance_id", "source": "source_id"}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is None or f.name == "as_of":
                continue
            if f.name == "start":
                clauses.append("period_start >= ?")
            elif f.name == "end":
                clauses.append("period_end <= ?")
            elif isinstance(v, list):
                clauses.append(f"{cols.get(f.name, f.name)} IN ({', '.join('?' * len(v))})")
                params.extend(v)
                continue
            else:
                clauses.append(f"{cols.get(f.name, f.name)} = ?")
            params.append(v)
        if self.as_of is not None:
            clauses.append("vintage <= ?")
            params.append(self.as_of)
        return (" AND ".join(clauses) or "TRUE"), params


def query(store: Store, flt: Filter | None = None, *, limit: int | None = None,
          offset: int | None = None) -> pd.DataFrame:
    """Observations matching ``flt``: for each published cell, its latest vintage (as of the date)."""
    flt = flt or Filter()
    where, params = flt.where()
    cols = ", ".join(PUBLIC_COLUMNS)
    sql = (
        f"SELECT {cols} FROM (SELECT {cols}, row_number() OVER "
        f"(PARTITION BY key_id ORDER BY vintage DESC) AS rn FROM observations WHERE {where}) v "
        f"WHERE rn = 1 ORDER BY indicator_id, jurisdiction_id, substance_id, period_start, id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    if offset:
        sql += f" OFFSET {int(offset)}"
    return store.df(sql, params)


def count(store: Store, flt: Filter | None = None) -> int:
    """How many rows ``query`` returns for ``flt`` (for pagination)."""
    where, params = (flt or Filter()).where()
    return int(store.scalar(f"SELECT count(DISTINCT key_id) FROM observations WHERE {where}", params))


def vintages(store: Store, source: str | None = None) -> pd.DataFrame:
    """Releases loaded per source: what "as of" can go back to."""
    sql = "SELECT source_id, file_name, vintage, rows_read, rows_added, loaded_at FROM loads"
    params: list = []
    if source:
        sql += " WHERE source_id = ?"
        params.append(source)
    return store.df(sql + " ORDER BY source_id, vintage", params)
