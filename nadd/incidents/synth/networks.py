"""Planted networks: the ground truth an analyst (and nadd.link / nadd.networks) should recover.

Each function draws the network's members (recording their role in truth/networks.csv), then
the incidents they appear in (truth/incident_networks.csv). ``scale`` multiplies incident counts.
The typologies follow trafficking-references.md §4.3 (FinCEN FIN-2019-A006, FIN-2024-A002,
FIN-2014-A005, FIN-2025-A003) and §5 (firearms trafficked south).
"""

from __future__ import annotations

from datetime import date, timedelta

from nadd.incidents.synth.background import END, GUNS, START, _s10
from nadd.incidents.synth.builder import Builder
from nadd.incidents.synth.entities import place_in, wallet


def _n(b: Builder, base: int, scale: float) -> int:
    return max(1, int(round(base * scale)))


def precursor_chain(b: Builder, scale: float = 1.0, net: str = "NET-PRECURSOR") -> None:
    """CN/IN chemical suppliers -> broker -> MX importers (Manzanillo, Lázaro Cárdenas) by air and
    sea cargo; finished fentanyl crosses at Nogales and San Diego with the network's drivers;
    the importers pay the suppliers by wire and USDT (FIN-2024-A002 red flags)."""
    suppliers = [b.member(b.company(c), net, "supplier") for c in ("CN", "CN", "CN", "IN")]
    broker = b.member(b.person("CN"), net, "broker")
    importers = [b.member(b.company("MX", place=place_in(b.ent_rng, r)), net, "importer")
                 for r in ("MX-COL", "MX-MIC", "MX-SIN")]
    leader = b.member(b.person("MX", place=place_in(b.ent_rng, "MX-SIN")), net, "leader")
    cook = b.member(b.person("MX", place=place_in(b.ent_rng, "MX-SIN")), net, "producer")
    drivers = [b.member(b.person(c), net, "courier") for c in ("MX", "MX", "US", "US", "MX", "US")]
    leader["wallet"] = wallet(b.ent_rng)
    chems = ["4-anpp", "npp", "1-boc-4-piperidone", "4-ap", "propionyl-chloride"]
    for _ in range(_n(b, 40, scale)):
        sup, imp = b.pick(suppliers), b.pick(importers)
        mode = b.pick(["air_cargo", "maritime_container"])
        port = imp["region"]
        inc = b.incident(kind="precursor_shipment", event_date=b.day(START, END), mode=mode, jurisdiction_id=port,
                         owner_country="MX", agency="ANAM", office=f"Aduana {imp['city']}",
                         origin_country=sup["country"], transit_countries=["US"] if mode == "air_cargo" else [],
                         destination_country="MX", destination_jurisdiction_id=port,
                         concealment="mislabelled_goods", network=net,
                         description="Declared as industrial chemical / pigment intermediate")
        b.item(inc, b.pick(chems), float(b.rng.uniform(25, 500)), "kg", float(b.rng.uniform(90, 99.5)))
        b.party(inc, sup, "shipper")
        b.party(inc, imp, "consignee")
        if b.rng.random() < 0.5:
            b.party(inc, broker, "broker")
    for _ in range(_n(b, 60, scale)):
        drv = b.pick(drivers)
        jid, office = b.pick([("US-AZ", "Nogales Mariposa POE"), ("US-AZ", "Nogales DeConcini POE"),
                              ("US-CA", "San Ysidro POE"), ("US-CA", "Otay Mesa POE")])
        inc = b.incident(kind="seizure", event_date=b.day(START, END), mode="land_poe_passenger_vehicle",
                         jurisdiction_id=jid, owner_country="US", agency="CBP", office=office, origin_country="MX",
                         destination_country="US", destination_jurisdiction_id=b.pick(["US-AZ", "US-CA", "US-IL", "US-OH"]),
                         concealment=b.pick(["false_compartment", "vehicle_natural_void"]), network=net,
                         description="Fentanyl pills and powder in vehicle")
        b.item(inc, "fentanyl", float(b.rng.uniform(2, 40)), "lb", float(b.rng.uniform(5, 25)))
        b.party(inc, drv, "driver")
        if b.rng.random() < 0.3:
            b.party(inc, cook if b.rng.random() < 0.2 else b.pick(drivers), "passenger")
    for _ in range(_n(b, 25, scale)):
        imp, sup = b.pick(importers), b.pick(suppliers)
        day = b.day(START, END)
        inc = b.incident(kind="financial_report", event_date=day, mode="", jurisdiction_id="MX-CMX",
                         owner_country="MX", agency="UIF", office="UIF reporte de operación inusual",
                         origin_country="MX", destination_country=sup["country"], network=net,
                         description="Wire transfers to a foreign chemical supplier")
        r_from = b.party(inc, imp, "account_holder")
        r_to = b.party(inc, sup, "beneficiary")
        crypto = b.rng.random() < 0.3
        b.transaction(inc, day=day, amount=float(b.rng.uniform(8000, 60000)), currency="USDT" if crypto else "USD",
                      channel="crypto" if crypto else "bank", from_account=leader["wallet"] if crypto else imp["account"],
                      to_account=sup["account"], from_record_id=r_from, to_record_id=r_to,
                      red_flags=["FIN-2024-A002:shell_chemical_co", "FIN-2024-A002:mx_broker"])


