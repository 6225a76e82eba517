"""Regenerate nadd's geography reference from the public source files.

Run from the repo root (build time only; runtime reads the committed outputs):

    .venv/bin/python tools/build_geo_reference.py [--shared /work/shared/data]

Reads   <shared>/geo_us, geo_mexico, geo_canada (PHAC PRUID/Region pairs) and pycountry.
Writes  nadd/reference/jurisdictions.csv       id,level,country,parent_id,name_en,name_es,name_fr
        nadd/reference/jurisdiction_codes.csv  jurisdiction_id,system,code
        nadd/reference/adjacency.csv           a,b,cross_border (both directions)
        nadd/data/geo/boundaries.geojson       US states+DC, Mexican states (Canada: then run tools/build_canada_boundaries.py)

Build-time dependencies (not runtime): pycountry, shapely, pyshp.

Choices worth knowing:
* Country names are the ISO 3166-1 short names (pycountry ``name``) in en and their
  iso-codes translations in es/fr; ``common_name``/``official_name`` become ``alt_name`` codes.
* ``alt_name`` codes are ``<country>:<lower-case accent-stripped name>`` so that the same
  text can mean different places in different countries (``MX:mexico`` is the state).
* Within-country US and Mexican adjacency is computed from the boundary polygons: two states
  are neighbours when they share a land boundary longer than MIN_SHARED_DEG (so the Four
  Corners point contacts AZ-CO and UT-NM are not neighbours). Water-only contacts (e.g.
  MI-IL across Lake Michigan) are therefore absent within a country.
* The Mexican GeoJSON is simplified, so four short real borders (e.g. MX-JAL-MX-SLP) come out
  as point contacts; they are added from MX_SHORT_BORDERS.
* Cross-border pairs and Canadian adjacency are hand-written tables below. The Lake Erie
  water borders US-OH-CA-ON and US-PA-CA-ON ARE included: they are the international
  boundary and sources describe them as border states; drop them from US_CA_BORDER if a
  land-only notion is needed.
* Boundaries are simplified with shapely (Douglas-Peucker, preserve topology,
  SIMPLIFY_DEG) and rounded to COORD_DECIMALS to keep the file small.
"""

from __future__ import annotations

import argparse
import csv
import functools
import gettext
import io
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "nadd" / "reference"
GEO = REPO / "nadd" / "data" / "geo"

MIN_SHARED_DEG = 0.02  # shared land boundary length (degrees) for two states to be neighbours
TOUCH_EPS_DEG = 0.002  # tolerance for slightly mismatched generalized borders
SIMPLIFY_DEG = 0.01  # ~1 km: enough for a national choropleth
COORD_DECIMALS = 3

# --- hand tables -----------------------------------------------------------------------

# SGC province/territory code -> ISO 3166-2 (Statistics Canada SGC 2021).
SGC = {"10": "CA-NL", "11": "CA-PE", "12": "CA-NS", "13": "CA-NB", "24": "CA-QC", "35": "CA-ON",
       "46": "CA-MB", "47": "CA-SK", "48": "CA-AB", "59": "CA-BC", "60": "CA-YT", "61": "CA-NT",
       "62": "CA-NU"}

CA_NAMES = {  # en, es, fr
    "CA-AB": ("Alberta", "Alberta", "Alberta"),
    "CA-BC": ("British Columbia", "Columbia Británica", "Colombie-Britannique"),
    "CA-MB": ("Manitoba", "Manitoba", "Manitoba"),
    "CA-NB": ("New Brunswick", "Nuevo Brunswick", "Nouveau-Brunswick"),
    "CA-NL": ("Newfoundland and Labrador", "Terranova y Labrador", "Terre-Neuve-et-Labrador"),
    "CA-NS": ("Nova Scotia", "Nueva Escocia", "Nouvelle-Écosse"),
    "CA-NT": ("Northwest Territories", "Territorios del Noroeste", "Territoires du Nord-Ouest"),
    "CA-NU": ("Nunavut", "Nunavut", "Nunavut"),
    "CA-ON": ("Ontario", "Ontario", "Ontario"),
    "CA-PE": ("Prince Edward Island", "Isla del Príncipe Eduardo", "Île-du-Prince-Édouard"),
    "CA-QC": ("Quebec", "Quebec", "Québec"),
    "CA-SK": ("Saskatchewan", "Saskatchewan", "Saskatchewan"),
    "CA-YT": ("Yukon", "Yukón", "Yukon"),
}

