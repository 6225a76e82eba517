"""Detection plans, declared as data (YAML) and validated with pydantic.

A plan says which observations (source, indicator, jurisdictions, substances, strata, unit,
period type, periods), how to make series of them (``window``, ``months12_ending``) and
which methods to run with which settings, spelled as in R's ``surveillance``::

    name: phac-quarterly
    select: {source: phac_harms, indicator: drug_deaths, period_type: quarter,
             jurisdiction_level: subdivision, substance: "*"}
    window: {last: 24}
    methods:
      - {method: ears-c2, settings: {baseline: 7}}

``"*"`` means every value. A plan names only methods registered when it runs
(``nadd.detect.list_methods()``); every error names the plan file and the field.
Bundled plans live in ``nadd/detect/plans/*.yaml`` (``bundled_plans()``).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nadd.detect.base import DetectError, from_settings, list_methods
from nadd.detect.series import MONTHS12_OPTIONS
from nadd.errors import NaddError, NotFound

__all__ = ["MethodSpec", "Plan", "PlanError", "bundled_plans", "find_plan", "load_plan"]

ANY = "*"
Scalar = str | int | float | bool | None


class PlanError(NaddError):
    """A plan file is unreadable or a field is invalid; the message names file and field."""

    code = "plan_error"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Select(_Strict):
    """Which observations; lists mean "any of", ``"*"`` every value."""

    source: str
    indicator: str
    period_type: str
    unit: str | None = None
    jurisdiction: str | list[str] = ANY
    jurisdiction_level: Literal["country", "subdivision", "county", "municipality",
                                "region", "city", "health_region"] | None = None
    substance: str | list[str] | None = ANY  # None: indicators without a substance
    sex: str | list[str] = "all"
    age_group: str | list[str] = "all"
    manner: str | list[str] = "all"
    setting: str | list[str] = "all"
    start: date | None = None
    end: date | None = None


class Window(_Strict):
    """The periods each series must cover without gaps: all, or the last ``last``."""

    last: int | None = Field(default=None, ge=3)


class MethodSpec(_Strict):
    method: str
    settings: dict[str, Scalar] = Field(default_factory=dict)
    monitor_last: int | None = Field(default=None, ge=1,
                                     description="monitor only the last N periods")

    @field_validator("settings")
    @classmethod
    def _as_text(cls, v: dict[str, Scalar]) -> dict[str, Scalar]:
        return {k: ("null" if x is None else str(x).upper() if isinstance(x, bool) else str(x))
                for k, x in v.items()}


class Plan(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = ""
    description: str = ""
    select: Select
    window: Window = Window()
    months12_ending: Literal[MONTHS12_OPTIONS] = "refuse"  # type: ignore[valid-type]
    methods: list[MethodSpec] = Field(min_length=1)
    file: str = Field(default="", exclude=True)

    @property
    def hash(self) -> str:
        """SHA-256 of the plan's content (file name excluded): equal plans, equal hash."""
        return hashlib.sha256(self.settings_json().encode("utf-8")).hexdigest()

    def settings_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))

    def detectors(self) -> list[tuple[MethodSpec, Any]]:
        """Each method spec with its configured detector; refused unless registered now."""
        out = []
        for i, spec in enumerate(self.methods):
            where = f"plan {self.file or self.name}, field methods[{i}]"
            if spec.method not in list_methods():
                raise PlanError(f"{where}.method: {spec.method!r} is not an available method",
                                hint="available methods (list_methods()): "
                                     + ", ".join(list_methods()))
            try:
                out.append((spec, from_settings(spec.method, spec.settings)))
            except DetectError as e:
                raise PlanError(f"{where}.settings: {e.message}", hint=e.hint) from None
        return out


def load_plan(path: str | Path) -> Plan:
    """Read and validate one plan file, methods and settings included."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanError(f"no plan file {path}", hint="see `nadd detect plans`") from None
    except yaml.YAMLError as e:
        raise PlanError(f"plan {path.name} is not valid YAML: {e}",
                        hint="check indentation and quoting") from None
    if not isinstance(data, dict):
        raise PlanError(f"plan {path.name} must be a mapping with name, select and methods",
                        hint="see nadd/detect/plans/phac-quarterly.yaml for an example")
    try:
        plan = Plan(**data, file=path.name)
    except ValidationError as e:
        errs = e.errors()
        each = "; ".join(f"field {'.'.join(str(x) for x in err['loc']) or '(top level)'}: "
                         f"{err['msg']}" for err in errs[:5])
        more = f" (and {len(errs) - 5} more)" if len(errs) > 5 else ""
        raise PlanError(f"plan {path.name}, {each}{more}",
                        hint="fields: name, title, description, select, window, "
                             "months12_ending, methods",
                        details=[{"file": path.name, "field": ".".join(map(str, x["loc"])),
                                  "message": x["msg"]} for x in errs]) from None
    plan.detectors()
    return plan


def _folder() -> Path:
    return Path(str(files("nadd.detect") / "plans"))


def bundled_plans() -> list[Plan]:
    """Every plan shipped in nadd/detect/plans, by name."""
    return [load_plan(p) for p in sorted(_folder().glob("*.yaml"))]


def find_plan(name_or_file: str) -> Plan:
    """A bundled plan by name, or a plan file by path."""
    path = Path(name_or_file)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return load_plan(path)
    bundled = _folder() / f"{name_or_file}.yaml"
    if bundled.exists():
        return load_plan(bundled)
    names = sorted(p.stem for p in _folder().glob("*.yaml"))
    raise NotFound(f"no detection plan {name_or_file!r}",
                   hint="bundled plans: " + ", ".join(names) + "; or give a .yaml file path")
