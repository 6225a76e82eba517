"""What every load guarantees, shown on the CDC VSRR source: known values on both stores,
idempotence, refusal of bad files with nothing written, vintages and as-of, kill -9 safety."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date

import pytest

from nadd.errors import NaddError
from nadd.ingest import get, load_file, sync_reference
from nadd.observations import Filter, query
from tests.conftest import replace_cell, table_counts
from tests.helpers import assert_refused, value

VSRR = get("cdc_vsrr")
FULL = next(p for p in VSRR.bundled_paths() if p.name.startswith("VSRR_"))
US_NOV_2018 = dict(indicator="drug_deaths", jurisdiction="US", substance="all-drugs",
                   period_type="months12_ending", start=date(2017, 12, 1), end=date(2018, 11, 30))


def _line_of(path, needle: str) -> int:
    import gzip

    text = gzip.decompress(path.read_bytes()).decode()
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.fixture
def loaded(any_store):
    sync_reference(any_store)
    report = load_file(any_store, VSRR, FULL)
    return any_store, report


def test_known_value_us_overdose_deaths_12_months_ending_nov_2018(loaded):
    store, report = loaded
    assert report.rows_read == 13_912 + 10_528  # data values + NCHS predicted values
    assert value(store, **US_NOV_2018) == 66_986
    assert value(store, **{**US_NOV_2018, "indicator": "drug_deaths_predicted"}) == 69_096


def test_loading_the_same_file_twice_adds_nothing(loaded):
    store, _ = loaded
    before = table_counts(store)
    again = load_file(store, VSRR, FULL)
    assert again.already_loaded and again.rows_added == 0
    assert table_counts(store) == before


def test_a_bad_number_is_refused_with_file_row_column_and_nothing_written(synced, tmp_path):
    line = _line_of(FULL, "AK,2015,March,12 month-ending,Number of Deaths")
    bad = replace_cell(FULL, tmp_path, line, ",4", ",4x")
    err = assert_refused(synced, "cdc_vsrr", bad, row=line, column="Data Value")
    assert "number" in err.failures[0].expected


def test_an_unknown_state_code_is_refused(synced, tmp_path):
    line = _line_of(FULL, "AK,2015,January")
    bad = replace_cell(FULL, tmp_path, line, "AK,", "QQ,")
    assert_refused(synced, "cdc_vsrr", bad, row=line, column="State")


def test_check_mode_validates_and_writes_nothing(synced):
    before = table_counts(synced)
    report = load_file(synced, VSRR, FULL, check=True)
    assert report.checked_only and report.rows_read > 0
    assert table_counts(synced) == before


def test_a_new_release_is_a_new_vintage_and_as_of_returns_what_was_known(loaded, tmp_path):
    store, _ = loaded
    line = _line_of(FULL, "US,2018,November,12 month-ending,Number of Drug Overdose Deaths")
    revised = replace_cell(FULL, tmp_path, line, "66986", "67367")
    load_file(store, VSRR, revised, vintage=date(2020, 1, 15))
    assert value(store, **US_NOV_2018) == 67_367
    assert value(store, **US_NOV_2018, as_of=date(2019, 12, 31)) == 66_986
    assert query(store, Filter(**US_NOV_2018, as_of=date(2019, 1, 1))).empty


def test_different_bytes_under_an_already_loaded_vintage_are_refused(loaded, tmp_path):
    store, _ = loaded
    line = _line_of(FULL, "US,2018,November,12 month-ending,Number of Drug Overdose Deaths")
    revised = replace_cell(FULL, tmp_path, line, "66986", "67367")
    with pytest.raises(NaddError, match="already loaded from different bytes"):
        load_file(store, VSRR, revised, vintage=date(2019, 7, 11))


KILLED_CHILD = textwrap.dedent("""
    import sys, time
    from nadd.store import open_store
    from nadd.store.duckdb import DuckDBStore
    from nadd.ingest import get, load_file
    real = DuckDBStore._insert_arrow
    def insert_then_hang(self, table, data, **kw):
        n = real(self, table, data, **kw)
        if table == "observations":
            print("INSERTED", n, flush=True)
            time.sleep(120)
        return n
    DuckDBStore._insert_arrow = insert_then_hang
    store = open_store("duckdb:///" + sys.argv[1])
    a = get("cdc_vsrr")
    load_file(store, a, [p for p in a.bundled_paths() if p.name.startswith("VSRR_")][0])
""")


def test_a_load_killed_mid_way_leaves_the_store_as_it_was(tmp_path):
    from nadd.store import open_store

    db = tmp_path / "k.duckdb"
    with open_store(f"duckdb:///{db}") as s:
        sync_reference(s)
        before = table_counts(s)
    child = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, str(db)], stdout=subprocess.PIPE,
                             text=True)
    line = child.stdout.readline()
    assert line.startswith("INSERTED"), line  # the rows are written, not yet committed
    child.kill()  # SIGKILL: no cleanup, no rollback
    child.wait()
    with open_store(f"duckdb:///{db}") as s:
        assert table_counts(s) == before
        assert s.scalar("SELECT count(*) FROM jurisdictions") > 0