# INEGI cve_ent -> ISO 3166-2, and names (en, es, fr). es follows INEGI's short names.
MX_STATES = {
    "01": ("MX-AGU", "Aguascalientes", "Aguascalientes", "Aguascalientes"),
    "02": ("MX-BCN", "Baja California", "Baja California", "Basse-Californie"),
    "03": ("MX-BCS", "Baja California Sur", "Baja California Sur", "Basse-Californie du Sud"),
    "04": ("MX-CAM", "Campeche", "Campeche", "Campeche"),
    "05": ("MX-COA", "Coahuila", "Coahuila", "Coahuila"),
    "06": ("MX-COL", "Colima", "Colima", "Colima"),
    "07": ("MX-CHP", "Chiapas", "Chiapas", "Chiapas"),
    "08": ("MX-CHH", "Chihuahua", "Chihuahua", "Chihuahua"),
    "09": ("MX-CMX", "Mexico City", "Ciudad de México", "Mexico"),
    "10": ("MX-DUR", "Durango", "Durango", "Durango"),
    "11": ("MX-GUA", "Guanajuato", "Guanajuato", "Guanajuato"),
    "12": ("MX-GRO", "Guerrero", "Guerrero", "Guerrero"),
    "13": ("MX-HID", "Hidalgo", "Hidalgo", "Hidalgo"),
    "14": ("MX-JAL", "Jalisco", "Jalisco", "Jalisco"),
    "15": ("MX-MEX", "State of Mexico", "Estado de México", "État de Mexico"),
    "16": ("MX-MIC", "Michoacán", "Michoacán", "Michoacán"),
    "17": ("MX-MOR", "Morelos", "Morelos", "Morelos"),
    "18": ("MX-NAY", "Nayarit", "Nayarit", "Nayarit"),
    "19": ("MX-NLE", "Nuevo León", "Nuevo León", "Nuevo León"),
    "20": ("MX-OAX", "Oaxaca", "Oaxaca", "Oaxaca"),
    "21": ("MX-PUE", "Puebla", "Puebla", "Puebla"),
    "22": ("MX-QUE", "Querétaro", "Querétaro", "Querétaro"),
    "23": ("MX-ROO", "Quintana Roo", "Quintana Roo", "Quintana Roo"),
    "24": ("MX-SLP", "San Luis Potosí", "San Luis Potosí", "San Luis Potosí"),
    "25": ("MX-SIN", "Sinaloa", "Sinaloa", "Sinaloa"),
    "26": ("MX-SON", "Sonora", "Sonora", "Sonora"),
    "27": ("MX-TAB", "Tabasco", "Tabasco", "Tabasco"),
    "28": ("MX-TAM", "Tamaulipas", "Tamaulipas", "Tamaulipas"),
    "29": ("MX-TLA", "Tlaxcala", "Tlaxcala", "Tlaxcala"),
    "30": ("MX-VER", "Veracruz", "Veracruz", "Veracruz"),
    "31": ("MX-YUC", "Yucatán", "Yucatán", "Yucatán"),
    "32": ("MX-ZAC", "Zacatecas", "Zacatecas", "Zacatecas"),
}

# Names used by sources that are not one of the three display names.
MX_ALT = {
    "MX-COA": ["coahuila de zaragoza"],
    "MX-MIC": ["michoacan de ocampo"],
    "MX-VER": ["veracruz de ignacio de la llave"],
    "MX-QUE": ["queretaro de arteaga"],
    # In Mexican sources a bare "México" in a state column is the State of Mexico.
    "MX-MEX": ["mexico", "estado de mexico", "edomex", "mexico state"],
    "MX-CMX": ["ciudad de mexico", "distrito federal", "cdmx", "df"],
    "MX": ["nacional", "estados unidos mexicanos"],
}

