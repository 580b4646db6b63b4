"""Mutation payloads: bad input comes back as ``userErrors`` in the payload (a normal
result the client renders next to the form), not as a GraphQL error.

Every mutation field is made by :func:`mutation`: it builds the wire DTO from the input,
sends it, keeps the answer in the request's loader, and wraps the node (or the userErrors)
in the mutation's payload type."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar, get_args, get_type_hints

import strawberry
from pydantic import ValidationError
from strawberry.dataloader import DataLoader

from services.gateway.batching import Identified
from services.gateway.context import GatewayContext, Info
from services.gateway.ids import decode
from services.gateway.loaders import Loaders
from shared.clients import InputModel
from shared.errors import (
    Conflict,
    FieldError,
    PreconditionFailed,
    ProblemError,
    ValidationFailed,
)

M = TypeVar("M", bound=InputModel)
P = TypeVar("P")
Row = TypeVar("Row", bound=Identified)

# Input fields that steer the call (which row, which version, the retry key) rather than
# being part of the body.
CALL_FIELDS = frozenset({"id", "expected_version", "idempotency_key", "project_id"})

# Upstream reports errors of the body as a whole under these names.
_WHOLE_INPUT = frozenset({"", "body", "__root__"})


@strawberry.enum(description="What kind of problem a userError is.")
class UserErrorCode(Enum):
    INVALID = strawberry.enum_value("INVALID", description="A field's value is not accepted.")
    CONFLICT = strawberry.enum_value(
        "CONFLICT",
        description="The change clashes with the current state (a duplicate, a "
        "transition the object's status does not allow).",
    )
    STALE = strawberry.enum_value(
        "STALE", description="expectedVersion is not the current version: read it again."
    )


@strawberry.type(description="A problem with one field of a mutation's input.")
class UserError:
    field: str | None = strawberry.field(description="The input field (camelCase), if any.")
    message: str
    code: UserErrorCode = UserErrorCode.INVALID


def camel(path: str) -> str | None:
    if path in _WHOLE_INPUT:
        return None
    parts = []
    for part in path.split("."):
        head, *rest = part.split("_")
        parts.append(head + "".join(word.capitalize() for word in rest))
    return ".".join(parts)


def input_values(data: object, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The fields a client set on a strawberry input, enums as their wire values and nested
    inputs (alone or in lists) as the fields set on them."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(data):  # type: ignore[arg-type]
        value = getattr(data, field.name)
        if field.name in exclude or value is strawberry.UNSET:
            continue
        values[field.name] = _wire_value(value)
        if _names_ids(field.name):
            values[field.name] = _uuid_text(values[field.name])
    return values


def _names_ids(name: str) -> bool:
    return name == "id" or name.endswith(("_id", "_ids"))


def _uuid_text(value: Any) -> Any:
    """Ids as the services read them: a global id becomes its UUID (a UUID, or anything
    else, stays as it is for the DTO to validate)."""
    if isinstance(value, list):
        return [_uuid_text(item) for item in value]
    if isinstance(value, str):
        parsed = decode(value)
        if parsed is not None:
            return str(parsed[1])
    return value


def _wire_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return input_values(value)
    if isinstance(value, list):
        return [_wire_value(item) for item in value]
    return value


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
        return [UserError(field=conflict_field, message=error.detail, code=UserErrorCode.CONFLICT)]
    if isinstance(error, PreconditionFailed) and precondition_field:
        stale = UserErrorCode.STALE
        return [UserError(field=precondition_field, message=error.detail, code=stale)]
    return None


async def mutate(
    payload: type[P],
    input: object,
    body: type[M],
    send: Callable[[M], Awaitable[object]],
    *,
    conflict_field: str | None,
    precondition_field: str | None = None,
    exclude: frozenset[str] = CALL_FIELDS,
) -> P:
    """``payload`` with the node ``send`` answers for the ``body`` built from ``input``, or
    with the userErrors of a problem the caller can fix; any other problem is raised (a
    GraphQL error with its code)."""
    make: Callable[..., P] = payload
    node = _node_field(payload).name
    try:
        result = await send(build(body, input_values(input, exclude=exclude)))
    except ProblemError as exc:
        errors = user_errors(
            exc, conflict_field=conflict_field, precondition_field=precondition_field
        )
        if errors is None:
            raise
        return make(**{node: None, "user_errors": errors})
    return make(**{node: result, "user_errors": []})


def _node_field(payload: type) -> dataclasses.Field[Any]:
    """A payload type has two fields: the node and ``user_errors``."""
    [field] = [f for f in dataclasses.fields(payload) if f.name != "user_errors"]
    return field


def _node_type(payload: type) -> Any:
    """The type of the payload's node (``Project`` for ``project: Project | None``)."""
    hint = get_type_hints(payload)[_node_field(payload).name]
    [node] = [t for t in get_args(hint) if t is not type(None)]
    return node


