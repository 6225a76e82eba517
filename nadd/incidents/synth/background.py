"""Background incidents: the ordinary seizures, reports and recoveries the networks hide among.

Volumes follow the bundled public aggregates (see calibration.py and docs/synthetic.md):
- US: CBP FY2024 events per month x component x region x AOR x drug, times ``fraction``; each
  event's pounds drawn lognormal around the cell's mean (so totals per drug follow CBP's).
- MX: SESNSP 2024 narcomenudeo per state (domestic retail seizures), firearm recoveries per state
  in proportion to SESNSP firearm crimes, totalling UNODC's arms seized by Mexico.
- CA: domestic and border seizures with UNODC 2022 Canadian kilograms as the drug mix.
- Financial reports (MSB SARs): US state mix and suspicious-activity mix of FinCEN's 2010 tables.
Mode is not in CBP's data: it is assigned from component and land filter (assumptions documented).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from nadd.incidents.synth.builder import AGENCIES, Builder, weighted
from nadd.incidents.synth.calibration import FY_END, FY_START, cbp_cells, targets

START, END = date.fromisoformat(FY_START), date.fromisoformat(FY_END)

CBP_DRUG = {"Cocaine": "cocaine", "Ecstasy": "mdma", "Fentanyl": "fentanyl", "Heroin": "heroin",
            "Ketamine": "ketamine", "Khat (Catha Edulis)": "khat", "Lsd": "lsd",
            "Marijuana": "cannabis-herb", "Methamphetamine": "methamphetamine", "Other Drugs**": "other-drugs"}
# Where consignments of each drug come from when not across a land border (assumption).
ORIGINS = {"cocaine": ["CO", "PE", "DO", "JM", "EC"], "mdma": ["NL", "DE", "BE"], "fentanyl": ["CN", "MX", "IN"],
           "heroin": ["MX", "CO", "AF"], "ketamine": ["IN", "NL", "GB"], "khat": ["ET", "KE", "GB"],
           "lsd": ["NL", "DE", "CA"], "cannabis-herb": ["CA", "NL", "TH", "ES"],
           "methamphetamine": ["MX", "MM"], "other-drugs": ["CN", "IN", "NL", "GB", "DE", "CA"]}
# AOR -> (jurisdiction, offices). Multi-state AORs are placed in their main state.
AOR = {
    "ATLANTA": ("US-GA", ["Atlanta Hartsfield airport"]), "BALTIMORE": ("US-MD", ["Port of Baltimore"]),
    "CHICAGO": ("US-IL", ["Chicago O'Hare IMF", "Chicago express hub"]),
    "HOUSTON": ("US-TX", ["Houston IAH airport", "Port of Houston"]),
    "LOS ANGELES": ("US-CA", ["Los Angeles IMF", "Los Angeles LAX", "Port of Long Beach"]),
    "MIAMI": ("US-FL", ["Miami IMF", "Miami MIA airport", "Port Everglades"]),
    "NEW ORLEANS": ("US-LA", ["Memphis express hub", "Port of New Orleans"]),
    "NEW YORK": ("US-NY", ["JFK IMF", "JFK airport", "Newark express hub"]),
    "PRECLEARANCE": ("US", ["Preclearance Toronto Pearson", "Preclearance Dublin"]),
    "SAN FRANCISCO": ("US-CA", ["San Francisco IMF", "Oakland express hub"]),
    "SAN JUAN": ("US-PR", ["San Juan airport", "Port of San Juan"]), "TAMPA": ("US-FL", ["Tampa airport"]),
    "BOSTON": ("US-MA", ["Houlton POE", "Calais POE"]), "BUFFALO": ("US-NY", ["Peace Bridge POE", "Champlain POE"]),
    "DETROIT": ("US-MI", ["Ambassador Bridge POE", "Port Huron POE"]), "PORTLAND": ("US-OR", ["Portland airport"]),
    "SEATTLE": ("US-WA", ["Blaine POE", "Sumas POE"]),
    "EL PASO": ("US-TX", ["Bridge of the Americas POE", "Ysleta POE", "Santa Teresa POE"]),
    "LAREDO": ("US-TX", ["World Trade Bridge POE", "Hidalgo POE", "Brownsville POE"]),
    "SAN DIEGO": ("US-CA", ["San Ysidro POE", "Otay Mesa POE", "Calexico POE"]),
    "TUCSON": ("US-AZ", ["Nogales DeConcini POE", "Nogales Mariposa POE", "Douglas POE", "San Luis POE"]),
    "MIAMI SECTOR": ("US-FL", ["Miami sector"]), "NEW ORLEANS SECTOR": ("US-LA", ["New Orleans sector"]),
    "RAMEY SECTOR": ("US-PR", ["Ramey sector"]), "BLAINE SECTOR": ("US-WA", ["Blaine sector"]),
    "BUFFALO SECTOR": ("US-NY", ["Buffalo sector"]), "DETROIT SECTOR": ("US-MI", ["Detroit sector"]),
    "GRAND FORKS SECTOR": ("US-ND", ["Grand Forks sector"]), "HAVRE SECTOR": ("US-MT", ["Havre sector"]),
    "HOULTON SECTOR": ("US-ME", ["Houlton sector"]), "SPOKANE SECTOR": ("US-WA", ["Spokane sector"]),
    "SWANTON SECTOR": ("US-VT", ["Swanton sector"]), "BIG BEND SECTOR": ("US-TX", ["Big Bend sector"]),
    "DEL RIO SECTOR": ("US-TX", ["Del Rio sector"]), "EL CENTRO SECTOR": ("US-CA", ["El Centro sector"]),
    "EL PASO SECTOR": ("US-TX", ["El Paso sector"]), "LAREDO SECTOR": ("US-TX", ["Laredo sector"]),
    "RIO GRANDE VALLEY SECTOR": ("US-TX", ["Rio Grande Valley sector"]),
    "SAN DIEGO SECTOR": ("US-CA", ["San Diego sector"]), "TUCSON SECTOR": ("US-AZ", ["Tucson sector"]),
    "YUMA SECTOR": ("US-AZ", ["Yuma sector"]),
}
# Mode shares (assumptions: CBP publishes no conveyance field).
LAND_MODES = {"Southwest Border": (["land_poe_passenger_vehicle", "land_poe_pedestrian", "land_poe_commercial_truck"],
                                   [0.65, 0.15, 0.20]),
              "Northern Border": (["land_poe_passenger_vehicle", "land_poe_pedestrian", "land_poe_commercial_truck"],
                                  [0.60, 0.05, 0.35])}
OTHER_MODES = (["international_mail", "express_consignment", "air_passenger", "air_cargo", "maritime_container"],
               [0.40, 0.25, 0.20, 0.08, 0.07])
KIND_OF_MODE = {"international_mail": "postal_item", "express_consignment": "express_consignment"}
CONCEAL = {"land_poe_passenger_vehicle": ["false_compartment", "vehicle_natural_void", "none"],
           "land_poe_pedestrian": ["body_carry", "internal_body", "luggage"],
           "land_poe_commercial_truck": ["commingled_cargo", "false_compartment", "food_products"],
           "international_mail": ["consumer_goods", "mislabelled_goods", "documents_cards", "vacuum_sealed"],
           "express_consignment": ["mislabelled_goods", "machinery", "consumer_goods"],
           "air_passenger": ["luggage", "body_carry", "internal_body"],
           "air_cargo": ["commingled_cargo", "mislabelled_goods"],
           "maritime_container": ["commingled_cargo", "machinery", "food_products"],
           "between_ports": ["none", "luggage", "vehicle_natural_void"], "domestic": ["none", "vehicle_natural_void"]}
OFFICE_WORDS = {"international_mail": ("IMF",), "express_consignment": ("express",),
                "air_passenger": ("airport", "LAX", "Preclearance"), "air_cargo": ("airport", "express", "LAX"),
                "maritime_container": ("Port",), "land_poe_passenger_vehicle": ("POE",),
                "land_poe_pedestrian": ("POE",), "land_poe_commercial_truck": ("POE",)}
SIGMA = 1.0  # lognormal spread of pounds per event around the cell mean


def _count(rng: np.random.Generator, expected: float) -> int:
    """Stochastic rounding: floor(x) plus one with probability frac(x). Unbiased like a Poisson
    draw, with far less spread, so a scenario's totals sit close to their targets."""
    whole = int(expected)
    return whole + int(rng.random() < expected - whole)


