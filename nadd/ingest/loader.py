"""Load a source file into the store: validated in full, atomic, idempotent, versioned.

- Every failure is collected (file, row, column, value, expected, hint) before anything is
  written; one failure and the file is refused whole.
- The rows, the load record and the source record are written in one transaction.
- A file already loaded (same bytes) adds nothing; a record already stored (same key and
  vintage) is skipped. A new release is a new vintage beside the old one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa

from nadd.errors import Failure, NaddError, ValidationFailed
from nadd.ingest.adapter import Adapter, Rows
from nadd.ingest.progress import progress
from nadd.model.ids import key_and_record_ids
from nadd.model.observation import KEY, PARSED, STORED_SCHEMA
from nadd.model.sharing import PUBLIC_DEFAULTS
from nadd.model.status import Status
from nadd.store import Store


@dataclass
class LoadReport:
    source_id: str
    file: str
    vintage: date
    rows_read: int
    rows_added: int
    already_loaded: bool = False
    checked_only: bool = False
    failures: list[Failure] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def parse_file(adapter: Adapter, path: Path, vintage: date | None = None) -> tuple[pd.DataFrame, list[Failure]]:
    """Adapter parse plus the checks common to every source. Writes nothing."""
    from nadd.ingest.readers import logical_name

    rows = Rows(logical_name(path), vintage=vintage)
    try:
        adapter.parse(path, rows)
    except ValidationFailed as e:
        rows.failures.extend(e.failures)
    frame = rows.frame()
    return frame, rows.failures + check_references(frame, rows.file) + check_unique(frame, rows.file)


def check_unique(frame: pd.DataFrame, file: str) -> list[Failure]:
    """Two rows for the same published cell would silently shadow each other: refuse them."""
    key = [k for k in KEY if k != "source_id"]
    dup = frame.duplicated(subset=key, keep=False)
    if not dup.any():
        return []
    out = []
    for _, group in frame.loc[dup].groupby(key, dropna=False, sort=False):
        first, *others = group["source_row"].tolist()
        for r in others[:3]:
            out.append(Failure(file, int(r), None, None, f"a cell not already given on row {first}",
                               "the adapter must map every breakdown of the source to a distinct key "
                               "(strata or setting), or the file repeats a row"))
        if len(out) >= 50:
            break
    return out


def check_references(frame: pd.DataFrame, file: str) -> list[Failure]:
    """Every id must exist in the reference tables and every unit must be known."""
    from nadd.model import indicators, jurisdictions, substances, units

    out: list[Failure] = []
    checks = [
        ("indicator_id", set(indicators.all_indicators()["id"]), "a known indicator id",
         "add it to nadd/reference/indicators.csv or map the source column to an existing id"),
        ("jurisdiction_id", set(jurisdictions.all_jurisdictions()["id"]), "an ISO 3166 jurisdiction id",
         "map the source's code through nadd.model.jurisdictions.by_code"),
        ("substance_id", set(substances.all_substances()["id"]) | {None}, "a known substance id",
         "add the name as a synonym in nadd/reference/substances/"),
        ("status", {s.value for s in Status}, "a status code", "use one of " + ", ".join(Status)),
    ]
    for col, valid, expected, hint in checks:
        bad = frame.loc[~frame[col].isin(valid) & ~(frame[col].isna() & (None in valid))]
        for _, r in bad.head(200).iterrows():
            out.append(Failure(file, int(r["source_row"]), col, str(r[col]), expected, hint))
    for unit in frame["unit"].dropna().unique():
        if not units.is_valid(unit):
            r = frame.loc[frame["unit"] == unit].iloc[0]
            out.append(Failure(file, int(r["source_row"]), "unit", unit, "a known unit",
                               "use one of " + ", ".join(sorted(units.ALLOWED))))
    missing = frame.loc[frame["value"].isna() & frame["status"].isin(
        [s.value for s in Status if s.has_value])]
    for _, r in missing.head(50).iterrows():
        out.append(Failure(file, int(r["source_row"]), "value", "", "a value for status " + r["status"],
                           "blank cells must carry a missing or suppressed status"))
    return out


def load_file(
    store: Store,
    adapter: Adapter,
    path: Path,
    *,
    vintage: date | None = None,
    check: bool = False,
    owner_country: str | None = None,
    owner_agency: str | None = None,
    releasability: str | None = None,
    tlp: str | None = None,
) -> LoadReport:
    """Validate and load one file of ``adapter``'s source. See the module docstring."""
    from nadd.ingest.readers import logical_name

    spec = adapter.file_for(path)
    name = logical_name(path)
    if vintage is None:
        if spec is None:
            raise NaddError(
                f"{name} is not a known file of source {adapter.id} and no vintage was given",
                hint="pass --vintage YYYY-MM-DD (the release date of this file)",
            )
        vintage = spec.vintage
    sha = file_sha256(path)
    done = store.df("SELECT rows_read FROM loads WHERE source_id = ? AND file_sha256 = ? AND vintage = ?",
                    [adapter.id, sha, vintage])
    if len(done) and not check:  # same bytes, same release: nothing to do, skip the parse too
        return LoadReport(adapter.id, name, vintage, int(done["rows_read"].iloc[0]), 0, already_loaded=True)
    with progress(f"reading {name}") as bar:
        frame, failures = parse_file(adapter, path, vintage)
        bar.advance(len(frame))
    if failures:
        raise ValidationFailed(failures, source=name)
    report = LoadReport(adapter.id, name, vintage, len(frame), 0, checked_only=check)
    if check:
        return report
    clash = store.scalar(
        "SELECT count(*) FROM loads WHERE source_id = ? AND file_name = ? AND vintage = ? AND file_sha256 <> ?",
        [adapter.id, name, vintage, sha],
    )
    if clash:
        raise NaddError(
            f"{name}: vintage {vintage} of source {adapter.id} was already loaded from different bytes",
            hint="a new release needs its own vintage: pass --vintage with its release date",
        )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    load_id = f"{adapter.id}:{sha[:16]}:{vintage}"
    table = to_stored(frame, adapter, name, vintage, load_id, now, owner_country=owner_country,
                      owner_agency=owner_agency, releasability=releasability, tlp=tlp)
    with progress(f"writing {name}", total=table.num_rows) as bar, store.transaction():
        ensure_source(store, adapter)
        report.rows_added = store.insert("observations", table, skip_existing_key="id",
                                         scope={"source_id": adapter.id, "vintage": vintage})
        bar.advance(table.num_rows)
        store.insert("loads", pa.table({
            "load_id": [load_id], "source_id": [adapter.id], "file_name": [name],
            "file_sha256": [sha], "vintage": pa.array([vintage], pa.date32()),
            "rows_read": [len(frame)], "rows_added": [report.rows_added],
            "loaded_at": pa.array([now], pa.timestamp("us")),
        }))
    return report


