"""The generic adapter loads an agency's own CSV, XLSX or Parquet file with a mapping, no code."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from nadd.errors import ValidationFailed
from nadd.ingest import load_file
from nadd.ingest.generic import GenericAdapter, read_mapping
from nadd.observations import Filter, query
from tests.conftest import table_counts

MAPPING = """
source:
  id: sedena_demo
  title: Aseguramientos (demo)
  publisher: SEDENA
  country: MX
  licence: internal
  releasability: owner_country
  tlp: "TLP:AMBER"
file:
  header_contains: [Estado, Fecha]
columns:
  jurisdiction: {column: Estado, system: inegi_cve_ent}
  period: {column: Fecha, type: month, format: "%Y-%m"}
  indicator: {value: seized_quantity}
  substance: {column: Droga}
  value: {column: Kilos}
  unit: {value: kg}
"""

ROWS = pd.DataFrame({
    "Estado": ["02", "02", "26"], "Fecha": ["2024-01", "2024-02", "2024-01"],
    "Droga": ["Fentanilo", "Metanfetamina", "fentanilo"], "Kilos": ["12.5", "1,200", "Suppr."],
})


@pytest.fixture
def adapter(tmp_path):
    p = tmp_path / "map.yaml"
    p.write_text(MAPPING, encoding="utf-8")
    return GenericAdapter.from_file(p)


def _write(tmp_path, fmt: str, frame=ROWS):
    p = tmp_path / f"agency.{fmt}"
    if fmt == "csv":
        p.write_text("Reporte interno SEDENA\n" + frame.to_csv(index=False), encoding="latin-1")
    elif fmt == "xlsx":
        frame.to_excel(p, index=False)
    else:
        frame.to_parquet(p, index=False)
    return p


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_any_format_loads_through_a_mapping(synced, adapter, tmp_path, fmt):
    report = load_file(synced, adapter, _write(tmp_path, fmt), vintage=date(2024, 3, 1))
    assert report.rows_added == 3
    df = query(synced, Filter(source="sedena_demo", jurisdiction="MX-BCN", substance="fentanyl"))
    assert df["value"].tolist() == [12.5] and df["unit"].tolist() == ["kg"]
    meth = query(synced, Filter(source="sedena_demo", substance="methamphetamine"))
    assert meth["value"].tolist() == [1200.0]
    son = query(synced, Filter(source="sedena_demo", jurisdiction="MX-SON"))
    assert son["status"].tolist() == ["suppressed"] and son["value"].isna().all()


def test_sharing_metadata_of_the_mapping_is_on_every_record(synced, adapter, tmp_path):
    load_file(synced, adapter, _write(tmp_path, "csv"), vintage=date(2024, 3, 1))
    df = query(synced, Filter(source="sedena_demo"))
    assert set(df["releasability"]) == {"owner_country"} and set(df["tlp"]) == {"TLP:AMBER"}
    assert set(df["owner_country"]) == {"MX"} and set(df["owner_agency"]) == {"SEDENA"}


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(synced, adapter, tmp_path):
    bad = ROWS.copy()
    bad.loc[0, "Estado"] = "99"
    bad.loc[1, "Fecha"] = "2024-13"
    bad.loc[2, "Droga"] = "unobtainium"
    before = table_counts(synced)
    with pytest.raises(ValidationFailed) as e:
        load_file(synced, adapter, _write(tmp_path, "csv", bad), vintage=date(2024, 3, 1))
    where = {(f.row, f.column) for f in e.value.failures}
    # line 1 is the title row, line 2 the header: data starts on line 3
    assert {(3, "Estado"), (4, "Fecha"), (5, "Droga")} <= where
    assert table_counts(synced) == before


def test_a_bad_mapping_names_the_field_and_the_file(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(MAPPING.replace("indicator: {value: seized_quantity}", "indicator: {}"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as e:
        read_mapping(p)
    assert e.value.failures[0].file == str(p)
    assert e.value.failures[0].column == "columns.indicator"


def test_a_missing_column_is_named_with_the_columns_found(synced, adapter, tmp_path):
    p = _write(tmp_path, "csv", ROWS.rename(columns={"Kilos": "Kg"}))
    with pytest.raises(ValidationFailed) as e:
        load_file(synced, adapter, p, vintage=date(2024, 3, 1))
    assert e.value.failures[0].column == "Kilos" and "Kg" in e.value.failures[0].hint
