"""Accumulates the generated rows (incidents, items, firearms, transactions, parties, truth).

Ids are sequential with a prefix naming the scenario and seed, so two generated data sets can be
loaded into one store without clashing. Party records are what an agency WROTE about an entity:
they go through ``nadd.incidents.corrupt.observe`` (engineer G's noise model), drawn from their
own random stream so that changes in the noise model never move incidents or entities.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np

from nadd.incidents.model import TABLES, columns
from nadd.incidents.synth import entities as ent

PARTY_FIELDS = ("kind", "full_name", "given_name", "family_name", "second_family_name", "dob",
                "nationality", "address", "city", "region", "postcode", "country", "phone", "email",
                "account", "wallet")

# Agencies per country and kind of work; the first is the default.
AGENCIES = {
    "US": {"border": "CBP", "mail": "CBP", "investigation": "HSI", "drugs": "DEA", "firearms": "ATF",
           "finance": "FinCEN", "postal": "USPIS"},
    "MX": {"border": "ANAM", "mail": "ANAM", "investigation": "FGR", "drugs": "FGR", "firearms": "SEDENA",
           "finance": "UIF", "postal": "ANAM"},
    "CA": {"border": "CBSA", "mail": "CBSA", "investigation": "RCMP", "drugs": "RCMP", "firearms": "RCMP",
           "finance": "FINTRAC", "postal": "CBSA"},
}
RELEASABILITY = (["nadd", "owner_country", "owner_agency", "nadd_partners"], [0.55, 0.25, 0.1, 0.1])
TLP = (["TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"], [0.35, 0.5, 0.1, 0.05])


def weighted(rng: np.random.Generator, p) -> int:
    """Index drawn with probabilities ``p`` (a list or array); ~20x faster than rng.choice(p=)."""
    u, acc = rng.random() * float(sum(p)), 0.0
    for i, w in enumerate(p):
        acc += float(w)
        if u < acc:
            return i
    return len(p) - 1


def _passthrough(entity: dict, rng: np.random.Generator, *, country: str, agency: str) -> dict:
    return {k: entity.get(k, "") for k in PARTY_FIELDS}


def observer() -> Callable[..., dict]:
    """G's noise model when present, else a pass-through with the same signature."""
    try:
        from nadd.incidents.corrupt import observe
    except ImportError:
        return _passthrough
    return observe


