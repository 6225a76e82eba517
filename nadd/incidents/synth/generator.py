"""Scenarios and the files they write (the layout of the issue-6 contract).

``generate("standard", seed=7, out=DIR)`` writes incidents.csv, incident_items.csv, firearms.csv,
transactions.csv, parties.csv and truth/ (party_truth.csv, networks.csv, incident_networks.csv,
README.md). The same seed gives byte-identical files: one seeded generator per concern, rows in
creation order, numbers written with fixed decimals.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

from nadd.errors import ConfigError
from nadd.incidents.model import TABLES, columns
from nadd.incidents.synth import background as bg
from nadd.incidents.synth import uncalibrated as unc
from nadd.incidents.synth.builder import Builder
from nadd.incidents.synth.calibration import FY_END, FY_START
from nadd.incidents.synth.networks import DESCRIPTIONS, PLANTED


@dataclass(frozen=True)
class Scenario:
    name: str
    us_fraction: float  # of CBP FY2024 events
    mx_fraction: float  # of SESNSP 2024 narcomenudeo
    mx_arms_fraction: float  # of UNODC arms seized by Mexico
    ca_seizures: int
    financial_reports: int
    network_scale: float
    about: str
    blocks: int = 1  # independent background blocks (bounded memory for large data sets)
    chemical_shipments: int = 150  # uncalibrated background (no public aggregate)
    mx_reports: int = 100
    ca_reports: int = 80


SCENARIOS = {
    "small": Scenario("small", 0.004, 0.0004, 0.002, 30, 30, 0.2,
                      "a few hundred incidents for tests (seconds)", chemical_shipments=10, mx_reports=5,
                      ca_reports=5),
    "standard": Scenario("standard", 0.1, 0.008, 0.02, 500, 800, 1.0,
                         "~10,000 incidents, one fiscal year, six planted networks"),
    "large": Scenario("large", 0.1, 0.008, 0.02, 500, 800, 5.0,
                      "93 standard-sized background blocks: ~1 million party records per unit of --scale",
                      blocks=93),
}


def scenario(name: str, scale: float = 1.0) -> Scenario:
    try:
        s = SCENARIOS[name]
    except KeyError:
        raise ConfigError(f"unknown scenario {name!r}", hint=f"one of: {', '.join(SCENARIOS)}") from None
    if scale <= 0:
        raise ConfigError(f"--scale must be positive, got {scale}", hint="e.g. --scale 2 doubles every volume")
    if scale == 1.0:
        return s
    if s.blocks > 1:  # large: more (or fewer) blocks of the same size
        return replace(s, blocks=max(1, round(s.blocks * scale)))
    return replace(s, us_fraction=s.us_fraction * scale, mx_fraction=s.mx_fraction * scale,
                   mx_arms_fraction=s.mx_arms_fraction * scale, ca_seizures=int(s.ca_seizures * scale),
                   financial_reports=int(s.financial_reports * scale), network_scale=s.network_scale * scale,
                   chemical_shipments=int(s.chemical_shipments * scale), mx_reports=int(s.mx_reports * scale),
                   ca_reports=int(s.ca_reports * scale))


def build(name: str = "standard", seed: int = 0, *, scale: float = 1.0, noise: bool = True,
          bar=None, block: int = 0) -> Builder:
    """Draw a scenario (or one block of a multi-block scenario) in memory."""
    sc = scenario(name, scale)
    if sc.blocks == 1:
        b = Builder(seed, f"SYN{seed}", noise=noise)
    else:
        b = Builder([seed, block], f"SYN{seed}B{block:03d}", noise=noise)
    if block == 0:
        for fn in PLANTED.values():
            fn(b, sc.network_scale)
    bg.us_cbp(b, sc.us_fraction, bar if sc.blocks == 1 else None)
    bg.mx_domestic(b, sc.mx_fraction)
    bg.ca_seizures(b, sc.ca_seizures, sc.us_fraction)
    bg.mx_firearms(b, sc.mx_arms_fraction)
    bg.financial_reports(b, sc.financial_reports)
    unc.chemical_shipments(b, sc.chemical_shipments)
    unc.foreign_financial_reports(b, sc.mx_reports, sc.ca_reports)
    b.finalise()
    return b


def _write(path: Path, header: list[str], rows, append: bool = False) -> int:
    n = 0
    with path.open("a" if append else "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        if not append:
            w.writerow(header)
        for r in rows:
            w.writerow(r)
            n += 1
    return n


def write(b: Builder, out: Path, *, append: bool = False) -> dict[str, int]:
    """Write (or append) a builder's rows and truth; returns rows per file."""
    out = Path(out)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in TABLES:
        cols = columns(table)
        counts[table] = _write(out / f"{table}.csv", cols, ([r[c] for c in cols] for r in b.rows[table]), append)
    counts["party_truth"] = _write(out / "truth" / "party_truth.csv", ["record_id", "entity_id"], b.party_truth,
                                   append)
    counts["networks"] = _write(out / "truth" / "networks.csv", ["entity_id", "network_id", "role_in_network"],
                                ((e, n, r) for (e, n), r in b.network_roles.items()), append)
    counts["incident_networks"] = _write(out / "truth" / "incident_networks.csv", ["incident_id", "network_id"],
                                         b.incident_networks, append)
    counts["entities"] = len(b.entities)
    return counts


