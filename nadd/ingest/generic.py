"""The generic adapter: any CSV, XLSX or Parquet file plus a small YAML mapping, no code.

Example mapping (docs/mapping.md documents every option)::

    source: {id: sedena_seizures, title: SEDENA seizures, publisher: SEDENA, country: MX,
             licence: internal, releasability: owner_country, tlp: "TLP:AMBER"}
    file: {header_contains: [Estado, Fecha]}
    columns:
      jurisdiction: {column: Estado, system: inegi_cve_ent}
      period: {column: Fecha, type: month, format: "%Y-%m"}
      indicator: {value: seized_quantity}
      substance: {column: Droga}          # names resolve through the substance taxonomy
      value: {column: Kilos}
      unit: {value: kg}
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from nadd.errors import ConfigError, Failure, ValidationFailed
from nadd.ingest.adapter import Adapter, Rows
from nadd.ingest.readers import Sheet, check_columns, read_csv, read_excel
from nadd.model import jurisdictions, periods, substances
from nadd.model.observation import ALL
from nadd.model.sharing import TLP, Releasability
from nadd.model.status import Status


class Field(BaseModel):
    """A model field taken from a constant (``value``) or a column (with an optional code map)."""

    model_config = ConfigDict(extra="forbid")
    value: str | None = None
    column: str | None = None
    map: dict[str, str | None] | None = None
    system: str | None = None  # jurisdictions: a code system of nadd.model.jurisdictions, or "name"

    @model_validator(mode="after")
    def _one_of(self) -> Field:
        if (self.value is None) == (self.column is None):
            raise ValueError("give exactly one of `value` or `column`")
        return self


class PeriodField(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: periods.PeriodType
    column: str | None = None  # a date or period label
    format: str | None = None  # strptime format of column; default: ISO date or nadd label
    year: str | None = None  # or: columns holding year and the sub-period number
    number: str | None = None  # month / quarter / half / week number column


class SourceMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    publisher: str
    country: str
    licence: str
    url: str | None = None
    owner_agency: str | None = None
    releasability: Releasability | None = None
    tlp: TLP | None = None
    synthetic: bool = False


class FileOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["csv", "xlsx", "parquet"] | None = None
    encoding: str | None = None
    sheet: str | int = 0
    header_contains: list[str] = []
    separator: str | None = None


class Columns(BaseModel):
    model_config = ConfigDict(extra="forbid")
    jurisdiction: Field
    period: PeriodField
    indicator: Field
    value: Field
    unit: Field
    substance: Field | None = None
    sex: Field | None = None
    age_group: Field | None = None
    manner: Field | None = None
    setting: Field | None = None
    status: Field | None = None  # optional column of nadd status codes


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: SourceMeta
    file: FileOptions = FileOptions()
    columns: Columns


def read_mapping(path: Path) -> Mapping:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Mapping.model_validate(raw)
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}", hint="check indentation and quotes") from e
    except ValidationError as e:
        fails = [Failure(str(path), None, ".".join(str(x) for x in err["loc"]), str(err.get("input"))[:60],
                         err["msg"], "see the mapping example in nadd/ingest/generic.py")
                 for err in e.errors()]
        raise ValidationFailed(fails, source=str(path)) from None


class GenericAdapter(Adapter):
    id = "generic"
    title = publisher = country = licence = ""

    def __init__(self, mapping: Mapping):
        self.mapping = mapping
        m = mapping.source
        # Instance attributes shadow the class-level metadata every adapter declares.
        self.id, self.title, self.publisher, self.country, self.licence = (
            m.id, m.title, m.publisher, m.country, m.licence)
        self.url, self.synthetic, self.owner_agency = m.url, m.synthetic, m.owner_agency or m.publisher
        self.releasability = m.releasability.value if m.releasability else None
        self.tlp = m.tlp.value if m.tlp else None

    @classmethod
    def from_file(cls, path: Path) -> GenericAdapter:
        return cls(read_mapping(path))

    def read(self, path: Path) -> Sheet:
        opt = self.mapping.file
        fmt = opt.format or path.name.removesuffix(".gz").rsplit(".", 1)[-1].lower()
        if fmt in ("xlsx", "xls"):
            return read_excel(path, required=opt.header_contains, sheet=opt.sheet)
        if fmt == "parquet":
            frame = pd.read_parquet(path).astype("string").fillna("").astype(object)
            return Sheet(frame, [i + 2 for i in range(len(frame))], "parquet", path.name)
        return read_csv(path, required=opt.header_contains, encoding=opt.encoding, sep=opt.separator)

    def parse(self, path: Path, rows: Rows) -> None:
        c = self.mapping.columns
        sheet = self.read(path)
        used = [f.column for f in (c.jurisdiction, c.indicator, c.value, c.unit, c.substance, c.sex,
                                   c.age_group, c.manner, c.setting, c.status) if f and f.column]
        used += [x for x in (c.period.column, c.period.year, c.period.number) if x]
        check_columns(sheet, used)
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            got = {
                "jurisdiction": self._jurisdiction(rows, n, r),
                "period": self._period(rows, n, r),
                "indicator": self._field(rows, n, r, c.indicator),
                "unit": self._field(rows, n, r, c.unit),
                "substance": self._substance(rows, n, r),
            }
            strata = {k: (self._field(rows, n, r, getattr(c, k)) if getattr(c, k) else ALL)
                      for k in ("sex", "age_group", "manner", "setting")}
            status = self._field(rows, n, r, c.status) if c.status else None
            if any(v is _BAD for v in (*got.values(), *strata.values(), status)):
                continue
            try:
                st = Status(status) if status else None
            except ValueError:
                rows.fail(n, c.status.column, status, "a status code", "use " + ", ".join(Status))
                continue
            rows.add(row=n, indicator=got["indicator"], jurisdiction=got["jurisdiction"],
                     period=got["period"], substance=got["substance"], unit=got["unit"],
                     value=c.value.value if c.value.value is not None else r[c.value.column],
                     column=c.value.column, status=st, **strata)

    def _field(self, rows: Rows, n: int, r: dict, f: Field) -> Any:
        if f.value is not None:
            return f.value
        text = str(r[f.column]).strip()
        if f.map is None:
            return text
        if text in f.map:
            return f.map[text]
        rows.fail(n, f.column, text, f"one of the mapped codes {list(f.map)[:8]}",
                  "add the code to the mapping's `map`")
        return _BAD

    def _jurisdiction(self, rows: Rows, n: int, r: dict) -> Any:
        f = self.mapping.columns.jurisdiction
        code = self._field(rows, n, r, f)
        if code is _BAD or f.map is not None or f.system is None:
            return code
        if f.system == "name":
            found = jurisdictions.try_by_name(self.mapping.source.country, code)
        else:
            found = jurisdictions.try_by_code(f.system, code)
        if found is None:
            rows.fail(n, f.column, code, f"a {f.system} code", "check the code or the mapping's `system`")
            return _BAD
        return found

    def _substance(self, rows: Rows, n: int, r: dict) -> Any:
        f = self.mapping.columns.substance
        if f is None:
            return None
        name = self._field(rows, n, r, f)
        if name is _BAD or f.map is not None or not name:
            return name or None
        found = substances.try_by_name(name)
        if found is None:
            rows.fail(n, f.column, name, "a substance name known to nadd",
                      "map it in the mapping's `map`, or add a synonym to the taxonomy")
            return _BAD
        return found

    def _period(self, rows: Rows, n: int, r: dict) -> Any:
        p = self.mapping.columns.period
        try:
            if p.year:
                y = int(str(r[p.year]).strip())
                k = int(str(r[p.number]).strip()) if p.number else None
                return _by_number(p.type, y, k)
            text = str(r[p.column]).strip()
            if p.format:
                d = datetime.strptime(text, p.format).date()
                return periods.containing(d, p.type)
            try:
                return periods.containing(date.fromisoformat(text), p.type)
            except ValueError:
                got = periods.parse(text)
                return periods.convert(got, p.type)
        except Exception as e:  # noqa: BLE001 - every reason becomes a row failure
            col = p.column or p.year
            rows.fail(n, col, r.get(col), f"a {p.type.value} period" + (f" ({p.format})" if p.format else ""),
                      f"{e}".split("\n")[0])
            return _BAD


def _by_number(t: periods.PeriodType, y: int, k: int | None) -> periods.Period:
    build = {periods.PeriodType.MONTH: periods.month, periods.PeriodType.QUARTER: periods.quarter,
             periods.PeriodType.HALF_YEAR: periods.half_year, periods.PeriodType.MMWR_WEEK: periods.mmwr_week,
             periods.PeriodType.ISO_WEEK: periods.iso_week, periods.PeriodType.MONTHS12_ENDING: periods.months12_ending}
    if t is periods.PeriodType.YEAR:
        return periods.year(y)
    if k is None:
        raise ValueError(f"a {t.value} needs the `number` column")
    return build[t](y, k)


class _Bad:
    def __repr__(self) -> str:
        return "<bad>"


_BAD = _Bad()
