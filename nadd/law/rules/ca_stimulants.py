"""Canada CDSA stimulant class items anchored on a parent ("X, its salts, derivatives ...").

Texts (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.1, 9.1.3):

* Sch. I 17.1 "Methylenedioxypyrovalerone (MDPV), its salts, derivatives, isomers and analogues ..."
* Sch. I 19   "Amphetamines, their salts, derivatives, isomers and analogues ..., including" 21
              named (ring-substituted, N-alkyl, N-benzyl, N-hydroxy, N-2-hydroxyethyl,
              methylenedioxy amphetamines)
* Sch. III 2  "Methylphenidate (methyl 2-phenyl-2-(piperidin-2-yl)acetate) ..., including
              ethyl-, isopropyl-, propylphenidate, 3,4-dichloro-, 4-methyl-, 4-fluoromethyl-
              phenidate, methyl- and ethylnaphthidate"

None of these says what a "derivative" or "analogue" is. Each rule keeps the parent's
pharmacophore as its anchor, says ``controlled`` for the variations the named sub-items already
show (ring substituents, ester and N-alkyl sizes), ``uncertain`` for one step further (other aryl
rings, other amine groups, beta-keto amphetamines, i.e. cathinones, which Health Canada has
placed by status determination) and outside for two steps or more (bupropion, formoterol).
Substances named in another schedule (phentermine, pyrovalerone, cathinone, methcathinone,
pipradrol) keep their own item: ``excludes_listed``. Dates not in the sources read: notes say [R].
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from nadd.law.rules._amines import BASIC_N, aryl_kind, ca_rule, n_subs
from nadd.law.rules._base import Finding, components, smarts
from nadd.law.rules._groups import classify

CDSA_IN_FORCE = date(1997, 5, 14)


# ---------------------------------------------------------------- amphetamines (item 19)
AMPHETAMINE = smarts(f"{BASIC_N}-[CX4;!R;H1](-[CH3])-[CX4,CX3;!R]-[c]")
NAMED_N = {"C1 alkyl", "C2 alkyl", "C3 alkyl", "benzyl", "hydroxyl", "hydroxyalkyl"}
RING_NAMED = {"alkyl", "alkoxyl", "halo"}


def _ring_atoms(mol: Chem.Mol, idx: int) -> set[int]:
    """The aryl ring of ``idx`` plus a fused methylenedioxy ring (named: MDA and kin)."""
    ri = mol.GetRingInfo()
    own = next(set(r) for r in ri.AtomRings() if idx in r)
    for r in ri.AtomRings():
        if set(r) & own and set(r) != own and len(r) == 5:
            own |= set(r)
    return own


def _amphetamine(mol: Chem.Mol) -> Finding | None:
    best = None
    for n, ca, me, cb, ar in mol.GetSubstructMatches(AMPHETAMINE):
        atoms = (n, ca, me, cb, ar)
        beta = [c for c, t in components(mol, {n, ca, me, cb, ar}) if t == {cb}]
        beta_words = [classify(mol, c, cb) for c in beta]
        n_groups = n_subs(mol, n, {ca})
        n_words = [w for w, _ in n_groups]
        kind = aryl_kind(mol, ar)
        doubts = []
        if beta_words:
            if beta_words == ["oxo"]:
                doubts.append(
                    "beta-keto (a cathinone): an amphetamine analogue by Health Canada status determinations, not by the text"
                )
            else:
                doubts.append(f"the beta carbon carries {', '.join(beta_words)}")
        if kind not in ("phenyl", "methylenedioxyphenyl"):
            doubts.append(
                f"the aryl ring is {kind}, not a (substituted) phenyl as in every named amphetamine"
            )
        else:
            ring_words = {
                classify(mol, c, next(iter(t)))
                for c, t in components(mol, _ring_atoms(mol, ar) | {cb})
                if not (t & {cb}) and len(t) == 1
            }
            if ring_words - RING_NAMED:
                doubts.append(
                    "ring substituents "
                    + ", ".join(sorted(ring_words - RING_NAMED))
                    + " beyond the named alkyl, alkoxy and halo"
                )
        odd = [(w, size) for w, size in n_groups if w not in NAMED_N]
        if odd or len(n_words) > 2:
            doubts.append("the amine carries " + ", ".join(n_words))
            if any(size > 7 for _, size in odd):  # a second pharmacophore on N, not a derivative
                doubts.append("the N-substituent is larger than any named one (benzyl, 7 atoms)")
        what = (
            f"alpha-methylphenethylamine ({kind}{'; N: ' + ', '.join(n_words) if n_words else ''})"
        )
        if len(doubts) > 1:  # two steps beyond everything named: not a reading worth raising
            f = Finding(
                "outside",
                atoms,
                f"{what}: more than one departure from the named amphetamines: "
                + "; ".join(doubts),
            )
        elif doubts:
            f = Finding(
                "uncertain",
                atoms,
                f"{what}; an amphetamine derivative or analogue only on a broad reading: "
                + doubts[0],
            )
        else:
            f = Finding(
                "controlled",
                atoms,
                f"{what}: an amphetamine derivative (item 19 names ring-substituted, N-alkyl, N-benzyl and N-hydroxy amphetamines)",
            )
        if best is None or f.rank > best.rank:
            best = f
    return best


# ---------------------------------------------------------------- MDPV (item 17.1)
PYRROLIDINOPHENONE = smarts(
    "[c]-[CX3](=O)-[CX4;!R;H1](-[#6;!R])-[NX3;R1]1-[CH2]-[CH2]-[CH2]-[CH2]-1"
)
AZACYCLE_PHENONE = smarts("[c]-[CX3](=O)-[CX4;!R;H1](-[#6;!R])-[NX3;R1;!$(N-C=O)]")


def _alpha_alkyl(mol: Chem.Mol, hit: tuple[int, ...]) -> bool:
    """The alpha carbon's (hit[3]) side chain (from hit[4]) is a plain alkyl, as MDPV's propyl."""
    piece = next((c for c, t in components(mol, {hit[3]}) if hit[4] in c), set())
    return bool(piece) and classify(mol, piece, hit[3]) == "alkyl"


def _plain_azacycle(mol: Chem.Mol, n: int) -> bool:
    """The amine's ring is saturated and all carbon besides the N (piperidine, azepane)."""
    ring = next((r for r in mol.GetRingInfo().AtomRings() if n in r), ())
    return all(
        mol.GetAtomWithIdx(i).GetAtomicNum() == 6 and not mol.GetAtomWithIdx(i).GetIsAromatic()
        for i in ring
        if i != n
    )


