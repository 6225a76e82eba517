"""Verdicts per jurisdiction: named listings, salts and isomers, dates, exclusions, rules, analogues."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date

import pytest

from nadd.errors import StructureError
from nadd.law import check, check_many
from nadd.law.check import ANALOGUE_THRESHOLD, VERDICTS

chk = importlib.import_module("nadd.law.check")  # the module (nadd.law.check is also the function)

FENTANYL = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
TODAY = date(2026, 11, 1)


def verdicts(text, on=TODAY):
    return {j: (v.verdict, v.schedule) for j, v in check(text, on).by_jurisdiction.items()}


def test_fentanyl_is_controlled_everywhere_under_its_own_schedules():
    v = check(FENTANYL, TODAY).by_jurisdiction
    assert (v["us"].verdict, v["us"].schedule, v["us"].provision) == ("controlled", "II", "21 CFR 1308.12(c)")
    assert (v["ca"].schedule, v["mx"].schedule, v["un"].schedule, v["nl"].schedule) == ("I", "234", "1961-I", "I")
    assert v["us"].effective == "1971-05-01"


def test_salt_and_free_base_get_the_same_verdict():
    base = check(FENTANYL, TODAY).row()
    for salt in (FENTANYL + ".Cl", FENTANYL + ".OC(=O)CC(O)(CC(=O)O)C(=O)O", "fentanyl citrate"):
        row = check(salt, TODAY).row()
        assert {k: row[k] for k in row if k[:3] in ("us_", "ca_", "mx_", "un_", "nl_")} == \
               {k: base[k] for k in base if k[:3] in ("us_", "ca_", "mx_", "un_", "nl_")}
        assert row["inchikey"] == base["inchikey"]


def test_stereoisomers_get_the_verdict_of_a_listing_that_covers_isomers():
    # KB lists (1R,2S)-ephedrine; its enantiomer and the racemate are covered as isomers
    ent = "CN[C@H](C)[C@@H](O)c1ccccc1"
    flat = "CNC(C)C(O)c1ccccc1"
    named = verdicts("ephedrine")
    assert verdicts(ent)["us"] == named["us"] == ("controlled", "List I")  # "optical isomers"
    assert verdicts(flat) == named  # stereo not given: every listed isomer applies
    assert verdicts("C[C@@H](N)Cc1ccccc1")["us"] == verdicts("amphetamine")["us"] == ("controlled", "II")


def test_an_express_exclusion_beats_the_isomer_clause():
    # CDSA Sch. I item 10 lists levomethorphan and racemethorphan "but not including dextromethorphan"
    assert verdicts("levomethorphan")["ca"] == ("controlled", "I")
    dxm = check("dextromethorphan", TODAY).by_jurisdiction
    assert dxm["ca"].verdict == "not_listed" and "excluded" in dxm["ca"].reason
    assert dxm["us"].verdict == "not_listed" and dxm["un"].verdict == "not_listed"
    assert verdicts("racemethorphan")["us"] == ("controlled", "II")


def test_as_of_before_and_after_a_scheduling():
    before = check("protonitazene", date(2022, 4, 11)).by_jurisdiction["us"]
    temporary = check("protonitazene", date(2023, 1, 1)).by_jurisdiction["us"]
    permanent = check("protonitazene", date(2025, 1, 1)).by_jurisdiction["us"]
    assert before.verdict != "controlled"
    assert (temporary.verdict, temporary.schedule, temporary.expiry) == ("controlled", "I", "2024-04-11")
    assert (permanent.verdict, permanent.provision, permanent.expiry) == ("controlled", "21 CFR 1308.11(b)", "")


def test_a_temporary_order_expires():
    # Canada: spirobrorphine, Sch. V "June 5, 2026 to June 4, 2027"
    on_last_day = check("spirobrorphine", date(2027, 6, 4)).by_jurisdiction["ca"]
    after = check("spirobrorphine", date(2027, 6, 5)).by_jurisdiction["ca"]
    assert (on_last_day.verdict, on_last_day.schedule, on_last_day.expiry) == ("controlled", "V", "2027-06-04")
    assert after.verdict != "controlled"
    # US designer benzodiazepine order (88 FR 48112, extended to 2026-07-26)
    assert verdicts("etizolam", date(2026, 7, 26))["us"] == ("controlled", "I")
    assert verdicts("etizolam", date(2026, 7, 27))["us"][0] != "controlled"


def test_a_temporary_listing_replaced_by_a_permanent_one_stays_controlled():
    # carisoprodol: CA Sch. V 2025-04-14..2026-04-13, then Sch. IV from 2025-12-19
    assert verdicts("carisoprodol", date(2025, 6, 1))["ca"] == ("controlled", "V")
    assert verdicts("carisoprodol", date(2026, 1, 1))["ca"] == ("controlled", "V;IV")
    assert verdicts("carisoprodol", date(2026, 5, 1))["ca"] == ("controlled", "IV")


def test_unlisted_substances_are_not_listed_where_no_law_names_them():
    v = verdicts("xylazine")
    assert v["us"] == v["ca"] == v["un"] == v["nl"] == ("not_listed", "")


@dataclass(frozen=True)
class _Match:
    verdict: str
    atoms: tuple
    reason: str


@dataclass(frozen=True)
class _FakeRule:
    id: str
    jurisdiction: str
    schedule: str
    provision: str
    effective: date
    expiry: date | None
    title: str
    excludes_listed: bool
    verdict: str = "controlled"

    def match(self, mol):
        return _Match(self.verdict, (0, 1, 2), "fake class: every amide") if mol.HasSubstructMatch(_AMIDE) else None


from rdkit import Chem

_AMIDE = Chem.MolFromSmarts("C(=O)N")


@pytest.fixture
def fake_rules(monkeypatch):
    rules = {"us": (_FakeRule("us-fake", "us", "I", "fake provision", date(2020, 1, 1), None, "t", True),),
             "nl": (_FakeRule("nl-fake", "nl", "II", "fake nl", date(2020, 1, 1), None, "t", False,
                              verdict="uncertain"),)}
    monkeypatch.setattr(chk, "_rules", lambda: rules)
    return rules


def test_a_generic_rule_controls_an_unnamed_structure_and_names_itself(fake_rules):
    v = check("CCCC(=O)N(c1ccc(Cl)cc1)C1CCCCC1", TODAY).by_jurisdiction
    assert (v["us"].verdict, v["us"].schedule, v["us"].rule, v["us"].atoms) == ("controlled", "I", "us-fake", (0, 1, 2))
    assert v["nl"].verdict == "uncertain" and v["nl"].schedule == "" and "fake class" in v["nl"].reason


def test_a_named_listing_wins_over_a_rule_that_excludes_listed_substances(fake_rules):
    v = check("acetylfentanyl", TODAY).by_jurisdiction["us"]
    assert v.rule == "" and v.provision == "21 CFR 1308.11(b)"


def test_a_rule_not_yet_in_force_does_not_apply(fake_rules):
    v = check("CCCC(=O)N(c1ccc(Cl)cc1)C1CCCCC1", date(2019, 1, 1)).by_jurisdiction["us"]
    assert v.rule == ""


def test_real_generic_rules_cover_an_unnamed_fentanyl():
    v = check("CCCC(=O)N(c1ccc(Cl)cc1)C1CCN(CCc2ccccc2)CC1", TODAY).by_jurisdiction
    assert v["us"].verdict in ("controlled", "uncertain") and v["us"].rule.startswith("us-")
    assert v["ca"].verdict in ("controlled", "uncertain") and v["ca"].rule.startswith("ca-")


def test_analogue_laws_give_possible_analogue_with_named_neighbours_never_controlled(monkeypatch):
    monkeypatch.setattr(chk, "_rules", dict)
    v = check("CC(C)Oc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN2CCCC2)cc1", TODAY).by_jurisdiction  # unnamed nitazene
    us = v["us"]
    assert us.verdict == "possible_analogue" and us.schedule == ""
    assert us.neighbours and all(n.similarity >= ANALOGUE_THRESHOLD for n in us.neighbours)
    assert us.neighbours[0].name.startswith("N-pyrrolidino")
    assert "802(32)" in us.provision
    assert v["un"].verdict == "not_listed" and v["nl"].verdict == "not_listed"  # no analogue law


def test_every_verdict_is_one_of_the_four_and_rows_have_the_issue_columns():
    row = check("cocaine", TODAY).row()
    for j in ("us", "ca", "mx", "un", "nl"):
        assert row[f"{j}_verdict"] in VERDICTS
        for c in ("schedule", "provision", "rule", "effective"):
            assert f"{j}_{c}" in row
    assert "inchikey" in row and row["error"] == ""


def test_unreadable_input_raises_in_check_and_is_a_row_error_in_check_many():
    with pytest.raises(StructureError):
        check("C1CC(", TODAY)
    out = check_many(["fentanyl", "C1CC(", "", "xylazine"], TODAY, processes=1)
    assert [bool(v.error) for v in out] == [False, True, True, False]
    assert out[0].by_jurisdiction["us"].verdict == "controlled"
    assert "C1CC(" in out[1].error and out[1].row()["us_verdict"] == ""


def test_check_many_in_two_processes_equals_one_process():
    items = ["fentanyl", "MDMA", "bad((", "xylazine", "etizolam", "4-AP"] * 60
    one = [v.row() for v in check_many(items, TODAY, processes=1)]
    two = [v.row() for v in check_many(items, TODAY, processes=2, chunksize=50)]
    assert one == two


def test_neighbour_similarities_are_rdkits_bulk_tanimoto():
    from rdkit import DataStructs
    from rdkit.Chem import rdFingerprintGenerator

    from nadd.chem.registry import parse
    from nadd.law.kb import kb

    s = parse("CCCC(=O)N(c1ccc(Cl)cc1)C1CCN(CCc2ccccc2)CC1")
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    names = sorted(kb().structures)
    ref = DataStructs.BulkTanimotoSimilarity(
        gen.GetFingerprint(s.mol), [gen.GetFingerprint(parse(kb().structures[n][0]).mol) for n in names])
    got = chk.neighbours(s, k=5)
    best = sorted(zip(ref, names), key=lambda x: -x[0])[:5]
    assert [n for n, _, _ in got] == [n for _, n in best]
    assert [sim for _, sim, _ in got] == [r for r, _ in best]


def test_a_salt_of_an_unnamed_class_member_gets_the_same_rule_verdict():
    base = "CCCC(=O)N(c1ccc(Cl)cc1)C1CCN(CCc2ccccc2)CC1"
    free = check(base, TODAY).row()
    salt = check(base + ".Cl.O", TODAY).row()
    assert {k: v for k, v in salt.items() if k != "input"} == {k: v for k, v in free.items() if k != "input"}
