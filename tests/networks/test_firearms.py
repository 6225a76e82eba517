"""Firearms source analysis on a hand table: medians, short time-to-crime, bands, sources."""

import numpy as np
import pandas as pd
import pytest

from nadd.networks import source_table, ttc_summary
from nadd.networks.frames import tidy

INCIDENTS = tidy(pd.DataFrame({"incident_id": ["M1", "M2", "C1"],
                               "jurisdiction_id": ["MX-JAL", "MX-TAM", "CA-ON"]}))
FIREARMS = tidy(pd.DataFrame(
    [("f1", "M1", "US", "US-TX", "", "", "200"), ("f2", "M1", "US", "US-TX", "", "", "400"),
     ("f3", "M2", "US", "US-AZ", "", "", "1500"),
     ("f4", "M2", "US", "US-TX", "2020-01-01", "2021-01-01", ""),  # TTC from dates: 366 days
     ("f5", "C1", "US", "US-NY", "", "", "3000"), ("f6", "C1", "CA", "CA-ON", "", "", "100")],
    columns=["firearm_id", "incident_id", "source_country", "source_jurisdiction_id",
             "purchase_date", "recovery_date", "time_to_crime_days"]))


def test_time_to_crime_by_recovery_country_matches_the_hand_figures():
    s = ttc_summary(FIREARMS, INCIDENTS).set_index("recovery_country")
    assert s.loc["MX", "with_ttc"] == 4
    assert s.loc["MX", "median_ttc_days"] == 383  # (366 + 400) / 2
    assert s.loc["MX", "share_short_ttc"] == 0.75  # 200, 366, 400 are under 3 years
    assert s.loc["CA", "median_ttc_days"] == 1550
    assert s.loc["CA", "share_short_ttc"] == 0.5
    assert s.loc["ALL", "median_ttc_days"] == 383
    assert s.loc["ALL", "share_short_ttc"] == pytest.approx(4 / 6)
    assert s.loc["MX", "median_ttc_years"] == pytest.approx(383 / 365.25)


def test_ttc_bands_follow_the_nfcta_cut_points():
    s = ttc_summary(FIREARMS, INCIDENTS).set_index("recovery_country")
    bands = s.loc["MX", ["share_le_3m", "share_3m_7m", "share_7m_1y", "share_1y_3y", "share_gt_3y"]]
    assert bands.tolist() == [0, 0.25, 0, 0.5, 0.25]  # 200 | 366, 400 | 1500
    assert s.filter(like="share_").drop(columns="share_short_ttc").sum(axis=1).tolist() == [1, 1, 1]


def test_source_countries_and_states_with_shares():
    t = source_table(FIREARMS, INCIDENTS)
    assert t[["recovery_country", "source", "firearms", "share"]].values.tolist() == [
        ["CA", "CA", 1, 0.5], ["CA", "US", 1, 0.5], ["MX", "US", 4, 1.0]]
    p = source_table(FIREARMS, INCIDENTS, level="place")
    mx = p[p["recovery_country"] == "MX"]
    assert mx[["source", "firearms", "short_ttc"]].values.tolist() == [["US-TX", 3, 3],
                                                                        ["US-AZ", 1, 0]]
    assert mx["share"].tolist() == [0.75, 0.25]


def test_negative_or_missing_time_to_crime_is_not_counted():
    f = FIREARMS.copy()
    f.loc[0, "time_to_crime_days"] = -5
    f.loc[1, "time_to_crime_days"] = np.nan
    s = ttc_summary(f, INCIDENTS).set_index("recovery_country")
    assert s.loc["MX", "firearms"] == 4 and s.loc["MX", "with_ttc"] == 2