def _lognormal(rng: np.random.Generator, mean: float, size: int) -> np.ndarray:
    mu = np.log(max(mean, 1e-6)) - SIGMA**2 / 2
    return rng.lognormal(mu, SIGMA, size)


def _office(b: Builder, offices: list[str], mode: str) -> str:
    """An office of the AOR that handles ``mode`` (an IMF for mail, a port for containers...)."""
    fit = [o for o in offices if any(w in o for w in OFFICE_WORDS.get(mode, ()))]
    return b.pick(fit or offices)


def _s10(b: Builder, country: str) -> str:
    from nadd.incidents.model import s10

    return s10(b.pick(["UA", "RR", "CP", "LZ", "EA"]), int(b.rng.integers(10**8)), country)


def us_cbp(b: Builder, fraction: float, bar=None) -> int:
    """US seizures at CBP's calibrated volumes; returns incidents made."""
    r, made = b.rng, 0
    cells = cbp_cells()
    drawn: dict[str, list[dict]] = {}
    counts = [_count(r, x) for x in cells["events"].to_numpy() * fraction]
    for cell, n in zip(cells.itertuples(index=False), counts, strict=True):
        if not n:
            continue
        aor = cell.aor.replace(" FIELD OFFICE", "")
        jid, offices = AOR[aor]
        substance = CBP_DRUG[cell.drug]
        usbp = cell.component == "U.S. Border Patrol"
        land = cell.land == "Land Only"
        lbs = _lognormal(r, cell.lbs / cell.events, n)
        last = 31 if cell.month in (1, 3, 5, 7, 8, 10, 12) else 30 if cell.month != 2 else 29
        for q in lbs:
            if usbp:
                mode = "between_ports"
            elif land and cell.region in LAND_MODES:
                modes, p = LAND_MODES[cell.region]
                mode = modes[weighted(r, p)]
            else:
                modes, p = OTHER_MODES
                mode = modes[weighted(r, p)]
            if land or usbp:
                origin = "MX" if cell.region == "Southwest Border" else "CA" if cell.region == "Northern Border" else "US"
            else:
                origin = b.pick(ORIGINS[substance])
            day = date(cell.year, cell.month, int(r.integers(1, last + 1)))
            agency = "USBP" if usbp else "CBP"
            inc = b.incident(kind=KIND_OF_MODE.get(mode, "seizure"), event_date=day, mode=mode,
                             jurisdiction_id=jid, owner_country="US", agency=agency,
                             office=_office(b, offices, mode), origin_country=origin, destination_country="US",
                             destination_jurisdiction_id=jid, concealment=b.pick(CONCEAL[mode]),
                             tracking_number=_s10(b, origin) if mode == "international_mail" else "",
                             description=f"{cell.drug} seizure ({cell.component}, {cell.aor.title()})")
            b.item(inc, substance, float(q), "lb")
            drawn.setdefault(substance, []).append(b.rows["incident_items"][-1])
            _background_parties(b, inc, mode, origin)
            made += 1
        if bar is not None:
            bar.advance(int(n))
    _rake(drawn, cells, fraction)
    return made


