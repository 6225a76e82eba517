"""Canada CDSA Schedule I item 16: "Fentanyls, their salts, derivatives, and analogues ...".

Text (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.1 and 9.5):

    "16 Fentanyls, their salts, derivatives, and analogues and salts of derivatives and
    analogues, including: (1) Acetyl-a-methylfentanyl ... (2) Alfentanil ... (3) Carfentanil
    ... (4) p-Fluorofentanyl ... (5) Fentanyl ... (11.1) Remifentanil ... (12) Sufentanil ...
    (13) Thiofentanyl ...
    (14) 4-Anilino-N-phenethylpiperidine (ANPP) (N-phenyl-1-(2-phenylethyl)piperidine-4-amine),
    its derivatives and analogues and salts of derivatives and analogues" (SOR/2019-121, in
    force 2019-05-15).

Canada lists no structural modifications: "derivatives and analogues" is open-ended and
unnamed compounds are settled by Health Canada status determinations. The reading here
anchors on what every named fentanyl shares, a 4-(N-aryl-N-acyl)aminopiperidine whose ring
nitrogen carries an open chain of two or more atoms (phenethyl, thienylethyl, the tetrazolone
ethyl of alfentanil, the propanoate of remifentanil):

* that skeleton, with an aromatic ring on the amide N and an acyl (C=O) group: ``controlled``
  (a derivative of the named fentanyls), whatever the further substitution;
* the skeleton with a non-aromatic N-ring, a thioacyl or sulfonyl instead of acyl, or a ring
  nitrogen carrying anything but -C-C-(ring) or -CH2-CH2-X (methyl, benzyl, lorcainide's
  isopropyl): ``uncertain`` (benzylfentanyl is a Schedule VI precursor by name, item 32);
* a free ring NH (norfentanyl type) or an acyl/carbamate on it: outside item 16; these are
  the Schedule VI item 28 norfentanyl class.

Item 16(14) (ANPP derivatives) is its own rule because it has its own date.
CDSA s. 2(3) (a substance expressly named in another schedule is in no other) is left to the
caller via ``excludes_listed``.
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from nadd.law.rules._base import Finding, Rule, best, fmt_atoms, frag
from nadd.law.rules._piperidines import PIPERIDINE_4X, View, is_benzene, is_monocycle, views

NAMED = "named examples include fentanyl, alfentanil, carfentanil, remifentanil, sufentanil, thiofentanyl"


def _fentanyl(mol: Chem.Mol, v: View) -> Finding | None:
    atoms = tuple(sorted({*v.ring, v.c4_group, v.aryl, v.acyl} - {None}))
    n1 = v.n1_text(mol)
    if v.aryl is None or v.acyl is None:
        return None
    if v.n1 in ("H", "acyl", "carbamate"):
        return Finding(
            "outside",
            atoms,
            f"the piperidine nitrogen carries {n1}: a norfentanyl-type compound (Schedule VI item 28 class), not a fentanyl",
        )
    doubts = []
    if v.n1 not in ("ringethyl", "ethylchain"):
        doubts.append(
            f"the piperidine nitrogen carries {n1} (atoms {fmt_atoms(v.n1_atoms)}), not the -C-C- chain every named fentanyl has"
        )
    if not mol.GetAtomWithIdx(v.aryl).GetIsAromatic():
        doubts.append("the ring on the amide nitrogen is not aromatic")
    if v.acyl_kind in ("thioacyl", "sulfonyl"):
        doubts.append(f"the amide nitrogen carries a {v.acyl_kind} group, not an acyl group")
    what = f"4-(N-aryl-N-acyl)aminopiperidine with {n1} on the ring nitrogen"
    if doubts:
        return Finding(
            "uncertain",
            atoms,
            f"{what}; a fentanyl derivative or analogue only on a broad reading: "
            + "; ".join(doubts),
        )
    return Finding(
        "controlled",
        atoms,
        f"{what}: a derivative or analogue of the fentanyls of item 16 ({NAMED})",
    )


def assess_fentanyls(mol: Chem.Mol) -> Finding | None:
    return best([f for v in views(mol) if (f := _fentanyl(mol, v))])


def _anpp(mol: Chem.Mol, v: View) -> Finding | None:
    if v.aryl is None or v.acyl is not None or not v.amine_h:
        return None
    atoms = tuple(sorted({*v.ring, v.c4_group, v.aryl}))
    n1 = v.n1_text(mol)
    if v.n1 in ("H", "acyl", "carbamate"):
        return Finding(
            "outside",
            atoms,
            f"the piperidine nitrogen carries {n1}: a 4-anilinopiperidine (Schedule VI item 30 class), not ANPP",
        )
    if not is_monocycle(mol, v.aryl):
        return Finding(
            "outside",
            atoms,
            f"the ring on the 4-amino nitrogen ({frag(mol, {v.aryl})}-type) is not an aromatic monocycle: not an anilino group",
        )
    if v.n1 == "ringethyl" and is_benzene(mol, v.aryl):
        return Finding(
            "controlled",
            atoms,
            f"4-anilinopiperidine with {n1} on the ring nitrogen: ANPP or a derivative or analogue of it (item 16(14))",
        )
    return Finding(
        "uncertain",
        atoms,
        f"4-(arylamino)piperidine with {n1} on the ring nitrogen: an ANPP analogue only on a broad reading",
    )


def assess_anpp(mol: Chem.Mol) -> Finding | None:
    return best([f for v in views(mol) if (f := _anpp(mol, v))])


FENTANYLS = Rule(
    id="ca-fentanyls",
    jurisdiction="ca",
    schedule="I",
    provision="CDSA Sch. I, item 16",
    effective=date(1997, 5, 14),
    expiry=None,
    title="Fentanyls, their salts, derivatives and analogues",
    excludes_listed=True,
    assess=assess_fentanyls,
    screen=PIPERIDINE_4X,
    note="In force with the CDSA (1997-05-14). Status determinations by Health Canada decide unnamed cases.",
)

ANPP = Rule(
    id="ca-anpp",
    jurisdiction="ca",
    schedule="I",
    provision="CDSA Sch. I, item 16(14)",
    effective=date(2019, 5, 15),
    expiry=None,
    title="ANPP, its derivatives and analogues",
    excludes_listed=True,
    assess=assess_anpp,
    screen=PIPERIDINE_4X,
    note="SOR/2019-121.",
)

RULES = (FENTANYLS, ANPP)
