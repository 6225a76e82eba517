"""Canada CDSA Schedule I items 1, 3, 4, 5, 6 and 10, 11: the classical opioid skeletons.

Texts (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.1):

* 1  "Opium Poppy ..., its preparations, derivatives, alkaloids and salts, including: (1) Opium
      (2) Codeine (3) Morphine (4) Thebaine and the salts, derivatives and salts of derivatives of
      the substances set out in subitems (1) to (4), including: (5) Acetorphine ... (31) Thebacon
      but not including (32) Apomorphine ... (34.4) Naloxegol (35) Narcotine (36) Papaverine"
* 3  "Phenylpiperidines, their intermediates, salts, derivatives and analogues ..., including:
      allylprodine ... ketobemidone ... pethidine ... pethidine intermediate C, but not including
      carperidine, oxpheneridine"
* 4  "Phenazepines, their salts, derivatives ... including: (1) Proheptazine but not including
      ethoheptazine, metethoheptazine, metheptazine"
* 5  "Amidones, their intermediates, salts, derivatives ... including: dimethylaminodiphenyl-
      butanonitrile, dipipanone, isomethadone, methadone, normethadone, norpipanone, phenadoxone"
* 6  "Methadols, their salts, derivatives ... including: acetylmethadol ... noracymethadol"
* 10 "Morphinans, their salts, derivatives ... including: buprenorphine, drotebanol,
      levomethorphan, levorphanol, ... racemorphan but not including dextromethorphan,
      dextrorphan, levallorphan, levargorphan, butorphanol, nalbuphine"
* 11 "Benzazocines, their salts, derivatives ... including: phenazocine, metazocine,
      pentazocine but not including cyclazocine"

Each rule anchors on the skeleton every named member shares; ``controlled`` is that skeleton
with the variations the named members show, ``uncertain`` the skeleton with a change the
names do not show (the reason says which). The "but not including" substances are excluded
listings in ``ca.csv`` (matched by full key before any rule runs); named substances keep
their own listing (``excludes_listed``).
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from nadd.law.rules._amines import ca_rule
from nadd.law.rules._base import Finding, Rule, smarts
from nadd.law.rules._piperidines import is_benzene

CDSA_IN_FORCE = date(1997, 5, 14)
NITROGEN = "[#7;!a;!$([#7]-[#6]=[#8])]"  # amine or ammonium (N-oxides, quaternary salts too)
# Gate of the seven-ring classes (phenazepines here, benzodiazepines in ``ca_sedatives``): a
# carbon whose smallest ring has seven atoms; one cheap test (~0.4% of NCI molecules pass)
# spares their costlier ring screens on everything else.
SEVEN_RING = smarts("[#6;r7]")


# ---------------------------------------------------------------- item 1: opium alkaloid derivatives
# 4,5-epoxymorphinan: the ring system of morphine, codeine and thebaine (any saturation of ring C).
EPOXYMORPHINAN = smarts(
    f"{NITROGEN}1~[#6]~[#6]~[#6]23~c4~c5~c~c~c~c4~[#8]~[#6]2~[#6]~[#6]~[#6]~[#6]3~[#6]1~[#6]5"
)


def _opium(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(EPOXYMORPHINAN)
    if not hit:
        return None
    return Finding(
        "controlled",
        hit,
        "4,5-epoxymorphinan skeleton of morphine, codeine and thebaine: a derivative of sub-items "
        "(2)-(4) (the 27 named derivatives all keep it)",
    )


# ---------------------------------------------------------------- item 10: morphinans
MORPHINAN = smarts(
    f"{NITROGEN}1~[#6]~[#6]~[#6]23~[#6]~[#6]~[#6]~[#6]~[#6]2~[#6]1~[#6]~c1~c~c~c~c~c13"
)
# dextromethorphan's ring skeleton with its (9S,13S,14S) configuration: the "dextro" series
DEXTRO_SERIES = smarts("c1ccc2c(c1)[C@]13CCCC[C@@H]1[C@H](C2)[#7]CC3")


def _morphinans(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(MORPHINAN)
    if not hit:
        return None
    if mol.HasSubstructMatch(DEXTRO_SERIES, useChirality=True):
        return Finding(
            "uncertain",
            hit,
            "morphinan of the dextro series (the configuration of dextromethorphan and dextrorphan, which "
            "the item expressly excludes): a 'derivative' only if the exclusion is read as naming two "
            "substances, not the series",
        )
    return Finding(
        "controlled",
        hit,
        "morphinan ring system (levorphanol, levomethorphan, drotebanol named): a morphinan derivative",
    )


# ---------------------------------------------------------------- item 11: benzazocines
BENZAZOCINE = smarts(f"{NITROGEN}1~[#6]~[#6]~[#6]2~c3~c~c~c~c~c3~[#6]~[#6]1~[#6]2")


def _benzazocines(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(BENZAZOCINE)
    if not hit or mol.HasSubstructMatch(MORPHINAN):
        return None  # a morphinan contains the 2,6-methano-3-benzazocine: item 10 reads it
    return Finding(
        "controlled",
        hit,
        "2,6-methano-3-benzazocine (benzomorphan) ring system of phenazocine, metazocine, pentazocine: "
        "a benzazocine derivative",
    )


# ---------------------------------------------------------------- item 3: phenylpiperidines
# 4-arylpiperidine whose C4 also carries carbon or oxygen (the pethidine and prodine quaternary C4)
RING_N = "[#7;R1;!a;!$([#7]-[#6]=[#8])]"
ARYLPIPERIDINE = smarts(f"{RING_N}1-[C;R1]-[C;R1]-[C;R1](-c)(-[#6,#8;!R])-[C;R1]-[C;R1]-1")


def _c4_kind(mol: Chem.Mol, c4: int, aryl: int) -> str:
    for n in mol.GetAtomWithIdx(c4).GetNeighbors():
        j = n.GetIdx()
        if j == aryl or n.IsInRing():
            continue
        if n.GetAtomicNum() == 8:
            acyl = any(x.GetAtomicNum() == 6 and x.GetIdx() != c4 and any(
                b.GetBondType() == Chem.BondType.DOUBLE and b.GetOtherAtom(x).GetAtomicNum() == 8
                for b in x.GetBonds()) for x in n.GetNeighbors())
            return "acyloxy" if acyl else ("hydroxy" if n.GetTotalNumHs() else "ether")
        if n.GetAtomicNum() == 6:
            if any(b.GetBondType() == Chem.BondType.TRIPLE for b in n.GetBonds()):
                return "cyano"
            if any(b.GetBondType() == Chem.BondType.DOUBLE and b.GetOtherAtom(n).GetAtomicNum() == 8
                   for b in n.GetBonds()):
                others = {x.GetAtomicNum() for x in n.GetNeighbors() if x.GetIdx() != c4}
                return "amide" if 7 in others else "ester or acyl"
            return "alkyl"
    return "other"


def _n_small(mol: Chem.Mol, n: int, ring: set[int]) -> bool:
    """Ring N bearing H or a methyl only (the bare prodine/pethidine intermediates)."""
    return all(x.GetIdx() in ring or (x.GetAtomicNum() == 6 and x.GetDegree() == 1)
               for x in mol.GetAtomWithIdx(n).GetNeighbors())


def _phenylpiperidines(mol: Chem.Mol) -> Finding | None:
    for hit in mol.GetSubstructMatches(ARYLPIPERIDINE):
        c4, aryl = hit[3], hit[4]
        kind = _c4_kind(mol, c4, aryl)
        phenyl = is_benzene(mol, aryl)
        if kind in ("ester or acyl", "acyloxy", "cyano") and phenyl:
            return Finding(
                "controlled",
                hit,
                f"4-phenylpiperidine with a 4-{kind} group: the pethidine/prodine/ketobemidone pattern of the "
                "named phenylpiperidines",
            )
        if kind == "hydroxy" and not _n_small(mol, hit[0], set(hit[:4]) | {hit[6], hit[7]}):
            return Finding(
                "outside",
                hit,
                "4-aryl-4-hydroxypiperidine with a larger N-substituent (haloperidol, loperamide type): no named "
                "phenylpiperidine has a free 4-OH, and it is not a prodine intermediate",
            )
        return Finding(
            "uncertain",
            hit,
            f"4-arylpiperidine with a 4-{kind} group{'' if phenyl else ' and a non-phenyl aryl ring'}: a "
            "phenylpiperidine 'intermediate, derivative or analogue' only on a broad reading (no named member "
            "has it)",
        )
    return None


# ---------------------------------------------------------------- item 4: phenazepines
ARYLAZEPANE = smarts(f"{RING_N}1-[C;R1]-[C;R1]-[C;R1](-c)-[C;R1]-[C;R1]-[C;R1]-1")
ARYLAZEPANE_3 = smarts(f"{RING_N}1-[C;R1]-[C;R1](-c)-[C;R1]-[C;R1]-[C;R1]-[C;R1]-1")


def _phenazepines(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(ARYLAZEPANE)
    if hit:
        return Finding(
            "controlled",
            hit,
            "4-arylazepane (hexahydro-4-phenyl-1H-azepine) ring of the named proheptazine: a phenazepine derivative",
        )
    hit = mol.GetSubstructMatch(ARYLAZEPANE_3)
    if hit:
        return Finding(
            "uncertain",
            hit,
            "3-arylazepane (e.g. meptazinol): the phenyl is not where proheptazine has it; a phenazepine only "
            "on a literal reading",
        )
    return None


# ---------------------------------------------------------------- items 5 and 6: amidones, methadols
# C(Ar)(Ar) bearing the 3-one/3-ol/nitrile, two carbons from the amine (methadone's C4-C5-C6-N)
DIARYL_KETONE = smarts(f"[CX4](-c)(-c)(-[$([CX3](=O)([#6])[#6]),$(C#N)])-[CX4]-[CX4]-{NITROGEN}")
DIARYL_CARBINOL = smarts(f"[CX4](-c)(-c)(-[CX4;!R]-[OX2])-[CX4]-[CX4]-{NITROGEN}")


def _diaryl(mol: Chem.Mol, hit: tuple[int, ...]) -> bool:
    return is_benzene(mol, hit[1]) and is_benzene(mol, hit[2])


def _amidones(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(DIARYL_KETONE)
    if not hit:
        return None
    nitrile = mol.GetAtomWithIdx(hit[3]).GetDegree() == 2 and any(
        b.GetBondType() == Chem.BondType.TRIPLE for b in mol.GetAtomWithIdx(hit[3]).GetBonds())
    if not _diaryl(mol, hit):
        return Finding("uncertain", hit, "4,4-diaryl-6-amino ketone with a non-phenyl ring: an amidone "
                       "derivative only on a broad reading")
    what = "4-cyano-4,4-diphenylbutylamine, the amidone intermediate (dimethylaminodiphenylbutanonitrile named)" \
        if nitrile else "6-amino-4,4-diphenyl-3-alkanone, the methadone skeleton"
    return Finding("controlled", hit, f"{what}: an amidone, intermediate or derivative")


def _methadols(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(DIARYL_CARBINOL)
    if not hit:
        return None
    if not _diaryl(mol, hit):
        return Finding("uncertain", hit, "4,4-diaryl-6-amino alkanol with a non-phenyl ring: a methadol "
                       "derivative only on a broad reading")
    return Finding("controlled", hit, "6-amino-4,4-diphenyl-3-alkanol or its ester, the methadol skeleton "
                   "(methadol, acetylmethadol named): a methadol derivative")


RULES = (
    ca_rule("ca-opium-derivatives", "I", 1, "Opium poppy alkaloids and their derivatives (4,5-epoxymorphinans)",
            CDSA_IN_FORCE, _opium, EPOXYMORPHINAN, "Date: CDSA in force."),
    ca_rule("ca-phenylpiperidines", "I", 3, "Phenylpiperidines, intermediates, derivatives and analogues",
            CDSA_IN_FORCE, _phenylpiperidines, ARYLPIPERIDINE, "Date: CDSA in force."),
    Rule(id="ca-phenazepines", jurisdiction="ca", schedule="I", provision="CDSA Sch. I, item 4",
         effective=CDSA_IN_FORCE, expiry=None, title="Phenazepines and their derivatives", excludes_listed=True,
         assess=_phenazepines, screen=(ARYLAZEPANE, ARYLAZEPANE_3), note="Date: CDSA in force.", gate=SEVEN_RING),
    ca_rule("ca-amidones", "I", 5, "Amidones, intermediates and derivatives", CDSA_IN_FORCE, _amidones,
            DIARYL_KETONE, "Date: CDSA in force."),
    ca_rule("ca-methadols", "I", 6, "Methadols and their derivatives", CDSA_IN_FORCE, _methadols,
            DIARYL_CARBINOL, "Date: CDSA in force."),
    ca_rule("ca-morphinans", "I", 10, "Morphinans and their derivatives", CDSA_IN_FORCE, _morphinans,
            MORPHINAN, "Date: CDSA in force."),
    ca_rule("ca-benzazocines", "I", 11, "Benzazocines and their derivatives", CDSA_IN_FORCE, _benzazocines,
            BENZAZOCINE, "Date: CDSA in force."),
)
