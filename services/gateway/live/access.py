"""A running subscription's access, checked again while it runs: a stream ends when the
caller's token expires, or when the caller may no longer read the project (removed from
its members, the project archived), with the error a lookup of it would answer.

Membership lives in the projects service, whose feed announces its changes in order with
the project's own events. Governance's and reporting's events come through other feeds,
which may run ahead of it: such an event is sent only after a check that started once the
event had reached the gateway (one check covers every event waiting by then), so a member
removed before it was written never receives it."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import jwt

from shared.clients.events import EventDTO
from shared.errors import Unauthorized

# Events after which the caller's access may differ: checked again before they are sent.
ACCESS_ENTITY_TYPES = frozenset({"project_member"})
ACCESS_EVENT_TYPES = frozenset({"project.archived", "project.purged"})
# The service that decides access: its feed orders access changes with its other events.
ACCESS_SERVICE = "projects"
# A project's own changes that move it out of reach: archived, or into another portfolio
# (an integration token may reach a portfolio's projects only).
ACCESS_FIELDS = frozenset({"archived_at", "portfolio_id"})


def concerns_access(event: EventDTO) -> bool:
    if event.entity.type in ACCESS_ENTITY_TYPES or event.type in ACCESS_EVENT_TYPES:
        return True
    changes = event.data.get("changes") if event.type == "project.updated" else None
    return isinstance(changes, dict) and not ACCESS_FIELDS.isdisjoint(changes)


def token_expiry(token: str) -> float | None:
    """The token's ``exp`` (epoch seconds), read without verifying: the services verified
    the token when the subscription started, so its claims are the signed ones."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    exp = claims.get("exp")
    return float(exp) if isinstance(exp, int | float) else None


class AccessGuard:
    """``check`` raises the caller's error (NotFound, Unauthorized...) when the project is
    no longer theirs to read; it runs every ``recheck_seconds`` and after each event that
    concerns access. Past ``expires_at`` (epoch seconds) the stream ends unauthenticated."""

    def __init__(
        self,
        check: Callable[[], Awaitable[object]],
        expires_at: float | None,
        recheck_seconds: float,
    ) -> None:
        self.check = check
        self.expires_at = expires_at
        self.recheck_seconds = recheck_seconds
        self.next_check = time.monotonic() + recheck_seconds
        self.checks = 0
        # When the latest check that succeeded started (monotonic): what it confirmed.
        self.confirmed_at = float("-inf")

    def seconds_left(self) -> float:
        """Until the next check is due (a live stream waits for events this long at most)."""
        left = self.next_check - time.monotonic()
        if self.expires_at is not None:
            left = min(left, self.expires_at - time.time())
        return max(left, 0.0)

    def ensure_unexpired(self) -> None:
        if self.expires_at is not None and time.time() >= self.expires_at:
            raise Unauthorized(
                "The token of this subscription has expired: reconnect with a new token and "
                "subscribe again with after: the cursor of the last event received."
            )

    async def due(self) -> None:
        self.ensure_unexpired()
        if time.monotonic() >= self.next_check:
            await self.recheck()

    async def screen(self, event: EventDTO, arrived_at: float | None = None) -> None:
        """Before ``event`` is sent: the token still valid, access still there.
        ``arrived_at`` (monotonic): when a live event reached the gateway; None for one the
        caller read from a feed with their own token (that service checked access)."""
        await self.due()
        if concerns_access(event) or self._ahead_of_access(event, arrived_at):
            await self.recheck()

    def _ahead_of_access(self, event: EventDTO, arrived_at: float | None) -> bool:
        if arrived_at is None or event.service == ACCESS_SERVICE:
            return False
        return arrived_at >= self.confirmed_at

    async def recheck(self) -> None:
        self.checks += 1
        started = time.monotonic()
        await self.check()
        self.confirmed_at = started
        self.next_check = time.monotonic() + self.recheck_seconds