# US states whose es/fr names differ from English; every other state is the same in all three.
US_NAMES = {  # en: (es, fr)
    "California": ("California", "Californie"),
    "District of Columbia": ("Distrito de Columbia", "District de Columbia"),
    "Florida": ("Florida", "Floride"),
    "Georgia": ("Georgia", "Géorgie"),
    "Hawaii": ("Hawái", "Hawaï"),
    "Louisiana": ("Luisiana", "Louisiane"),
    "Michigan": ("Míchigan", "Michigan"),
    "Mississippi": ("Misisipi", "Mississippi"),
    "Missouri": ("Misuri", "Missouri"),
    "New Hampshire": ("Nuevo Hampshire", "New Hampshire"),
    "New Jersey": ("Nueva Jersey", "New Jersey"),
    "New Mexico": ("Nuevo México", "Nouveau-Mexique"),
    "New York": ("Nueva York", "New York"),
    "North Carolina": ("Carolina del Norte", "Caroline du Nord"),
    "North Dakota": ("Dakota del Norte", "Dakota du Nord"),
    "Oregon": ("Oregón", "Oregon"),
    "Pennsylvania": ("Pensilvania", "Pennsylvanie"),
    "South Carolina": ("Carolina del Sur", "Caroline du Sud"),
    "South Dakota": ("Dakota del Sur", "Dakota du Sud"),
    "Virginia": ("Virginia", "Virginie"),
    "West Virginia": ("Virginia Occidental", "Virginie-Occidentale"),
}
US_TERRITORY_FIPS = {"AS": "60", "GU": "66", "MP": "69", "PR": "72", "UM": "74", "VI": "78"}
US_ALT = {
    "US": ["usa", "united states of america", "u.s."],
    "US-DC": ["washington dc", "washington d.c."],
    "US-NY-NYC": ["new york city", "nyc"],
}

# UN / UNODC country names that differ from pycountry's name, common_name and official_name.
UN_ALT = {
    "BO": ["bolivia (plurinational state of)"], "VE": ["venezuela (bolivarian republic of)"],
    "HK": ["china, hong kong sar", "hong kong sar"], "MO": ["china, macao sar", "macao sar"],
    "TW": ["china, taiwan province of china"], "KR": ["republic of korea"],
    "KP": ["democratic people's republic of korea"], "IR": ["iran (islamic republic of)"],
    "PS": ["state of palestine"], "NL": ["netherlands (kingdom of the)"], "VA": ["holy see"],
    "CD": ["democratic republic of the congo"], "TR": ["turkiye"],
    "MD": ["republic of moldova"], "TZ": ["united republic of tanzania"],
    "FM": ["micronesia (federated states of)"], "GB": ["united kingdom of great britain and northern ireland"],
}
# Short or former country names that sources print (EMCDDA Statistical Bulletin: 'Turkey', 'Uk').
SOURCE_ALT = {"TR": ["turkey"], "GB": ["uk"]}

# Special areas below subdivisions: id, level, parent, (en, es, fr), codes [(system, code)].
SPECIAL = [
    ("US-NY-NYC", "city", "US-NY", ("New York City", "Ciudad de Nueva York", "Ville de New York"),
     [("usps", "YC")]),
    ("CA-TERRITORIES", "region", "CA", ("Territories", "Territorios", "Territoires"),
     [("pruid", "63"), ("phac_region", "Territories")]),
    ("CA-MB-WINNIPEG", "health_region", "CA-MB", ("Winnipeg", "Winnipeg", "Winnipeg"),
     [("phac_region", "Winnipeg, Manitoba")]),
    ("CA-MB-NORTHRURAL", "health_region", "CA-MB",
     ("Northern and rural Manitoba", "Norte y zonas rurales de Manitoba", "Nord et régions rurales du Manitoba"),
     [("phac_region", "Northern and rural Manitoba")]),
    ("CA-YT-WHITEHORSE", "health_region", "CA-YT", ("Whitehorse", "Whitehorse", "Whitehorse"),
     [("phac_region", "Whitehorse, Yukon")]),
    ("CA-NT-YELLOWKNIFE", "health_region", "CA-NT", ("Yellowknife", "Yellowknife", "Yellowknife"),
     [("phac_region", "Yellowknife, Northwest Territories")]),
]

