"""Reporting subscribes itself to the projects service's events at start-up, in the
background: a projects service that is down neither stops nor delays the start, and the
subscription is made once it answers (here a stand-in serving the webhook-subscription
API's contract; the real chain is in tests/e2e)."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI, Request, Response

from services.reporting.identity import REPORTING_SUBSCRIBER
from services.reporting.inbound import lifespan, registration
from services.reporting.inbound.service import EventsSecretMissing
from services.reporting.main import create_app as create_reporting_app
from shared.events.signing import generate_secret
from shared.service_identity import service_identity
from shared.settings import Environment, PlatformSettings
from tests.reporting.conftest import reporting_settings

PUBLIC_URL = "http://reporting.test:8003"
CALLBACK = PUBLIC_URL + "/v1/inbound/project-events"


class StandIn:
    """The projects service's webhook-subscription API, answering 503 ``failures`` times."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.secrets: dict[str, str] = {}
        self.callers: list[dict[str, Any]] = []
        self.kind_made = "internal"  # the projects service's answer to the role reporting has
        self.app = FastAPI()
        self.app.middleware("http")(self._gate)
        self.app.get("/v1/webhook-subscriptions")(self._list)
        self.app.post("/v1/webhook-subscriptions", status_code=201)(self._create)
        self.app.delete("/v1/webhook-subscriptions/{subscription_id}")(self._delete)

    async def _gate(self, request: Request, call_next: Any) -> Response:
        token = request.headers["authorization"].split()[1]
        payload = token.split(".")[1]
        self.callers.append(json.loads(base64.urlsafe_b64decode(payload + "==")))
        if self.failures > 0:
            self.failures -= 1
            return Response(status_code=503, headers={"retry-after": "0"})
        return await call_next(request)

    async def _list(self) -> dict[str, Any]:
        return {"items": list(self.subscriptions.values()), "next_cursor": None}

    async def _create(self, request: Request) -> dict[str, Any]:
        body = await request.json()
        now = datetime.now(UTC).isoformat()
        made = {
            "id": str(uuid.uuid4()),
            "url": body["url"],
            "description": body.get("description"),
            "event_types": body.get("event_types", []),
            "project_id": None,
            "portfolio_id": None,
            "enabled": True,
            "owner": "service:reporting",
            "owner_kind": self.kind_made,
            "version": 1,
            "previous_secret_expires_at": None,
            "created_at": now,
            "updated_at": now,
        }
        self.subscriptions[made["id"]] = made
        self.secrets[made["id"]] = body["secret"]
        return {**made, "secret": body["secret"]}

    async def _delete(self, subscription_id: str) -> Response:
        self.subscriptions.pop(subscription_id)
        return Response(status_code=204)


@asynccontextmanager
async def reporting_with(
    database_urls: dict[str, str], stand_in: StandIn, secret: str
) -> AsyncIterator[FastAPI]:
    settings = reporting_settings(database_urls).model_copy(
        update={"public_url": PUBLIC_URL, "events_secret": secret}
    )
    app = create_reporting_app(settings, projects_transport=httpx.ASGITransport(app=stand_in.app))
    async with LifespanManager(app):
        yield app


