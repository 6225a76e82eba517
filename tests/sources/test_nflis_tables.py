"""NFLIS public Table 3 (2017-2022): four stacked blocks of states, titles and footnotes around."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get, load_file
from nadd.observations import Filter, query
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

# substances x 51 states (50 + DC); 2021 folds "3-Fluorofentanyl" into meta-, 2022 drops
# its 13 isomer-group totals.
ROWS = {2017: 36 * 51, 2018: 49 * 51, 2019: 41 * 51, 2020: 41 * 51, 2021: 59 * 51, 2022: 65 * 51}


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store("nflis_tables")


def total(store, substance: str, y: int) -> float:
    df = query(store, Filter(source="nflis_tables", substance=substance, period_type="year",
                             start=date(y, 1, 1), end=date(y, 12, 31)))
    assert set(df["jurisdiction_id"].str.len()) == {5} and df["jurisdiction_id"].nunique() == 51
    return df["value"].sum()


def test_rows_read_per_file_cover_every_block(loaded):
    _, reports = loaded
    assert {r.file[-9:-5] if r.file.endswith("xlsx") else r.file[-8:-4]: r.rows_read for r in reports} == {
        str(y): n for y, n in ROWS.items()}
    assert {r.vintage for r in reports} == {date(2018, 8, 7), date(2019, 9, 5), date(2020, 7, 21),
                                            date(2021, 7, 21), date(2022, 8, 1), date(2023, 8, 18)}


def test_yearly_totals_match_a_hand_sum_of_the_published_rows(loaded):
    # Hand sums of the "Fentanyl" / "Carfentanil" rows over all four blocks (csv module, by hand);
    # 2022: the national column of the workbook's own Sheet3 (167,572 and 53).
    store, _ = loaded
    fentanyl = {2017: 59152, 2018: 86840, 2019: 100459, 2020: 112640, 2021: 156843, 2022: 167572}
    carfentanil = {2017: 5857, 2018: 804, 2019: 3013, 2020: 1293, 2021: 92, 2022: 53}
    for y in fentanyl:
        assert total(store, "fentanyl", y) == fentanyl[y], y
        assert total(store, "carfentanil", y) == carfentanil[y], y


def test_known_cells_from_each_layout_variant(loaded):
    store, _ = loaded
    cell = dict(source="nflis_tables", period_type="year")
    # 2017 block 1, thousands separator: Florida fentanyl "1,525"
    assert value(store, **cell, jurisdiction="US-FL", substance="fentanyl", start=date(2017, 1, 1),
                 end=date(2017, 12, 31)) == 1525
    # 2018 later blocks start with "State": Maryland carfentanil (block 2)
    md = query(store, Filter(**cell, jurisdiction="US-MD", substance="carfentanil", start=date(2018, 1, 1),
                             end=date(2018, 12, 31)))
    assert len(md) == 1
    # 2020: a blank line above the first header; Arizona fentanyl "7,936"
    assert value(store, **cell, jurisdiction="US-AZ", substance="fentanyl", start=date(2020, 1, 1),
                 end=date(2020, 12, 31)) == 7936
    # 2022 xlsx, block 4: Wyoming fentanyl 328
    assert value(store, **cell, jurisdiction="US-WY", substance="fentanyl", start=date(2022, 1, 1),
                 end=date(2022, 12, 31)) == 328


def test_isomer_group_totals_are_left_out_and_synonym_rows_summed(loaded):
    store, _ = loaded
    cell = dict(source="nflis_tables", period_type="year", jurisdiction="US-PA")
    # 2022 PA: "Fluorofentanyl" 3,051 = unspecified 2,308 + para 743; the total is not stored.
    assert value(store, **cell, substance="fluorofentanyl", start=date(2022, 1, 1),
                 end=date(2022, 12, 31)) == 2308
    assert value(store, **cell, substance="para-fluorofentanyl", start=date(2022, 1, 1),
                 end=date(2022, 12, 31)) == 743
    # 2021 Idaho: "3-Fluorofentanyl" 0 (line 9) + "meta-Fluorofentanyl" 1 (line 39)
    df = query(store, Filter(source="nflis_tables", jurisdiction="US-ID", substance="meta-fluorofentanyl",
                             start=date(2021, 1, 1), end=date(2021, 12, 31)))
    assert df["value"].tolist() == [1] and "line 39" in df["note"].iloc[0]


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    adapter = get("nflis_tables")
    assert {load_file(store, adapter, p).rows_added for p in adapter.bundled_paths()} == {0}


def test_bad_number_is_refused_naming_file_row_and_state_column(synced, tmp_path):
    path = next(p for p in get("nflis_tables").bundled_paths() if "2019" in p.name)
    bad = replace_cell(path, tmp_path, 20, "Fentanyl,139,", "Fentanyl,13x9,")
    assert_refused(synced, "nflis_tables", bad, row=20, column="Alabama")


def test_rows_after_a_lost_block_header_are_refused_not_dropped(synced, tmp_path):
    path = next(p for p in get("nflis_tables").bundled_paths() if "2019" in p.name)
    bad = replace_cell(path, tmp_path, 45, "Drug,Illinois", ",Illinois")
    refused = assert_refused(synced, "nflis_tables", bad, row=45, column=None)
    assert (46, None) in {(f.row, f.column) for f in refused.failures}