def pill_press(b: Builder, scale: float = 1.0, net: str = "NET-PILLPRESS") -> None:
    """US buyers order pill presses, dies and precursors from CN sellers by international mail
    and express courier, to rotating addresses that share phones; pay by MSB (FIN-2019-A006)."""
    sellers = [b.member(b.company("CN"), net, "supplier") for _ in range(3)]
    buyers = [b.member(b.person("US", place=place_in(b.ent_rng, r)), net, role)
              for r, role in (("US-OH", "leader"), ("US-OH", "courier"), ("US-PA", "courier"), ("US-GA", "courier"))]
    shared_phone = buyers[0]["phone"]
    for x in buyers[1:]:
        x["phone"] = shared_phone  # the advisory's "unrelated recipients share a phone" pattern
    for _ in range(_n(b, 45, scale)):
        sel, buy = b.pick(sellers), b.pick(buyers)
        mode = b.pick(["international_mail", "international_mail", "express_consignment"])
        jid, office = b.pick([("US-IL", "Chicago O'Hare IMF"), ("US-NY", "JFK IMF"), ("US-TN", "Memphis express hub")])
        inc = b.incident(kind="postal_item" if mode == "international_mail" else "express_consignment",
                         event_date=b.day(START, END), mode=mode, jurisdiction_id=jid, owner_country="US",
                         agency="CBP", office=office, origin_country="CN", transit_countries=[b.pick(["HK", "KR"])],
                         destination_country="US", destination_jurisdiction_id=buy["region"],
                         concealment="mislabelled_goods", network=net,
                         tracking_number=_s10(b, "CN") if mode == "international_mail" else
                         f"{int(b.rng.integers(10**11, 10**12))}",
                         description=b.pick(["Declared 'candy mold machine'", "Declared 'TDP press parts'",
                                             "Declared 'dye powder'"]))
        if b.rng.random() < 0.5:
            b.item(inc, "4-anpp" if b.rng.random() < 0.5 else "fentanyl", float(b.rng.uniform(50, 900)), "g")
        # else: a pill press or die set (equipment, no substance item; the description says what)
        b.party(inc, sel, "sender")
        b.party(inc, buy, "recipient")
    for _ in range(_n(b, 15, scale)):
        buy, sel = b.pick(buyers), b.pick(sellers)
        day = b.day(START, END)
        inc = b.incident(kind="financial_report", event_date=day, mode="", jurisdiction_id=buy["region"],
                         owner_country="US", agency="FinCEN", office="MSB SAR", origin_country="US",
                         destination_country="CN", network=net, description="Low-dollar transfers to China")
        rf, rt = b.party(inc, buy, "account_holder"), b.party(inc, sel, "beneficiary")
        for _k in range(int(b.rng.integers(2, 5))):
            b.transaction(inc, day=day + timedelta(days=int(b.rng.integers(0, 10))), amount=float(b.rng.uniform(300, 2900)),
                          currency="USD", channel="msb", from_account=buy["account"], to_account=sel["account"],
                          from_record_id=rf, to_record_id=rt,
                          red_flags=["FIN-2019-A006:low_dollar_cn", "FIN-2019-A006:many_to_one_cn",
                                     "FIN-2019-A006:shared_contact"])
    for _ in range(_n(b, 8, scale)):
        buy = b.pick(buyers)
        inc = b.incident(kind="seizure", event_date=b.day(START, END), mode="domestic", jurisdiction_id=buy["region"],
                         owner_country="US", agency="DEA", office=f"DEA {buy['city']}", origin_country="US",
                         destination_country="US", concealment="none", network=net,
                         description="Pill press and counterfeit M30 tablets found in residence")
        b.item(inc, "fentanyl", float(b.rng.integers(500, 20000)), "tablets", float(b.rng.uniform(1, 3)))
        b.party(inc, buy, "possessor")


