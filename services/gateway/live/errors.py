"""Why a ``projectEvents`` stream ends early, beyond the errors every lookup has."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from shared.errors import CursorExpired, Gone, ProblemError

T = TypeVar("T")

FEED_CURSOR_EXPIRED = "cursor-expired"


class CatchUpTooLarge(ProblemError):
    status = 422
    title = "Catch-up too large"
    slug = "catchup-too-large"


def catch_up_too_large(limit: int) -> CatchUpTooLarge:
    return CatchUpTooLarge(
        f"More than {limit} events happened after this cursor: read them first with "
        "GET /v1/events, then subscribe with a newer cursor."
    )


def feed_error(error: ProblemError) -> ProblemError:
    """A feed's 410 cursor-expired (it no longer keeps events that old) as the stream's."""
    if isinstance(error, Gone) and (error.upstream_type or "").endswith(FEED_CURSOR_EXPIRED):
        return CursorExpired(
            "The change feeds no longer keep the events after this cursor: read what they "
            "still hold with GET /v1/events, then subscribe with a newer "
            "cursor, or subscribe without one."
        )
    return error


async def from_feed(call: Awaitable[T]) -> T:
    """``call``'s answer; a feed's problems as the stream reports them."""
    try:
        return await call
    except ProblemError as error:
        mapped = feed_error(error)
        if mapped is error:
            raise
        raise mapped from error
