"""GraphQL ``ID`` arguments are the services' UUIDs; a malformed one is bad input here,
rather than an upstream 422 that would fail a whole DataLoader batch."""

from __future__ import annotations

import uuid

from shared.errors import FieldError, ValidationFailed


def parse_id(value: str, argument: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValidationFailed(
            f"{argument} must be a UUID.", errors=[FieldError(argument, "not a valid id")]
        ) from exc
