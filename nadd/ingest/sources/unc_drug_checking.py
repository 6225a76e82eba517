"""UNC Street Drug Analysis Lab (Opioid Data Lab): drug checking by mail, GC-MS results.

Bundled is the lab's published N = 20 example extract: one row per sample
(``analysis_dataset``) and one row per substance detected per sample (``lab_detail``),
plus the lab's substance dictionary (``chemdictionary``, class flags) and whole-dataset
detection counts (``substances_detected``, undated: not observations).

Observations, by the state of the collecting program and the month the sample was collected:
- drug_checking_samples: samples tested (from ``analysis_dataset``);
- drug_checking_detections: samples in which a substance was found, primary or trace
  (from ``lab_detail``, joined on ``sampleid`` to the ``analysis_dataset`` beside it).
``samples()`` gives the sample-level line list.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from nadd.errors import Failure, ValidationFailed
from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import Sheet, check_columns, read_csv
from nadd.model import jurisdictions
from nadd.model.periods import month

# The commit date of the extract is not recorded; the latest lab completion date in it
# (2022-12-01) is the earliest the release can be, so it stands in as the vintage.
ANALYSIS = SourceFile("analysis_dataset_example_n20.csv", date(2022, 12, 1),
                      pattern="analysis_dataset*.csv")
DETAIL = SourceFile("lab_detail_example_n20.csv", date(2022, 12, 1), pattern="lab_detail*.csv")
CHEMDICTIONARY = "chemdictionary.csv"
DETECTED = "substances_detected.csv"

SAMPLE_COLS = ["sampleid", "state", "date_collect", "expectedsubstance"]
DETAIL_COLS = ["sampleid", "substance", "abundance"]
NOTHING_FOUND = "no compounds of interest detected"  # the lab's null result, not a substance
# Dictionary class flags (0/1 columns after ``commonrole``), resolved through the taxonomy.
FLAG_COLUMNS_FROM = "commonrole"


@dataclass(frozen=True)
class Sample:
    """One drug-checking sample, as the line-list feature needs it."""

    sample_id: str
    collected: date
    jurisdiction: str
    expected: tuple[str, ...]  # substance ids the person expected (unresolved text kept as is)
    detected: tuple[str, ...]  # substance ids found, primary or trace


class UncDrugChecking(Adapter):
    id = "unc_drug_checking"
    title = "UNC Street Drug Analysis Lab: drug checking results (N = 20 example extract)"
    publisher = "Opioid Data Lab, University of North Carolina (UNC Street Drug Analysis Lab)"
    owner_agency = "UNC-ODL"
    country = "US"
    licence = "MIT (c) 2022 Opioid Data Lab, Univ. of North Carolina & Kentucky"
    url = "https://github.com/opioiddatalab/drugchecking"
    files = (ANALYSIS, DETAIL)

    def parse(self, path: Path, rows: Rows) -> None:
        if DETAIL.matches(path.name):
            self._parse_detail(path, rows)
        else:
            self._parse_samples(path, rows)

    def _parse_samples(self, path: Path, rows: Rows) -> None:
        tally: Counter = Counter()
        first: dict = {}
        for n, (_, where, when) in read_samples(path, rows).items():
            key = (where, month(when.year, when.month))
            tally[key] += 1
            first.setdefault(key, n)
        for (where, period), count in tally.items():
            rows.add(row=first[(where, period)], indicator="drug_checking_samples",
                     jurisdiction=where, period=period, unit="count", value=count,
                     column="sampleid")

    def _parse_detail(self, path: Path, rows: Rows) -> None:
        partner = _find(path.parent, ANALYSIS)
        samples = {sid: (where, when) for sid, where, when in read_samples(partner, Rows(partner.name)).values()}
        found: dict[tuple, set[str]] = {}
        first: dict = {}
        for n, sid, substance in read_detections(path, rows):
            if sid not in samples:
                rows.fail(n, "sampleid", sid, f"a sampleid of {partner.name}",
                          "the detail and sample files must come from the same extract")
                continue
            where, when = samples[sid]
            key = (where, month(when.year, when.month), substance)
            found.setdefault(key, set()).add(sid)  # a sample counts once per substance
            first.setdefault(key, n)
        for (where, period, substance), ids in found.items():
            rows.add(row=first[(where, period, substance)], indicator="drug_checking_detections",
                     jurisdiction=where, period=period, substance=substance, unit="count",
                     value=len(ids), column="substance")


def read_samples(path: Path, rows: Rows) -> dict[int, tuple[str, str, date]]:
    """{line: (sampleid, jurisdiction id, collection date)}; bad cells go to ``rows``."""
    sheet = _sheet(path, SAMPLE_COLS)
    out = {}
    for i, r in enumerate(sheet.frame.to_dict("records")):
        n = sheet.row_of(i)
        where = jurisdictions.try_by_code("usps", r["state"].strip())
        when = stata_date(r["date_collect"])
        if where is None:
            rows.fail(n, "state", r["state"], "a USPS state code", "use two-letter codes such as NC")
        if when is None:
            rows.fail(n, "date_collect", r["date_collect"], "a Stata date such as 15Oct2021",
                      "fix the collection date")
        if where is not None and when is not None:
            out[n] = (r["sampleid"].strip(), where, when)
    return out


def read_detections(path: Path, rows: Rows) -> list[tuple[int, str, str]]:
    """(line, sampleid, substance id) per detection; the lab's null result is skipped."""
    sheet = _sheet(path, DETAIL_COLS)
    out = []
    for i, r in enumerate(sheet.frame.to_dict("records")):
        n, name = sheet.row_of(i), r["substance"].strip()
        if name.lower() == NOTHING_FOUND:
            continue
        substance = resolve(name)
        if substance is None:
            rows.fail(n, "substance", name, "a substance name known to nadd",
                      "add it to nadd/reference/substances/unc_drug_checking.csv")
            continue
        out.append((n, r["sampleid"].strip(), substance))
    return out


