"""Legal knowledge base and control-status checks (US, CA, MX, UN, NL).

    from nadd.law import check, check_many, gaps, changes
    check("fentanyl citrate").row()      # us_verdict, us_schedule, ... per jurisdiction
    changes(since=date(2025, 1, 1))      # dated feed of listings and expiries
"""

from nadd.law.changes import changes
from nadd.law.check import JurisdictionVerdict, Verdict, check, check_many
from nadd.law.gaps import gaps, store_substances
from nadd.law.kb import JURISDICTIONS, kb
from nadd.law.precursors import leads_to, made_from

__all__ = ["JURISDICTIONS", "JurisdictionVerdict", "Verdict", "changes", "check", "check_many",
           "gaps", "kb", "leads_to", "made_from", "store_substances"]
