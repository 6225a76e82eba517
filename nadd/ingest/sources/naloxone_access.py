"""Pharmacies carrying take-home naloxone kits in Vancouver, BC (2020 snapshot of the BC list).

One observation: naloxone_access_sites for 2020. nadd has no Vancouver id, so it is stored
under CA-BC with setting ``vancouver`` (the city is a part of the province, not all of it).
The count is of distinct addresses: the file lists 51 rows, but two name different
businesses at one address and coordinate (6410 Main Street), i.e. one access site. It is
nadd's count of the published list, hence status estimated.

``pharmacies()`` returns the list itself (name, address, lat, lon, training) for map layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nadd.errors import Failure, ValidationFailed
from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import Sheet, check_columns, read_csv
from nadd.model.periods import year
from nadd.model.status import Status

# No release date in PROVENANCE: vintage is the extraction commit date (jordanmchiu/NaloxZone).
LIST = SourceFile("bc_vancouver_naloxone_pharmacies_2020.csv", date(2020, 8, 1),
                  pattern="bc_vancouver_naloxone_pharmacies_*.csv")
COLUMNS = ["City", "Address", "Name", "Latitude", "Longitude", "Training"]
LIST_YEAR = 2020
SETTING = "vancouver"
# Vancouver's bounding box, generously: a geocode outside it is a data error.
LAT_RANGE, LON_RANGE = (49.1, 49.4), (-123.3, -122.9)


@dataclass(frozen=True)
class Pharmacy:
    name: str
    address: str
    lat: float
    lon: float
    training: bool  # also offers overdose-response training


def read_list(path: Path) -> tuple[Sheet, list[Pharmacy], list[Failure]]:
    """The published list, each row checked: coordinates in Vancouver, Training TRUE/FALSE."""
    sheet = read_csv(path, required=["Address", "Latitude", "Longitude"])
    check_columns(sheet, COLUMNS)
    out, failures = [], []
    for i, r in enumerate(sheet.frame.to_dict("records")):
        n = sheet.row_of(i)
        coords = []
        for col, (lo, hi) in (("Latitude", LAT_RANGE), ("Longitude", LON_RANGE)):
            try:
                v = float(r[col])
                if not lo <= v <= hi:
                    raise ValueError
                coords.append(v)
            except ValueError:
                failures.append(Failure(sheet.file, n, col, r[col], f"a WGS84 {col.lower()} in "
                                        f"Vancouver ({lo} to {hi})", "re-geocode the address"))
        training = r["Training"].strip().upper()
        if training not in ("TRUE", "FALSE"):
            failures.append(Failure(sheet.file, n, "Training", r["Training"], "TRUE or FALSE",
                                    "TRUE if the pharmacy offers overdose-response training"))
        if not r["Address"].strip():
            failures.append(Failure(sheet.file, n, "Address", "", "a street address", ""))
        if len(coords) == 2 and training in ("TRUE", "FALSE"):
            out.append(Pharmacy(r["Name"].strip(), r["Address"].strip(), coords[0], coords[1],
                                training == "TRUE"))
    return sheet, out, failures


def pharmacies(path: Path | None = None) -> list[Pharmacy]:
    """Every listed pharmacy (bundled copy unless ``path``); raises if the list is invalid."""
    path = path or NaloxoneAccess().bundled_paths()[0]
    _, found, failures = read_list(path)
    if failures:
        raise ValidationFailed(failures, source=path.name)
    return found


class NaloxoneAccess(Adapter):
    id = "naloxone_access"
    title = "Take-home naloxone pharmacies, Vancouver BC (2020)"
    publisher = "BC Ministry of Mental Health and Addictions / BC Centre for Disease Control"
    owner_agency = "BC-MMHA"
    country = "CA"
    licence = "MIT (transcription, jordanmchiu/NaloxZone); BC government list: public information"
    url = "https://www.stopoverdose.gov.bc.ca/"
    files = (LIST,)

    def parse(self, path: Path, rows: Rows) -> None:
        sheet, found, failures = read_list(path)
        rows.failures.extend(failures)
        if failures:
            return
        sites = {p.address.casefold() for p in found}
        rows.add(row=sheet.row_of(0), indicator="naloxone_access_sites", jurisdiction="CA-BC",
                 period=year(LIST_YEAR), value=len(sites), unit="count", setting=SETTING,
                 status=Status.ESTIMATED,
                 note=f"distinct addresses among the {len(found)} listed pharmacies "
                      f"(rows {sheet.row_of(0)}-{sheet.row_of(len(found) - 1)}), City of Vancouver")