def samples(folder: Path | None = None) -> list[Sample]:
    """The sample-level line list of the bundled extract (or of the files in ``folder``)."""
    folder = folder or UncDrugChecking().bundled_dir()
    rows = Rows("samples")
    base = read_samples(_find(folder, ANALYSIS), rows)
    detail = read_detections(_find(folder, DETAIL), rows)
    sheet = _sheet(_find(folder, ANALYSIS), SAMPLE_COLS)
    expected = {r["sampleid"].strip(): r["expectedsubstance"] for r in sheet.frame.to_dict("records")}
    if rows.failures:
        raise ValidationFailed(rows.failures)
    found: dict[str, list[str]] = {}
    for _, sid, substance in detail:
        if substance not in found.setdefault(sid, []):
            found[sid].append(substance)
    return [Sample(sid, when, where, _expected(expected.get(sid, "")), tuple(found.get(sid, ())))
            for sid, where, when in base.values()]


def chemdictionary(path: Path | None = None) -> list[dict]:
    """The lab's dictionary: name, substance id, common role and the classes flagged."""
    path = path or _find(UncDrugChecking().bundled_dir(), CHEMDICTIONARY)
    sheet = _sheet(path, ["substance", FLAG_COLUMNS_FROM])
    cols = list(sheet.frame.columns)
    flags = cols[cols.index(FLAG_COLUMNS_FROM) + 1:]
    return [{"name": r["substance"].strip(), "id": resolve(r["substance"]),
             "role": r["commonrole"].strip() or None,
             "classes": [class_id(c) for c in flags if r[c].strip() == "1"]}
            for r in sheet.frame.to_dict("records")]


def class_id(flag: str) -> str | None:
    """Taxonomy class of a dictionary flag column, e.g. 'designer_benzos' -> designer-benzodiazepines."""
    from nadd.model import substances

    return substances.try_by_name(flag.replace("_", " "))


def resolve(name: str) -> str | None:
    """Substance id of a lab name; the lab's abbreviations in brackets are tried alone too."""
    from nadd.model import substances

    name = name.strip()
    found = substances.try_by_name(name)
    if found is None and "(" in name:
        found = substances.try_by_name(re.sub(r"\s*\(.*?\)\s*", " ", name).strip())
    return found


def stata_date(text: str) -> date | None:
    """Stata's %td text: '15Oct2021' (case varies: '11feb2022')."""
    try:
        return datetime.strptime(text.strip(), "%d%b%Y").date()
    except ValueError:
        return None


def _expected(text: str) -> tuple[str, ...]:
    parts = [p.strip() for p in text.split(";") if p.strip()]
    return tuple(resolve(p) or p for p in parts)


def _sheet(path: Path, cols: list[str]) -> Sheet:
    sheet = read_csv(path, required=cols)
    check_columns(sheet, cols)
    return sheet


def _find(folder: Path, spec: SourceFile | str) -> Path:
    """The file of ``spec`` (or named so) in ``folder``, as published or as a .gz snapshot."""
    name = spec if isinstance(spec, str) else spec.name
    hits = [folder / name, folder / (name + ".gz")]
    if not isinstance(spec, str) and folder.is_dir():
        hits += sorted(p for p in folder.iterdir() if spec.matches(p.name))
    for p in hits:
        if p.exists():
            return p
    raise ValidationFailed([Failure(name, None, None, None, f"the file {name} in {folder}",
                                    "keep the extract's files together: the lab detail file "
                                    "needs the sample file (analysis_dataset*.csv) beside it")])