class Builder:
    def __init__(self, seed: int | list[int], prefix: str, *, noise: bool = True):
        seq = np.random.SeedSequence(seed)
        main, noise_seq, ent_seq = seq.spawn(3)
        self.rng = np.random.default_rng(main)
        self.noise_rng = np.random.default_rng(noise_seq)
        self.ent_rng = np.random.default_rng(ent_seq)
        self.prefix = prefix
        self.observe = observer() if noise else _passthrough
        self.rows: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.party_truth: list[tuple[str, str]] = []
        self.network_roles: dict[tuple[str, str], str] = {}
        self.incident_networks: list[tuple[str, str]] = []
        self.entities: dict[str, dict] = {}
        self._items: dict[str, int] = {}
        self._n = {"I": 0, "P": 0, "F": 0, "T": 0, "E": 0}

    def _id(self, kind: str) -> str:
        self._n[kind] += 1
        width = 8 if kind in ("P", "T") else 7
        return f"{self.prefix}-{kind}{self._n[kind]:0{width}d}"

    # --- entities -------------------------------------------------------------------------
    def person(self, country: str, **kw) -> dict:
        e = ent.person(self.ent_rng, self._id("E"), country, **kw)
        self.entities[e["entity_id"]] = e
        return e

    def company(self, country: str, **kw) -> dict:
        e = ent.company(self.ent_rng, self._id("E"), country, **kw)
        self.entities[e["entity_id"]] = e
        return e

    def member(self, entity: dict, network_id: str, role: str) -> dict:
        self.network_roles[(entity["entity_id"], network_id)] = role
        return entity

    # --- rows -------------------------------------------------------------------------------
    def sharing(self, owner_country: str, agency: str) -> dict:
        r = self.rng
        return {"source_agency": agency, "owner_country": owner_country, "owner_agency": agency,
                "releasability": RELEASABILITY[0][weighted(r, RELEASABILITY[1])],
                "tlp": TLP[0][weighted(r, TLP[1])]}

    def incident(self, *, kind: str, event_date: date, mode: str, jurisdiction_id: str,
                 owner_country: str, agency: str, network: str | None = None, **fields) -> dict:
        row = {c: "" for c in columns("incidents")}
        row.update(fields, incident_id=self._id("I"), kind=kind, event_date=event_date.isoformat(),
                   mode=mode, jurisdiction_id=jurisdiction_id, synthetic="true",
                   **self.sharing(owner_country, agency))
        row["transit_countries"] = ";".join(fields.get("transit_countries") or [])
        self.rows["incidents"].append(row)
        if network:
            self.incident_networks.append((row["incident_id"], network))
        return row

    def item(self, inc: dict, substance_id: str, quantity: float, unit: str,
             purity_pct: float | None = None) -> None:
        n = self._items.get(inc["incident_id"], 0)
        self._items[inc["incident_id"]] = n + 1
        self.rows["incident_items"].append({
            "incident_id": inc["incident_id"], "item_no": str(n + 1), "substance_id": substance_id,
            "quantity": f"{quantity:.3f}", "unit": unit,
            "purity_pct": "" if purity_pct is None else f"{purity_pct:.1f}"})

    def party(self, inc: dict, entity: dict, role: str) -> str:
        rec = self.observe(entity, self.noise_rng, country=inc["owner_country"], agency=inc["owner_agency"])
        row = {c: "" for c in columns("parties")}
        row.update({k: ("" if rec.get(k) is None else str(rec.get(k))) for k in PARTY_FIELDS})
        row.update(record_id=self._id("P"), incident_id=inc["incident_id"], role=role,
                   kind=entity["kind"], **{k: inc[k] for k in ("source_agency", "owner_country",
                                                               "owner_agency", "releasability", "tlp")})
        self.rows["parties"].append(row)
        self.party_truth.append((row["record_id"], entity["entity_id"]))
        return row["record_id"]

    def firearm(self, inc: dict, *, make: str, model: str, calibre: str, serial: str,
                source_country: str, source_jurisdiction_id: str, purchase: date | None,
                recovery: date) -> None:
        self.rows["firearms"].append({
            "firearm_id": self._id("F"), "incident_id": inc["incident_id"], "make": make,
            "model": model, "calibre": calibre, "serial": serial, "source_country": source_country,
            "source_jurisdiction_id": source_jurisdiction_id,
            "purchase_date": purchase.isoformat() if purchase else "",
            "recovery_date": recovery.isoformat(),
            "time_to_crime_days": str((recovery - purchase).days) if purchase else ""})

    def transaction(self, inc: dict, *, day: date, amount: float, currency: str, channel: str,
                    from_account: str = "", to_account: str = "", from_record_id: str = "",
                    to_record_id: str = "", red_flags: list[str] | tuple = ()) -> None:
        self.rows["transactions"].append({
            "transaction_id": self._id("T"), "incident_id": inc["incident_id"],
            "date": day.isoformat(), "amount": f"{amount:.2f}", "currency": currency,
            "channel": channel, "from_account": from_account, "to_account": to_account,
            "from_record_id": from_record_id, "to_record_id": to_record_id,
            "red_flags": ";".join(sorted(set(red_flags)))})

    def finalise(self) -> None:
        """Renumber incidents by date (ties in random order) and records in that order, so that
        ids say nothing about which incidents the networks are behind."""
        inc = self.rows["incidents"]
        keys = self.rng.random(len(inc))
        order = sorted(range(len(inc)), key=lambda i: (inc[i]["event_date"], keys[i]))
        new = {inc[i]["incident_id"]: f"{self.prefix}-I{k + 1:07d}" for k, i in enumerate(order)}
        self.rows["incidents"] = [dict(inc[i], incident_id=new[inc[i]["incident_id"]]) for i in order]
        rank = {v: k for k, v in enumerate(new.values())}
        for t in ("incident_items", "firearms", "transactions", "parties"):
            rows = [dict(r, incident_id=new[r["incident_id"]]) for r in self.rows[t]]
            rows.sort(key=lambda r: rank[r["incident_id"]])  # stable: creation order within an incident
            self.rows[t] = rows
        for t, key, letter, width in (("parties", "record_id", "P", 8), ("firearms", "firearm_id", "F", 7),
                                      ("transactions", "transaction_id", "T", 8)):
            ids = {r[key]: f"{self.prefix}-{letter}{k + 1:0{width}d}" for k, r in enumerate(self.rows[t])}
            for r in self.rows[t]:
                r[key] = ids[r[key]]
            if t == "parties":
                for tr in self.rows["transactions"]:
                    for c in ("from_record_id", "to_record_id"):
                        tr[c] = ids.get(tr[c], tr[c])
                self.party_truth = sorted(((ids[r], e) for r, e in self.party_truth))
        self.incident_networks = sorted((new[i], n) for i, n in self.incident_networks)

    # --- helpers for scenarios -------------------------------------------------------------
    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=int(self.rng.integers(0, (end - start).days + 1)))

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]