async def until(condition: Any, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_start_does_not_wait_for_projects_and_subscribes_when_it_answers(
    database_urls: dict[str, str], monkeypatch
) -> None:
    monkeypatch.setattr(registration, "FIRST_RETRY_SECONDS", 0.05)
    stand_in = StandIn(failures=3)
    secret = generate_secret()
    started = time.monotonic()
    async with reporting_with(database_urls, stand_in, secret) as app:
        assert time.monotonic() - started < 5
        await until(lambda: len(stand_in.subscriptions) == 1)
        (made,) = stand_in.subscriptions.values()
        assert made["url"] == CALLBACK and made["event_types"] == []
        assert stand_in.secrets[made["id"]] == secret == app.state.events_secret
        assert {c["sub"] for c in stand_in.callers} == {"service:reporting"}
        assert all(c["roles"] == ["reporting-service"] for c in stand_in.callers)
        first_id = made["id"]
    # A restart with the same secret keeps the subscription; a new secret replaces it.
    async with reporting_with(database_urls, stand_in, secret) as app:
        await until(lambda: app.state.events_registration.done())
        assert list(stand_in.subscriptions) == [first_id]
    rotated = generate_secret()
    async with reporting_with(database_urls, stand_in, rotated) as app:
        await until(lambda: app.state.events_registration.done())
        (made,) = stand_in.subscriptions.values()
        assert made["id"] != first_id and stand_in.secrets[made["id"]] == rotated


async def test_a_subscription_made_before_the_internal_kind_is_replaced(
    database_urls: dict[str, str],
) -> None:
    """Registered with the pmo role before there was a reporting-service role, the same
    callback and secret as a ``global`` subscription: its deliveries into the cluster are
    refused now, so it is replaced by an internal one."""
    stand_in = StandIn(failures=0)
    secret = generate_secret()
    stand_in.kind_made = "global"
    async with reporting_with(database_urls, stand_in, secret) as app:
        await until(lambda: app.state.events_registration.done())
    [(old_id, old)] = stand_in.subscriptions.items()
    assert old["owner_kind"] == "global"
    stand_in.kind_made = "internal"
    async with reporting_with(database_urls, stand_in, secret) as app:
        await until(lambda: app.state.events_registration.done())
    [(new_id, new)] = stand_in.subscriptions.items()
    assert new_id != old_id and new["owner_kind"] == "internal"
    assert stand_in.secrets[new_id] == secret


async def test_without_a_public_url_nothing_is_registered(database_urls: dict[str, str]) -> None:
    stand_in = StandIn(failures=0)
    app = create_reporting_app(
        reporting_settings(database_urls),
        projects_transport=httpx.ASGITransport(app=stand_in.app),
    )
    async with LifespanManager(app):
        await asyncio.sleep(0.2)
        assert getattr(app.state, "events_registration", None) is None
    assert stand_in.callers == []


class SlowStandIn(StandIn):
    """Lists slowly, so two replicas starting together would both find nothing and both
    subscribe, unless they take turns."""

    async def _list(self) -> dict[str, Any]:
        await asyncio.sleep(0.3)
        return await super()._list()


async def test_two_replicas_starting_together_subscribe_once(
    database_urls: dict[str, str],
) -> None:
    stand_in = SlowStandIn(failures=0)
    async with reporting_with(database_urls, stand_in, generate_secret()) as app:
        await until(lambda: app.state.events_registration.done())
        # Two replicas of another deployment start at once on the same database, each
        # registering on its own connection: both would find nothing and both subscribe.
        url, secret = "http://reporting-b.test:8003/v1/inbound/project-events", generate_secret()
        replicas = [
            registration.Registration(
                client=app.state.projects_client,
                identity=service_identity(REPORTING_SUBSCRIBER),
                url=url,
                secret=secret,
                engine=app.state.engine,
            )
            for _ in range(2)
        ]
        made = await asyncio.gather(*(replica.ensure() for replica in replicas))
        theirs = [s for s in stand_in.subscriptions.values() if s["url"] == url]
        assert len(theirs) == 1
        assert {str(m.id) for m in made} == {theirs[0]["id"]}


async def test_production_refuses_to_subscribe_without_a_shared_secret(
    database_urls: dict[str, str], monkeypatch, tmp_path
) -> None:
    production = PlatformSettings(environment=Environment.production, state_dir=tmp_path)
    monkeypatch.setattr(lifespan, "platform_settings", lambda: production)
    stand_in = StandIn(failures=0)
    settings = reporting_settings(database_urls).model_copy(update={"public_url": PUBLIC_URL})
    app = create_reporting_app(settings, projects_transport=httpx.ASGITransport(app=stand_in.app))
    with pytest.raises(EventsSecretMissing, match="REPORTING_EVENTS_SECRET"):
        async with LifespanManager(app):
            pass
    assert stand_in.subscriptions == {}
    assert not (tmp_path / "reporting-events-secret").exists()
