"""One error shape for the whole of nadd.

Every error says what happened, where (file, row, column or field) and how to fix it.
``NaddError.to_dict`` is the JSON envelope the API returns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


class NaddError(Exception):
    """Base of every error nadd raises on purpose."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, hint: str | None = None, details: list[Any] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details or []

    def __str__(self) -> str:
        return self.message + (f"\nHint: {self.hint}" if self.hint else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": False,
            "status": self.status,
            "error": self.code,
            "message": self.message,
            "hint": self.hint,
            "errors": [asdict(d) if hasattr(d, "__dataclass_fields__") else d for d in self.details],
        }


class ConfigError(NaddError):
    code = "config_error"


class NotFound(NaddError):
    code = "not_found"
    status = 404


class StoreError(NaddError):
    code = "store_error"
    status = 500


class PeriodError(NaddError):
    code = "period_error"


class UnitError(NaddError):
    code = "unit_error"


class StructureError(NaddError):
    """A chemical structure or name could not be read (RDKit's reason, or the unknown name)."""

    code = "structure_error"


@dataclass(frozen=True)
class Failure:
    """One validation failure: where it is, what was found, what was expected, how to fix it."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    hint: str = ""

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


class ValidationFailed(NaddError):
    """Raised with every failure found, never just the first."""

    code = "validation_failed"
    status = 422

    def __init__(self, failures: list[Failure], *, source: str | None = None):
        self.failures = list(failures)
        head = self.failures[0]
        more = f" (and {len(self.failures) - 1} more)" if len(self.failures) > 1 else ""
        msg = (
            f"{len(self.failures)} problem(s) in {source or head.file}: {head.where()}: "
            f"found {head.value!r}, expected {head.expected}{more}"
        )
        super().__init__(msg, hint=head.hint or None, details=self.failures)
