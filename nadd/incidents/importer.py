"""Read a folder of incident files (CSV or JSON, the templates' columns or an agency's own with a
YAML mapping), validate every row and return typed Arrow tables. Every failure is reported
(file, row, column, value, expected, hint); nothing is returned if any is found.

Mapping (templates/README.md documents it)::

    files: {incidents: decomisos.csv, parties: personas.csv}
    defaults: {owner_country: MX, owner_agency: FGR, releasability: owner_country, tlp: "TLP:AMBER"}
    columns:
      incidents:
        incident_id: Folio                      # your column
        kind: {value: seizure}                  # a constant
        event_date: {column: Fecha, format: "%d/%m/%Y"}
        mode: {column: Medio, map: {Paquetería: express_consignment, Correo: international_mail}}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from nadd.errors import ConfigError, Failure, ValidationFailed
from nadd.incidents.model import CHILDREN, KEYS, TABLES, columns, validate_table

ARROW = {"str": pa.string(), "date": pa.date32(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}


class ColumnMap(BaseModel):
    model_config = ConfigDict(extra="forbid")
    column: str | None = None
    value: str | None = None
    format: str | None = None  # strptime format for dates
    map: dict[str, str | None] | None = None


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")
    files: dict[str, str] = {}
    encoding: str = "utf-8-sig"  # e.g. cp1252 or latin-1 for files saved by older Excel
    defaults: dict[str, str] = {}
    columns: dict[str, dict[str, str | ColumnMap]] = {}


@dataclass
class Batch:
    """Validated tables of one folder, with the digest of what was read (the load id)."""

    tables: dict[str, pa.Table]
    sha256: str
    files: list[str] = field(default_factory=list)

    def __getitem__(self, table: str) -> pa.Table:
        return self.tables[table]

    @property
    def rows(self) -> int:
        return sum(t.num_rows for t in self.tables.values())


def read_mapping(path: str | Path) -> Mapping:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        m = Mapping.model_validate(raw)
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"cannot read mapping {path}: {e}", hint="a YAML file like templates/mapping.example.yaml") from e
    except ValidationError as e:
        fails = [Failure(str(path), None, ".".join(map(str, err["loc"])), str(err.get("input"))[:60],
                         err["msg"], "see nadd/incidents/templates/README.md, section Mapping") for err in e.errors()]
        raise ValidationFailed(fails, source=str(path)) from None
    for t in [*m.files, *m.columns]:
        if t not in TABLES:
            raise ValidationFailed([Failure(str(path), None, t, t, f"a table: {', '.join(TABLES)}",
                                            "name tables as in the templates")], source=str(path))
    return m


def _read_rows(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, Any]]:
    try:
        text = path.read_bytes().decode(encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise ValidationFailed([Failure(path.name, None, None, str(e)[:80], f"text in {encoding}",
                                        "save the file as UTF-8, or name its encoding in a mapping "
                                        "(encoding: cp1252)")]) from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ValidationFailed([Failure(path.name, e.lineno, None, e.msg, "valid JSON",
                                            f"fix the JSON near line {e.lineno}, column {e.colno}")]) from None
        rows = data.get("rows", data) if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValidationFailed([Failure(path.name, None, None, type(rows).__name__, "a list of objects",
                                            'write [{"incident_id": ...}, ...] or {"rows": [...]}')])
        return rows
    import csv

    return list(csv.DictReader(text.splitlines()))


def _find(folder: Path, table: str, mapping: Mapping) -> Path | None:
    if table in mapping.files:
        p = folder / mapping.files[table]
        if not p.exists():
            raise ConfigError(f"{p} named by the mapping for {table} does not exist",
                              hint="fix files: in the mapping or add the file")
        return p
    for ext in (".csv", ".json"):
        if (folder / f"{table}{ext}").exists():
            return folder / f"{table}{ext}"
    return None


def _apply(rows: list[dict], table: str, mapping: Mapping, file: str, fails: list[Failure]) -> list[dict]:
    """Rename, fill constants and defaults, map codes and reformat dates: rows in model columns."""
    spec: dict[str, ColumnMap] = {}
    for k, v in mapping.columns.get(table, {}).items():
        if k not in columns(table):
            fails.append(Failure(file, None, k, k, f"a column of {table}: {', '.join(columns(table))}",
                                 "the left side of a mapping is the template's column name"))
            continue
        spec[k] = ColumnMap(column=v) if isinstance(v, str) else v
    header = set(rows[0]) if rows else set()
    for k, m in spec.items():
        if m.column and rows and m.column not in header:
            fails.append(Failure(file, None, m.column, None, f"a column named {m.column!r} (mapped to {k})",
                                 f"columns in the file: {', '.join(sorted(header))[:200]}"))
    types = {c.name: c for c in TABLES[table]}
    cols = columns(table)
    if not spec and not any(c in mapping.defaults for c in cols):
        # The template's own columns (the usual case, and every generated file): copy, no renaming.
        out = [{c: (None if (v := r.get(c)) is None else v if isinstance(v, str)
                    else ("true" if v else "false") if isinstance(v, bool) else str(v)) for c in cols}
               for r in rows]
        if table == "incidents":
            for r in out:
                if not r.get("synthetic"):
                    r["synthetic"] = "false"
        return out
    out = []
    for row in rows:
        new: dict[str, Any] = {}
        for c in columns(table):
            m = spec.get(c)
            if m is None:
                v = row.get(c)
            elif m.value is not None:
                v = m.value
            else:
                v = row.get(m.column or c)
                if m.map is not None and v is not None and str(v).strip() in m.map:
                    v = m.map[str(v).strip()]
                if m.format and v not in (None, "") and types[c].type == "date":
                    try:
                        v = datetime.strptime(str(v).strip(), m.format).date().isoformat()
                    except ValueError:
                        pass  # left as is: validation reports it with the row number
            if (v is None or str(v).strip() == "") and c in mapping.defaults:
                v = mapping.defaults[c]
            if isinstance(v, bool):
                v = "true" if v else "false"
            new[c] = None if v is None else str(v)
        if table == "incidents" and not new.get("synthetic"):
            new["synthetic"] = "false"  # an agency's own data; the generator always writes true
        out.append(new)
    return out


def _typed(table: str, rows: list[dict]) -> pa.Table:
    """Validated text -> typed Arrow columns (Arrow's casts: ISO dates, plain numbers)."""
    arrays = {}
    for col in TABLES[table]:
        text = pa.array([None if (v := r.get(col.name)) is None or (v := str(v).strip()) == "" else v
                         for r in rows], pa.string())
        if col.type == "bool":
            low = pc.utf8_lower(text)
            arrays[col.name] = pc.is_in(low, value_set=pa.array(["true", "1", "yes"])).cast(pa.bool_())
            arrays[col.name] = pc.if_else(pc.is_null(text), pa.scalar(None, pa.bool_()), arrays[col.name])
        else:
            arrays[col.name] = text.cast(ARROW[col.type])
    return pa.table(arrays)


def _column_failures(table: str, rows: list[dict], file: str, mapping: Mapping) -> list[Failure]:
    """Required columns absent from the file (reported once, not once per row)."""
    if not rows:
        return []
    header = set(rows[0])
    mapped = set(mapping.columns.get(table, {})) | set(mapping.defaults)
    missing = [c.name for c in TABLES[table] if c.required and c.name not in header and c.name not in mapped
               and not (table == "incidents" and c.name == "synthetic")]
    return [Failure(file, None, c, None, f"a column {c!r}", f"add it (see templates/{table}.csv) or map it")
            for c in missing]


def read_folder(folder: str | Path, *, mapping: str | Path | Mapping | None = None) -> Batch:
    """Read and validate ``folder``; raises ValidationFailed with every failure."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(f"{folder} is not a folder", hint="give the folder holding incidents.csv")
    m = mapping if isinstance(mapping, Mapping) else read_mapping(mapping) if mapping else Mapping()
    fails: list[Failure] = []
    digest = hashlib.sha256()
    raw: dict[str, list[dict]] = {}
    names: dict[str, str] = {}
    for table in TABLES:
        path = _find(folder, table, m)
        if path is None:
            if table == "incidents":
                raise ConfigError(f"no incidents.csv or incidents.json in {folder}",
                                  hint="start from nadd/incidents/templates/ or name the file under files: in a mapping")
            continue
        digest.update(table.encode() + b"\0" + path.read_bytes())
        names[table] = path.name
        rows = _read_rows(path, m.encoding)
        fails += _column_failures(table, rows, path.name, m)
        raw[table] = _apply(rows, table, m, path.name, fails)
    if fails:
        raise ValidationFailed(fails, source=str(folder))
    for table, rows in raw.items():
        first = 2  # header is line 1
        seen: dict[tuple, int] = {}
        fails += validate_table(table, rows, file=names[table], first_line=first)
        for i, r in enumerate(rows):
            key = tuple(r.get(k) for k in KEYS[table])
            if key in seen:
                fails.append(Failure(names[table], first + i, ",".join(KEYS[table]), "/".join(map(str, key)),
                                     "a key not used on another row", f"already on row {seen[key]}"))
            else:
                seen[key] = first + i
    ids = {r["incident_id"] for r in raw["incidents"]}
    records = {r["record_id"] for r in raw.get("parties", [])}
    for table in CHILDREN:
        for i, r in enumerate(raw.get(table, [])):
            if r.get("incident_id") and r["incident_id"] not in ids:
                fails.append(Failure(names[table], i + 2, "incident_id", r["incident_id"],
                                     f"an incident_id of {names['incidents']}", "every row belongs to an incident of this folder"))
    for i, r in enumerate(raw.get("transactions", [])):
        for c in ("from_record_id", "to_record_id"):
            if r.get(c) and r[c] not in records:
                fails.append(Failure(names["transactions"], i + 2, c, r[c], "a record_id of parties",
                                     "leave it empty or add the party record"))
    if fails:
        raise ValidationFailed(fails, source=str(folder))
    tables = {t: _typed(t, rows) for t, rows in raw.items()}
    return Batch(tables, digest.hexdigest(), [names[t] for t in raw])
