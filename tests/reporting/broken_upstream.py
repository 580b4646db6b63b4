"""A reporting service whose upstreams fail: refused connections or 5xx answers, for the
tests that check each endpoint answers a problem instead of a half document."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager

from services.reporting.config import ReportingSettings
from services.reporting.main import create_app

Handler = Callable[[httpx.Request], httpx.Response]


def refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def failing(request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, json={"title": "Internal Server Error", "status": 500})


def unavailable(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, json={"title": "Service Unavailable", "status": 503})


@asynccontextmanager
async def reporting_with_upstreams(
    database_url: str, token: str, handler: Handler
) -> AsyncIterator[httpx.AsyncClient]:
    """Every upstream the reporting service calls answers through ``handler``."""
    settings = ReportingSettings(
        database_url=database_url,
        projects_url="http://projects",
        governance_url="http://governance",
        snapshot_scheduler_enabled=False,
    )
    failing = httpx.MockTransport(handler)
    app = create_app(settings, projects_transport=failing, governance_transport=failing)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://test",
            headers={"authorization": f"Bearer {token}"},
        ) as http,
    ):
        yield http