def generate(name: str = "standard", seed: int = 0, out: str | Path = "synthetic", *, scale: float = 1.0,
             noise: bool = True, bar=None) -> dict[str, int]:
    """Generate a scenario into ``out``; returns rows written per file (and true entities)."""
    out = Path(out)
    sc = scenario(name, scale)
    total: dict[str, int] = {}
    for k in range(sc.blocks):
        b = build(name, seed, scale=scale, noise=noise, bar=bar, block=k)
        for key, n in write(b, out, append=k > 0).items():
            total[key] = total.get(key, 0) + n
        del b
        if bar is not None and sc.blocks > 1:
            bar.advance(1)
    (out / "truth" / "README.md").write_text(_readme(name, seed, total), encoding="utf-8")
    return total


def progress_total(name: str = "standard", scale: float = 1.0) -> int:
    """Units of work the progress bar counts: CBP events (one block) or blocks."""
    sc = scenario(name, scale)
    return sc.blocks if sc.blocks > 1 else int(expected_us_events(name, scale))


def expected_us_events(name: str = "standard", scale: float = 1.0) -> float:
    from nadd.incidents.synth.calibration import cbp_cells

    return float(cbp_cells()["events"].sum()) * scenario(name, scale).us_fraction


def _readme(name: str, seed: int, counts: dict[str, int]) -> str:
    nets = "\n".join(f"- `{k}`: {v}" for k, v in DESCRIPTIONS.items())
    return f"""# Synthetic scenario `{name}`, seed {seed} — SYNTHETIC DATA, NOT REAL CASES

Every row of these files is invented by `nadd incidents generate` (every incident has
synthetic=true). Names, addresses, phones, accounts and wallets are drawn from small pools and
belong to no one; any resemblance to real people or companies is chance.

Period: {FY_START} to {FY_END} (CBP fiscal year 2024). Volumes are calibrated to public aggregates
(CBP, SESNSP, UNODC, FinCEN): see docs/synthetic.md for targets and achieved numbers.

Files: incidents {counts['incidents']}, items {counts['incident_items']}, firearms {counts['firearms']},
transactions {counts['transactions']}, party records {counts['parties']} ({counts['entities']} true entities).

## Truth
- `party_truth.csv`: record_id -> entity_id. Each party record is what an agency wrote about an
  entity, after the observation-noise model (nadd/incidents/corrupt.py): records with the same
  entity_id are the same person or company. This is the answer key for `nadd link`.
- `networks.csv`: entity_id, network_id, role_in_network for members of planted networks.
- `incident_networks.csv`: incident_id, network_id for every incident a network is behind.
  Incidents not listed are background (ordinary seizures and reports; a few background people
  reappear in more than one incident, outside any network).

## Planted networks
{nets}
"""
