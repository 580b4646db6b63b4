"""Re-checking project managers' subscriptions before their deliveries go out.

A subscription remembers how its owner was allowed to subscribe (``owner_kind``):

- ``global``: admin or pmo. Those roles live in the caller's token, not in our database, so
  they are checked when the subscription is created and on every change to it, not here.
- ``project_manager``: a manager of the subscription's project. Membership lives in the
  projects service, and may end (removed, demoted). A delivery of such a subscription goes
  out only once its owner was confirmed a manager no earlier than the delivery fell due
  (``access_checked_at``; the claim checks it, :func:`owner_repository.confirmed`). This
  review confirms them (an answer is reused for ``access_recheck_seconds``), or suspends the
  subscription when the owner lost the project: its waiting deliveries die, nothing more is
  fanned out or sent, ``GET`` shows ``status: suspended`` with the reason, and a PATCH by
  someone who may subscribe reactivates it (from then on: events in between are not sent).
- ``integration``: a service token, within the project or portfolio limits its token
  carries (:mod:`shared.webhooks.access`). Like global roles, the limits live in the token,
  so they are checked when the subscription is created and on every change to it; revoking
  the token's client at the identity provider does not reach here: delete or PATCH the
  subscription.

When the answer cannot be had (the projects service is down), the deliveries wait,
pending, and the review asks again later: nothing is lost and nothing is sent unconfirmed.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.webhooks.owner_repository import OwnerRepository

log = structlog.get_logger("pmo.webhooks")
# Why the owner lost the subscription (None: still a manager of the project); raises when
# the answer cannot be had.
OwnerCheck = Callable[[str, uuid.UUID], Awaitable[str | None]]
REVIEWED_PER_PASS = 100
# Owners checked at once (calls to the projects service in flight) per review.
CHECKS_AT_ONCE = 8
UNAVAILABLE_BACKOFF_SECONDS = 5.0
Key = tuple[str, uuid.UUID]


class OwnerReview:
    def __init__(
        self,
        engine: AsyncEngine,
        repository: OwnerRepository,
        check: OwnerCheck,
        cache_seconds: float,
        service: str,
    ) -> None:
        self.engine = engine
        self.repository = repository
        self.check = check
        self.cache_seconds = cache_seconds
        self.service = service
        self._answers: dict[Key, tuple[float, str | None]] = {}
        self._retry_at: dict[Key, float] = {}

    async def run(self) -> bool:
        """One pass; True when a subscription was confirmed or suspended."""
        clock = time.monotonic()
        backing_off = [key for key, at in self._retry_at.items() if at > clock]
        async with self.engine.begin() as db:
            now, rows = await self.repository.unconfirmed(db, REVIEWED_PER_PASS, backing_off)
        if now is None:  # the common case: one cheap query, no transaction more
            return False
        answers = await self._answers_for({(row["owner"], row["project_id"]) for row in rows})
        kept: list[uuid.UUID] = []
        lost: list[tuple[uuid.UUID, str]] = []
        for row in rows:
            found, reason = answers[(row["owner"], row["project_id"])]
            if found:
                (lost.append((row["id"], reason)) if reason else kept.append(row["id"]))
        if not (kept or lost):
            return False
        await self._apply(now, kept, lost)
        return True

    async def _answers_for(self, keys: set[Key]) -> dict[Key, tuple[bool, str | None]]:
        """The owners checked concurrently, at most ``CHECKS_AT_ONCE`` at a time: one slow
        answer does not hold up the others."""
        gate = asyncio.Semaphore(CHECKS_AT_ONCE)

        async def answer(key: Key) -> tuple[bool, str | None]:
            async with gate:
                return await self._answer(key)

        ordered = list(keys)
        return dict(zip(ordered, await asyncio.gather(*map(answer, ordered)), strict=True))

    async def _apply(
        self, now: datetime, kept: list[uuid.UUID], lost: list[tuple[uuid.UUID, str]]
    ) -> None:
        async with self.engine.begin() as db:
            if kept:
                await self.repository.confirm(db, kept, now)
            for subscription_id, reason in lost:
                if await self.repository.suspend(db, subscription_id, reason):
                    log.warning(
                        "webhook_subscription_suspended",
                        service=self.service,
                        subscription=str(subscription_id),
                        reason=reason,
                    )

    async def _answer(self, key: Key) -> tuple[bool, str | None]:
        """(whether there is an answer, the reason access was lost)."""
        clock = time.monotonic()
        if self._retry_at.get(key, 0.0) > clock:
            return False, None
        cached = self._answers.get(key)
        if cached is not None and clock - cached[0] < self.cache_seconds:
            return True, cached[1]
        owner, project_id = key
        if project_id is None:
            return True, "the subscription has no project to manage"
        try:
            reason = await self.check(owner, project_id)
        except Exception as exc:
            self._retry_at[key] = clock + UNAVAILABLE_BACKOFF_SECONDS
            log.warning(
                "webhooks_owner_check_unavailable",
                service=self.service,
                owner=owner,
                project=str(project_id),
                error=f"{type(exc).__name__}: {exc}",
            )
            return False, None
        self._retry_at.pop(key, None)
        self._answers[key] = (clock, reason)
        if len(self._answers) > 10_000:
            self._answers.clear()
        return True, reason