def to_stored(frame: pd.DataFrame | pa.Table, adapter: Adapter, file: str, vintage: date, load_id: str,
              now: datetime, **sharing: str | None) -> pa.Table:
    """The adapter's rows with ids, provenance and sharing metadata, in the stored schema.

    Built column-wise (constants by ``pa.repeat``, ids by ``nadd.model.ids.content_ids``, which
    hashes each distinct value once) because this is the hot path of every bulk load; see
    bench/README.md.
    """
    parsed_schema = pa.schema(list(PARSED.items()))
    if isinstance(frame, pa.Table):
        base = frame.select(parsed_schema.names).cast(parsed_schema)
    else:
        base = pa.Table.from_pandas(frame, schema=parsed_schema, preserve_index=False)
    n = base.num_rows
    const = {
        "source_id": adapter.id,
        "source_file": file,
        "load_id": load_id,
        "owner_country": sharing.get("owner_country") or adapter.country,
        "owner_agency": sharing.get("owner_agency") or adapter.owner_agency or adapter.publisher,
        "releasability": sharing.get("releasability") or adapter.releasability
        or PUBLIC_DEFAULTS["releasability"],
        "tlp": sharing.get("tlp") or adapter.tlp or PUBLIC_DEFAULTS["tlp"],
    }
    cols = {name: base[name] for name in base.column_names}
    cols["key_id"], cols["id"] = key_and_record_ids(base, KEY, vintage, constants={"source_id": adapter.id})
    for k, v in const.items():
        cols[k] = pa.repeat(pa.scalar(v, pa.string()), n)
    cols["vintage"] = pa.repeat(pa.scalar(vintage, pa.date32()), n)
    cols["loaded_at"] = pa.repeat(pa.scalar(now, pa.timestamp("us")), n)
    return pa.table([cols[c] for c in STORED_SCHEMA.names], schema=STORED_SCHEMA)


def ensure_source(store: Store, adapter: Adapter) -> None:
    store.insert("sources", pa.table({
        "id": [adapter.id], "title": [adapter.title], "publisher": [adapter.publisher],
        "country": [adapter.country], "licence": [adapter.licence], "url": [adapter.url],
        "provenance": [adapter.provenance()], "synthetic": [adapter.synthetic],
    }), skip_existing_key="id")
