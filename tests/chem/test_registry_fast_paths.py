"""The registry's shortcuts give exactly what the long way gives.

* the stereo-stripped key is hashed from the InChI with its stereo layers cut, not from a second
  InChI run on a flattened molecule;
* the Uncharger runs only when a protonated atom or an unpaired anion is there, and fragments
  are split only when there is more than one;
* ``parse(..., cache=False)`` (batches) reads the same structure as the remembered ``parse``.

Sample: every structure of the knowledge base, its salts and stereoisomers, charged forms, and a
seeded enumeration of the benchmark's templates.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdkit import Chem, rdBase

from nadd.chem.registry import _UNCHARGER, nostereo_key, parse, standardise
from nadd.law.kb import kb

ROOT = Path(__file__).resolve().parents[2]
EXTRA = [
    "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1.OC(=O)CC(O)(CC(=O)O)C(=O)O",  # fentanyl citrate
    "C[NH2+]C(C)Cc1ccccc1.[Cl-]",  # protonated, with its counter-ion
    "CC(=O)[O-].[Na+]",
    "C[N+](C)(C)CC(=O)[O-]",  # zwitterion: nothing to neutralise
    "O=[N+]([O-])c1ccc(cc1)C(N)C",  # nitro: left as drawn
    "C[C@H](N)Cc1ccccc1", "C[C@@H](N)Cc1ccccc1", "C/C=C/C(=O)O", "C/C=C\\C(=O)O",
    "CC[C@H](C)[C@@H](C(=O)O)N.Cl",
    "[O-]c1ccccc1", "C[N+](C)(C)C", "CC(=O)Oc1ccccc1C(=O)[O-].[K+]",
]


def _library(n: int) -> list[str]:
    spec = importlib.util.spec_from_file_location("substance_check", ROOT / "bench" / "substance_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.own_library(n, seed=11)


@pytest.fixture(scope="module")
def sample() -> list[str]:
    return [kb().structures[k][0] for k in sorted(kb().structures)] + EXTRA + _library(800)


def test_stereo_stripped_key_equals_the_key_of_the_flat_molecule(sample):
    with_stereo = 0
    for smiles in sample:
        s = parse(smiles, kind="smiles")
        flat = Chem.Mol(s.mol)
        Chem.RemoveStereochemistry(flat)
        with rdBase.BlockLogs():
            flat_key = Chem.MolToInchiKey(flat)
        assert s.inchikey_nostereo == flat_key == nostereo_key(s.inchi), smiles
        assert s.inchikey[:14] == s.inchikey_nostereo[:14]  # the skeleton block never moves
        with_stereo += s.inchikey != s.inchikey_nostereo
    assert with_stereo >= 20  # the sample has stereoisomers to strip


def test_standardise_skips_only_work_that_would_change_nothing(sample):
    for smiles in sample:
        mol = Chem.MolFromSmiles(smiles)
        frags = Chem.GetMolFrags(mol, asMols=True)
        # the long way: every fragment weighed, the Uncharger always run
        largest = max(frags, key=lambda f: (sum(a.GetAtomicNum() == 6 for a in f.GetAtoms()) > 0,
                                            f.GetNumHeavyAtoms(),
                                            sum(a.GetAtomicNum() == 6 for a in f.GetAtoms())))
        slow = Chem.MolToSmiles(_UNCHARGER.uncharge(largest))
        assert Chem.MolToSmiles(standardise(mol)) == slow, smiles


def test_a_batch_reading_without_the_cache_gives_the_same_structure(sample):
    for smiles in sample[::7]:
        a, b = parse(smiles), parse(smiles, cache=False)
        assert (a.smiles, a.inchi, a.inchikey, a.inchikey_nostereo, a.formula, a.name) == \
            (b.smiles, b.inchi, b.inchikey, b.inchikey_nostereo, b.formula, b.name)
        assert a is parse(smiles) and b is not parse(smiles, cache=False)
