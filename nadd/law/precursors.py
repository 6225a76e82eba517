"""Precursor -> drug relations (``nadd/law/data/precursors.csv``), with each precursor's listings.

Relations are direct synthesis steps (4-AP -> ANPP -> fentanyl); :func:`leads_to` follows them
transitively, :func:`made_from` walks back. Names resolve through the registry, so salts and
synonyms work ("norfentanyl oxalate", "BMK").

Example:
    >>> [d for d, _ in leads_to("4-AP")][:2]
    ['fentanyl', 'norfentanyl']
"""

from __future__ import annotations

from dataclasses import dataclass

from nadd.law.kb import kb, precursor_relations


@dataclass(frozen=True)
class Link:
    precursor: str
    drug: str
    route: str
    note: str
    depth: int  # 1 = direct step


def _canonical(name: str) -> str:
    """Display name in the structures dictionary for any spelling, salt or structure."""
    from nadd.chem.registry import parse

    s = parse(name)
    for n, (_, key) in kb().structures.items():
        if key == s.inchikey_nostereo:
            return n
    return s.name or name


def _walk(start: str, forward: bool) -> list[Link]:
    rels = precursor_relations()
    out: list[Link] = []
    seen = {start}
    frontier = [start]
    depth = 0
    while frontier:
        depth += 1
        nxt = []
        for node in frontier:
            for p, d, route, note in rels:
                src, dst = (p, d) if forward else (d, p)
                if src == node and dst not in seen:
                    seen.add(dst)
                    nxt.append(dst)
                    out.append(Link(p, d, route, note, depth))
        frontier = nxt
    return out


def leads_to(precursor: str) -> list[tuple[str, Link]]:
    """Every drug or intermediate reachable from ``precursor`` (nearest first)."""
    return [(link.drug, link) for link in _walk(_canonical(precursor), True)]


def made_from(drug: str) -> list[tuple[str, Link]]:
    """Every precursor that leads to ``drug`` (nearest first)."""
    return [(link.precursor, link) for link in _walk(_canonical(drug), False)]
