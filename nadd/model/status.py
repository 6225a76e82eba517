"""Why a value is (or is not) there. Travels with every observation; never a bare NaN."""

from enum import StrEnum


class Status(StrEnum):
    REPORTED = "reported"  # published final or current value
    PROVISIONAL = "provisional"  # published, expected to change (late registrations, lab lag)
    PREDICTED = "predicted"  # publisher's own model-adjusted value (e.g. VSRR predicted)
    ESTIMATED = "estimated"  # derived by nadd or a publisher from other figures
    SUPPRESSED = "suppressed"  # small cell withheld by the publisher (value is NULL)
    NOT_AVAILABLE = "not_available"  # cell empty or not collected (value is NULL)
    NOT_APPLICABLE = "not_applicable"  # combination that cannot exist (value is NULL)

    @property
    def has_value(self) -> bool:
        return self not in (Status.SUPPRESSED, Status.NOT_AVAILABLE, Status.NOT_APPLICABLE)
