"""Webhooks are tested on databases of their own (no other app's dispatcher competes for
the deliveries), with the real services in-process and a real HTTP receiver on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.governance.config import GovernanceSettings
from services.governance.main import create_app as create_governance_app
from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from services.reporting.config import ReportingSettings
from services.reporting.main import create_app as create_reporting_app
from shared.db import make_engine
from shared.testing.database import run_databases
from shared.webhooks.dispatcher import start_dispatcher, stop_dispatcher
from shared.webhooks.settings import WebhookSettings
from tests.webhooks.helpers import projects_repository
from tests.webhooks.receiver import Receiver, start_receiver

LOOPBACK = ["127.0.0.0/8", "::1/128"]
# Retries after 0.05 s (jittered down) six times, then dead: the day-long schedule, shrunk.
RETRIES = [0.05] * 6


def webhook_settings(**changes: Any) -> WebhookSettings:
    values: dict[str, Any] = {
        "allowed_cidrs": LOOPBACK,
        "poll_interval_seconds": 0.1,
        "retry_schedule_seconds": RETRIES,
        "timeout_seconds": 5.0,
        "lease_seconds": 30.0,
        "shutdown_grace_seconds": 5.0,
        # Every delivery of a project manager's subscription asks anew (no cached answer).
        "access_recheck_seconds": 0.0,
        **changes,
    }
    return WebhookSettings(**values)


class SwitchableTransport(httpx.AsyncBaseTransport):
    """A link to another service that a test can cut (``down``): calls fail to connect."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("the projects service is down (test)", request=request)
        return await self.inner.handle_async_request(request)


@pytest.fixture(scope="session")
def webhook_databases(database_server) -> Iterator[dict[str, str]]:
    with run_databases(database_server, "webhooks") as urls:
        yield urls


@pytest.fixture(scope="session")
async def hooked_projects_app(webhook_databases: dict[str, str]) -> AsyncIterator[FastAPI]:
    settings = ProjectsSettings(
        database_url=webhook_databases["projects"], webhooks=webhook_settings()
    )
    app = create_projects_app(settings)
    async with LifespanManager(app):
        yield app


@pytest.fixture(scope="session")
async def hooked_governance_app(
    webhook_databases: dict[str, str], hooked_projects_app: FastAPI
) -> AsyncIterator[FastAPI]:
    settings = GovernanceSettings(
        database_url=webhook_databases["governance"],
        projects_url="http://projects",
        webhooks=webhook_settings(),
    )
    link = SwitchableTransport(httpx.ASGITransport(app=hooked_projects_app))
    app = create_governance_app(settings, projects_transport=link)
    app.state.test_projects_link = link  # tests take the projects service "down" with it
    async with LifespanManager(app):
        yield app


@pytest.fixture(scope="session")
async def hooked_reporting_app(
    webhook_databases: dict[str, str], hooked_projects_app: FastAPI, hooked_governance_app: FastAPI
) -> AsyncIterator[FastAPI]:
    settings = ReportingSettings(
        database_url=webhook_databases["reporting"],
        projects_url="http://projects",
        governance_url="http://governance",
        snapshot_scheduler_enabled=False,
        webhooks=webhook_settings(),
    )
    app = create_reporting_app(
        settings,
        projects_transport=httpx.ASGITransport(app=hooked_projects_app),
        governance_transport=httpx.ASGITransport(app=hooked_governance_app),
    )
    async with LifespanManager(app):
        yield app


@pytest.fixture(scope="session")
async def receiver() -> AsyncIterator[Receiver]:
    found, runner = await start_receiver()
    try:
        yield found
    finally:
        await runner.cleanup()


def client_of(app: FastAPI, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://test",
        headers={"authorization": f"Bearer {token}"},
        timeout=30.0,
    )


@pytest.fixture
async def projects(
    hooked_projects_app: FastAPI, admin_token: str
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(hooked_projects_app, admin_token) as http:
        yield http


@pytest.fixture
async def governance(
    hooked_governance_app: FastAPI, admin_token: str
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(hooked_governance_app, admin_token) as http:
        yield http


@pytest.fixture
async def engine(
    hooked_projects_app: FastAPI, webhook_databases: dict[str, str]
) -> AsyncIterator[AsyncEngine]:
    """An engine of the test's own on the projects database, with the app's dispatcher
    stopped meanwhile: the deliveries are the test's to claim and record."""
    await stop_dispatcher(hooked_projects_app)
    engine = make_engine(webhook_databases["projects"], pool_size=2)
    try:
        yield engine
    finally:
        await engine.dispose()
        await start_dispatcher(hooked_projects_app, projects_repository(), "projects")
