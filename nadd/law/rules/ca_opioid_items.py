"""Canada CDSA Schedule I items 8, 9, 12, 22 and 25: smaller opioid families read by their skeleton.

Texts (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.1):

* 8  "Thiambutenes, their salts, derivatives ... including: diethylthiambutene (N,N-diethyl-1-
      methyl-3,3-di-2-thienylallylamine), dimethylthiambutene, ethylmethylthiambutene"
* 9  "Moramides, their intermediates, salts, derivatives ... including: dextromoramide
      (d-1-(3-methyl-4-morpholino-2,2-diphenylbutyryl)pyrrolidine), diphenylmorpholinoisovaleric
      acid, levomoramide, racemoramide"
* 12 "Ampromides, their salts, derivatives ... including: diampromide (N-[2-(methylphenethyl-
      amino)propyl]propionanilide), phenampromide, propiram (N-(1-methyl-2-piperidinoethyl)-N-2-
      pyridylpropionamide)"
* 22 "Tapentadol (3-[(1R,2R)-3-(dimethylamino)-1-ethyl-2-methylpropyl]-phenol), its salts,
      derivatives and isomers ..."
* 25 "W-18 (4-chloro-N-[1-[2-(4-nitrophenyl)ethyl]-2-piperidinylidene]benzenesulfonamide), its
      salts, derivatives, isomers and analogues ..."

Readings as in ``ca_opioid_skeletons``: the skeleton every named member shares is
``controlled``; the skeleton with a change no named member shows is ``uncertain``; an anchor
match the family's name itself rules out (a moramide without the morpholine) is ``outside``.
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from nadd.law.rules._amines import ca_rule
from nadd.law.rules._base import Finding, Rule, smarts
from nadd.law.rules._piperidines import is_benzene

CDSA_IN_FORCE = date(1997, 5, 14)
NITROGEN = "[#7;!a;!$([#7]-[#6]=[#8])]"


# ---------------------------------------------------------------- item 8: thiambutenes
DIARYLALLYLAMINE = smarts(f"{NITROGEN}-[CX4]-[CX3]=[CX3](-a)-a")
THIENYL = smarts("c1ccsc1")


def _thienyl(mol: Chem.Mol, idx: int) -> bool:
    return any(idx in m for m in mol.GetSubstructMatches(THIENYL))


def _thiambutenes(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(DIARYLALLYLAMINE)
    if not hit:
        return None
    thienyls = sum(_thienyl(mol, i) for i in hit[4:6])
    if thienyls == 2:
        return Finding("controlled", hit, "3,3-di(2-thienyl)allylamine, the skeleton of the named thiambutenes")
    if thienyls == 1:
        return Finding("uncertain", hit, "3-aryl-3-thienylallylamine: one thienyl ring of the thiambutenes replaced; "
                       "a derivative only on a broad reading")
    return None  # 3,3-diarylallylamines without thiophene are not thiambutenes (many antihistamines)


# ---------------------------------------------------------------- item 9: moramides
DIARYL_AMIDE = smarts(
    f"[CX4](-c)(-c)(-[CX3](=O)-[$([#7]),$([OX2H1]),$([OX1-])])-[CX4]-[CX4]-{NITROGEN}"
)
MORPHOLINE_N = smarts("[NX3;R1]1CCOCC1")


def _moramides(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(DIARYL_AMIDE)
    if not hit:
        return None
    n = hit[-1]
    if not any(n == m[0] for m in mol.GetSubstructMatches(MORPHOLINE_N)):
        return Finding("outside", hit, "2,2-diaryl-4-aminobutyramide without the morpholine that names the "
                       "moramides (e.g. loperamide)")
    if not (is_benzene(mol, hit[1]) and is_benzene(mol, hit[2])):
        return Finding("uncertain", hit, "moramide skeleton with a non-phenyl aryl ring: a derivative only on a "
                       "broad reading")
    return Finding("controlled", hit, "4-morpholino-2,2-diphenylbutyramide or its acid, the skeleton of "
                   "dextromoramide and of the named intermediate")


# ---------------------------------------------------------------- item 12: ampromides
# N-aryl alkanamide whose N also carries a 2-aminoalkyl chain (diampromide, phenampromide, propiram)
AMPROMIDE = smarts(f"[CX3](=O)(-[#6])-[NX3](-a)-[CX4;!R]-[CX4;!R]-{NITROGEN}")


def _ampromides(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(AMPROMIDE)
    if not hit:
        return None
    acyl = mol.GetAtomWithIdx(hit[2])
    alkanoyl = not acyl.GetIsAromatic() and not acyl.IsInRing()
    aryl = mol.GetAtomWithIdx(hit[4])
    ring = [r for r in mol.GetRingInfo().AtomRings() if hit[4] in r]
    six = bool(ring) and len(ring[0]) == 6 and all(mol.GetAtomWithIdx(i).GetIsAromatic() for i in ring[0])
    if alkanoyl and six and aryl.GetAtomicNum() == 6:
        return Finding("controlled", hit, "N-aryl-N-(2-aminoalkyl)alkanamide (phenyl or 2-pyridyl), the skeleton of "
                       "diampromide, phenampromide and propiram")
    return Finding("uncertain", hit, "N-aryl-N-(2-aminoalkyl)amide with an acyl or aryl group no named ampromide "
                   "has: a derivative only on a broad reading")


# ---------------------------------------------------------------- item 22: tapentadol
TAPENTADOL = smarts(f"c-[CX4;!R](-[CH2;!R]-[CH3])-[CX4;!R](-[CH3])-[CH2;!R]-{NITROGEN}")


def _tapentadol(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(TAPENTADOL)
    if not hit:
        return None
    if not is_benzene(mol, hit[0]):
        return Finding("uncertain", hit, "1-aryl-1-ethyl-2-methyl-3-aminopropane with a non-phenyl ring: a tapentadol "
                       "derivative only on a broad reading")
    return Finding("controlled", hit, "3-amino-1-ethyl-2-methyl-1-phenylpropane, the tapentadol skeleton: tapentadol, "
                   "an isomer or a derivative")


# ---------------------------------------------------------------- item 25: W-18
W18_SCREEN = smarts("[SX4](=O)(=O)-[NX2]=[CX3]")  # N-sulfonyl imine: cheap and necessary
W18 = smarts("a-S(=O)(=O)-N=C1-[CH2]-[CH2]-[CH2]-[CH2]-N1-[CH2]-[CH2]-a")
W18_ANALOGUE = smarts("a-S(=O)(=O)-N=[C;R]@[#7;R]-[CX4]-[CX4]-a")  # any ring size, chain as W-18


def _w18(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(W18)
    if hit:
        return Finding("controlled", hit, "N-(1-arylethylpiperidin-2-ylidene)arenesulfonamide, the W-18 skeleton "
                       "(W-18 or a derivative or analogue)")
    hit = mol.GetSubstructMatch(W18_ANALOGUE)
    if hit:
        return Finding("uncertain", hit, "cyclic N-sulfonyl amidine with a 2-arylethyl group outside W-18's piperidine "
                       "pattern: an analogue only on a broad reading")
    return None


RULES = (
    ca_rule("ca-thiambutenes", "I", 8, "Thiambutenes and their derivatives", CDSA_IN_FORCE, _thiambutenes,
            DIARYLALLYLAMINE, "Date: CDSA in force."),
    ca_rule("ca-moramides", "I", 9, "Moramides, intermediates and derivatives", CDSA_IN_FORCE, _moramides,
            DIARYL_AMIDE, "Date: CDSA in force."),
    ca_rule("ca-ampromides", "I", 12, "Ampromides and their derivatives", CDSA_IN_FORCE, _ampromides, AMPROMIDE,
            "Date: CDSA in force."),
    ca_rule("ca-tapentadol", "I", 22, "Tapentadol, derivatives and isomers", date(2012, 6, 13), _tapentadol,
            TAPENTADOL, "Date as the tapentadol listing in ca.csv [R]."),
    Rule(id="ca-w18", jurisdiction="ca", schedule="I", provision="CDSA Sch. I, item 25", effective=date(2016, 6, 1),
         expiry=None, title="W-18, derivatives, isomers and analogues", excludes_listed=True, assess=_w18,
         screen=W18_SCREEN, note="Date as the W-18 listing in ca.csv [R] (SOR/2016-107 not seen)."),
)
