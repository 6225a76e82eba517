"""Every generic rule keeps the shared contract and stays silent on ordinary medicines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rdkit import Chem

from nadd.law.rules import BY_ID, RULES, Rule, RuleMatch, mx_un

SCHEDULES = {
    "us": {"I", "II", "III", "IV", "V", "List I", "List II"},
    "ca": {"I", "II", "III", "IV", "V", "VI-A", "VI-B"},
    "mx": {
        "234",
        "245-I",
        "245-II",
        "245-III",
        "245-IV",
        "245-V",
        "precursor",
        "essential-chemical",
    },
    "un": {
        "1961-I",
        "1961-II",
        "1961-III",
        "1961-IV",
        "1971-I",
        "1971-II",
        "1971-III",
        "1971-IV",
        "1988-I",
        "1988-II",
    },
    "nl": {"I", "II"},
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_carries_the_contract_fields(rule: Rule):
    assert BY_ID[rule.id] is rule and len(BY_ID) == len(RULES)
    assert rule.schedule in SCHEDULES[rule.jurisdiction]
    assert rule.provision and rule.title and isinstance(rule.excludes_listed, bool)
    assert isinstance(rule.effective, date)
    assert rule.expiry is None or rule.expiry > rule.effective
    assert rule.in_force(rule.effective) and not rule.in_force(date(1900, 1, 1))
    if rule.expiry:  # the expiry date is the last day in force, as in the knowledge base
        assert rule.in_force(rule.expiry) and not rule.in_force(rule.expiry + timedelta(days=1))


def test_rule_ids_are_unique_and_jurisdiction_prefixed():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(r.jurisdiction + "-") for i, r in zip(ids, RULES))


def test_mexico_and_un_have_no_structural_class_to_encode():
    assert mx_un.RULES == ()
    assert "naturaleza análoga" in mx_un.__doc__ and "isómeros" in mx_un.__doc__


MEDICINES = {
    "aspirin": "CC(=O)Oc1ccccc1C(=O)O",
    "caffeine": "Cn1c(=O)c2c(ncn2C)n(C)c1=O",
    "paracetamol": "CC(=O)Nc1ccc(O)cc1",
    "ibuprofen": "CC(C)Cc1ccc(C(C)C(=O)O)cc1",
    "diazepam": "CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21",
    "haloperidol": "OC1(CCN(CCCC(=O)c2ccc(F)cc2)CC1)c1ccc(Cl)cc1",
    "loperamide": "CN(C)C(=O)C(CCN1CCC(O)(CC1)c1ccc(Cl)cc1)(c1ccccc1)c1ccccc1",
    "diphenoxylate": "CCOC(=O)C1(c2ccccc2)CCN(CCC(C#N)(c2ccccc2)c2ccccc2)CC1",
    "meperidine": "CCOC(=O)C1(c2ccccc2)CCN(C)CC1",
    "risperidone": "Cc1nc2n(c(=O)c1CCN1CCC(c3noc4cc(F)ccc34)CC1)CCCC2",
    "donepezil": "COc1cc2c(cc1OC)C(=O)C(CC1CCN(Cc3ccccc3)CC1)C2",
    "methadone": "CCC(=O)C(CC(C)N(C)C)(c1ccccc1)c1ccccc1",
    "morphine": "CN1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5",
    "tramadol": "COc1cccc(C2(O)CCCCC2CN(C)C)c1",
    "gabapentin": "NCC1(CC(=O)O)CCCCC1",
    "cocaine": "COC(=O)C1C(OC(=O)c2ccccc2)CC2CCC1N2C",
    "sertraline": "CNC1CCC(c2ccc(Cl)c(Cl)c2)c2ccccc21",
    "fluoxetine": "CNCCC(Oc1ccc(C(F)(F)F)cc1)c1ccccc1",
    "paroxetine": "Fc1ccc(cc1)C1CCNCC1COc1ccc2OCOc2c1",
    "bupivacaine": "CCCCN1CCCCC1C(=O)Nc1c(C)cccc1C",
    "fexofenadine": "CC(C)(C(=O)O)c1ccc(C(O)CCCN2CCC(CC2)C(O)(c2ccccc2)c2ccccc2)cc1",
    "cetirizine": "OC(=O)COCCN1CCN(CC1)C(c1ccccc1)c1ccc(Cl)cc1",
    "ondansetron": "Cc1nccn1CC1CCc2c(C1=O)c1ccccc1n2C",
    "sumatriptan": "CNS(=O)(=O)Cc1ccc2[nH]cc(CCN(C)C)c2c1",
    "indomethacin": "COc1ccc2c(c1)c(CC(=O)O)c(C)n2C(=O)c1ccc(Cl)cc1",
    "omeprazole": "COc1ccc2[nH]c(S(=O)Cc3ncc(C)c(OC)c3C)nc2c1",
    "domperidone": "Clc1ccc2c(c1)[nH]c(=O)n2C1CCN(CCCn2c(=O)[nH]c3ccccc32)CC1",
    "ketanserin": "O=C(c1ccc(F)cc1)C1CCN(CCn2c(=O)[nH]c3ccccc3c2=O)CC1",
    "pimozide": "O=c1[nH]c2ccccc2n1C1CCN(CCCC(c2ccc(F)cc2)c2ccc(F)cc2)CC1",
    "dopamine": "NCCc1ccc(O)c(O)c1",
    "salbutamol": "CC(C)(C)NCC(O)c1ccc(O)c(CO)c1",
    "tamsulosin": "CCOc1ccccc1OCCNC(C)Cc1ccc(OC)c(S(N)(=O)=O)c1",
    "atorvastatin": "CC(C)c1c(C(=O)Nc2ccccc2)c(-c2ccccc2)c(-c2ccc(F)cc2)n1CCC(O)CC(O)CC(=O)O",
}


@pytest.mark.parametrize("name", sorted(MEDICINES))
def test_ordinary_medicines_fire_no_rule(name):
    """A class rule may cover a medicine its own jurisdiction names (CDSA Sch. I item 3 covers
    meperidine, Sch. IV item 18 diazepam): the checker never consults a rule for a named
    substance, so only rules that would decide an *unnamed* medicine count."""
    from nadd.chem import parse
    from nadd.law.kb import kb

    mol = Chem.MolFromSmiles(MEDICINES[name])
    assert mol is not None
    key = parse(MEDICINES[name], kind="smiles").inchikey_nostereo
    named = {e.jurisdiction for e in kb().by_key.get(key, ()) if e.status == "listed"}
    hits = [(r.id, m.verdict) for r in RULES
            if (m := r.match(mol)) and not (r.excludes_listed and r.jurisdiction in named)]
    assert hits == [], (name, hits)


def test_a_match_names_real_atoms_and_a_reason():
    mol = Chem.MolFromSmiles("CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1")
    for rule in RULES:
        m = rule.match(mol)
        if m is None:
            continue
        assert isinstance(m, RuleMatch) and m.verdict in ("controlled", "uncertain")
        assert m.reason and all(0 <= i < mol.GetNumAtoms() for i in m.atoms)


@pytest.mark.parametrize(
    "smiles",
    [
        "C",
        "[Na+]",
        "O",
        "C1CCCCCCCCCCCCCCCCCCC1",
        "[2H]C([2H])([2H])N",
        "c1ccc2c(c1)ccc1ccccc12",
        "CC(=O)[O-]",
    ],
)
def test_odd_inputs_never_raise(smiles):
    mol = Chem.MolFromSmiles(smiles)
    for rule in RULES:
        rule.match(mol)
        rule.explain(mol)


def test_counter_ions_left_attached_do_not_change_a_verdict():
    for smiles in (
        "CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
        "CC(C)(C)OC(=O)N1CCC(Nc2ccccc2)CC1",
        "CCCC(=O)N1CCN(C/C=C/c2ccccc2)CC1",
        "COc1cc(CCN)c(OC)cc1Br",
    ):
        bare, salted = Chem.MolFromSmiles(smiles), Chem.MolFromSmiles(smiles + ".Cl.[Na+]")
        for rule in RULES:
            assert rule.match(bare) == rule.match(salted), (rule.id, smiles)


def test_rules_survive_pickling_for_worker_processes():
    import pickle

    again = pickle.loads(pickle.dumps(RULES))
    mol = Chem.MolFromSmiles("CC(C)(C)OC(=O)N1CCC(Nc2ccc(F)cc2)CC1")
    assert all(a is b for a, b in zip(again, RULES))
    assert [r.match(mol) for r in again] == [r.match(mol) for r in RULES]


def test_a_parent_split_off_without_ring_info_still_works():
    salt = Chem.MolFromSmiles("CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1.Cl")
    frag = max(
        Chem.GetMolFrags(salt, asMols=True, sanitizeFrags=False), key=lambda f: f.GetNumAtoms()
    )
    m = BY_ID["us-frs"].match(frag)
    assert m is not None and m.verdict == "controlled"
