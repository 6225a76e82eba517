"""Outbreak detection algorithms, equal to R's ``surveillance`` 1.20.

Each method is a small frozen dataclass of settings spelled as in surveillance's control
list, with one verb ``run(observed, range=None) -> Result``, vectorised across series::

    from nadd.detect import EarsC, from_settings, list_methods
    res = EarsC(method="C1", alpha=0.001).run(counts, range=np.arange(7, n))
    res = from_settings("ears-c3", {"baseline": "7", "alpha": "0.05"}).run(counts)

``METHODS`` maps each name (``list_methods()``) to its entry.
"""

from __future__ import annotations

from nadd.detect.base import (
    METHODS,
    DetectError,
    Result,
    SeriesRefused,
    SettingError,
    from_settings,
    get_method,
    list_methods,
)
from nadd.detect.cusum import Cusum
from nadd.detect.ears import EarsC
from nadd.detect.emerging import FirstDetection, RisingTrend
from nadd.detect.engines import Engine, LocalEngine, get_engine
from nadd.detect.farrington import Farrington
from nadd.detect.farrington_flexible import FarringtonFlexible
from nadd.detect.glr import GlrNB, GlrPois

__all__ = [
    "METHODS",
    "Cusum",
    "DetectError",
    "EarsC",
    "Engine",
    "LocalEngine",
    "get_engine",
    "Farrington",
    "FarringtonFlexible",
    "FirstDetection",
    "GlrNB",
    "GlrPois",
    "Result",
    "RisingTrend",
    "SeriesRefused",
    "SettingError",
    "from_settings",
    "get_method",
    "list_methods",
]
