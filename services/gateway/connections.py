"""Relay connections over the services' ``{items, next_cursor}`` pages.

A gateway cursor names an upstream cursor (``None``: the first page) plus how many rows to
skip after it. That way every edge gets a cursor without the gateway knowing how any
service builds its own cursors (its sort key), and the common case, paging on
``endCursor``, maps straight onto the upstream cursor with nothing skipped.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import strawberry

from shared.errors import FieldError, ValidationFailed
from shared.pagination import MAX_LIMIT

MAX_FIRST = 100
DEFAULT_FIRST = 20

T = TypeVar("T")


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@dataclass(frozen=True, slots=True)
class Position:
    """Where a page starts: after an upstream cursor, skipping ``skip`` rows."""

    upstream: str | None = None
    skip: int = 0

    def limit_for(self, first: int) -> int:
        limit = self.skip + first
        if limit > MAX_LIMIT:
            raise ValidationFailed(
                "This cursor is too far inside a page; continue from endCursor instead.",
                errors=[FieldError("after", "use the endCursor of the previous page")],
            )
        return limit


START = Position()


def encode_cursor(position: Position) -> str:
    raw = f"{position.skip}:{position.upstream or ''}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_after(after: str | None) -> Position:
    if not after:
        return START
    try:
        raw = base64.urlsafe_b64decode(after + "=" * (-len(after) % 4)).decode()
        skip_text, _, upstream = raw.partition(":")
        skip = int(skip_text)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise _bad_cursor() from exc
    if skip < 0:
        raise _bad_cursor()
    return Position(upstream or None, skip)


def _bad_cursor() -> ValidationFailed:
    return ValidationFailed(
        "The cursor is not valid.", errors=[FieldError("after", "not a cursor from this API")]
    )


def page_size(first: int | None, argument: str = "first") -> int:
    """Connections return at most ``MAX_FIRST`` nodes: bigger pages would make a query's
    cost unbounded by its text."""
    if first is None:
        return DEFAULT_FIRST
    if not 1 <= first <= MAX_FIRST:
        raise ValidationFailed(
            f"{argument} must be between 1 and {MAX_FIRST}.",
            errors=[FieldError(argument, f"between 1 and {MAX_FIRST}")],
        )
    return first


def slice_page(
    items: Sequence[T], next_cursor: str | None, position: Position, first: int
) -> tuple[list[tuple[str, T]], PageInfo]:
    """The edges (cursor, item) after ``position.skip`` rows, and the page info."""
    kept = items[position.skip : position.skip + first]
    base = position.skip + 1
    edges = [
        (encode_cursor(Position(position.upstream, base + i)), item) for i, item in enumerate(kept)
    ]
    has_next = next_cursor is not None or len(items) > position.skip + first
    if edges and next_cursor is not None and len(items) == position.skip + len(kept):
        # The last edge ends the upstream page: its cursor is the upstream's own.
        edges[-1] = (encode_cursor(Position(next_cursor, 0)), edges[-1][1])
    info = PageInfo(
        has_next_page=has_next,
        has_previous_page=position != START,
        start_cursor=edges[0][0] if edges else None,
        end_cursor=edges[-1][0] if edges else None,
    )
    return edges, info
