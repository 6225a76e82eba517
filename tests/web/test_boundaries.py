"""The map's boundaries: Canada's provinces and territories sit with the US and Mexican states."""

from __future__ import annotations

import json
from importlib.resources import files

from nadd.model import jurisdictions as j

CANADA = {"CA-AB", "CA-BC", "CA-MB", "CA-NB", "CA-NL", "CA-NS", "CA-NT", "CA-NU", "CA-ON", "CA-PE",
          "CA-QC", "CA-SK", "CA-YT"}


def _features():
    path = files("nadd") / "data" / "geo" / "boundaries.geojson"
    return {f["properties"]["id"]: f for f in json.loads(path.read_text(encoding="utf-8"))["features"]}


def _bounds(geom):
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    xs = [p[0] for poly in polys for ring in poly for p in ring]
    ys = [p[1] for poly in polys for ring in poly for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def test_every_canadian_province_and_territory_has_a_polygon_with_a_known_id():
    feats = _features()
    assert CANADA <= set(feats)
    assert {i for i in feats if i.startswith("CA-")} == CANADA
    assert all(j.exists(i) for i in CANADA)
    assert len(feats) == 51 + 13 + 32


def test_canadian_polygons_are_where_the_provinces_are():
    feats = _features()
    west, south, east, north = _bounds(feats["CA-ON"]["geometry"])
    assert -96 < west < -94 and 41 < south < 43 and -75 < east < -74 and 56 < north < 57.5
    assert _bounds(feats["CA-NU"]["geometry"])[3] > 80  # Ellesmere Island
    # BC's southern border is the 49th parallel, Washington's northern one too.
    assert abs(_bounds(feats["CA-BC"]["geometry"])[1] - 48.3) < 0.5
    assert abs(_bounds(feats["US-WA"]["geometry"])[3] - 49.0) < 0.05
