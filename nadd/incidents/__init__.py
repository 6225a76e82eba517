"""Incidents: seizures, postal items, express consignments, precursor shipments, firearm
recoveries and suspicious financial reports, with their items, firearms, transactions and the
parties that appear in them. Import templates, validation, loading, reads under the access rule,
and a calibrated synthetic generator (nadd.incidents.synth).
"""

from nadd.incidents.importer import Batch, Mapping, read_folder, read_mapping
from nadd.incidents.model import TABLES, columns, domains, label, s10, s10_valid, validate_row, vocabulary
from nadd.incidents.store import LOCAL, get_incident, list_incidents, list_parties, load, visible


def generate(scenario: str = "standard", seed: int = 0, out="var/synthetic", **kw):
    """Write a synthetic scenario (see nadd.incidents.synth.generator.generate)."""
    from nadd.incidents.synth.generator import generate as _generate

    return _generate(scenario, seed, out, **kw)


__all__ = ["LOCAL", "TABLES", "Batch", "Mapping", "columns", "domains", "generate", "get_incident", "label",
           "list_incidents", "list_parties", "load", "read_folder", "read_mapping", "s10", "s10_valid",
           "validate_row", "visible", "vocabulary"]
