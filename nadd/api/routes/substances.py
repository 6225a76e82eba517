"""Substances: legal status check, similar structures, one substance, structure drawing.

The science lives in ``nadd.law`` (controlled-substance rules) and ``nadd.chem`` (structures);
they are imported when first used, and a route answers 503 with a clear message while they are
not installed.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from nadd.errors import NaddError

router = APIRouter(prefix="/substances", tags=["substances"])


class Unavailable(NaddError):
    code = "unavailable"
    status = 503


def _fn(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        raise Unavailable(f"{module}.{name} is not available in this installation",
                          hint="the substance intelligence package is missing; update nadd") from None


@router.get("/check", summary="Legal status of a substance (name or SMILES) per jurisdiction")
def check(q: str = Query(min_length=1, max_length=2000), as_of: date | None = None) -> Any:
    return _fn("nadd.api.substance_glue", "check")(q, as_of)


@router.get("/similar", summary="Structurally similar known substances")
def similar(q: str = Query(min_length=1, max_length=2000),
            limit: int = Query(10, ge=1, le=100)) -> Any:
    return _fn("nadd.api.substance_glue", "similar")(q, limit)


@router.get("/depict", summary="Structure drawing (SVG, RDKit)", response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}}}})
def depict(q: str = Query(min_length=1, max_length=2000), width: int = Query(300, ge=50, le=1200),
           height: int = Query(220, ge=50, le=1200)) -> Response:
    svg = _fn("nadd.api.substance_glue", "depict")(q, width, height)
    return Response(svg, media_type="image/svg+xml")


@router.get("/{name}", summary="One substance: names, identifiers, structure, legal status")
def show(name: str) -> Any:
    return _fn("nadd.api.substance_glue", "show")(name)