CA_ADJ = {  # land borders between provinces/territories; PE is an island (no land border)
    "CA-BC": ["CA-AB", "CA-YT", "CA-NT"], "CA-AB": ["CA-SK", "CA-NT"], "CA-SK": ["CA-MB", "CA-NT"],
    "CA-MB": ["CA-ON", "CA-NU"], "CA-ON": ["CA-QC"], "CA-QC": ["CA-NB", "CA-NL"],
    "CA-NB": ["CA-NS"], "CA-YT": ["CA-NT"], "CA-NT": ["CA-NU"],
}
# Real but short state borders that the simplified Mexican GeoJSON reduces to a point contact
# (San Luis Potosí borders nine states; Zacatecas eight). Checked against the INEGI state lists.
MX_SHORT_BORDERS = [("MX-COA", "MX-SLP"), ("MX-JAL", "MX-SLP"), ("MX-GUA", "MX-ZAC"), ("MX-NLE", "MX-ZAC")]
US_MX_BORDER = {"US-CA": ["MX-BCN"], "US-AZ": ["MX-BCN", "MX-SON"], "US-NM": ["MX-SON", "MX-CHH"],
                "US-TX": ["MX-CHH", "MX-COA", "MX-NLE", "MX-TAM"]}
US_CA_BORDER = {
    "US-WA": ["CA-BC"], "US-ID": ["CA-BC"], "US-MT": ["CA-BC", "CA-AB", "CA-SK"],
    "US-ND": ["CA-SK", "CA-MB"], "US-MN": ["CA-MB", "CA-ON"], "US-MI": ["CA-ON"],
    "US-NY": ["CA-ON", "CA-QC"], "US-VT": ["CA-QC"], "US-NH": ["CA-QC"], "US-ME": ["CA-QC", "CA-NB"],
    "US-AK": ["CA-BC", "CA-YT"],
    "US-OH": ["CA-ON"], "US-PA": ["CA-ON"],  # Lake Erie water border, see module docstring
}


# --- helpers ---------------------------------------------------------------------------

