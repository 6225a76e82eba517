"""Generic (class-wide) legal definitions as explainable structural rules.

``RULES`` holds one ``Rule`` per generic legal text (one module per text). Each rule reads a
standardised parent molecule and answers ``match(mol) -> RuleMatch | None`` with a verdict
(``controlled`` or ``uncertain``), the matched atoms and a reason in the law's own words::

    from nadd.law.rules import RULES
    for rule in RULES:
        if rule.in_force(as_of) and (m := rule.match(mol)):
            print(rule.id, rule.provision, m.verdict, m.reason)

``rule.explain(mol)`` says why a near miss (the class's anchor is there) falls outside.
Rules with ``excludes_listed`` leave the "unless listed elsewhere" exclusion to the caller.
Mexico and the UN conventions have no structural class wording: see ``mx_un``.
"""

from __future__ import annotations

from nadd.law.rules import (
    ca_2c,
    ca_benzimidazoles,
    ca_cannabinoids,
    ca_fentanyls,
    ca_opioid_classes,
    ca_opioid_items,
    ca_opioid_skeletons,
    ca_precursors,
    ca_sedatives,
    ca_stimulants,
    mx_un,
    us_cannabimimetic,
    us_frs,
    us_precursors,
)
from nadd.law.rules._base import Finding, Rule, RuleMatch

RULES: tuple[Rule, ...] = (
    *us_frs.RULES,
    *us_cannabimimetic.RULES,
    *us_precursors.RULES,
    *ca_fentanyls.RULES,
    *ca_benzimidazoles.RULES,
    *ca_cannabinoids.RULES,
    *ca_2c.RULES,
    *ca_opioid_classes.RULES,
    *ca_opioid_skeletons.RULES,
    *ca_opioid_items.RULES,
    *ca_sedatives.RULES,
    *ca_stimulants.RULES,
    *ca_precursors.RULES,
    *mx_un.RULES,
)
BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

__all__ = ["BY_ID", "RULES", "Finding", "Rule", "RuleMatch"]
