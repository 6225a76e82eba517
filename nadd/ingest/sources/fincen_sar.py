"""FinCEN Suspicious Activity Report statistics and the list of FinCEN enforcement actions.

Compiled by the Berkman Klein Center from FinCEN's "SAR Activity Review - By the Numbers"
(1996-2011) and "SAR Stats" (2012). Every table counts SARs (``suspicious_activity_reports``);
the industry is the setting prefix: ``di`` (depository institutions) or ``msb`` (money
services businesses). The enforcement actions list becomes ``enforcement_actions`` per year.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from nadd.errors import NotFound
from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import Sheet, check_columns, read_csv
from nadd.model import jurisdictions
from nadd.model.jurisdictions import plain
from nadd.model.periods import month, year
from nadd.model.status import Status

VINTAGE = date(2016, 8, 11)  # compilation commit date; FinCEN gives no release date
TABLES = {  # file -> (industry, kind of breakdown)
    "sar_1996_2011_DI_ByStateTer.csv": ("di", "state"),
    "sar_1996_2011_MSB_ByStateTer.csv": ("msb", "state"),
    "sar_1996_2011_DI_ByNature.csv": ("di", "nature"),
    "sar_1996_2011_MSB_ByNature.csv": ("msb", "nature"),
    "sar_1996_2011_DI_ByYearMo.csv": ("di", "month"),
    "sar_1996_2011_MSB_ByYearMo.csv": ("msb", "month"),
    "sar_1996_2011_MSB_ByFinancialService.csv": ("msb", "service"),
}
COUNTY_FILE = SourceFile("sar_2012_MSB12_county_month_activity.csv", VINTAGE,
                         pattern="sar_*_MSB*_county_month_activity.csv")
ACTIONS_FILE = SourceFile("fincen_enforcement_actions.csv", VINTAGE)

# Places in the state tables that are not a US state or territory by name.
PLACES = {
    "Federated States of Micronesia": "FM",  # freely associated states: ISO countries
    "Marshall Islands": "MH",
    "Palau": "PW",
    "U.S. Virgin Islands": "US-VI",
}
# Rows that are not a place at all: kept on the US with their own setting suffix.
NOT_A_PLACE = {"Overseas": "overseas", "Unknown/Blank": "state-unknown"}

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MSB_NOTE = "MSB SAR tables report 0 for years before MSB reporting began (2002) or not compiled"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def month_number(text: str) -> int | None:
    """'Jan' (DI tables) or 'January' (MSB tables) -> 1."""
    t = text.strip().lower()
    return next((i for name, i in MONTHS.items() if len(t) >= 3 and name.startswith(t)), None)


def empty_years(sheet: Sheet) -> set[str]:
    """Years whose every cell is 0: the table does not cover them (e.g. MSBs before 2002)."""
    f = sheet.frame
    zero = f["Incidents"].str.strip().isin(["0"])
    return {y for y, z in zero.groupby(f["Year"]).all().items() if z}


class FincenSar(Adapter):
    id = "fincen_sar"
    title = "FinCEN SAR statistics (1996-2012) and enforcement actions"
    publisher = "U.S. Treasury, Financial Crimes Enforcement Network (compiled by Berkman Klein Center)"
    owner_agency = "FinCEN"
    country = "US"
    licence = "CC BY 4.0 (compilation); FinCEN statistics US public domain"
    url = "https://github.com/wrahool/FinCEN_SARsData"
    files = tuple(SourceFile(name, VINTAGE) for name in TABLES) + (COUNTY_FILE, ACTIONS_FILE)

    def parse(self, path: Path, rows: Rows) -> None:
        if ACTIONS_FILE.matches(path.name):
            self._parse_actions(path, rows)
        elif COUNTY_FILE.matches(path.name):
            self._parse_county(path, rows)
        else:
            self._parse_table(path, rows)

    # --- 1996-2011 tables: <breakdown>, Year, Incidents ------------------------------------

    def _parse_table(self, path: Path, rows: Rows) -> None:
        industry, kind = TABLES[rows.file]
        sheet = read_csv(path, required=["Year", "Incidents"])
        label = sheet.frame.columns[0]  # State.Territory / Nature / Year.Mo / Financial.Services.Involved
        check_columns(sheet, [label, "Year", "Incidents"])
        skip = empty_years(sheet)
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            y = r["Year"].strip()
            if not re.fullmatch(r"(19|20)\d\d", y):
                rows.fail(n, "Year", y, "a 4-digit year", "fix the cell")
                continue
            where, setting, period = "US", industry, year(int(y))
            if kind == "state":
                where, setting = self._place(rows, n, label, r[label], industry)
            elif kind in ("nature", "service"):
                setting = f"{industry}:{'service:' if kind == 'service' else ''}{slug(r[label])}"
            else:
                m = month_number(r[label])
                if m is None:
                    rows.fail(n, label, r[label], "an English month name", "e.g. Jan or January")
                    continue
                period = month(int(y), m)
            if where is None:
                continue
            value, note = r["Incidents"], None
            if y in skip:
                value, note = "", MSB_NOTE if industry == "msb" else "year not compiled in this table (all cells 0)"
            rows.add(row=n, indicator="suspicious_activity_reports", jurisdiction=where, period=period,
                     unit="count", setting=setting, value=value, column="Incidents", note=note)

    @staticmethod
    def _place(rows: Rows, n: int, column: str, text: str, industry: str) -> tuple[str | None, str]:
        name = text.strip()
        if name in NOT_A_PLACE:
            return "US", f"{industry}:{NOT_A_PLACE[name]}"
        if name in PLACES:
            return PLACES[name], industry
        try:
            return jurisdictions.by_name("US", name, level="subdivision"), industry
        except NotFound as e:
            rows.fail(n, column, text, "a US state or territory name", e.hint or "")
            return None, industry

    # --- 2012 MSB county x month x activity ------------------------------------------------

    def _parse_county(self, path: Path, rows: Rows) -> None:
        cols = ["Year", "Month", "Countym", "Suspicious.Activity", "Count"]
        sheet = read_csv(path, required=cols)
        check_columns(sheet, cols)
        # Rows are further split by relationship, product and instrument; nadd sums them per
        # county x month x activity (a SAR naming several products may be counted more than once).
        groups: dict[tuple, list[tuple[int, dict]]] = {}
        for i, r in enumerate(sheet.frame.to_dict("records")):
            groups.setdefault((r["Year"], r["Month"], r["Countym"], r["Suspicious.Activity"]), []).append(
                (sheet.row_of(i), r))
        for (y, mo, county, activity), members in groups.items():
            n = members[0][0]
            m = month_number(mo)
            if not y.strip().isdigit() or m is None:
                rows.fail(n, "Year" if m else "Month", y if m else mo, "a year and an English month name",
                          "e.g. 2012, April")
                continue
            where = self._county(rows, n, county)
            total = self._sum(rows, members)
            if where is None or total is None:
                continue
            derived = len(members) > 1
            rows.add(row=n, indicator="suspicious_activity_reports", jurisdiction=where,
                     period=month(int(y), m), unit="count", setting=f"msb:{slug(activity)}",
                     value=total, column="Count", status=Status.ESTIMATED if derived else None,
                     note=f"sum of {len(members)} rows (relationship x product x instrument)" if derived else None)

    @staticmethod
    def _sum(rows: Rows, members: list[tuple[int, dict]]) -> float | None:
        total, ok = 0.0, True
        for n, r in members:
            text = r["Count"].strip()
            if not text.isdigit():
                rows.fail(n, "Count", text, "a whole number of SARs", "fix the cell")
                ok = False
            else:
                total += int(text)
        return total if ok else None

    @staticmethod
    def _county(rows: Rows, n: int, text: str) -> str | None:
        name, _, usps = text.rpartition(",")
        state = jurisdictions.try_by_code("usps", usps.strip())
        found = _counties().get((state, plain(name))) if state else None
        if found is None:
            rows.fail(n, "Countym", text, "'<county name>, <USPS state>' of a US county",
                      "e.g. 'Jefferson County, AL'; check the spelling against the census county names")
        return found

    # --- enforcement actions list ----------------------------------------------------------

    def _parse_actions(self, path: Path, rows: Rows) -> None:
        frame = read_actions(path)
        per_year: Counter[int] = Counter()
        first_row: dict[int, int] = {}
        for r in frame.to_dict("records"):
            if r["date"] is None:
                rows.fail(r["row"], "Date", r["Date"], "a date M/D/YY", "e.g. 7/15/16")
                continue
            per_year[r["date"].year] += 1
            first_row.setdefault(r["date"].year, r["row"])
        for y, count in sorted(per_year.items()):
            rows.add(row=first_row[y], indicator="enforcement_actions", jurisdiction="US",
                     period=year(y), unit="count", value=count, column="Date", status=Status.ESTIMATED,
                     note="counted by nadd from FinCEN's list of enforcement actions")


def read_actions(path: Path) -> pd.DataFrame:
    """The enforcement actions list (Mac Roman, CR line endings), with its file line numbers
    (``row``) and parsed dates (``date``, None when unreadable)."""
    sheet = read_csv(path, required=["Enforcement Action", "Date"], encoding="mac_roman")
    check_columns(sheet, ["Enforcement Action", "Date", "Matter No.", "Industry Type"])
    frame = sheet.frame.copy()
    frame["row"] = sheet.rows
    frame["date"] = [_us_date(d) for d in frame["Date"]]
    return frame


def _us_date(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%m/%d/%y").date()
    except ValueError:
        return None


def enforcement_actions(path: Path | None = None) -> pd.DataFrame:
    """FinCEN's enforcement actions as a table: action, date, matter number, industry.

    Reads the bundled copy unless ``path`` is given.
    """
    if path is None:
        from nadd.ingest import get

        path = get(FincenSar.id).bundled_dir() / (ACTIONS_FILE.name + ".gz")
    frame = read_actions(path)
    frame["Enforcement Action"] = frame["Enforcement Action"].str.replace("\xa0", " ")  # Mac Roman 0xCA
    return frame.rename(columns={"Enforcement Action": "action", "Matter No.": "matter_no",
                                 "Industry Type": "industry", "row": "source_row"})[
        ["action", "date", "matter_no", "industry", "source_row"]]


@functools.lru_cache(maxsize=1)
def _counties() -> dict[tuple[str, str], str]:
    """(state id, plain county name) -> county id."""
    j = jurisdictions.all_jurisdictions()
    counties = j[j["level"] == "county"]
    return {(p, plain(nm)): i for i, p, nm in zip(counties["id"], counties["parent_id"], counties["name_en"])}
