"""Mexico and the UN conventions: why there is no structural class rule to encode.

Mexico, Ley General de Salud (texto vigente, DOF 07-06-2024; legal-definitions.md s. 9.2, 9.6):

* Art. 234 closes with two generic hooks [Q]: "Los isómeros de los estupefacientes de la lista
  anterior, a menos que estén expresamente exceptuados." and "Cualquier otro producto derivado
  o preparado que contenga substancias señaladas en la lista anterior, sus precursores
  químicos y, en general, los de naturaleza análoga y cualquier otra substancia que determine
  la Secretaría de Salud o el Consejo de Salubridad General."
  - "isómeros" extends each *named* entry to its isomers: that is a property of a knowledge-base
    entry (its ``covers`` column, matched by the stereo-stripped key), not a class of its own.
  - "productos derivados o preparados que contengan ..." speaks of preparations containing a
    listed substance, not of new structures.
  - "de naturaleza análoga" gives no structural criterion and hands the decision to the
    Secretaría de Salud / Consejo de Salubridad General: it is analogue evidence (nearest
    listed neighbours, ``possible_analogue``), never a rule that can say ``controlled``.
* Art. 245 fr. I requires an express SSA/CSG determination for derivatives; fr. II-IV end
  with "Y sus sales, precursores y derivados químicos" [Q] with no structural criterion for
  "derivados": the same analogue treatment applies.
* LFCPQ art. 4 covers "las sales y los isómeros ópticos" of listed precursors and "las sales"
  of essential chemicals [Q]: entry-level coverage again, no class.
* The LGS reform of DOF 15-01-2026 (fentanyl analogues and nitazenes added to art. 234) was
  not retrieved in its amended text (s. 9.4); reports describe named additions, not an
  FRS-like class. Nothing to encode until the text is read.

UN (1961, 1971, 1988; legal-definitions.md s. 4): the schedules list substances by name.
Generic coverage is limited to the isomers, esters and ethers of listed substances (1961,
with exceptions such as dextromethorphan) and stereoisomers (1971), and the salts: again
coverage of listed entries, for the knowledge base, not a class definition. The 1988 Tables
have no derivative wording; INCB's 2022 menu of options for designer precursors has not
become a generic Table entry.

So these jurisdictions contribute no ``Rule``; their generic wording is carried by the
knowledge base's ``covers`` column and by the analogue search.
"""

from __future__ import annotations

RULES: tuple = ()
