"""Ids as the gateway reads and writes them.

Every object's ``id`` is a Relay global id: ``base64("Type:uuid")`` (strawberry's
``GlobalID``, the encoding Relay and GitHub clients expect), so ``node(id:)`` knows which
service and loader to ask. It is opaque: clients compare and send it back, never parse it.
``databaseId`` carries the service's UUID, the id of the REST API. Fields naming other
objects (``projectId``, ``taskIds``, ...) carry those UUIDs.

Every ``ID`` argument accepts either form; a malformed one is bad input here, rather than an
upstream 422 that would fail a whole DataLoader batch.
"""

from __future__ import annotations

import uuid

import strawberry
from strawberry.relay import GlobalID

from shared.errors import FieldError, ValidationFailed


def global_id(type_name: str, value: uuid.UUID | str) -> strawberry.ID:
    return strawberry.ID(str(GlobalID(type_name, str(value))))


def decode(value: str) -> tuple[str | None, uuid.UUID] | None:
    """(type name or None for a bare UUID, UUID), or None when ``value`` is neither form."""
    try:
        return None, uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        pass
    try:
        decoded = GlobalID.from_id(value)
        return decoded.type_name, uuid.UUID(decoded.node_id)
    except (ValueError, AttributeError, TypeError):
        return None


def parse_id(value: str, argument: str = "id", kind: str | None = None) -> uuid.UUID:
    """The UUID of a UUID or global id; with ``kind``, a global id must name that type."""
    parsed = decode(value)
    if parsed is None:
        raise ValidationFailed(
            f"{argument} must be a global id or a UUID.",
            errors=[FieldError(argument, "not a valid id")],
        )
    type_name, key = parsed
    if kind is not None and type_name is not None and type_name != kind:
        raise ValidationFailed(
            f"{argument} names a {type_name}, not a {kind}.",
            errors=[FieldError(argument, f"not a {kind} id")],
        )
    return key
