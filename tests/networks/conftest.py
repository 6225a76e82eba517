"""A hand-built trafficking example whose networks, centralities and flows are worked out by hand.

Persons (truth entity ids) A..F, H; a company G. Incidents:
  I1 truck MX->US        A (driver), B (passenger)           fentanyl 2 kg
  I2 mail CN->MX->US     A (recipient, spelt differently), C  fentanyl 500 g, tracking EA123456785CN
  I3 mail CN->MX->US     nobody recorded                      fentanyl 250 g, same tracking as I2
  I4 sea CN->MX          D (importer), A (consignee)          NPP 100 kg (precursor)
  I5 car MX->US          D (driver), E (passenger)            methamphetamine 10 lb
  I6 domestic CA         F, account CA-ACCT-1                 cocaine 1 kg
  I7 financial report    company G, phone = E's phone in another format
  I8 truck US->CA        H, account CA-ACCT-1 (as F)          cocaine 1 kg
  I9 sea CN->MX          nobody                               P2P 50 kg (precursor, unlinked)
Cases: {I1,I2,I3,I4,I5,I7} (party A, tracking, party D, phone) and {I6,I8} (account).
Person graph (projection): A-B, A-C, A-D, D-E; F and H isolated (7 persons).
"""

import pandas as pd
import pytest

from nadd.networks.frames import Frames, tidy

INC_COLS = ["incident_id", "kind", "event_date", "mode", "jurisdiction_id", "origin_country",
            "transit_countries", "destination_country", "destination_jurisdiction_id",
            "tracking_number", "synthetic"]
INCIDENTS = [
    ("I1", "seizure", "2024-01-05", "land_poe_commercial_truck", "US-TX", "MX", "", "US", "US-TX", "", "true"),
    ("I2", "postal_item", "2024-01-10", "international_mail", "US-CA", "CN", "MX", "US", "US-CA",
     "EA123456785CN", "true"),
    ("I3", "postal_item", "2024-01-20", "international_mail", "US-CA", "CN", "MX", "US", "US-CA",
     "ea 123456785 cn", "true"),
    ("I4", "precursor_shipment", "2023-12-01", "maritime_container", "MX-SIN", "CN", "", "MX", "MX-SIN", "", "true"),
    ("I5", "seizure", "2024-02-01", "land_poe_passenger_vehicle", "US-AZ", "MX", "", "US", "US-AZ", "", "true"),
    ("I6", "seizure", "2024-03-01", "domestic", "CA-BC", "CA", "", "CA", "CA-BC", "", "true"),
    ("I7", "financial_report", "2024-02-15", "", "US-TX", "", "", "", "", "", "true"),
    ("I8", "seizure", "2024-03-05", "land_poe_commercial_truck", "CA-ON", "US", "", "CA", "CA-ON", "", "true"),
    ("I9", "precursor_shipment", "2024-01-15", "maritime_container", "MX-COL", "CN", "", "MX", "MX-COL", "", "true"),
]
ITEMS = [("I1", 1, "fentanyl", 2, "kg"), ("I2", 1, "fentanyl", 500, "g"), ("I3", 1, "fentanyl", 250, "g"),
         ("I4", 1, "npp", 100, "kg"), ("I5", 1, "methamphetamine", 10, "lb"),
         ("I6", 1, "cocaine", 1, "kg"), ("I8", 1, "cocaine", 1, "kg"), ("I9", 1, "p2p", 50, "kg")]
PARTY_COLS = ["record_id", "incident_id", "role", "kind", "full_name", "region", "city", "phone",
              "account"]
PARTIES = [
    ("r1", "I1", "driver", "person", "José Ramírez López", "MX-SON", "Nogales", "", ""),
    ("r2", "I1", "passenger", "person", "Ana Torres", "MX-SON", "Nogales", "", ""),
    ("r3", "I2", "recipient", "person", "Jose Ramirez", "US-CA", "San Diego", "", ""),
    ("r4", "I2", "sender", "person", "Li Wei", "", "Shenzhen", "", ""),
    ("r5", "I4", "importer", "person", "Daniel Soto", "MX-SIN", "Culiacán", "", ""),
    ("r6", "I4", "consignee", "person", "J. Ramírez", "MX-SIN", "Culiacán", "", ""),
    ("r7", "I5", "driver", "person", "Daniel Soto Díaz", "US-AZ", "Tucson", "", ""),
    ("r8", "I5", "passenger", "person", "Eva Cruz", "US-AZ", "Tucson", "+1 520 555 0101", ""),
    ("r9", "I6", "owner", "person", "Frank Roy", "CA-BC", "Surrey", "", "CA-ACCT-1"),
    ("r10", "I7", "account_holder", "company", "Transportes del Norte SA", "US-TX", "El Paso",
     "(520) 555-0101", "US-ACCT-7"),
    ("r11", "I8", "driver", "person", "Henri Roy", "CA-ON", "Windsor", "", "ca-acct-1"),
]
TRUTH = {"r1": "A", "r2": "B", "r3": "A", "r4": "C", "r5": "D", "r6": "A", "r7": "D", "r8": "E",
         "r9": "F", "r10": "G", "r11": "H"}


def frame(rows, cols):
    return tidy(pd.DataFrame(rows, columns=cols).astype(str))


@pytest.fixture
def hand() -> Frames:
    return Frames(
        incidents=frame(INCIDENTS, INC_COLS),
        items=frame(ITEMS, ["incident_id", "item_no", "substance_id", "quantity", "unit"]),
        parties=frame(PARTIES, PARTY_COLS),
        party_truth=frame(list(TRUTH.items()), ["record_id", "entity_id"]),
        incident_networks=frame([(i, "N1") for i in ("I1", "I2", "I3", "I4", "I5", "I7")]
                                + [("I6", "N2"), ("I8", "N2")], ["incident_id", "network_id"]),
    )


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory):
    """F's `small` synthetic scenario (seed 1), generated once per session."""
    from nadd.incidents.synth.generator import generate

    out = tmp_path_factory.mktemp("small")
    generate("small", 1, out)
    return out


@pytest.fixture(scope="session")
def small(small_dir) -> Frames:
    from nadd.networks import read_dir

    return read_dir(small_dir)
