"""SYNTHETIC party records with known truth, for linkage tests and the benchmark.

Draws true identities with the generator's entity sampler (nadd.incidents.synth.entities),
then writes each one down several times through the noise model
(nadd.incidents.corrupt.observe), as agencies of the US, Mexico and Canada would. The
incident generator (``nadd incidents generate``) makes the full scenario; this is the same
two steps without incidents, so that a million records take a minute, not an hour.
Every record is labelled synthetic (``source_agency`` ``SYNTHETIC-...``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nadd.incidents.corrupt import PARTY_FIELDS, NoiseRates, observe

AGENCIES = {"US": ["CBP", "HSI", "DEA", "FinCEN"], "MX": ["ANAM", "FGR", "UIF", "SSPC"],
            "CA": ["CBSA", "RCMP", "FINTRAC"]}
HOME_WEIGHTS = {"US": 0.40, "MX": 0.35, "CA": 0.17, "CN": 0.05, "IN": 0.03}


def sample_parties(n_entities: int, seed: int = 0, *, company_share: float = 0.15,
                   mean_appearances: float = 3.0,
                   rates: NoiseRates | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(parties, truth)``: about ``n_entities * mean_appearances`` records and their entity ids.

    Appearances per entity are 1 + Poisson(mean - 1): singletons are common, as in real files.
    ``rates=None`` uses each agency country's habits (corrupt.rates_for).
    """
    from nadd.incidents.synth import entities as ent

    rng = np.random.default_rng(seed)
    homes = list(HOME_WEIGHTS)
    weights = np.array(list(HOME_WEIGHTS.values()))
    home = rng.choice(len(homes), size=n_entities, p=weights / weights.sum())
    is_company = rng.random(n_entities) < company_share
    counts = 1 + rng.poisson(mean_appearances - 1, size=n_entities)
    agency_countries = list(AGENCIES)
    rows, truth = [], []
    for i in range(n_entities):
        eid = f"E{seed}-{i:07d}"
        maker = ent.company if is_company[i] else ent.person
        entity = maker(rng, eid, homes[home[i]])
        for k in range(int(counts[i])):
            country = agency_countries[int(rng.integers(len(agency_countries)))]
            agency = AGENCIES[country][int(rng.integers(len(AGENCIES[country])))]
            rec = observe(entity, rng, country=country, agency=agency, rates=rates)
            rid = f"P{seed}-{i:07d}-{k}"
            row = {f: rec.get(f, "") for f in PARTY_FIELDS}
            row.update(record_id=rid, source_agency=f"SYNTHETIC-{agency}",
                       owner_country=country, owner_agency=agency)
            rows.append(row)
            truth.append((rid, eid))
    parties = pd.DataFrame(rows, columns=["record_id", *PARTY_FIELDS, "source_agency",
                                          "owner_country", "owner_agency"])
    # Shuffle so that an entity's records are not adjacent (as in merged agency files).
    order = rng.permutation(len(parties))
    parties = parties.iloc[order].reset_index(drop=True)
    return parties, pd.DataFrame(truth, columns=["record_id", "entity_id"])
