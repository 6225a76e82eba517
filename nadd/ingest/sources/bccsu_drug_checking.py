"""BCCSU DrugCheckingBC: fentanyl test strip vs FTIR result, one row per sample (British Columbia).

The file has no dates, sites or drugs expected: only two 0/1 results per sample. nadd keeps
aggregates for CA-BC, by method (``setting``): ``strip``, ``ftir``, and the cross-tab cells
``strip-and-ftir`` (both positive), ``strip-only``, ``ftir-only``; agreement between methods is
``drug_checking_samples`` with setting ``strip-ftir-agree``.

Period: the publisher only says samples were collected "to 2023" (released 2023-06-09). There
is no period type for an unknown multi-year span, so every value is filed under the year 2023
with a note saying so; read them as cumulative totals up to the 2023 release.
Counts are exact tallies (reported); percentages are computed by nadd (estimated).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model.periods import year
from nadd.model.status import Status

STRIP, FTIR = "FENTANYL_STRIP_POS", "FENTANYL_FTIR_POS"
RESULTS = {"1.0": True, "1": True, "0.0": False, "0": False}
PERIOD_NOTE = ("collection dates not published: all samples to the 2023 release (2023-06-09), "
               "filed under 2023")
FILE = SourceFile("bccsu_fentanyl_test_strip_vs_ftir.csv", date(2023, 6, 9), pattern="*test_site_data*.csv")


class BccsuDrugChecking(Adapter):
    id = "bccsu_drug_checking"
    title = "DrugCheckingBC: fentanyl test strip vs FTIR results"
    publisher = "BC Centre on Substance Use (BCCSU), DrugCheckingBC"
    owner_agency = "BCCSU"
    country = "CA"
    licence = "MIT (c) 2023 BCCSU"
    url = "https://github.com/DrugCheckingBC/nn-fentanyl-prediction"
    files = (FILE,)

    def parse(self, path: Path, rows: Rows) -> None:
        sheet = read_csv(path)
        check_columns(sheet, ["FILE_ID", STRIP, FTIR])
        pairs = []
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            strip, ftir = _result(rows, n, STRIP, r[STRIP]), _result(rows, n, FTIR, r[FTIR])
            if strip is not None:  # a blank strip result is refused by _result
                pairs.append((strip, ftir))
        if not pairs:
            rows.fail(None, STRIP, None, "at least one sample", "this file holds no results")
        if rows.failures:
            return
        first = sheet.row_of(0)
        for indicator, setting, unit, value, status in tallies(pairs):
            rows.add(row=first, indicator=indicator, jurisdiction="CA-BC", period=year(2023),
                     substance=None if indicator == "drug_checking_samples" else "fentanyl",
                     setting=setting, unit=unit, value=value, status=status, note=PERIOD_NOTE,
                     column=STRIP if "strip" in setting else FTIR)


def _result(rows: Rows, n: int, column: str, text: str) -> bool | None:
    """A 0/1 result; FTIR may be blank (not analysed), the strip result may not."""
    text = text.strip()
    if text in RESULTS:
        return RESULTS[text]
    if text == "" and column == FTIR:
        return None
    rows.fail(n, column, text, "1.0 (positive) or 0.0 (negative)" + (" or blank" if column == FTIR else ""),
              "correct the test result of this sample")
    return None


def tallies(pairs: list[tuple[bool, bool | None]]):
    """(indicator, setting, unit, value, status) rows from per-sample (strip, ftir) results."""
    both = [(s, f) for s, f in pairs if f is not None]  # samples with both results
    strip_pos = sum(s for s, _ in pairs)
    ftir_pos = sum(f for _, f in both)
    agree = sum(s == f for s, f in both)
    est = Status.ESTIMATED
    return [
        ("drug_checking_samples", "all", "count", len(pairs), None),
        ("drug_checking_samples", "strip", "count", len(pairs), None),
        ("drug_checking_samples", "ftir", "count", len(both), None),
        ("drug_checking_detections", "strip", "count", strip_pos, None),
        ("drug_checking_detections", "strip", "percent", 100 * strip_pos / len(pairs), est),
        ("drug_checking_detections", "ftir", "count", ftir_pos, None),
        ("drug_checking_detections", "ftir", "percent", 100 * ftir_pos / len(both), est),
        ("drug_checking_detections", "strip-and-ftir", "count", sum(s and f for s, f in both), None),
        ("drug_checking_detections", "strip-only", "count", sum(s and not f for s, f in both), None),
        ("drug_checking_detections", "ftir-only", "count", sum(f and not s for s, f in both), None),
        ("drug_checking_samples", "strip-ftir-agree", "count", agree, None),
        ("drug_checking_samples", "strip-ftir-agree", "percent", 100 * agree / len(both), est),
    ]
