"""DEA NFLIS-Drug DQS exports: two releases of one query tool, salt forms summed per base."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get, load_file
from nadd.observations import Filter, query
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

NEW = "NFLIS_Drug_DQS_fentanyl_related_state_halfyear_2017_2025.csv"
OLD = "NFLIS_Drug_DQS_xylazine_fentanyl_heroin_oxycodone_state_halfyear_1997_2022.csv"


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store("dea_nflis", by_file=True)


def national(store, substance: str, y: int, **flt) -> float:
    """Sum over every state (and unknown-state reports) and both halves of year ``y``."""
    df = query(store, Filter(source="dea_nflis", indicator="lab_reports", substance=substance,
                             start=date(y, 1, 1), end=date(y, 12, 31), **flt))
    return df["value"].sum()


def test_rows_read_per_file_after_summing_salt_forms(loaded):
    _, reports = loaded
    assert reports[NEW].rows_read == 6553  # 8,923 DQS rows -> 6,553 state x half x base cells
    assert reports[OLD].rows_read == 7246  # 14,002 DQS rows
    assert reports[NEW].vintage == date(2026, 3, 3) and reports[OLD].vintage == date(2023, 6, 6)


def test_provenance_sanity_national_sums(loaded):
    store, _ = loaded
    assert national(store, "xylazine", 2015) == 149
    assert national(store, "xylazine", 2022) == 10655
    assert national(store, "para-fluorofentanyl", 2020) == 245
    assert national(store, "para-fluorofentanyl", 2021) == 9356
    for y, n in [(2017, 5954), (2022, 54), (2024, 842), (2025, 2341)]:
        assert national(store, "carfentanil", y) == n


def test_salt_forms_are_summed_per_base_substance(loaded):
    # By hand: PA 2019 SA2 Fentanyl = FENTANYL 4514 + SALT UNDETERMINED 258 + HYDROCHLORIDE 1
    store, _ = loaded
    df = query(store, Filter(source="dea_nflis", jurisdiction="US-PA", substance="fentanyl",
                             period_type="half_year", start=date(2019, 7, 1), end=date(2019, 12, 31)))
    assert df["value"].tolist() == [4773]
    assert df["source_row"].tolist() == [2] and "2, 546, 6020" in df["note"].iloc[0]


def test_overlapping_cells_are_two_vintages_of_one_published_cell(loaded):
    # Same cell in the 2023 export (4474 + 257 + 1) and the 2026 export (4773).
    store, _ = loaded
    cell = dict(source="dea_nflis", jurisdiction="US-PA", substance="fentanyl",
                period_type="half_year", start=date(2019, 7, 1), end=date(2019, 12, 31))
    assert value(store, **cell, as_of=date(2025, 12, 31)) == 4732
    assert value(store, **cell, as_of=date(2026, 3, 3)) == 4773
    assert value(store, **cell) == 4773
    # Before the first export there is nothing.
    assert query(store, Filter(**cell, as_of=date(2023, 6, 5))).empty


def test_last_three_half_years_of_the_newer_export_are_provisional(loaded):
    store, _ = loaded
    df = query(store, Filter(source="dea_nflis", substance="fentanyl", jurisdiction="US-OH"))
    status = dict(zip(df["period_start"].astype(str), df["status"]))
    assert status["2024-07-01"] == status["2025-01-01"] == status["2025-07-01"] == "provisional"
    assert status["2024-01-01"] == "reported"
    old = query(store, Filter(source="dea_nflis", substance="xylazine", start=date(2022, 7, 1)))
    assert set(old["status"]) == {"reported"}


def test_unknown_state_reports_are_national_with_their_own_setting(loaded):
    store, _ = loaded
    df = query(store, Filter(source="dea_nflis", jurisdiction="US", setting="state-unknown"))
    assert len(df) > 0 and set(df["jurisdiction_id"]) == {"US"}
    assert not query(store, Filter(source="dea_nflis", jurisdiction="US", setting="all")).shape[0]


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    adapter = get("dea_nflis")
    before = store.scalar("SELECT count(*) FROM observations")
    assert [load_file(store, adapter, p).rows_added for p in adapter.bundled_paths()] == [0, 0]
    assert store.scalar("SELECT count(*) FROM observations") == before == 6553 + 7246


def test_corrupted_copy_is_refused_naming_file_row_and_column(synced, tmp_path):
    path = next(p for p in get("dea_nflis").bundled_paths() if p.name.startswith(NEW))
    bad = replace_cell(path, tmp_path, 2, '"4514"', '"45l4"')  # bad number
    bad = replace_cell(bad, tmp_path, 3, '"FL","Florida"', '"QQ","Florida"')  # unknown state
    bad = replace_cell(bad, tmp_path, 4, "SA1 (JAN - JUN)", "SA3 (JAN - JUN)")  # bad half-year
    refused = assert_refused(synced, "dea_nflis", bad, row=2, column="DRUG_REPORTS")
    where = {(f.row, f.column) for f in refused.failures}
    assert {(3, "STATE"), (4, "PERIOD")} <= where