def mutation(
    payload: type,
    send: Callable[[GatewayContext, Any, Any], Awaitable[Row]],
    cache: Callable[[Loaders], DataLoader[uuid.UUID, Row]] | None,
    *,
    conflict_field: str | None,
    precondition_field: str | None = None,
    description: str | None = None,
    exclude: frozenset[str] = CALL_FIELDS,
) -> Any:
    """A mutation field taking ``input`` and answering ``payload``.

    ``send(context, input, body)`` makes the upstream call; the types of its ``input`` and
    ``body`` parameters are the GraphQL input and the wire DTO built from it (from the input
    fields but those in ``exclude``, which steer the call). The row it
    answers is kept in the request's ``cache`` loader (later reads in the same request see
    the new version) and shown as the payload's node type. ``conflict_field`` and
    ``precondition_field`` name the input field a 409 or a 412 is reported on."""
    hints = get_type_hints(send)
    body_type: type[InputModel] = hints["body"]
    node = _node_type(payload)

    async def resolve(root: Any, info: Info, input: Any) -> Any:
        context = info.context

        async def run(body: InputModel) -> object:
            row = await send(context, input, body)
            if cache is not None:  # rows no by-id loader keeps (read per project) have none
                cache(context.loaders).prime(row.id, row, force=True)
            return node.from_dto(row)

        return await mutate(
            payload,
            input,
            body_type,
            run,
            conflict_field=conflict_field,
            precondition_field=precondition_field,
            exclude=exclude,
        )

    resolve.__annotations__["input"] = hints["input"]
    return strawberry.mutation(
        resolver=resolve, graphql_type=payload | None, description=description
    )


def action(
    payload: type,
    call: Callable[[GatewayContext, Any], Awaitable[Any]],
    *,
    conflict_field: str | None,
    precondition_field: str | None = "expectedVersion",
    description: str,
) -> Any:
    """A mutation field whose upstream call takes no body built from the input (a workflow
    step, a delete): ``call(context, input)`` answers the payload's node as a wire row
    (shown as the node type), or None for a delete (the node is then the input's ``id``)."""
    hints = get_type_hints(call)
    node = _node_type(payload)

    async def resolve(root: Any, info: Info, input: Any) -> Any:
        async def run() -> object:
            row = await call(info.context, input)
            return input.id if row is None else node.from_dto(row)

        return await attempt(
            payload, run, conflict_field=conflict_field, precondition_field=precondition_field
        )

    resolve.__annotations__["input"] = hints["input"]
    return strawberry.mutation(
        resolver=resolve, graphql_type=payload | None, description=description
    )


async def attempt(
    payload: type[P],
    call: Callable[[], Awaitable[object]],
    *,
    conflict_field: str | None,
    precondition_field: str | None = None,
) -> P:
    """``payload`` with what ``call`` answers as its node, or with the userErrors of a
    problem the caller can fix (any other problem is raised): for mutations whose upstream
    call is not "send the input as a body" (a delete, a publish, several path ids)."""
    make: Callable[..., P] = payload
    node = _node_field(payload).name
    try:
        result = await call()
    except ProblemError as exc:
        errors = user_errors(
            exc, conflict_field=conflict_field, precondition_field=precondition_field
        )
        if errors is None:
            raise
        return make(**{node: None, "user_errors": errors})
    return make(**{node: result, "user_errors": []})
