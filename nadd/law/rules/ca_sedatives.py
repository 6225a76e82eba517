"""Canada CDSA sedative class items: barbiturates, thiobarbiturates, benzodiazepines, flunitrazepam.

Texts (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.1, 9.1.4):

* Sch. IV 1  "Barbiturates, their salts and derivatives including (1) Allobarbital ... (28)
              Vinylbital but not including (29) Barbituric Acid ... (30) 1,3-dimethylbarbituric acid"
* Sch. IV 2  "Thiobarbiturates, their salts and derivatives including: thialbarbital, thiamylal,
              thiobarbituric acid, thiopental"
* Sch. IV 18 "Benzodiazepines, their salts and derivatives, including: (1) Alprazolam ... (2.1)
              Brotizolam ... (5) Clobazam ... (32) Triazolam but not including: (32.1) Clozapine
              ..., (33) Flunitrazepam ... and any salts or derivatives thereof, (34) Olanzapine,
              (35) Clozapine N-oxide"
* Sch. I 20  "Flunitrazepam (5-(o-fluorophenyl)-1,3-dihydro-1-methyl-7-nitro-2H-1,4-benzodiazepin-
              2-one) and any of its salts or derivatives"

Readings:

* barbiturate: pyrimidine-2,4,6-trione with two groups on C5 (every named barbiturate has two)
  ``controlled``; one group on C5, or a C5 double bond, ``uncertain`` (the excluded barbituric
  and 1,3-dimethylbarbituric acids show the item does not reach every pyrimidinetrione);
* thiobarbiturate: the 2-thioxo ring; thiobarbituric acid itself is named, so any C5
  substitution is a derivative: ``controlled``;
* benzodiazepine: a benzene fused to a 1,4- or 1,5-diazepine ``controlled`` (alprazolam,
  clobazam, midazolam, the oxazolo-fused ones all named); a second benzene fused to the
  diazepine (dibenzodiazepines: clozapine and olanzapine are excluded by name) or a
  non-benzene ring in place of the benzene (thienodiazepines: brotizolam and clotiazepam had
  to be named) ``uncertain``; the flunitrazepam skeleton is outside (Sch. I item 20).
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from nadd.law.rules._base import Finding, Rule, smarts
from nadd.law.rules.ca_opioid_skeletons import SEVEN_RING

CDSA_IN_FORCE = date(1997, 5, 14)

# ---------------------------------------------------------------- barbiturates
BARBITURATE = smarts("O=C1-[#7]-C(=[O,S])-[#7]-C(=O)-[#6]-1")
_C2_X, _C5 = 4, 8  # indices of the 2-oxo/thioxo atom and of C5 in BARBITURATE


def _c5_groups(mol: Chem.Mol, hit: tuple[int, ...]) -> tuple[int, bool]:
    c5 = mol.GetAtomWithIdx(hit[_C5])
    ring = set(hit)
    subs = [n for n in c5.GetNeighbors() if n.GetIdx() not in ring and n.GetAtomicNum() > 1]
    double = any(b.GetBondType() == Chem.BondType.DOUBLE for b in c5.GetBonds())
    return len(subs), double


def _barbiturates(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(BARBITURATE)
    if not hit or mol.GetAtomWithIdx(hit[_C2_X]).GetAtomicNum() != 8:
        return None
    n, double = _c5_groups(mol, hit)
    if n == 2 and not double:
        return Finding("controlled", hit, "5,5-disubstituted pyrimidine-2,4,6-trione: the barbiturate pattern of "
                       "every named barbiturate")
    if n == 0:
        return Finding("outside", hit, "no group on C5: barbituric acid and its 1,3-dialkyl forms are expressly "
                       "not included")
    return Finding("uncertain", hit, f"pyrimidine-2,4,6-trione with {'a C5 double bond' if double else 'one C5 group'}: "
                   "a barbiturate 'derivative' only on a literal reading (no named member has it)")


def _thiobarbiturates(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(BARBITURATE)
    if not hit or mol.GetAtomWithIdx(hit[_C2_X]).GetAtomicNum() != 16:
        return None
    return Finding("controlled", hit, "2-thioxopyrimidine-4,6-dione: thiobarbituric acid (named) or a derivative")


# ---------------------------------------------------------------- benzodiazepines
BZD_14 = smarts("c12ccccc1~[#6]~[#7]~[#6]~[#6]~[#7]2")  # benzene, C5, N4, C3, C2, N1
BZD_15 = smarts("c12ccccc1~[#7]~[#6]~[#6]~[#6]~[#7]2")
HETERO_14 = smarts("[a]12[a][a][a][a]1~[#6]~[#7]~[#6]~[#6]~[#7]2")  # 5-ring aromatic (thieno) in place of benzo
FLUNITRAZEPAM = smarts("O=C1-[#6]-[#7]=C(-c2ccccc2F)-c2cc(-[N+](=O)[O-])ccc2-[#7]-1")


def _second_aryl(mol: Chem.Mol, hit: tuple[int, ...]) -> str | None:
    """A benzene or thiophene fused on the diazepine besides the first benzene ('dibenzo',
    'thienobenzo'); the triazolo/imidazolo/oxazolo rings of the named members do not count."""
    ri = mol.GetRingInfo()
    benzo = set(hit[:6])
    diazepine = set(hit[5:]) | {hit[0]}
    for ring in ri.AtomRings():
        r = set(ring)
        if r == benzo or len(r & diazepine) != 2 or not all(mol.GetAtomWithIdx(i).GetIsAromatic() for i in r):
            continue
        z = {mol.GetAtomWithIdx(i).GetAtomicNum() for i in r}
        if len(r) == 6 and z == {6}:
            return "dibenzo"
        if 16 in z:
            return "thienobenzo"
    return None


def _benzodiazepines(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(FLUNITRAZEPAM)
    if hit:
        return Finding("outside", hit, "the flunitrazepam skeleton: flunitrazepam and its derivatives are expressly "
                       "not included here (CDSA Sch. I item 20)")
    for pattern, ring in ((BZD_14, "1,4"), (BZD_15, "1,5")):
        hit = mol.GetSubstructMatch(pattern)
        if hit:
            second = _second_aryl(mol, hit)
            if second:
                return Finding("uncertain", hit, f"{second}-{ring}-diazepine: clozapine and olanzapine are expressly "
                               "excluded; other such tricyclics are benzodiazepines only on a literal reading")
            return Finding("controlled", hit, f"{ring}-benzodiazepine ring system (alprazolam, clobazam, diazepam "
                           "named): a benzodiazepine derivative")
    hit = mol.GetSubstructMatch(HETERO_14)
    if hit:
        return Finding("uncertain", hit, "hetero-fused 1,4-diazepine (thieno type, e.g. etizolam analogues): no "
                       "benzene ring; brotizolam and clotiazepam were named, others are benzodiazepines only on "
                       "a broad reading")
    return None


def _flunitrazepam(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(FLUNITRAZEPAM)
    if not hit:
        return None
    return Finding("controlled", hit, "5-(2-fluorophenyl)-7-nitro-1,4-benzodiazepin-2-one: flunitrazepam or a "
                   "derivative of it")


def _rule(id_, schedule, item, title, effective, assess, screen, note, gate=None):
    return Rule(id=id_, jurisdiction="ca", schedule=schedule, provision=f"CDSA Sch. {schedule}, item {item}",
                effective=effective, expiry=None, title=title, excludes_listed=True, assess=assess,
                screen=screen, note=note, gate=gate)


RULES = (
    _rule("ca-barbiturates", "IV", 1, "Barbiturates and their derivatives", CDSA_IN_FORCE, _barbiturates,
          BARBITURATE, "Date: CDSA in force."),
    _rule("ca-thiobarbiturates", "IV", 2, "Thiobarbiturates and their derivatives", CDSA_IN_FORCE,
          _thiobarbiturates, BARBITURATE, "Date: CDSA in force."),
    _rule("ca-benzodiazepines", "IV", 18, "Benzodiazepines and their derivatives", CDSA_IN_FORCE,
          _benzodiazepines, (BZD_14, BZD_15, HETERO_14), "Date: CDSA in force.", SEVEN_RING),
    _rule("ca-flunitrazepam", "I", 20, "Flunitrazepam and its derivatives", date(2012, 6, 13), _flunitrazepam,
          FLUNITRAZEPAM, "Sch. I since 2012, c. 1 (date [R], as the listing in ca.csv).", SEVEN_RING),
)
