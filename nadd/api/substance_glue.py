"""JSON answers of the substance routes, over ``nadd.law`` (control status) and ``nadd.chem``.

Kept apart from the router so the routes stay thin and answer 503 cleanly when the substance
packages are not installed (they are imported here, on first use).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from nadd.errors import NaddError, NotFound


def _verdict_json(v) -> dict[str, Any]:
    return {"input": v.input, "as_of": v.as_of.isoformat(), "name": v.name, "inchikey": v.inchikey,
            "smiles": v.smiles, "error": v.error or None,
            "jurisdictions": {j: {**dataclasses.asdict(jv),
                                  "neighbours": [dataclasses.asdict(n) for n in jv.neighbours]}
                              for j, jv in v.by_jurisdiction.items()}}


def _parse(q: str):
    from nadd.chem import parse
    from nadd.errors import StructureError

    try:
        return parse(q)
    except StructureError:
        raise
    except Exception as e:  # RDKit raises plain exceptions on some malformed input
        raise NaddError(f"cannot read {q[:80]!r} as a name, SMILES, InChI or MOL block",
                        hint="paste a SMILES (e.g. CCN(CC)C(=O)...) or a substance name") from e


def check(q: str, as_of: date | None) -> dict[str, Any]:
    from nadd.law import check as law_check

    return _verdict_json(law_check(_parse(q), as_of))


def similar(q: str, limit: int) -> dict[str, Any]:
    from nadd.law.check import neighbours

    s = _parse(q)
    return {"input": q, "smiles": s.smiles, "inchikey": s.inchikey,
            "similar": [{"name": n, "similarity": round(float(sim), 4), "inchikey_nostereo": k}
                        for n, sim, k in neighbours(s, k=limit)]}


def depict(q: str, width: int, height: int) -> str:
    from rdkit.Chem.Draw import rdMolDraw2D

    s = _parse(q)
    d = rdMolDraw2D.MolDraw2DSVG(width, height)
    rdMolDraw2D.PrepareAndDrawMolecule(d, s.mol)
    d.FinishDrawing()
    return d.GetDrawingText()


def show(name: str) -> dict[str, Any]:
    from nadd.errors import StructureError

    try:
        s = _parse(name)
    except StructureError as e:
        raise NotFound(f"no substance {name!r}", hint=e.hint or "try /substances/check?q=...") from None
    out = {"name": s.name or name, "smiles": s.smiles, "inchi": s.inchi, "inchikey": s.inchikey,
           "formula": s.formula}
    out["status"] = check(name, None)["jurisdictions"]
    return out