def _rake(drawn: dict[str, list[dict]], cells, fraction: float) -> None:
    """Scale each drug's pounds to CBP's total x fraction: thinning cells that hold one huge
    seizure would otherwise swing a drug's total by a factor of two from seed to seed."""
    want = cells.groupby("drug")["lbs"].sum() * fraction
    for drug, total in want.items():
        items = drawn.get(CBP_DRUG[drug], [])
        got = sum(float(x["quantity"]) for x in items)
        if got > 0:
            for x in items:
                x["quantity"] = f"{float(x['quantity']) * total / got:.3f}"


def _background_parties(b: Builder, inc: dict, mode: str, origin: str) -> None:
    """One or two people/companies; a few reappear (repeat offenders outside any network)."""
    r = b.rng
    dest = inc["jurisdiction_id"][:2] if inc["jurisdiction_id"][:2] in ("US", "MX", "CA") else "US"
    src = origin if origin in ("US", "MX", "CA", "CN", "IN") else None

    def someone(country: str, company: bool = False) -> dict:
        pool = b.__dict__.setdefault("_repeat", {}).setdefault((country, company), [])
        if pool and r.random() < 0.05:  # a known face
            return pool[int(r.integers(len(pool)))]
        e = b.company(country) if company else b.person(country)
        if r.random() < 0.1:
            pool.append(e)
        return e

    if mode in ("international_mail", "express_consignment"):
        if src:
            b.party(inc, someone(src, company=r.random() < 0.5), "sender")
        b.party(inc, someone(dest), "recipient")
    elif mode in ("air_cargo", "maritime_container", "land_poe_commercial_truck"):
        if src:
            b.party(inc, someone(src, company=True), "shipper")
        b.party(inc, someone(dest, company=True), "importer")
        if mode == "land_poe_commercial_truck":
            b.party(inc, someone(src or dest), "driver")
    elif mode == "land_poe_passenger_vehicle":
        b.party(inc, someone(b.pick([dest, src or dest])), "driver")
        if r.random() < 0.3:
            b.party(inc, someone(src or dest), "passenger")
    elif mode in ("land_poe_pedestrian", "air_passenger"):
        b.party(inc, someone(b.pick([dest, src or dest])), "pedestrian" if mode == "land_poe_pedestrian" else "possessor")
    elif r.random() < 0.7:
        b.party(inc, someone(dest), "possessor")


