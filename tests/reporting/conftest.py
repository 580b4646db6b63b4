"""Reporting is tested against the real projects and governance services (in-process, real
PostgreSQL): its clients talk HTTP to their apps through ``httpx.ASGITransport``, and
governance reads the same projects app. Reporting's writes commit (it owns its
transactions), so each test makes its own portfolio and projects."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.governance.config import GovernanceSettings
from services.governance.main import create_app as create_governance_app
from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from services.reporting.clock import Clock, FixedClock
from services.reporting.config import ReportingSettings
from services.reporting.main import create_app as create_reporting_app


@pytest.fixture(scope="session")
async def projects_app(database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    app = create_projects_app(ProjectsSettings(database_url=database_urls["projects"]))
    async with LifespanManager(app):
        yield app


@pytest.fixture(scope="session")
async def governance_app(
    database_urls: dict[str, str], projects_app: FastAPI
) -> AsyncIterator[FastAPI]:
    settings = GovernanceSettings(
        database_url=database_urls["governance"], projects_url="http://projects"
    )
    app = create_governance_app(settings, projects_transport=httpx.ASGITransport(app=projects_app))
    async with LifespanManager(app):
        yield app


def reporting_settings(database_urls: dict[str, str]) -> ReportingSettings:
    return ReportingSettings(
        database_url=database_urls["reporting"],
        projects_url="http://projects",
        governance_url="http://governance",
        snapshot_scheduler_enabled=False,
    )


@pytest.fixture(scope="session")
async def reporting_app(
    database_urls: dict[str, str], projects_app: FastAPI, governance_app: FastAPI
) -> AsyncIterator[FastAPI]:
    app = create_reporting_app(
        reporting_settings(database_urls),
        projects_transport=httpx.ASGITransport(app=projects_app),
        governance_transport=httpx.ASGITransport(app=governance_app),
    )
    async with LifespanManager(app):
        yield app


@pytest.fixture
def clock(reporting_app: FastAPI) -> Iterator[FixedClock]:
    """Reporting's clock, fixed at now (UTC) for the test; move it with ``clock.moment``."""
    fixed = FixedClock(datetime.now(UTC))
    reporting_app.state.clock = fixed
    try:
        yield fixed
    finally:
        reporting_app.state.clock = Clock()


def _client(app: FastAPI, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://test",
        headers={"authorization": f"Bearer {token}"},
    )


@pytest.fixture
async def projects(projects_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(projects_app, admin_token) as http:
        yield http


@pytest.fixture
async def governance(governance_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(governance_app, admin_token) as http:
        yield http


@pytest.fixture
async def reporting(reporting_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(reporting_app, admin_token) as http:
        yield http
