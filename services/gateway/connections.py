"""Relay connections over the services' ``{items, next_cursor}`` pages: one generic
``Connection[T]``/``Edge[T]`` (strawberry names ``Connection[Task]`` ``TaskConnection``), the
page a ``first``/``after`` pair asks for, and the slicing of an upstream page into edges.

A gateway cursor names an upstream cursor (``None``: the first page) plus how many rows to
skip after it. That way every edge gets a cursor without the gateway knowing how any
service builds its own cursors (its sort key), and the common case, paging on
``endCursor``, maps straight onto the upstream cursor with nothing skipped.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

import strawberry

from shared.errors import FieldError, ValidationFailed
from shared.pagination import MAX_LIMIT

MAX_FIRST = 100
DEFAULT_FIRST = 20

T = TypeVar("T")
N = TypeVar("N")


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

# The arguments of every connection field.
First = Annotated[
    int | None,
    strawberry.argument(
        description=f"How many nodes: 1 to {MAX_FIRST}, {DEFAULT_FIRST} if not given."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="The endCursor of the page before; the first page if not given."
    ),
]


@dataclass(frozen=True, slots=True)
class PageRequest:
    """What a connection field was asked for: ``first`` nodes after ``position``."""

    first: int
    position: Position

    @property
    def limit(self) -> int:
        """The upstream page size that covers the skipped rows and the page."""
        return self.position.limit_for(self.first)

    @property
    def cursor(self) -> str | None:
        return self.position.upstream


def page_request(first: int | None, after: str | None) -> PageRequest:
    """Checks the arguments (``first`` at most ``MAX_FIRST``, a valid cursor) before any
    upstream call is made."""
    request = PageRequest(page_size(first), decode_after(after))
    request.position.limit_for(request.first)
    return request


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo


def connection(
    items: Sequence[T], next_cursor: str | None, request: PageRequest, node: Callable[[T], N]
) -> Connection[N]:
    """The requested page of an upstream page, each item turned into its GraphQL node."""
    edges, info = slice_page(items, next_cursor, request.position, request.first)
    return Connection(edges=[Edge(cursor=c, node=node(item)) for c, item in edges], page_info=info)


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
