"""UNC Street Drug Analysis Lab example extract: samples and detections by state and month."""

from __future__ import annotations

from datetime import date, timedelta

from nadd.ingest import get, load_file
from nadd.model import substances
from nadd.observations import Filter, query
from nadd.ingest.sources import unc_drug_checking as unc
from tests.conftest import plain_copy, replace_cell
from tests.helpers import assert_refused, load_bundled, value

ANALYSIS = "analysis_dataset_example_n20.csv"
DETAIL = "lab_detail_example_n20.csv"


def month_of(y: int, m: int, **flt):
    end = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    return dict(period_type="month", start=date(y, m, 1), end=end, **flt)


def test_rows_read_per_file(synced):
    reports = {r.file: r for r in load_bundled(synced, "unc_drug_checking")}
    assert reports[ANALYSIS].rows_read == 17  # 20 samples in 17 state x month cells
    assert reports[DETAIL].rows_read == 113  # 115 detections minus the 2 "nothing found" rows
    assert query(synced, Filter(indicator="drug_checking_samples"))["value"].sum() == 20


def test_known_counts_checked_by_hand(synced):
    load_bundled(synced, "unc_drug_checking")
    # NC, May 2022: samples 280 (20May2022) and 473 (01May2022, nothing found)
    assert value(synced, indicator="drug_checking_samples", jurisdiction="US-NC", **month_of(2022, 5)) == 2
    # NY, May 2022: samples 253 (cocaine, no fentanyl) and 299 (fentanyl, xylazine, heroin)
    assert value(synced, indicator="drug_checking_detections", jurisdiction="US-NY", substance="fentanyl",
                 **month_of(2022, 5)) == 1
    # TN, July 2022: sample 408 with metonitazene and N-piperidinyl etonitazene (nitazenes)
    tn = query(synced, Filter(indicator="drug_checking_detections", jurisdiction="US-TN",
                              **month_of(2022, 7)))
    assert {"metonitazene", "fentanyl", "heroin"} <= set(tn["substance_id"])
    # Xylazine: 424 (NC, Oct 2021), 299 (NY, May), 368 (NC, Aug), 644 (NY, Sep), 701 (NC, Nov 2022)
    xy = query(synced, Filter(indicator="drug_checking_detections", substance="xylazine"))
    assert xy["value"].sum() == 5 and set(xy["jurisdiction_id"]) == {"US-NC", "US-NY"}


def test_loading_again_adds_nothing(synced):
    load_bundled(synced, "unc_drug_checking")
    assert {r.rows_added for r in load_bundled(synced, "unc_drug_checking")} == {0}


def test_sample_line_list(tmp_path):
    rows = {s.sample_id: s for s in unc.samples()}
    assert len(rows) == 20
    s424 = rows["424"]
    assert s424.collected == date(2021, 10, 15) and s424.jurisdiction == "US-NC"
    assert s424.expected == ("heroin", "fentanyl")
    assert {"fentanyl", "para-fluorofentanyl", "xylazine", "4-anpp"} <= set(s424.detected)
    assert len(s424.detected) == 7
    assert rows["473"].detected == ()  # "no compounds of interest detected"


def test_every_dictionary_substance_and_class_resolves():
    chem = unc.chemdictionary()
    assert len(chem) == 146
    assert [c["name"] for c in chem if c["id"] is None] == [unc.NOTHING_FOUND]  # a result, not a drug
    assert all(None not in c["classes"] for c in chem)
    # Class flags agree with the taxonomy for the early-warning classes, except one flag the
    # dictionary gets wrong: p-fluoro 4-ANPP (a fentanyl precursor) is flagged as a nitazene.
    disagree = {(c["name"], cls) for c in chem for cls in {"nitazenes", "designer-benzodiazepines"}
                & set(c["classes"]) if cls not in substances.ancestors(c["id"])}
    assert disagree == {("p-fluoro  4-ANPP", "nitazenes")}
    assert sum("nitazenes" in c["classes"] for c in chem) == 9


def test_stata_dates_in_both_cases():
    assert unc.stata_date("15Oct2021") == date(2021, 10, 15)
    assert unc.stata_date("11feb2022") == date(2022, 2, 11)
    assert unc.stata_date("2022-02-11") is None


def test_bad_collection_date_is_refused(synced, tmp_path):
    path = next(p for p in get("unc_drug_checking").bundled_paths() if p.name.startswith(ANALYSIS))
    bad = replace_cell(path, tmp_path, 2, "15Oct2021", "15Okt2021")
    assert_refused(synced, "unc_drug_checking", bad, row=2, column="date_collect")


def test_unknown_substance_is_refused(synced, tmp_path):
    paths = get("unc_drug_checking").bundled_paths()
    plain_copy(next(p for p in paths if p.name.startswith(ANALYSIS)), tmp_path)  # joined on sampleid
    bad = replace_cell(next(p for p in paths if p.name.startswith(DETAIL)), tmp_path, 3,
                       '"fentanyl"', '"unobtainium"')
    assert_refused(synced, "unc_drug_checking", bad, row=3, column="substance")


def test_detail_without_its_sample_file_is_refused(synced, tmp_path):
    path = next(p for p in get("unc_drug_checking").bundled_paths() if p.name.startswith(DETAIL))
    import pytest

    from nadd.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as info:
        load_file(synced, get("unc_drug_checking"), plain_copy(path, tmp_path))
    assert "analysis_dataset" in info.value.failures[0].expected
