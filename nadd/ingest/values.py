"""Turn published cell text into (value, status), on purpose and with a reason when it fails."""

from __future__ import annotations

import math
import re

from nadd.model.status import Status

# Markers publishers use for small cells withheld on purpose.
SUPPRESSED = {"suppr.", "suppr", "suppressed", "*", "**", "s", "x", "<5", "<10", "1-9", "(s)", "n<10"}
# Markers for "no value" that are not suppression.
MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "--", "..", "...", "not available", "unreliable", "nd"}

_NUM = re.compile(r"^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class BadValue(ValueError):
    """Cell text is not a number nor a known marker."""


def parse_value(text: object) -> tuple[float | None, Status]:
    """Parse one cell. Raises BadValue when the text is neither a number nor a marker.

    Accepts thousands separators (1,234), exponents (6.6e-05, as spreadsheets export tiny
    masses), a trailing '+' or '%' (CDC's '99.5+'),
    suppression markers (Suppr., *, <10) and missing markers (blank, NA, '..').
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None, Status.NOT_AVAILABLE
    if isinstance(text, int | float):
        return float(text), Status.REPORTED
    s = str(text).strip().replace("\u00a0", "").replace("\u202f", "")
    low = s.lower()
    if low in SUPPRESSED or re.fullmatch(r"<\s*\d+", low):
        return None, Status.SUPPRESSED
    if low in MISSING:
        return None, Status.NOT_AVAILABLE
    core = s.rstrip("+%").strip()
    if _NUM.match(core):
        return float(core.replace(",", "")), Status.REPORTED
    raise BadValue(s)


EXPECTED_NUMBER = "a number (1,234 or 12.5), a suppression marker (Suppr., *, <10) or blank"
