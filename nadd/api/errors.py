"""Every error leaves the API in one shape: ``NaddError.to_dict`` (never a stack trace)."""

from __future__ import annotations

import logging
import secrets

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from nadd.errors import Failure, NaddError, ValidationFailed

log = logging.getLogger("nadd.api")

_HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
               406: "not_acceptable", 409: "conflict", 413: "too_large", 415: "unsupported_media_type"}


def _json(e: NaddError) -> JSONResponse:
    return JSONResponse(e.to_dict(), status_code=e.status)


def install(app: FastAPI) -> None:
    @app.exception_handler(NaddError)
    async def nadd_error(request: Request, e: NaddError) -> JSONResponse:
        if e.status >= 500:  # a store failure: its message holds SQL, keep it in the log only
            return _internal(request, e)
        return _json(e)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError) -> JSONResponse:
        failures = [Failure(file="request", row=None,
                            column=".".join(str(x) for x in err.get("loc", ())),
                            value=None if err.get("input") is None else str(err.get("input"))[:200],
                            expected=err.get("msg", "a valid value"),
                            hint="see the OpenAPI description at /api/v1/openapi.json")
                    for err in e.errors()] or [Failure("request", None, None, None, "a valid request")]
        return _json(ValidationFailed(failures, source="the request"))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, e: HTTPException) -> JSONResponse:
        err = NaddError(str(e.detail), hint="see /api/v1/docs for the routes and their parameters")
        err.status, err.code = e.status_code, _HTTP_CODES.get(e.status_code, "http_error")
        return JSONResponse(err.to_dict(), status_code=e.status_code, headers=getattr(e, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, e: Exception) -> JSONResponse:
        return _internal(request, e)


def _internal(request: Request, e: Exception) -> JSONResponse:
    ref = secrets.token_hex(6)
    log.error("unexpected error %s on %s %s", ref, request.method, request.url.path,
              exc_info=(type(e), e, e.__traceback__))
    err = NaddError(f"internal error (reference {ref})",
                    hint="the server log has the details under this reference; please report it")
    err.status, err.code = 500, "internal_error"
    return _json(err)
