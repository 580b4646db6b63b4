"""Mutation payloads: bad input comes back as ``userErrors`` in the payload (a normal
result the client renders next to the form), not as a GraphQL error."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, TypeVar

import strawberry
from pydantic import ValidationError

from shared.clients import InputModel
from shared.errors import (
    Conflict,
    FieldError,
    PreconditionFailed,
    ProblemError,
    ValidationFailed,
)

M = TypeVar("M", bound=InputModel)

# Upstream reports errors of the body as a whole under these names.
_WHOLE_INPUT = frozenset({"", "body", "__root__"})


@strawberry.type(description="A problem with one field of a mutation's input.")
class UserError:
    field: str | None = strawberry.field(description="The input field (camelCase), if any.")
    message: str


def camel(path: str) -> str | None:
    if path in _WHOLE_INPUT:
        return None
    parts = []
    for part in path.split("."):
        head, *rest = part.split("_")
        parts.append(head + "".join(word.capitalize() for word in rest))
    return ".".join(parts)


def input_values(data: object, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The fields a client set on a strawberry input, enums as their wire values."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(data):  # type: ignore[arg-type]
        value = getattr(data, field.name)
        if field.name in exclude or value is strawberry.UNSET:
            continue
        values[field.name] = value.value if isinstance(value, Enum) else value
    return values


def build(model: type[M], values: dict[str, Any]) -> M:
    """A wire DTO from input values; type errors (an id that is not a UUID, money that is
    not a decimal) become the same ValidationFailed an upstream 422 would."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        errors = [
            FieldError(".".join(str(p) for p in e["loc"]), str(e["msg"])) for e in exc.errors()
        ]
        raise ValidationFailed("The input has invalid fields.", errors=errors) from exc


def user_errors(
    error: ProblemError, *, conflict_field: str | None, precondition_field: str | None = None
) -> list[UserError] | None:
    """The userErrors for a problem the caller can fix by changing the input, else None
    (the problem is then raised as a GraphQL error with its code)."""
    if isinstance(error, ValidationFailed):
        if not error.errors:
            return [UserError(field=None, message=error.detail)]
        return [UserError(field=camel(e.field), message=e.message) for e in error.errors]
    if isinstance(error, Conflict):
        return [UserError(field=conflict_field, message=error.detail)]
    if isinstance(error, PreconditionFailed) and precondition_field:
        return [UserError(field=precondition_field, message=error.detail)]
    return None
