"""The subscription's cursor: where a subscriber is in each service's feed, as one opaque
string (``after:`` resumes there after a reconnect, on any replica)."""

from __future__ import annotations

import base64
import binascii

import orjson

from shared.errors import FieldError, ValidationFailed
from shared.events.feed import cursor as feed_cursor
from shared.events.feed.cursor import FeedPoint

SERVICES = ("projects", "governance", "reporting")
PREFIX = "live1:"

Positions = dict[str, str]


def encode(positions: Positions) -> str:
    raw = orjson.dumps({name: positions[name] for name in SERVICES})
    return PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode(cursor: str) -> Positions:
    """Each service's feed cursor; ValidationFailed when ``cursor`` is not one of ours (a
    service cursor inside that its feed never issued is that service's 400)."""
    error = ValidationFailed(
        "after is not a cursor of projectEvents.",
        errors=[FieldError("after", "not a cursor this subscription issued")],
    )
    if not cursor.startswith(PREFIX):
        raise error
    body = cursor[len(PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        positions = orjson.loads(raw)
    except (binascii.Error, ValueError, orjson.JSONDecodeError) as exc:
        raise error from exc
    if not isinstance(positions, dict) or set(positions) != set(SERVICES):
        raise error
    if not all(isinstance(value, str) for value in positions.values()):
        raise error
    for value in positions.values():
        point(value)  # malformed inside: refused here, before any call
    return {name: positions[name] for name in SERVICES}


def point(service_cursor: str) -> FeedPoint:
    try:
        return feed_cursor.decode(service_cursor)
    except Exception as exc:
        raise ValidationFailed(
            "after is not a cursor of projectEvents.",
            errors=[FieldError("after", "not a cursor this subscription issued")],
        ) from exc
