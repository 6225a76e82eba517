"""Mexico secondary fentanyl figures: counts, values, secondary/anomaly notes, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get
from nadd.ingest.loader import parse_file
from nadd.observations import Filter, query
from tests.conftest import plain_copy, replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SRC = "mx_secondary"


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SRC)


def bundled():
    return get(SRC).bundled_paths()[0]


def year_value(store, y, **flt):
    return value(store, period_type="year", start=date(y, 1, 1), end=date(y, 12, 31), **flt)


SEIZED = {"indicator": "seized_quantity", "jurisdiction": "MX", "substance": "fentanyl", "unit": "kg"}
SISVEA = {"indicator": "treatment_mentions", "jurisdiction": "MX", "substance": "fentanyl"}
TIJUANA = {"indicator": "treatment_mentions", "jurisdiction": "MX-BCN-02004", "setting": "cij-methadone"}


def test_every_row_is_read(loaded):
    store, (report,) = loaded
    assert report.rows_read == report.rows_added == 32  # 12 seizures + 9 SISVEA + 11 CIJ
    assert len(query(store, Filter(**SEIZED))) == 12
    assert len(query(store, Filter(**SISVEA))) == 9
    assert len(query(store, Filter(**TIJUANA))) == 11


def test_provenance_sanity_values(loaded):
    store, _ = loaded
    assert [year_value(store, y, **SEIZED) for y in (2017, 2021, 2023, 2024)] == [102, 984, 1499, 2838]
    assert [year_value(store, y, **SISVEA) for y in (2016, 2023, 2024)] == [2, 922, 919]


def test_values_checked_by_hand_in_the_raw_file(loaded):
    store, _ = loaded
    assert year_value(store, 2015, **TIJUANA) == 251  # line 23: tijuana_methadone_patients,2015,251
    assert year_value(store, 2025, **TIJUANA) == 50  # line 33
    assert year_value(store, 2022, **SEIZED) == 1174  # line 11


def test_every_row_is_marked_secondary_and_2013_2014_are_flagged(loaded):
    store, _ = loaded
    df = query(store, Filter(source=SRC))
    assert df["note"].str.contains("SECONDARY: ").all()
    flagged = df[df["note"].str.startswith("ANOMALY")]
    assert sorted(flagged["period_start"].map(lambda d: d.year)) == [2013, 2014]
    assert sorted(flagged["value"]) == [0, 454]
    assert "SECONDARY" in get(SRC).title


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    assert [r.rows_added for r in load_bundled(store, SRC)] == [0]


def test_bad_number_is_refused(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    bad = replace_cell(bundled(), tmp_path, 11, ",1174,", ",1.174 kg,")
    assert_refused(store, SRC, bad, row=11, column="value")


def test_unknown_series_is_refused(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    bad = replace_cell(bundled(), tmp_path, 11, "mexico_national_fentanyl_seizures_kg", "mexico_heroin_kg")
    assert_refused(store, SRC, bad, row=11, column="series")


def test_changed_unit_is_refused(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    bad = replace_cell(bundled(), tmp_path, 11, ",kg,", ",lb,")
    assert_refused(store, SRC, bad, row=11, column="unit")


def test_bom_and_crlf_copy_reads_the_same(tmp_path):
    src = plain_copy(bundled(), tmp_path)
    text = src.read_text(encoding="utf-8")
    src.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    frame, failures = parse_file(get(SRC), src)
    assert failures == [] and len(frame) == 32