def land_poe(b: Builder, scale: float = 1.0, net: str = "NET-LANDPOE") -> None:
    """A crossing crew at El Paso and Laredo: recruited drivers and pedestrians move meth and
    fentanyl in vehicles registered to a few owners (a coordinator in Ciudad Juárez)."""
    coord = b.member(b.person("MX", place=place_in(b.ent_rng, "MX-CHH")), net, "leader")
    owners = [b.member(b.person("MX", place=place_in(b.ent_rng, "MX-CHH")), net, "vehicle_owner") for _ in range(2)]
    crew = [b.member(b.person(b.pick(["MX", "US"])), net, "courier") for _ in range(10)]
    for _ in range(_n(b, 70, scale)):
        who = b.pick(crew)
        jid, office = b.pick([("US-TX", "Bridge of the Americas POE"), ("US-TX", "Ysleta POE"),
                              ("US-TX", "World Trade Bridge POE")])
        mode = "land_poe_passenger_vehicle" if b.rng.random() < 0.8 else "land_poe_pedestrian"
        inc = b.incident(kind="seizure", event_date=b.day(START, END), mode=mode, jurisdiction_id=jid,
                         owner_country="US", agency="CBP", office=office, origin_country="MX",
                         destination_country="US", destination_jurisdiction_id=b.pick(["US-TX", "US-NM", "US-CO"]),
                         concealment="false_compartment" if mode.endswith("vehicle") else "body_carry",
                         network=net, description="Narcotics found at primary/secondary inspection")
        b.item(inc, b.pick(["methamphetamine", "fentanyl", "cocaine"]), float(b.rng.uniform(1, 60)), "lb")
        b.party(inc, who, "driver" if mode.endswith("vehicle") else "pedestrian")
        if mode.endswith("vehicle"):
            b.party(inc, b.pick(owners), "owner")
        if b.rng.random() < 0.05:
            b.party(inc, coord, "passenger")


def money_laundering(b: Builder, scale: float = 1.0, net: str = "NET-FUNNEL") -> None:
    """Funnel accounts opened in California take structured cash deposits in other states, then
    wire quickly to a Mexican bank's US correspondent; mules with student/retiree profiles
    (FIN-2014-A005, FIN-2025-A003)."""
    launderer = b.member(b.person("CN", place=place_in(b.ent_rng, "CN-GD")), net, "launderer")
    front = b.member(b.company("US", place=place_in(b.ent_rng, "US-CA")), net, "front_company")
    mules = [b.member(b.person("US", place=place_in(b.ent_rng, "US-CA"), born=(1995, 2004)), net, "money_mule")
             for _ in range(6)]
    mx_co = b.member(b.company("MX", place=place_in(b.ent_rng, "MX-JAL")), net, "beneficiary")
    launderer["wallet"] = wallet(b.ent_rng)
    for _ in range(_n(b, 50, scale)):
        mule = b.pick(mules)
        state = b.pick(["US-TX", "US-AZ", "US-IL", "US-GA", "US-NY", "US-FL"])
        day = b.day(START, END)
        inc = b.incident(kind="financial_report", event_date=day, mode="", jurisdiction_id=state,
                         owner_country="US", agency="FinCEN", office="DI SAR", origin_country="US",
                         destination_country="MX", network=net,
                         description="Cash deposits far from account domicile, rapid outgoing wires")
        rm = b.party(inc, mule, "account_holder")
        for _k in range(int(b.rng.integers(3, 7))):
            b.transaction(inc, day=day + timedelta(days=int(b.rng.integers(0, 3))),
                          amount=float(b.rng.uniform(7000, 9900)), currency="USD", channel="cash",
                          to_account=mule["account"], to_record_id=rm,
                          red_flags=["SAR:structuring", "FIN-2014-A005:funnel_account", "FIN-2025-A003:mule_profile"])
        if b.rng.random() < 0.6:
            rb = b.party(inc, mx_co if b.rng.random() < 0.7 else front, "beneficiary")
            b.transaction(inc, day=day + timedelta(days=int(b.rng.integers(1, 4))),
                          amount=float(b.rng.uniform(20000, 55000)), currency="USD", channel="bank",
                          from_account=mule["account"], to_account=mx_co["account"], from_record_id=rm,
                          to_record_id=rb, red_flags=["FIN-2014-A005:rapid_movement", "FIN-2014-A005:mx_correspondent"])
        if b.rng.random() < 0.15:
            rl = b.party(inc, launderer, "subject")
            b.transaction(inc, day=day, amount=float(b.rng.uniform(10000, 90000)), currency="USDT", channel="crypto",
                          from_account=mule["account"], to_account=launderer["wallet"], from_record_id=rm,
                          to_record_id=rl, red_flags=["FIN-2025-A003:mule_profile"])