def plain(text: str) -> str:
    """Lower-case, accent-stripped text, as alt_name codes are stored."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def fail(where: str, problem: str, fix: str) -> None:
    sys.exit(f"{where}: {problem}\nHint: {fix}")


def read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, newline="", encoding=encoding) as f:
        return list(csv.DictReader(f))


# --- jurisdictions and codes -----------------------------------------------------------

@functools.cache
def translator(lang: str):
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext


def country_names(c) -> tuple[str, str, str]:
    return c.name, translator("es")(c.name), translator("fr")(c.name)


def countries() -> tuple[list[tuple], list[tuple]]:
    rows, codes = [], []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        rows.append((c.alpha_2, "country", c.alpha_2, "", *country_names(c)))
        codes += [(c.alpha_2, "iso3", c.alpha_3), (c.alpha_2, "iso_numeric", c.numeric)]
        names = {plain(c.name)}
        alts = ([getattr(c, "common_name", ""), getattr(c, "official_name", "")] + UN_ALT.get(c.alpha_2, [])
                + SOURCE_ALT.get(c.alpha_2, []))
        for alt in dict.fromkeys(plain(a) for a in alts if a):
            if alt not in names:
                codes.append((c.alpha_2, "alt_name", f"{c.alpha_2}:{alt}"))
    return rows, codes


def united_states(shared: Path) -> tuple[list[tuple], list[tuple]]:
    rows, codes = [], [("US", "usps", "US")]
    fips = {r["state_abbr"]: r["fips"].zfill(2) for r in read_csv(shared / "geo_us/state_fips_master.csv")}
    fips["DC"] = "11"  # the state list has the 50 states only
    fips.update(US_TERRITORY_FIPS)
    for s in sorted(pycountry.subdivisions.get(country_code="US"), key=lambda s: s.code):
        usps = s.code[3:]
        if usps in US_TERRITORY_FIPS:  # territories are also ISO countries: reuse their names
            names = country_names(pycountry.countries.get(alpha_2=usps))
        else:
            names = (s.name, *US_NAMES.get(s.name, (s.name, s.name)))
        rows.append((s.code, "subdivision", "US", "US", *names))
        if usps not in fips:
            fail("geo_us/state_fips_master.csv", f"no FIPS code for {s.code}", "add it to US_TERRITORY_FIPS")
        codes += [(s.code, "usps", usps), (s.code, "fips_state", fips[usps])]
    # latin1: the file has one mangled byte in "Doña Ana County" (see geo_us/PROVENANCE.md)
    seen = set()
    for r in read_csv(shared / "geo_us/county_fips_master.csv", encoding="latin1"):
        code = r["fips"].zfill(5)
        if code in seen:  # DC 11001 is listed twice (sumlev 40 and 50)
            continue
        seen.add(code)
        name = "Doña Ana County" if code == "35013" else r["county_name"]
        jid = f"US-{r['state_abbr']}-{code}"
        rows.append((jid, "county", "US", f"US-{r['state_abbr']}", name, name, name))
        codes.append((jid, "fips_county", code))
    return rows, codes


def canada(shared: Path) -> tuple[list[tuple], list[tuple]]:
    rows, codes = [], [("CA", "pruid", "1")]
    for sgc, jid in SGC.items():
        rows.append((jid, "subdivision", "CA", "CA", *CA_NAMES[jid]))
        codes += [(jid, "sgc", sgc), (jid, "pruid", sgc)]
    # PHAC's own Region texts, so its files map without a name search.
    special = {c: jid for jid, *_, cs in SPECIAL for s, c in cs if s == "phac_region"}
    for r in read_csv(shared / "geo_canada/pruid_region_from_phac.csv"):
        region, pruid = r["Region"], r["PRUID"]
        jid = special.get(region) or ("CA" if pruid == "1" else SGC.get(pruid))
        if jid is None:
            fail("geo_canada/pruid_region_from_phac.csv", f"unknown PRUID {pruid} ({region})",
                 "add the region to SPECIAL or SGC in tools/build_geo_reference.py")
        if region not in special:
            codes.append((jid, "phac_region", region))
    return rows, codes


def mexico(shared: Path) -> tuple[list[tuple], list[tuple]]:
    rows, codes = [], [("MX", "inegi_cve_ent", "00")]
    inegi = {r["cve_ent"] for r in read_csv(shared / "geo_mexico/cve_nom_estados.csv")} - {"00"}
    if inegi != set(MX_STATES):
        fail("geo_mexico/cve_nom_estados.csv", f"cve_ent set differs: {sorted(inegi ^ set(MX_STATES))}",
             "update MX_STATES")
    for cve, (jid, en, es, fr) in MX_STATES.items():
        rows.append((jid, "subdivision", "MX", "MX", en, es, fr))
        codes.append((jid, "inegi_cve_ent", cve))
        official = plain(pycountry.subdivisions.get(code=jid).name)
        alts = MX_ALT.get(jid, []) + [official]
        for alt in dict.fromkeys(alts):
            if alt not in {plain(en), plain(es), plain(fr)} or alt in MX_ALT.get(jid, []):
                codes.append((jid, "alt_name", f"MX:{alt}"))
    codes += [("MX", "alt_name", f"MX:{a}") for a in MX_ALT["MX"]]
    for r in read_csv(shared / "geo_mexico/cve_nom_municipios.csv"):
        state = MX_STATES[r["cve_ent"]][0]
        jid = f"{state}-{r['cve_geo']}"
        rows.append((jid, "municipality", "MX", state, *[r["nombre_municipio"]] * 3))
        codes.append((jid, "inegi_cve_mun", r["cve_geo"]))
    return rows, codes


def special() -> tuple[list[tuple], list[tuple]]:
    rows, codes = [], []
    for jid, level, parent, names, cs in SPECIAL:
        rows.append((jid, level, jid[:2], parent, *names))
        codes += [(jid, s, c) for s, c in cs]
    for jid, alts in US_ALT.items():
        codes += [(jid, "alt_name", f"US:{a}") for a in alts]
    return rows, codes


def check(rows: list[tuple], codes: list[tuple]) -> None:
    dup = [i for i, n in Counter(r[0] for r in rows).items() if n > 1]
    if dup:
        fail("jurisdictions.csv", f"duplicate ids {sorted(dup)[:5]}", "fix the source tables")
    known = {r[0] for r in rows}
    for r in rows:
        if r[3] and r[3] not in known:
            fail("jurisdictions.csv", f"{r[0]} has unknown parent {r[3]}", "add the parent row")
    seen: dict[tuple[str, str], str] = {}
    for jid, system, code in codes:
        if jid not in known:
            fail("jurisdiction_codes.csv", f"code {system}={code} for unknown id {jid}", "fix the table")
        if seen.setdefault((system, code), jid) != jid:
            fail("jurisdiction_codes.csv", f"({system}, {code}) maps to {seen[system, code]} and {jid}",
                 "make the code unique (prefix alt_name with the country)")


# --- geometry --------------------------------------------------------------------------

def us_shapes(shared: Path) -> dict:
    import shapefile  # pyshp
    from shapely.geometry import shape

    prj = (shared / "geo_us/states2010.prj").read_text()
    if "WGS_1984" not in prj or "PROJCS" in prj:
        fail("geo_us/states2010.prj", "not geographic WGS84", "reproject before building")
    with shapefile.Reader(str(shared / "geo_us/states2010.shp")) as sf:
        return {f"US-{rec['STUSPS']}": shape(s.__geo_interface__).buffer(0)
                for s, rec in zip(sf.shapes(), sf.records())}


def mx_shapes(shared: Path) -> dict:
    from shapely.geometry import shape

    data = json.loads((shared / "geo_mexico/00ent_mexico.geojson").read_text(encoding="utf-8"))
    return {MX_STATES[f["properties"]["cve_geo"]][0]: shape(f["geometry"]).buffer(0) for f in data["features"]}


def touching(shapes: dict) -> set[tuple[str, str]]:
    from shapely.strtree import STRtree

    ids = sorted(shapes)
    tree = STRtree([shapes[i] for i in ids])
    pairs = set()
    for i, a in enumerate(ids):
        grown = shapes[a].buffer(TOUCH_EPS_DEG)
        for j in tree.query(grown):
            b = ids[j]
            if a < b and shapes[b].boundary.intersection(grown).length > MIN_SHARED_DEG:
                pairs.add((a, b))
    return pairs


def adjacency(us: dict, mx: dict) -> list[tuple[str, str, str]]:
    inner = touching(us) | touching(mx) | set(MX_SHORT_BORDERS)
    inner |= {(a, b) for a, bs in CA_ADJ.items() for b in bs}
    cross = {(a, b) for table in (US_MX_BORDER, US_CA_BORDER) for a, bs in table.items() for b in bs}
    out = [(a, b, "false") for a, b in inner] + [(b, a, "false") for a, b in inner]
    out += [(a, b, "true") for a, b in cross] + [(b, a, "true") for a, b in cross]
    return sorted(out)


def feature(jid: str, geom) -> dict:
    from shapely.geometry import mapping

    simple = geom.simplify(SIMPLIFY_DEG, preserve_topology=True)

    def rnd(x):
        return [rnd(y) for y in x] if isinstance(x[0], (list, tuple)) else [round(v, COORD_DECIMALS) for v in x]

    gj = mapping(simple)
    return {"type": "Feature", "properties": {"id": jid},
            "geometry": {"type": gj["type"], "coordinates": rnd(gj["coordinates"])}}


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)} ({len(rows)} rows)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    shared = ap.parse_args(argv).shared
    rows, codes = [], []
    for part in (countries(), united_states(shared), canada(shared), mexico(shared), special()):
        rows += part[0]
        codes += part[1]
    check(rows, codes)
    write_csv(REF / "jurisdictions.csv", ["id", "level", "country", "parent_id", "name_en", "name_es", "name_fr"], rows)
    write_csv(REF / "jurisdiction_codes.csv", ["jurisdiction_id", "system", "code"], sorted(set(codes)))

    us, mx = us_shapes(shared), mx_shapes(shared)
    write_csv(REF / "adjacency.csv", ["a", "b", "cross_border"], adjacency(us, mx))
    feats = [feature(j, g) for j, g in sorted({**us, **mx}.items())]
    GEO.mkdir(parents=True, exist_ok=True)
    out = GEO / "boundaries.geojson"
    out.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":")))
    print(f"wrote {out.relative_to(REPO)} ({len(feats)} features, {out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
