"""The gateway in-process, over the three real services in-process (real PostgreSQL): each
gateway client gets an ``httpx.ASGITransport`` to its service's app through the
``transports`` seam, wrapped to count the upstream calls a query makes.

Data written here is committed (the services run their own transactions), so every test
creates its own rows with unique codes.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.gateway.config import GatewaySettings
from services.gateway.ids import decode
from services.gateway.ids import global_id as make_global_id
from services.gateway.main import GatewayApp
from services.gateway.main import create_app as create_gateway_app
from services.governance.config import GovernanceSettings
from services.governance.main import create_app as create_governance_app
from services.projects.config import ProjectsSettings
from services.projects.main import create_app as create_projects_app
from services.reporting.config import ReportingSettings
from services.reporting.main import create_app as create_reporting_app
from shared.clients.projects import ProjectsClient
from shared.clients.projects.portfolios import PortfolioCreate, PortfolioDTO
from shared.clients.projects.projects import ProjectCreate, ProjectDTO
from shared.clients.projects.tasks import TaskCreate
from shared.postgres import DatabaseServer
from shared.testing.database import run_databases

UPSTREAMS = ("projects", "governance", "reporting")


class CountingTransport(httpx.AsyncBaseTransport):
    """Delegates to another transport and records every request it carries."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


@dataclass
class Gateway:
    http: httpx.AsyncClient
    transports: dict[str, CountingTransport]
    token: str
    app: GatewayApp
    extra: dict[str, Any] = field(default_factory=dict)

    def calls(self, upstream: str | None = None) -> int:
        names = [upstream] if upstream else list(self.transports)
        return sum(len(self.transports[n].requests) for n in names)

    def reset_calls(self) -> None:
        for transport in self.transports.values():
            transport.requests.clear()

    async def query(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        token: str | None = None,
        anonymous: bool = False,
    ) -> dict[str, Any]:
        """POST a GraphQL query as the admin (or ``token``); ``anonymous`` sends no token."""
        headers = {} if anonymous else {"authorization": f"Bearer {token or self.token}"}
        body = {"query": query, "variables": dict(variables or {})}
        response = await self.http.post("/graphql", json=body, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="session")
def database_urls(database_server: DatabaseServer) -> Iterator[dict[str, str]]:
    """Databases of their own: gateway tests commit their rows (the services own their
    transactions), which must not show up in the other suites' rolled-back tests."""
    with run_databases(database_server, "gateway") as urls:
        yield urls


@pytest.fixture(scope="session")
async def projects_app(database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    # Archived projects may be purged at once here (purgeProject is tested end to end).
    settings = ProjectsSettings(database_url=database_urls["projects"], archive_retention_days=0)
    app = create_projects_app(settings)
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


@pytest.fixture(scope="session")
async def reporting_app(
    database_urls: dict[str, str], projects_app: FastAPI, governance_app: FastAPI
) -> AsyncIterator[FastAPI]:
    settings = ReportingSettings(
        database_url=database_urls["reporting"],
        projects_url="http://projects",
        governance_url="http://governance",
        snapshot_scheduler_enabled=False,
    )
    app = create_reporting_app(
        settings,
        projects_transport=httpx.ASGITransport(app=projects_app),
        governance_transport=httpx.ASGITransport(app=governance_app),
    )
    async with LifespanManager(app):
        yield app


@pytest.fixture(scope="session")
def upstream_apps(
    projects_app: FastAPI, governance_app: FastAPI, reporting_app: FastAPI
) -> dict[str, FastAPI]:
    return {"projects": projects_app, "governance": governance_app, "reporting": reporting_app}


GatewayFactory = Callable[..., Any]


@pytest.fixture
def gateway_factory(upstream_apps: dict[str, FastAPI], admin_token: str) -> GatewayFactory:
    """``async with gateway_factory(governance=httpx.MockTransport(...)) as gw``: the real
    services, except the upstreams given (to simulate one that is down or slow)."""

    @asynccontextmanager
    async def make(
        *,
        settings: GatewaySettings | None = None,
        token: str | None = None,
        **overrides: httpx.AsyncBaseTransport,
    ) -> AsyncIterator[Gateway]:
        transports = {
            name: CountingTransport(
                overrides.get(name) or httpx.ASGITransport(app=app, raise_app_exceptions=False)
            )
            for name, app in upstream_apps.items()
        }
        settings = settings or GatewaySettings(
            projects_url="http://projects",
            governance_url="http://governance",
            reporting_url="http://reporting",
            upstream_retries=0,
        )
        app = create_gateway_app(settings, transports=transports)
        async with (
            LifespanManager(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://gateway"
            ) as http,
        ):
            yield Gateway(http=http, transports=transports, token=token or admin_token, app=app)

    return make


@pytest.fixture
async def gateway(gateway_factory: GatewayFactory) -> AsyncIterator[Gateway]:
    async with gateway_factory() as gw:
        yield gw


@pytest.fixture
async def projects_http(
    projects_app: FastAPI, admin_token: str
) -> AsyncIterator[httpx.AsyncClient]:
    """Direct REST access to the projects service, for arranging data."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=projects_app),
        base_url="http://projects",
        headers={"authorization": f"Bearer {admin_token}"},
    ) as http:
        yield http


@pytest.fixture
async def projects_client(projects_app: FastAPI, admin_token: str) -> AsyncIterator[ProjectsClient]:
    """The typed client straight to the projects service, for arranging data as admin."""
    client = ProjectsClient(
        "http://projects", transport=httpx.ASGITransport(app=projects_app), token=admin_token
    )
    async with client:
        yield client


def uuid_of(global_id: str) -> str:
    """The service's UUID a gateway global id names (what REST and the foreign-key fields
    such as ``projectId`` carry)."""
    parsed = decode(global_id)
    assert parsed is not None and parsed[0] is not None, global_id
    return str(parsed[1])


def global_id(type_name: str, value: object) -> str:
    return str(make_global_id(type_name, str(value)))


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


Seed = Callable[..., Awaitable[tuple[PortfolioDTO, list[ProjectDTO]]]]


@pytest.fixture
def seed_portfolio(projects_client: ProjectsClient) -> Seed:
    """A portfolio with ``projects`` projects of ``tasks`` tasks each."""

    async def seed(projects: int, tasks: int = 0) -> tuple[PortfolioDTO, list[ProjectDTO]]:
        portfolio = await projects_client.create_portfolio(PortfolioCreate(name=unique("GW")))
        # One by one: the API lists projects by creation time, and tests rely on that order.
        created = [
            await projects_client.create_project(
                ProjectCreate(
                    portfolio_id=portfolio.id,
                    code=unique("GW"),
                    name=f"Gateway project {i}",
                    budget=Decimal("1000.50"),
                    currency="EUR",
                )
            )
            for i in range(projects)
        ]
        for project in created:
            for t in range(tasks):
                await projects_client.add_task(
                    project.id,
                    TaskCreate(
                        name=f"Task {t}",
                        start_date=date(2025, 1, 6),
                        finish_date=date(2025, 1, 10),
                        duration_days=Decimal("5"),
                        percent_complete=Decimal("50"),
                    ),
                )
        return portfolio, created

    return seed
