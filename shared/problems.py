"""Render every error as RFC 9457 ``application/problem+json``."""

from __future__ import annotations

from typing import Any

import orjson
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from shared.db_unavailable import database_unavailable, unavailable_problem
from shared.errors import (
    Conflict,
    FieldError,
    InternalError,
    MalformedBody,
    MethodNotAllowed,
    NotFound,
    PreconditionFailed,
    ProblemError,
    ValidationFailed,
    error_class_for_status,
)
from shared.observability import current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = structlog.get_logger("pmo.errors")


def problem_response(error: ProblemError, instance: str | None = None) -> Response:
    body = error.to_problem(instance)
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    return Response(
        orjson.dumps(body),
        status_code=error.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=error.headers,
    )


def _field_path(loc: tuple[Any, ...]) -> str:
    # Drop the "body"/"query"/"path" prefix: clients care about the field, not the source.
    parts = [str(p) for p in loc[1:]] if len(loc) > 1 else [str(p) for p in loc]
    return ".".join(parts) or str(loc[0] if loc else "")


def validation_problem(exc: RequestValidationError) -> ProblemError:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        ctx = errors[0].get("ctx") or {}
        return MalformedBody(f"The request body is not valid JSON: {ctx.get('error', 'invalid')}")
    field_errors = [FieldError(_field_path(tuple(e["loc"])), str(e["msg"])) for e in errors]
    return ValidationFailed("The request has invalid fields.", errors=field_errors)


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return problem_response(exc, request.url.path)


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return problem_response(validation_problem(exc), request.url.path)


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    error: ProblemError
    if exc.status_code == 404:
        error = NotFound(f"No route {request.method} {request.url.path}")
    elif exc.status_code == 405:
        error = MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}")
    else:
        # Starlette's own errors (a malformed multipart form is a 400): the problem type of
        # their status, not "internal".
        error = error_class_for_status(exc.status_code)(str(exc.detail))
        error.status = exc.status_code  # type: ignore[misc]
    if exc.headers:
        error.headers.update(exc.headers)
    return problem_response(error, request.url.path)


# PostgreSQL SQLSTATEs a request can provoke with valid JSON: a race past a uniqueness
# pre-check, a reference deleted meanwhile, a row rule the schema enforces, a required
# field cleared by a PATCH.
_SQLSTATE_ERRORS: dict[str, type[ProblemError]] = {
    "23505": Conflict,  # unique_violation
    "23503": ValidationFailed,  # foreign_key_violation
    "23514": ValidationFailed,  # check_violation
    "23502": ValidationFailed,  # not_null_violation
    "22003": ValidationFailed,  # numeric_value_out_of_range
    "22008": ValidationFailed,  # datetime_field_overflow
    "22021": ValidationFailed,  # character_not_in_repertoire (text the request guard missed)
}


def _server_detail(exc: DBAPIError, name: str) -> str | None:
    # The driver's own exception (asyncpg's, with the details) is the adapter's cause.
    for error in (exc.orig, getattr(exc.orig, "__cause__", None)):
        value = getattr(error, name, None)
        if value:
            return str(value)
    return None


def database_problem(exc: DBAPIError) -> ProblemError | None:
    sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    cls = _SQLSTATE_ERRORS.get(str(sqlstate))
    if cls is None:
        return None
    if sqlstate == "23502":
        column = _server_detail(exc, "column_name") or "field"
        return cls(
            "A required field cannot be null.", errors=[FieldError(column, "may not be null")]
        )
    constraint = _server_detail(exc, "constraint_name")
    detail = "The change conflicts with existing data" if cls is Conflict else "The data is invalid"
    return cls(f"{detail} ({constraint or sqlstate}).")


async def _on_database(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DBAPIError)
    problem = database_problem(exc)
    if problem is None:
        return await _on_unhandled(request, exc)
    return problem_response(problem, request.url.path)


async def _on_stale(request: Request, exc: Exception) -> Response:
    # Another request updated the row between our read and our write.
    problem = PreconditionFailed("The resource changed while this request ran; retry it.")
    return problem_response(problem, request.url.path)


async def _on_unhandled(request: Request, exc: Exception) -> Response:
    if database_unavailable(exc):
        log.warning("database_unavailable", path=request.url.path, error=repr(exc))
        return problem_response(unavailable_problem(), request.url.path)
    log.error("unhandled_error", path=request.url.path, method=request.method, exc_info=exc)
    return problem_response(
        InternalError("An unexpected error occurred; quote the request id when reporting it."),
        request.url.path,
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(DBAPIError, _on_database)
    app.add_exception_handler(StaleDataError, _on_stale)
    app.add_exception_handler(Exception, _on_unhandled)
