"""DrugCheckingBC fentanyl test strip vs FTIR: per-sample results aggregated for CA-BC."""

from __future__ import annotations

import pytest

from nadd.ingest import get, load_file
from nadd.observations import Filter, query
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled

FILE = "bccsu_fentanyl_test_strip_vs_ftir.csv"


@pytest.fixture
def loaded(synced):
    (report,) = load_bundled(synced, "bccsu_drug_checking")
    df = query(synced, Filter(source="bccsu_drug_checking"))
    cells = {(r.indicator_id, r.setting, r.unit): r.value for r in df.itertuples()}
    return synced, report, df, cells


def test_one_file_twelve_aggregates_from_12684_samples(loaded):
    _, report, df, cells = loaded
    assert report.rows_read == 12
    assert set(df["jurisdiction_id"]) == {"CA-BC"} and set(df["period_type"]) == {"year"}
    assert cells[("drug_checking_samples", "all", "count")] == 12684  # 3 FILE_IDs twice, kept
    assert cells[("drug_checking_samples", "ftir", "count")] == 12682  # FTIR blank in 2 rows


def test_provenance_sanity_values(loaded):
    _, _, _, cells = loaded
    det = "drug_checking_detections"
    assert cells[(det, "strip", "count")] == 6099
    assert cells[(det, "ftir", "count")] == 3851
    assert cells[(det, "strip", "percent")] == pytest.approx(48.1, abs=0.05)
    assert cells[(det, "ftir", "percent")] == pytest.approx(30.4, abs=0.05)
    assert cells[("drug_checking_samples", "strip-ftir-agree", "percent")] == pytest.approx(81.9, abs=0.05)
    # Cross-tab: both + 3,829; strip+/FTIR- 2,270; strip-/FTIR+ 22; both - 6,561 (agree 10,390)
    assert cells[(det, "strip-and-ftir", "count")] == 3829
    assert cells[(det, "strip-only", "count")] == 2270
    assert cells[(det, "ftir-only", "count")] == 22
    assert cells[("drug_checking_samples", "strip-ftir-agree", "count")] == 3829 + 6561


def test_percentages_are_marked_as_computed_and_period_is_explained(loaded):
    _, _, df, _ = loaded
    assert set(df.loc[df["unit"] == "percent", "status"]) == {"estimated"}
    assert set(df.loc[df["unit"] == "count", "status"]) == {"reported"}
    assert set(df["substance_id"].dropna()) == {"fentanyl"}
    assert df["note"].str.contains("collection dates not published").all()


def test_loading_again_adds_nothing(loaded):
    store, *_ = loaded
    adapter = get("bccsu_drug_checking")
    assert load_file(store, adapter, adapter.bundled_paths()[0]).rows_added == 0


def test_bad_result_is_refused_naming_file_row_and_column(synced, tmp_path):
    path = get("bccsu_drug_checking").bundled_paths()[0]
    bad = replace_cell(path, tmp_path, 2, ".dx,0.0,0.0", ".dx,maybe,0.0")
    assert_refused(synced, "bccsu_drug_checking", bad, row=2, column="FENTANYL_STRIP_POS")


def test_blank_strip_result_is_refused_but_blank_ftir_is_not_available(synced, tmp_path):
    path = get("bccsu_drug_checking").bundled_paths()[0]
    bad = replace_cell(path, tmp_path, 3, ".dx,0.0,0.0", ".dx,,0.0")
    assert_refused(synced, "bccsu_drug_checking", bad, row=3, column="FENTANYL_STRIP_POS")
