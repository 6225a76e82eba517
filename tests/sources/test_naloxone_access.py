"""Vancouver take-home naloxone pharmacies: one site count, the list for maps, refusals."""

from __future__ import annotations

from datetime import date

from nadd.ingest import get
from nadd.ingest.sources.naloxone_access import pharmacies
from nadd.observations import Filter, query
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled

SRC = "naloxone_access"


def bundled():
    return get(SRC).bundled_paths()[0]


def test_one_count_of_distinct_sites_under_bc_with_setting_vancouver(synced):
    (report,) = load_bundled(synced, SRC)
    assert report.rows_read == 1 and report.rows_added == 1
    row = query(synced, Filter(source=SRC)).iloc[0]
    assert (row["indicator_id"], row["jurisdiction_id"], row["setting"]) == ("naloxone_access_sites", "CA-BC", "vancouver")
    assert (row["period_type"], row["period_start"]) == ("year", date(2020, 1, 1))
    # 51 listed rows; two name different businesses at 6410 Main Street: 50 sites (PROVENANCE: 50)
    assert row["value"] == 50 and row["unit"] == "count" and row["status"] == "estimated"


def test_pharmacy_list_is_kept_for_maps():
    found = pharmacies()
    assert len(found) == 51
    first = found[0]
    assert (first.name, first.address, first.lat, first.lon, first.training) == (
        "Kerrisdale Pharmacy", "5591 West Boulevard", 49.23572, -123.155837, True)
    assert sum(p.training for p in found) == 36
    assert [p.name for p in found if p.address == "6410 Main Street"] == [
        "Naz's Pharmacies And Wellness Pharmacies", "Naz's Prescription Plus Pharmacy"]


def test_loading_again_adds_nothing(synced):
    load_bundled(synced, SRC)
    assert load_bundled(synced, SRC)[0].rows_added == 0


def test_bad_latitude_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(), tmp_path, 2, "49.23572", "4923572")
    assert_refused(synced, SRC, bad, row=2, column="Latitude")


def test_bad_training_flag_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(), tmp_path, 3, "TRUE", "YES")
    assert_refused(synced, SRC, bad, row=3, column="Training")
