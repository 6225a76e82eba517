"""Core SMARTS shared by the US and Canadian synthetic-cannabinoid class texts.

Each pattern is the class's "core chemical structure" with the substitution the text
requires spelled as an atom (``*`` = any heavy atom) and everything the text allows "to any
extent" left open (SMARTS atoms without H counts accept substituents).
"""

from __future__ import annotations

from nadd.law.rules._base import smarts

NAPHTH1 = "c9cccc8ccccc98"  # attached at C1 (next to the ring fusion)
INDOLE_N3 = "[*]-n1cc({x})c2ccccc12"  # N1-substituted indole, {x} at C3

NAPHTHOYL_INDOLE = smarts(INDOLE_N3.format(x=f"-[CX3](=O)-{NAPHTH1}"))
NAPHTHYLMETHYL_INDOLE = smarts(INDOLE_N3.format(x=f"-[CH2]-{NAPHTH1}"))
NAPHTHOYL_PYRROLE = smarts(f"[*]-n1cc(-[CX3](=O)-{NAPHTH1})cc1")
NAPHTHYLMETHYLENE_INDENE = smarts(f"[CH1](-{NAPHTH1})=[C;R]1-[C;R]=[C;R](-[*])-c2ccccc12")
PHENYLACETYL_INDOLE = smarts(INDOLE_N3.format(x="-[CX3](=O)-[CH2]-c7ccccc7"))
BENZOYL_INDOLE = smarts(INDOLE_N3.format(x="-[CX3](=O)-c7ccccc7"))
CYCLOPROPYLMETHANONE_INDOLE = smarts(INDOLE_N3.format(x="-[CX3](=O)-[C;R]7-[C;R]-[C;R]7"))
QUINOLINYL_INDOLE_CARBOXYLATE = smarts(INDOLE_N3.format(x="-[CX3](=O)-[OX2]-c7cccc8cccnc78"))
INDAZOLE_CARBOXAMIDE = smarts("[*]-n1nc(-[CX3](=O)-[NX3])c2ccccc12")
INDAZOLE2_CARBOXAMIDE = smarts("[*]-n1nc2ccccc2c1-[CX3](=O)-[NX3]")
INDOLE_CARBOXAMIDE = smarts(INDOLE_N3.format(x="-[CX3](=O)-[NX3]"))
# 2-(cyclohexyl)phenol families. US (i): free phenol, 3-hydroxycyclohexyl, 5-position C.
HYDROXYCYCLOHEXYL_PHENOL = smarts(
    "[OX2H]-c1c(-[C;R]2-[C;R]-[C;R](-[OX2H])-[C;R]-[C;R]-[C;R]2)ccc(-[#6;!R])c1"
)
# Canada (1): O at C1 (hydroxy, ether or ester), any six-carbon ring at C2, 3'-substituted.
CYCLOHEXYL_PHENOL = smarts("[OX2]-c1c(-[C;R]2~[C;R]~[C;R;!D2]~[C;R]~[C;R]~[C;R]2)ccc(-[*])c1")
# SCRA-like chemotype outside the listed classes: N-substituted (aza)indole / indazole with a
# 3-carbonyl linker (carboxamides, carboxylates, ketones with other heads).
SCRA_LIKE = smarts("[*;!#1]-n1[c,n]c(-[CX3;!R]=O)c2[c,n][c,n][c,n][c,n]c12")
# screens: an N-substituted aromatic five-ring N; the (cyclohexyl)phenol oxygen; the indene
N_SUBST_AZOLE = smarts("[!#1]-[n;r5]")
CYCLOHEXYL_PHENOL_O = smarts("[OX2]-c:c-[C;R]")
NAPHTHYLIDENE_INDENE = smarts("[CH1](-c)=[C;R](-c)-[C;R]=[C;R]")
# Indazole or indole N1 - the atom the "substitution at the nitrogen" text speaks of.
ANY_N_SUBST_INDOLE = smarts("[*]-n1[c,n][c,n]c2ccccc12")
