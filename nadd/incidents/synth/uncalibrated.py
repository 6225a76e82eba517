"""Background with no public aggregate to calibrate to (volumes are assumptions, docs/synthetic.md):
chemical shipments stopped or inspected, and Mexican (UIF) and Canadian (FINTRAC) reports.

Without them every precursor shipment and every non-US financial report would belong to a
planted network, and the kind of an incident alone would give the answer away.
"""

from __future__ import annotations

from nadd.incidents.synth.background import END, START, _place
from nadd.incidents.synth.builder import Builder, weighted

# Mostly dual-use chemicals with licit trade; a few fentanyl/ATS precursors stopped on paperwork.
CHEMICALS = (["acetone", "hydrochloric-acid", "sulphuric-acid", "acetic-anhydride", "potassium-permanganate",
              "methylamine", "phenylacetic-acid", "ephedrine", "pseudoephedrine", "p2p", "4-ap", "1-boc-4-ap"],
             [0.2, 0.15, 0.12, 0.08, 0.06, 0.1, 0.08, 0.05, 0.05, 0.04, 0.04, 0.03])
PORTS = [("MX", "MX-COL", "Aduana Manzanillo", "maritime_container"),
         ("MX", "MX-MIC", "Aduana Lázaro Cárdenas", "maritime_container"),
         ("MX", "MX-CMX", "Aduana AICM", "air_cargo"),
         ("US", "US-CA", "Port of Long Beach", "maritime_container"),
         ("US", "US-TX", "Port of Houston", "maritime_container"),
         ("CA", "CA-BC", "CBSA Port of Vancouver", "maritime_container")]


def chemical_shipments(b: Builder, n: int) -> int:
    """Chemical consignments from CN, IN and DE held for inspection or stopped on paperwork."""
    r = b.rng
    for _ in range(n):
        country, jid, office, mode = b.pick(PORTS)
        origin = b.pick(["CN", "CN", "IN", "DE"])
        agency = {"MX": "ANAM", "US": "CBP", "CA": "CBSA"}[country]
        inc = b.incident(kind="precursor_shipment", event_date=b.day(START, END), mode=mode, jurisdiction_id=jid,
                         owner_country=country, agency=agency, office=office, origin_country=origin,
                         destination_country=country, destination_jurisdiction_id=jid,
                         concealment=b.pick(["none", "none", "mislabelled_goods"]),
                         description="Chemical consignment held: permit or declaration check")
        chem = CHEMICALS[0][weighted(r, CHEMICALS[1])]
        b.item(inc, chem, float(r.lognormal(5.5, 1.2)), "kg", float(r.uniform(80, 99.9)))
        # German shippers are drawn as US-style companies (no DE pools): only the name style differs.
        b.party(inc, b.company(origin) if origin in ("CN", "IN") else b.company("US"), "shipper")
        b.party(inc, b.company(country, place=_place(b, jid)), "importer")
    return n


FLAGS = ["SAR:structuring", "FIN-2014-A005:rapid_movement", "FIN-2025-A003:mule_profile",
         "FIN-2019-A006:threshold_avoidance", "FIN-2014-A005:funnel_account"]
REPORTS = {"MX": ("UIF", "UIF reporte de operación inusual", "MXN", ["MX-CMX", "MX-JAL", "MX-NLE", "MX-BCN", "MX-SIN"]),
           "CA": ("FINTRAC", "FINTRAC suspicious transaction report", "CAD", ["CA-ON", "CA-BC", "CA-QC", "CA-AB"])}


def foreign_financial_reports(b: Builder, n_mx: int, n_ca: int) -> int:
    """Mexican and Canadian suspicious-transaction reports (one subject, a few transactions)."""
    r = b.rng
    for country, n in (("MX", n_mx), ("CA", n_ca)):
        agency, office, currency, regions = REPORTS[country]
        for _ in range(n):
            region = b.pick(regions)
            day = b.day(START, END)
            inc = b.incident(kind="financial_report", event_date=day, mode="", jurisdiction_id=region,
                             owner_country=country, agency=agency, office=office, origin_country=country,
                             description=office)
            holder = b.person(country, place=_place(b, region))
            rec = b.party(inc, holder, "subject")
            flag = b.pick(FLAGS)
            for _k in range(int(r.integers(1, 4))):
                b.transaction(inc, day=day, amount=float(r.lognormal(9, 1)), currency=currency,
                              channel=b.pick(["bank", "cash", "msb"]), from_account=holder["account"],
                              from_record_id=rec, red_flags=[flag])
    return n_mx + n_ca
