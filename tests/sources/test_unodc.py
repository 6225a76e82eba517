"""UNODC drug seizures (kg, country x year x drug) and IAFQ firearms trafficking."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest

from nadd.ingest import get, load_file, sync_reference
from nadd.ingest.sources.unodc import drug_role, substance_of
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SOURCE = "unodc"
Y2022 = dict(period_type="year", start=date(2022, 1, 1), end=date(2022, 12, 31))


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SOURCE, by_file=True)


def bundled(name: str):
    return get(SOURCE).bundled_dir() / name


def with_cell(name: str, tmp_path, ref: str, text: str):
    """Copy of a bundled xlsx whose cell ``ref`` (e.g. 'H3') holds ``text`` as an inline string."""
    out = tmp_path / name
    with zipfile.ZipFile(bundled(name)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rf'<c r="{ref}"[^>]*>.*?</c>'.encode(),
                                  f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode(), data, count=1)
                assert n == 1
            dst.writestr(item, data)
    return out


def test_rows_read_per_file(loaded):
    _, reports = loaded
    # 11,013 seizure rows -> 8,490 country x year x substance x role cells (repeats summed);
    # 15,468 IAFQ rows -> 15,156 cells (312 repeated cells kept once)
    assert {f: r.rows_read for f, r in reports.items()} == {
        "drug_seizures_2018_2022.xlsx": 8490,
        "firearms_trafficking_iafq_2004_2023.xlsx": 15156,
    }
    assert all(r.rows_added == r.rows_read for r in reports.values())


def test_mexico_arms_seized(loaded):
    store, _ = loaded
    flt = dict(indicator="firearm_seizures", jurisdiction="MX", setting="all", sex="all")
    assert value(store, **flt, **Y2022) == 23029
    assert value(store, **flt, period_type="year", start=date(2010, 1, 1), end=date(2010, 12, 31)) == 30291


def test_usa_fentanyl_2022_in_kg(loaded):
    store, _ = loaded
    assert value(store, indicator="seized_quantity", jurisdiction="US", substance="fentanyl",
                 setting="all", unit="kg", **Y2022) == 16123


def test_title_rows_are_skipped_and_rows_numbered_as_in_the_sheet(loaded):
    store, _ = loaded
    # sheet row 3 (after the title and header rows): Kenya, Methamphetamine, 2022, 10.84 kg
    df = store.df("SELECT substance_id, value FROM observations WHERE source_id = ? AND source_row = 3 "
                  "AND source_file = 'drug_seizures_2018_2022.xlsx'", [SOURCE])
    assert df.to_dict("records") == [{"substance_id": "methamphetamine", "value": 10.84}]


def test_repeated_rows_are_summed_with_a_note(loaded):
    store, _ = loaded
    # New Zealand GHB 2018: rows 11013 (0) and 11014 (446)
    df = store.df("SELECT value, status, note FROM observations WHERE source_id = ? AND jurisdiction_id = 'NZ' "
                  "AND substance_id = 'ghb' AND period_start = ?", [SOURCE, date(2018, 1, 1)])
    assert df.to_dict("records") == [{"value": 446.0, "status": "estimated", "note": "sum of 2 UNODC rows"}]


def test_group_totals_and_residuals_are_kept_apart():
    assert drug_role("Total amphetamine-type stimulants (ATS) (including the above ...)", "x") == "reported-total"
    assert drug_role("Cannabis-type", "Reported total Cannabis-type") == "reported-total"
    assert drug_role("Non-specified amphetamine-type stimulants", "x") == "residual"
    assert drug_role("Fentanyl", "Pharmaceutical opioids") == "all"


def test_unodc_drug_labels_resolve_through_the_taxonomy():
    # no adapter-local alias table: the parenthesised name and the class name are enough
    assert substance_of("3,4-methylenedioxymethamphetamine (MDMA)") == "mdma"
    assert substance_of("Other prescription medicines") == "prescription-medicines"


def test_conflicting_iafq_repeats_keep_the_first_and_say_so(loaded):
    store, _ = loaded
    df = store.df("SELECT value, note FROM observations WHERE source_id = ? AND jurisdiction_id = 'AL' "
                  "AND setting = 'location:total' AND period_start = ?", [SOURCE, date(2018, 1, 1)])
    assert len(df) == 1 and df["note"][0].endswith("gives 872 for the same cell")


def test_arms_trafficking_people_by_sex(loaded):
    store, _ = loaded
    sexes = set(store.df("SELECT DISTINCT sex FROM observations WHERE source_id = ? "
                         "AND indicator_id = 'trafficking_arrests'", [SOURCE])["sex"])
    assert sexes == {"all", "male", "female", "unknown"}


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    assert load_file(store, get(SOURCE), bundled("drug_seizures_2018_2022.xlsx")).rows_added == 0


def test_bad_mass_is_refused(loaded, tmp_path):
    store, _ = loaded
    bad = with_cell("drug_seizures_2018_2022.xlsx", tmp_path, "H3", "ten")
    assert_refused(store, SOURCE, bad, row=3, column="Kilograms")


def test_unknown_country_code_is_refused(loaded, tmp_path):
    store, _ = loaded
    bad = with_cell("firearms_trafficking_iafq_2004_2023.xlsx", tmp_path, "A4", "XKX")
    assert_refused(store, SOURCE, bad, row=4, column="Iso3_code")
