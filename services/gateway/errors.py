"""How upstream problems surface in GraphQL: ``extensions {code, status}`` on the field that
failed, so one slow service costs one field and not the whole query."""

from __future__ import annotations

from collections.abc import Iterator

import structlog
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from services.gateway.live.errors import CatchUpTooLarge
from shared.errors import (
    BadRequest,
    Conflict,
    CursorExpired,
    Forbidden,
    NotFound,
    PreconditionFailed,
    ProblemError,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    UpstreamError,
    UpstreamTimeout,
    ValidationFailed,
)

log = structlog.get_logger("pmo.gateway")

# Most specific first: UpstreamTimeout is an UpstreamError, ValidationFailed is not a BadRequest.
ERROR_CODES: tuple[tuple[type[ProblemError], str], ...] = (
    (CatchUpTooLarge, "CATCHUP_TOO_LARGE"),
    (CursorExpired, "CURSOR_EXPIRED"),
    (NotFound, "NOT_FOUND"),
    (Unauthorized, "UNAUTHENTICATED"),
    (Forbidden, "FORBIDDEN"),
    (UpstreamTimeout, "UPSTREAM_TIMEOUT"),
    (UpstreamError, "UPSTREAM_UNAVAILABLE"),
    (ServiceUnavailable, "UPSTREAM_UNAVAILABLE"),
    (ValidationFailed, "BAD_USER_INPUT"),
    (BadRequest, "BAD_REQUEST"),
    (Conflict, "CONFLICT"),
    (PreconditionFailed, "PRECONDITION_FAILED"),
    (TooManyRequests, "RATE_LIMITED"),
)


def code_for(error: ProblemError) -> str:
    for cls, code in ERROR_CODES:
        if isinstance(error, cls):
            return code
    return "INTERNAL_SERVER_ERROR"


def is_ours(error: GraphQLError) -> bool:
    """Errors we raise on purpose (mapped problems, validation) are safe to show; anything
    else is a bug whose message may leak internals."""
    original = error.original_error
    return original is None or isinstance(original, ProblemError | GraphQLError)


def should_mask(error: GraphQLError) -> bool:
    return not is_ours(error)


def _annotate(error: GraphQLError) -> None:
    original = error.original_error
    if isinstance(original, ProblemError):
        extensions = dict(error.extensions or {})
        extensions["code"] = code_for(original)
        extensions["status"] = original.status
        service = original.extra.get("service")
        if service is not None:  # which upstream failed, when it was one
            extensions["service"] = service
        if original.errors:
            extensions["fieldErrors"] = [e.as_dict() for e in original.errors]
        error.extensions = extensions


def unauthenticated() -> GraphQLError:
    return GraphQLError(
        "Send Authorization: Bearer <token>.",
        extensions={"code": "UNAUTHENTICATED", "status": 401},
    )


def _introspection_only(operation: OperationDefinitionNode | None) -> bool:
    if operation is None:
        return False
    selections = operation.selection_set.selections
    return all(getattr(s, "name", None) and s.name.value.startswith("__") for s in selections)  # type: ignore[attr-defined]


class UpstreamErrors(SchemaExtension):
    """Refuses to execute without a bearer token (no upstream call is made), and maps
    :class:`ProblemError` into ``extensions`` after execution."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        token = getattr(context.context, "token", None)
        operation = _operation(context.graphql_document, context.operation_name)
        if token is None and not _introspection_only(operation):
            context.result = GraphQLExecutionResult(data=None, errors=[unauthenticated()])
        yield
        result = context.result
        errors = getattr(result, "errors", None)
        if errors:
            for error in errors:
                _annotate(error)


def _operation(document: object, name: str | None) -> OperationDefinitionNode | None:
    for definition in getattr(document, "definitions", ()):
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return definition
    return None
