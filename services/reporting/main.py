"""The reporting service: portfolio summaries, health policies, project health with reasons
and overrides, daily snapshots and trends."""

from __future__ import annotations

import functools

import httpx
from fastapi import FastAPI

from services.reporting.charts.router import router as charts_router
from services.reporting.clock import Clock
from services.reporting.config import ReportingSettings
from services.reporting.corrective_actions.router import router as corrective_actions_router
from services.reporting.dashboard.router import router as dashboard_router
from services.reporting.exports.router import router as exports_router
from services.reporting.health.router import router as health_router
from services.reporting.identity import REPORTING
from services.reporting.inbound.lifespan import start_events, stop_events
from services.reporting.inbound.router import router as inbound_router
from services.reporting.models import audit_records, event_tables, idempotency_keys
from services.reporting.openapi import SUMMARIES
from services.reporting.overrides.router import router as overrides_router
from services.reporting.permissions import PERMISSIONS
from services.reporting.policies.router import router as policies_router
from services.reporting.project_access import ensure_can_manage
from services.reporting.snapshots.router import router as snapshots_router
from services.reporting.snapshots.scheduler import start_scheduler, stop_scheduler
from services.reporting.status_reports.router import router as status_reports_router
from services.reporting.summaries.router import router as summaries_router
from shared.app import ServiceSpec, create_service_app
from shared.clients.governance import GovernanceClient
from shared.clients.projects import ProjectsClient
from shared.events.feed.access import via_projects_service
from shared.events.feed.router import events_router
from shared.service_identity import ServiceIdentity, service_identity
from shared.webhooks.upstream_access import UpstreamScopes
from shared.webhooks.wiring import WebhookWiring


@functools.cache
def reporting_identity() -> ServiceIdentity:
    """Reporting as itself (reads every project's members), for the webhook dispatcher."""
    return service_identity(REPORTING)


def create_app(
    settings: ReportingSettings | None = None,
    projects_transport: httpx.AsyncBaseTransport | None = None,
    governance_transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or ReportingSettings()  # type: ignore[call-arg]

    async def open_clients(app: FastAPI) -> None:
        app.state.clock = clock or Clock()
        app.state.projects_client = ProjectsClient(
            settings.projects_url, transport=projects_transport
        )
        app.state.governance_client = GovernanceClient(
            settings.governance_url, transport=governance_transport
        )

    async def close_clients(app: FastAPI) -> None:
        await app.state.projects_client.aclose()
        await app.state.governance_client.aclose()

    upstream = [
        summaries_router,
        policies_router,
        health_router,
        overrides_router,
        dashboard_router,
        corrective_actions_router,
        events_router(event_tables.outbox, "reporting", via_projects_service),
    ]
    documents = [exports_router, charts_router, status_reports_router]
    return create_service_app(
        ServiceSpec(
            name="reporting",
            title="PMO reporting service",
            settings=settings,
            routers=[*upstream, snapshots_router, *documents, inbound_router],
            idempotency=idempotency_keys,
            audit=audit_records,
            on_startup=[open_clients, start_scheduler, start_events],
            on_shutdown=[stop_events, stop_scheduler, close_clients],
            summaries=SUMMARIES,
            permissions=PERMISSIONS,
            webhooks=WebhookWiring(
                event_tables,
                UpstreamScopes(reporting_identity, ensure_can_manage),
                calls_upstream=True,
            ),
            upstream_routers=[*upstream, snapshots_router, *documents],
        )
    )