def _mdpv(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(PYRROLIDINOPHENONE)
    if hit and not _alpha_alkyl(mol, hit):
        hit = ()
    if hit:
        kind = aryl_kind(mol, hit[0])
        if kind in ("phenyl", "methylenedioxyphenyl"):
            return Finding(
                "controlled",
                hit,
                f"alpha-pyrrolidinophenone ({kind}): MDPV or a derivative or analogue (the alpha-PVP family)",
            )
        return Finding(
            "uncertain",
            hit,
            f"alpha-pyrrolidinophenone with a {kind} ring: an MDPV analogue only on a broad reading",
        )
    hit = mol.GetSubstructMatch(AZACYCLE_PHENONE)
    if hit and _alpha_alkyl(mol, hit) and _plain_azacycle(mol, hit[5]):
        return Finding(
            "uncertain",
            hit,
            "alpha-(cyclic amino)phenone other than pyrrolidine: an MDPV analogue only on a broad reading",
        )
    return None


# ---------------------------------------------------------------- methylphenidate (Sch. III item 2)
PHENIDATE = smarts("[OX2]-[CX3](=O)-[CX4;!R](-a)-[C;R1]1-[NX3;R1]-[C;R1]-[C;R1]-[C;R1]-[C;R1]-1")
PHENIDATE_LIKE = smarts("[O,N]-[CX3](=O)-[CX4;!R](-a)-[C;R]-[NX3;R]")


def _methylphenidate(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(PHENIDATE)
    if hit:
        kind = aryl_kind(mol, hit[4])
        ester = [c for c, t in components(mol, set(hit)) if t == {hit[0]}]
        n_free = mol.GetAtomWithIdx(hit[6]).GetTotalNumHs() == 1
        alkyl_ester = (
            len(ester) == 1 and classify(mol, ester[0], hit[0]) == "alkyl" and len(ester[0]) <= 3
        )
        if kind in ("phenyl", "naphthyl") and alkyl_ester and n_free:
            return Finding(
                "controlled",
                hit,
                f"alkyl 2-{kind}-2-(piperidin-2-yl)acetate: methylphenidate or a derivative (ethyl-, isopropyl-, propylphenidate, naphthidates named)",
            )
        return Finding(
            "uncertain",
            hit,
            "2-aryl-2-(piperidin-2-yl)acetate beyond the named variations (ester, ring or N-substitution): a methylphenidate analogue only on a broad reading",
        )
    hit = mol.GetSubstructMatch(PHENIDATE_LIKE)
    if hit:
        return Finding(
            "uncertain",
            hit,
            "2-aryl-2-(azacycloalkan-2-yl)acetate or acetamide: a methylphenidate analogue only on a broad reading",
        )
    return None


RULES = (
    ca_rule(
        "ca-mdpv",
        "I",
        "17.1",
        "MDPV, derivatives, isomers and analogues (alpha-pyrrolidinophenones)",
        date(2012, 9, 26),
        _mdpv,
        AZACYCLE_PHENONE,
        "SOR/2012-176; in-force date [R].",
    ),
    ca_rule(
        "ca-amphetamines",
        "I",
        19,
        "Amphetamines, derivatives, isomers and analogues",
        CDSA_IN_FORCE,
        _amphetamine,
        AMPHETAMINE,
        "Date: CDSA in force.",
    ),
    ca_rule(
        "ca-methylphenidate",
        "III",
        2,
        "Methylphenidate, derivatives, isomers and analogues",
        date(2017, 3, 10),
        _methylphenidate,
        PHENIDATE_LIKE,
        "SOR/2017-44; in-force date [R].",
    ),
)