MX_DRUGS = (["methamphetamine", "cannabis-herb", "cocaine", "fentanyl", "heroin"], [0.45, 0.3, 0.15, 0.06, 0.04])


def mx_domestic(b: Builder, fraction: float) -> int:
    """Mexican retail seizures per state (SESNSP narcomenudeo 2024 x fraction)."""
    r, made = b.rng, 0
    for state, n in sorted(targets()["sesnsp_2024"]["narcomenudeo"].items()):
        for _ in range(_count(r, n * fraction)):
            drug = MX_DRUGS[0][weighted(r, MX_DRUGS[1])]
            inc = b.incident(kind="seizure", event_date=b.day(START, END), mode="domestic",
                             jurisdiction_id=state, owner_country="MX", agency=b.pick(["FGR", "GN", "SEDENA"]),
                             office=f"FGR {state}", origin_country="MX", destination_country="MX",
                             destination_jurisdiction_id=state, concealment=b.pick(CONCEAL["domestic"]),
                             description="Narcomenudeo: posesión con fines de venta")
            b.item(inc, drug, float(_lognormal(r, 0.05, 1)[0]), "kg")
            b.party(inc, b.person("MX", place=_place(b, state)), "possessor")
            made += 1
    return made


def _place(b: Builder, region: str):
    from nadd.incidents.synth.entities import PLACES, place_in

    return place_in(b.ent_rng, region) if any(p[0] == region for p in PLACES[region[:2]]) else None


CA_PROVINCES = (["CA-ON", "CA-BC", "CA-QC", "CA-AB", "CA-MB"], [0.38, 0.22, 0.2, 0.14, 0.06])


def ca_seizures(b: Builder, n: int, fraction: float) -> int:
    """Canadian seizures with UNODC 2022 Canadian kilograms as the drug mix; kilograms per drug
    raked to UNODC's x ``fraction`` (the same sampling fraction as the US)."""
    r = b.rng
    kg = targets()["unodc_kg_2022"]["CA"]
    drugs = sorted(kg)
    # Share of EVENTS is taken proportional to sqrt(kg): heavy cannabis loads are fewer per kg.
    w = np.sqrt(np.array([kg[d] for d in drugs]))
    w = (w / w.sum()).tolist()
    drawn: dict[str, list[dict]] = {}
    for _ in range(n):
        i = weighted(r, w)
        prov = CA_PROVINCES[0][weighted(r, CA_PROVINCES[1])]
        mode = b.pick(["domestic", "domestic", "international_mail", "land_poe_passenger_vehicle", "air_passenger"])
        origin = "CA" if mode == "domestic" else b.pick(["US", "CN", "IN", "NL"]) if mode != "land_poe_passenger_vehicle" else "US"
        agency = "RCMP" if mode == "domestic" else "CBSA"
        inc = b.incident(kind=KIND_OF_MODE.get(mode, "seizure"), event_date=b.day(START, END), mode=mode,
                         jurisdiction_id=prov, owner_country="CA", agency=agency, office=f"{agency} {prov}",
                         origin_country=origin, destination_country="CA", destination_jurisdiction_id=prov,
                         concealment=b.pick(CONCEAL[mode]),
                         tracking_number=_s10(b, origin) if mode == "international_mail" else "",
                         description="Saisie de drogue / drug seizure")
        b.item(inc, drugs[i], float(_lognormal(r, 1.0, 1)[0]), "kg")
        drawn.setdefault(drugs[i], []).append(b.rows["incident_items"][-1])
        _background_parties(b, inc, mode, origin)
    for d, items in drawn.items():
        got = sum(float(x["quantity"]) for x in items)
        for x in items:
            x["quantity"] = f"{float(x['quantity']) * kg[d] * fraction / got:.3f}"
    return n


GUNS = [("Colt", "AR-15", "5.56x45mm"), ("Barrett", "M82A1", ".50 BMG"), ("FN Herstal", "FN 5.7", "5.7x28mm"),
        ("Glock", "G19", "9mm"), ("Smith & Wesson", "M&P15", "5.56x45mm"), ("Century Arms", "WASR-10", "7.62x39mm"),
        ("Ruger", "AR-556", "5.56x45mm"), ("Taurus", "G2C", "9mm")]


