"""The governance service: standards with rules, compliance, templates, lifecycles and
stage gates, lessons learned (DESIGN §7)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from services.governance.config import GovernanceSettings
from services.governance.deliverables.router import router as deliverables_router
from services.governance.evaluations.router import router as evaluations_router
from services.governance.gates.phases import ProjectsServicePhases
from services.governance.gates.router import router as gates_router
from services.governance.lessons.router import router as lessons_router
from services.governance.lifecycles.router import router as lifecycles_router
from services.governance.models import audit_records, event_tables, idempotency_keys
from services.governance.openapi import SUMMARIES
from services.governance.permissions import PERMISSIONS
from services.governance.project_access import ensure_manages
from services.governance.standard_rules.router import router as rules_router
from services.governance.standards.router import router as standards_router
from services.governance.templates.router import router as templates_router
from shared.app import ServiceSpec, create_service_app
from shared.clients.projects import ProjectsClient
from shared.events.feed.access import via_projects_service
from shared.events.feed.router import events_router
from shared.service_identity import GOVERNANCE, service_identity
from shared.webhooks.upstream_access import UpstreamScopes
from shared.webhooks.wiring import WebhookWiring


def create_app(
    settings: GovernanceSettings | None = None,
    projects_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or GovernanceSettings()  # type: ignore[call-arg]
    # Built now, so production without the service's own token stops at start-up.
    identity = service_identity(GOVERNANCE)

    async def open_clients(app: FastAPI) -> None:
        app.state.projects_client = ProjectsClient(
            settings.projects_url, transport=projects_transport
        )
        app.state.project_phases = ProjectsServicePhases(app.state.projects_client, identity)

    async def close_clients(app: FastAPI) -> None:
        await app.state.projects_client.aclose()

    events = events_router(event_tables.outbox, "governance", via_projects_service)
    return create_service_app(
        ServiceSpec(
            name="governance",
            title="PMO governance service",
            settings=settings,
            routers=[
                standards_router,
                rules_router,
                evaluations_router,
                lessons_router,
                lifecycles_router,
                gates_router,
                deliverables_router,
                templates_router,
                events,
            ],
            idempotency=idempotency_keys,
            audit=audit_records,
            on_startup=[open_clients],
            on_shutdown=[close_clients],
            summaries=SUMMARIES,
            permissions=PERMISSIONS,
            webhooks=WebhookWiring(
                event_tables, UpstreamScopes(lambda: identity, ensure_manages), calls_upstream=True
            ),
            upstream_routers=[
                evaluations_router,
                lessons_router,
                lifecycles_router,
                gates_router,
                deliverables_router,
                templates_router,
                events,
            ],
        )
    )
