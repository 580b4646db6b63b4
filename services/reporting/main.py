"""The reporting service: portfolio summaries now; EVM, health, snapshots, exports later."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from services.reporting.charts.router import router as charts_router
from services.reporting.config import ReportingSettings
from services.reporting.exports.router import router as exports_router
from services.reporting.models import idempotency_keys
from services.reporting.openapi import SUMMARIES
from services.reporting.status_reports.router import router as status_reports_router
from services.reporting.summaries.router import router as summaries_router
from shared.app import ServiceSpec, create_service_app
from shared.clients.projects import ProjectsClient


def create_app(
    settings: ReportingSettings | None = None,
    projects_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or ReportingSettings()  # type: ignore[call-arg]

    async def open_clients(app: FastAPI) -> None:
        app.state.projects_client = ProjectsClient(
            settings.projects_url, transport=projects_transport
        )

    async def close_clients(app: FastAPI) -> None:
        await app.state.projects_client.aclose()

    # Every router reads the projects service.
    routers = [summaries_router, exports_router, charts_router, status_reports_router]
    return create_service_app(
        ServiceSpec(
            name="reporting",
            title="PMO reporting service",
            settings=settings,
            routers=routers,
            idempotency=idempotency_keys,
            on_startup=[open_clients],
            on_shutdown=[close_clients],
            summaries=SUMMARIES,
            upstream_routers=routers,
        )
    )