def mx_firearms(b: Builder, fraction: float) -> int:
    """Firearm recoveries in Mexico: UNODC arms seized x fraction, spread over states by SESNSP
    firearm crimes; ~70 % traced to US purchases (ATF's published share, an assumption here)."""
    t = targets()
    total = t["unodc_mx_arms_seized"]["count"] * fraction
    crimes = t["sesnsp_2024"]["firearm_crimes"]
    s = sum(crimes.values())
    made = 0
    for state, c in sorted(crimes.items()):
        for _ in range(_count(b.rng, total * c / s)):
            rec = b.day(START, END)
            inc = b.incident(kind="firearm_recovery", event_date=rec, mode="domestic", jurisdiction_id=state,
                             owner_country="MX", agency="SEDENA", office=f"SEDENA {state}",
                             origin_country="", destination_country="MX", description="Arma asegurada")
            make, model, cal = b.pick(GUNS)
            us = b.rng.random() < 0.7
            src = b.pick(["US-TX", "US-AZ", "US-CA", "US-NM", "US-FL", "US-GA"]) if us else ""
            purchase = date.fromordinal(rec.toordinal() - int(b.rng.integers(200, 4000))) if us else None
            b.firearm(inc, make=make, model=model, calibre=cal, serial=f"{make[:2].upper()}{int(b.rng.integers(10**6, 10**7))}",
                      source_country="US" if us else "", source_jurisdiction_id=src, purchase=purchase, recovery=rec)
            b.party(inc, b.person("MX", place=_place(b, state)), "possessor")
            made += 1
    return made


def _sar_weights() -> tuple[list[list[str]], np.ndarray]:
    """FinCEN MSB natures (2010) -> red-flag codes; weights = incidents."""
    to_flags = {
        "Comes in frequently and purchases less than $3,000": ["SAR:structuring"],
        "Alters transaction to avoid completion of funds transfer record or money order or traveler's check record ($3,000 or more)": ["SAR:structuring", "FIN-2019-A006:threshold_avoidance"],
        "Alters transaction to avoid filing a CTR form (over $10,000)": ["SAR:structuring"],
        "Same individual(s) using multiple locations over a short time period": ["FIN-2014-A005:funnel_account"],
        "Two or more individuals working together": ["FIN-2019-A006:many_to_one_cn"],
        "Individual(s) using multiple or false identification documents": ["FIN-2025-A003:mule_profile"],
        "Two or more individuals using the similar/same identification": ["FIN-2019-A006:shared_contact"],
        "Changes spelling or arrangement of name": ["FIN-2019-A006:shared_contact"],
        "Exchanges small bills for large bills or vice versa": ["FIN-2014-A005:rapid_movement"],
        "Offers a bribe in the form of a tip/gratuity.": [],
    }
    nature = targets()["fincen_msb_nature_2010"]
    keys = sorted(nature)
    w = np.array([nature[k] for k in keys], dtype=float)
    return [to_flags[k] for k in keys], (w / w.sum()).tolist()


def financial_reports(b: Builder, n: int) -> int:
    """Background MSB suspicious-activity reports: FinCEN state and activity mixes."""
    r = b.rng
    flags, w = _sar_weights()
    st = targets()["fincen_msb_state_2010"]
    states = sorted(st)
    sw = np.array([st[s] for s in states], dtype=float)
    sw = (sw / sw.sum()).tolist()
    for _ in range(n):
        state = states[weighted(r, sw)]
        fl = flags[weighted(r, w)]
        day = b.day(START, END)
        inc = b.incident(kind="financial_report", event_date=day, mode="", jurisdiction_id=state,
                         owner_country="US", agency="FinCEN", office="MSB SAR", origin_country="US",
                         description="MSB suspicious activity report")
        holder = b.person("US", place=_place(b, state))
        rec = b.party(inc, holder, "subject")
        for _k in range(int(r.integers(1, 4))):
            amt = float(r.uniform(2000, 2999)) if "SAR:structuring" in fl else float(r.lognormal(7.5, 1))
            b.transaction(inc, day=day, amount=amt, currency="USD", channel="msb",
                          from_account=holder["account"], from_record_id=rec, red_flags=fl)
    return n


__all__ = ["AGENCIES", "us_cbp", "mx_domestic", "ca_seizures", "mx_firearms", "financial_reports"]
