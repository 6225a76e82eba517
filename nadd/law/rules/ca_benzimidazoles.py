"""Canada CDSA Schedule I item 13: "Benzimidazoles, their salts, derivatives ..." (nitazenes).

Text (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.1, 9.5):

    "13 Benzimidazoles, their salts, derivatives and salts of derivatives including:
    (1) Clonitazene (2-(p-chlorobenzyl)-1-diethylaminoethyl-5-nitrobenzimidazole)
    (2) Etonitazene (2-(p-ethoxybenzyl)-1-diethylaminoethyl-5-nitrobenzimidazole)
    (3) Bezitramide (1-(3-cyano-3,3-diphenylpropyl)-4-(2-oxo-3-propionyl-1-benzimidazolinyl)-
        piperidine)"

The item sits among the opioids and names two chemotypes, so "benzimidazoles" cannot mean
every benzimidazole (omeprazole, albendazole, domperidone are not narcotics). There is no
"analogues" in this item and no nitazene class order; Health Canada has determined that
metonitazene falls under item 13 (legal-definitions.md s. 2.2). Reading:

* 2-(arylmethyl)-1-(2-aminoethyl)benzimidazole, the clonitazene/etonitazene skeleton (amine
  open-chain or in a ring, as in etonitazepyne; 5-nitro or not, as in the desnitazenes):
  ``controlled`` as a derivative of the named nitazenes;
* other 1-substituted 2-benzylbenzimidazoles (e.g. etazene's acetamide arm) and
  1-(1-aralkylpiperidin-4-yl)benzimidazol-2-ones (the bezitramide / brorphine type):
  ``uncertain``: a derivative only on a broad reading, settled by a status determination;
* any other benzimidazole: nothing.
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from nadd.law.rules._base import Finding, Rule, smarts

SCREEN = smarts("c1nc2ccccc2n1")
NITAZENE = smarts("[NX3;!$(N-C=O);!$(N-S=O);!a]-[CH2]-[CH2]-n1c(-[CH2]-a)nc2ccccc12")
BENZYL_BZI = smarts("[*;!#1]-n1c(-[CH2]-a)nc2ccccc12")
BEZITRAMIDE = smarts(
    "O=c1n(-[C;R1]2-[C;R1]-[C;R1]-[N;R1](-[CX4;!R]-[$(c),$([CX4;!R]-c),$([CX4;!R]-[CX4;!R]-c)])-[C;R1]-[C;R1]2)c2ccccc2[nX3]1"
)


def assess(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(NITAZENE)
    if hit:
        return Finding(
            "controlled",
            hit,
            "2-(arylmethyl)-1-(2-aminoethyl)benzimidazole: the skeleton of the named clonitazene and etonitazene "
            "(item 13 'derivatives')",
        )
    hit = mol.GetSubstructMatch(BENZYL_BZI)
    if hit:
        return Finding(
            "uncertain",
            hit,
            "1-substituted 2-(arylmethyl)benzimidazole without the 2-aminoethyl arm of clonitazene/etonitazene: "
            "a derivative only on a broad reading (Health Canada status determination)",
        )
    hit = mol.GetSubstructMatch(BEZITRAMIDE)
    if hit:
        return Finding(
            "uncertain",
            hit,
            "1-(1-aralkylpiperidin-4-yl)benzimidazol-2-one, the ring system of the named bezitramide: a derivative "
            "only on a broad reading (e.g. brorphine; Health Canada status determination)",
        )
    return None


BENZIMIDAZOLES = Rule(
    id="ca-benzimidazoles",
    jurisdiction="ca",
    schedule="I",
    provision="CDSA Sch. I, item 13",
    effective=date(1997, 5, 14),
    expiry=None,
    title="Benzimidazoles (nitazene and bezitramide types), their salts and derivatives",
    excludes_listed=True,
    assess=assess,
    screen=SCREEN,
    note="No 'analogues' in this item; nitazene coverage rests on status determinations.",
)

RULES = (BENZIMIDAZOLES,)
