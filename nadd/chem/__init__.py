"""Chemistry: structure registry (RDKit) and packed-fingerprint similarity search.

    from nadd.chem import parse
    parse("fentanyl citrate").inchikey
"""

from nadd.chem.registry import Structure, parse, read_sdf
from nadd.chem.similarity import (
    FingerprintError,
    FingerprintIndex,
    fingerprint,
    fingerprint_smiles,
    fingerprints,
    tanimoto,
)

__all__ = ["Structure", "parse", "read_sdf", "FingerprintError", "FingerprintIndex", "fingerprint",
           "fingerprint_smiles", "fingerprints", "tanimoto"]
