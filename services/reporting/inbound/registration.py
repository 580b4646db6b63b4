"""Reporting's subscription to the projects service's events, ensured at start-up.

In the background, never holding up the start: until the projects service answers, it
tries again (1 s, 2 s, 4 s... at most a minute apart). The subscription is found by its
callback URL; its description carries a fingerprint of the secret, so a secret changed in
the settings replaces it (a subscription's secret is never shown again after creation).

Replicas starting together take turns (a PostgreSQL advisory lock on reporting's own
database, held for the look-and-create), so they never make two subscriptions: the second
finds the first one's."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from dataclasses import dataclass

import structlog
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.identity import REPORTING_SUBSCRIBER
from services.reporting.inbound.service import PATH
from shared.clients.projects import ProjectsClient
from shared.clients.webhooks import OwnerKind, WebhookSubscriptionCreate, WebhookSubscriptionDTO
from shared.pagination import MAX_LIMIT
from shared.service_identity import ServiceIdentity, service_identity

log = structlog.get_logger("pmo.reporting.inbound")
FIRST_RETRY_SECONDS = 1.0
LAST_RETRY_SECONDS = 60.0
# Released with the transaction, or when a replica dies with its connection.
_TAKE_TURNS = text(
    "SELECT pg_advisory_xact_lock(hashtextextended('reporting-events-registration', 0))"
)


def callback_url(public_url: str) -> str:
    return public_url.rstrip("/") + PATH


def marker(secret: str) -> str:
    fingerprint = hashlib.sha256(secret.encode()).hexdigest()[:16]
    return f"reporting: project snapshots and health (key {fingerprint})"


@dataclass
class Registration:
    client: ProjectsClient
    identity: ServiceIdentity
    url: str
    secret: str
    engine: AsyncEngine

    async def _existing(self) -> list[WebhookSubscriptionDTO]:
        found: list[WebhookSubscriptionDTO] = []
        cursor: str | None = None
        while True:
            page = await self.client.list_webhook_subscriptions(limit=MAX_LIMIT, cursor=cursor)
            found.extend(s for s in page.items if s.url == self.url)
            if page.next_cursor is None:
                return found
            cursor = page.next_cursor

    async def ensure(self) -> WebhookSubscriptionDTO:
        """The subscription for ``url`` signed with ``secret``, internal: kept if there,
        else made; others for the same URL (an older secret, another owner kind) are
        removed. One replica at a time."""
        async with self.engine.begin() as connection:
            await connection.execute(_TAKE_TURNS)
            return await self._ensure_alone()

    async def _ensure_alone(self) -> WebhookSubscriptionDTO:
        wanted = marker(self.secret)
        with self.identity.acting():
            existing = await self._existing()
            # Kept only as an internal subscription: one made otherwise (with the pmo role,
            # before the reporting-service role) is refused delivery into the cluster.
            kept = next(
                (
                    s
                    for s in existing
                    if s.description == wanted and s.owner_kind == OwnerKind.internal
                ),
                None,
            )
            for stale in existing:
                if stale is not kept:
                    await self.client.delete_webhook_subscription(stale.id)
            if kept is not None:
                return kept
            body = WebhookSubscriptionCreate(url=self.url, description=wanted, secret=self.secret)
            return await self.client.create_webhook_subscription(body)

    async def until_done(self) -> WebhookSubscriptionDTO:
        delay = FIRST_RETRY_SECONDS
        while True:
            try:
                made = await self.ensure()
                log.info("events_subscription_ready", id=str(made.id), url=self.url)
                return made
            except Exception as error:  # projects not up yet, or refusing: try again
                log.warning("events_subscription_failed", error=str(error), retry_in=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, LAST_RETRY_SECONDS)


def start_registration(app: FastAPI, public_url: str, secret: str) -> None:
    registration = Registration(
        client=app.state.projects_client,
        identity=service_identity(REPORTING_SUBSCRIBER),
        url=callback_url(public_url),
        secret=secret,
        engine=app.state.engine,
    )
    app.state.events_registration = asyncio.create_task(registration.until_done())


async def stop_registration(app: FastAPI) -> None:
    task: asyncio.Task[WebhookSubscriptionDTO] | None = getattr(
        app.state, "events_registration", None
    )
    if task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
