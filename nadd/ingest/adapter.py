"""One adapter per source: it knows the source's files and turns each into observation rows.

An adapter only maps published cells to the model (``Rows.add``) and reports what it cannot
read (``Rows.fail``). Ids, provenance, sharing metadata and the checks that are the same for
every source (known indicator, jurisdiction, substance, unit) are the loader's job.
"""

from __future__ import annotations

import fnmatch
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

import pandas as pd

from nadd.errors import Failure
from nadd.ingest.values import EXPECTED_NUMBER, BadValue, parse_value
from nadd.model.observation import ALL, PARSED
from nadd.model.periods import Period
from nadd.model.status import Status


@dataclass(frozen=True)
class SourceFile:
    """A file of the source as published, and the release (vintage) of the bundled copy."""

    name: str  # as published; the bundled snapshot may add .gz
    vintage: date
    pattern: str | None = None  # glob that other releases of this file match

    def matches(self, filename: str) -> bool:
        base = filename.removesuffix(".gz").removesuffix(".bz2")
        return base == self.name or bool(self.pattern and fnmatch.fnmatch(base, self.pattern))


@dataclass
class Rows:
    """Collects an adapter's rows and failures for one file."""

    file: str
    vintage: date | None = None  # release being loaded, for rules such as "the last year is partial"
    records: list[dict] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def add(
        self,
        *,
        row: int,
        indicator: str,
        jurisdiction: str,
        period: Period,
        value: object,
        unit: str,
        substance: str | None = None,
        sex: str = ALL,
        age_group: str = ALL,
        manner: str = ALL,
        setting: str = ALL,
        status: Status | None = None,
        note: str | None = None,
        column: str | None = None,
    ) -> None:
        """Add one cell. ``value`` is the published text (parsed here) or a number.

        ``status`` overrides the parsed status only where a value exists (e.g. PROVISIONAL);
        suppressed and missing cells keep their own status.
        """
        try:
            v, st = parse_value(value)
        except BadValue:
            self.fail(row, column or "value", value, EXPECTED_NUMBER,
                      "correct the cell, or blank it if the value is not available")
            return
        if status is not None and st.has_value:
            st = status
        self.records.append({
            "indicator_id": indicator, "jurisdiction_id": jurisdiction,
            "period_type": period.type.value, "period_start": period.start,
            "period_end": period.end, "substance_id": substance, "sex": sex,
            "age_group": age_group, "manner": manner, "setting": setting, "unit": unit,
            "value": v, "status": st.value, "note": note or None, "source_row": row,
        })

    def fail(self, row: int | None, column: str | None, value: object, expected: str, hint: str = "") -> None:
        self.failures.append(
            Failure(self.file, row, column, None if value is None else str(value), expected, hint)
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame.from_records(self.records, columns=list(PARSED))


class Adapter(ABC):
    """Base of every source adapter. Subclasses set the metadata and implement ``parse``."""

    id: ClassVar[str]
    title: ClassVar[str]
    publisher: ClassVar[str]
    country: ClassVar[str]  # ISO alpha-2 of the publisher, or "INT"
    licence: ClassVar[str]
    url: ClassVar[str | None] = None
    synthetic: ClassVar[bool] = False
    files: ClassVar[tuple[SourceFile, ...]] = ()
    owner_agency: ClassVar[str] = ""  # publisher's short name, e.g. "CDC-NCHS"
    # Sharing defaults for the records of this source; public data is public, TLP:CLEAR.
    releasability: ClassVar[str | None] = None
    tlp: ClassVar[str | None] = None

    @abstractmethod
    def parse(self, path: Path, rows: Rows) -> None:
        """Read ``path`` (a file of this source) into ``rows``."""

    def file_for(self, path: Path) -> SourceFile | None:
        return next((f for f in self.files if f.matches(path.name)), None)

    def bundled_dir(self) -> Path:
        from nadd.settings import get_settings

        return Path(get_settings().data_dir) / self.id

    def bundled_paths(self) -> list[Path]:
        folder = self.bundled_dir()
        out = []
        for f in self.files:
            hits = sorted(p for p in folder.glob(f.name + "*") if f.matches(p.name))
            out.extend(hits[:1])
        return out

    def provenance(self) -> str:
        p = self.bundled_dir() / "PROVENANCE.md"
        return p.read_text(encoding="utf-8") if p.exists() else ""