def straw_purchase(b: Builder, scale: float = 1.0, net: str = "NET-STRAW") -> None:
    """Straw purchasers in Texas and Arizona buy rifles for a broker; the guns are recovered in
    Tamaulipas, Sinaloa and Jalisco within months (short time-to-crime: a trafficking indicator)."""
    broker = b.member(b.person("US", place=place_in(b.ent_rng, "US-TX")), net, "broker")
    buyers = [b.member(b.person("US", place=place_in(b.ent_rng, b.pick(["US-TX", "US-AZ"]))), net, "straw_purchaser")
              for _ in range(7)]
    recipients = [b.member(b.person("MX", place=place_in(b.ent_rng, r)), net, "courier")
                  for r in ("MX-TAM", "MX-SIN", "MX-JAL")]
    for _ in range(_n(b, 60, scale)):
        buyer = b.pick(buyers)
        rec_day = b.day(START, END)
        purchase = rec_day - timedelta(days=int(b.rng.integers(20, 300)))
        state = b.pick(["MX-TAM", "MX-SIN", "MX-JAL", "MX-SON"])
        inc = b.incident(kind="firearm_recovery", event_date=rec_day, mode="domestic", jurisdiction_id=state,
                         owner_country="MX", agency="SEDENA", office=f"SEDENA {state}", origin_country="US",
                         destination_country="MX", network=net, description="Armas aseguradas tras enfrentamiento")
        for _g in range(int(b.rng.integers(1, 4))):
            make, model, cal = b.pick(GUNS[:3] + GUNS[4:7])
            b.firearm(inc, make=make, model=model, calibre=cal,
                      serial=f"{make[:2].upper()}{int(b.rng.integers(10**6, 10**7))}", source_country="US",
                      source_jurisdiction_id=buyer["region"], purchase=purchase, recovery=rec_day)
        b.party(inc, buyer, "purchaser")
        if b.rng.random() < 0.5:
            b.party(inc, b.pick(recipients), "possessor")
        if b.rng.random() < 0.1:
            b.party(inc, broker, "broker")


def canada_postal(b: Builder, scale: float = 1.0, net: str = "NET-CAPOSTAL") -> None:
    """A Vancouver and Toronto ring imports nitazenes, fentanyl precursors and benzodiazepine
    powders by international mail from CN and IN, received at rotating addresses."""
    sellers = [b.member(b.company(c), net, "supplier") for c in ("CN", "CN", "IN")]
    ring = [b.member(b.person("CA", place=place_in(b.ent_rng, r)), net, role)
            for r, role in (("CA-BC", "leader"), ("CA-BC", "courier"), ("CA-BC", "courier"),
                            ("CA-ON", "courier"), ("CA-ON", "courier"))]
    for _ in range(_n(b, 45, scale)):
        sel, who = b.pick(sellers), b.pick(ring)
        inc = b.incident(kind="postal_item", event_date=b.day(START, END), mode="international_mail",
                         jurisdiction_id=b.pick(["CA-BC", "CA-ON"]), owner_country="CA", agency="CBSA",
                         office=b.pick(["CBSA Vancouver Mail Centre", "CBSA Toronto Gateway Processing Centre"]),
                         origin_country=sel["country"], destination_country="CA",
                         destination_jurisdiction_id=who["region"], concealment=b.pick(["consumer_goods", "vacuum_sealed"]),
                         tracking_number=_s10(b, sel["country"]), network=net,
                         description="Declared 'hair dye' / 'teinture pour cheveux'")
        b.item(inc, b.pick(["isotonitazene", "protonitazene", "4-anpp", "bromazolam"]), float(b.rng.uniform(10, 500)), "g")
        b.party(inc, sel, "sender")
        b.party(inc, who, "recipient")


PLANTED = {"NET-PRECURSOR": precursor_chain, "NET-PILLPRESS": pill_press, "NET-LANDPOE": land_poe,
           "NET-FUNNEL": money_laundering, "NET-STRAW": straw_purchase, "NET-CAPOSTAL": canada_postal}
DESCRIPTIONS = {k: (f.__doc__ or "").split("\n\n")[0].replace("\n", " ") for k, f in PLANTED.items()}
_ = date  # dates come from background.START/END
