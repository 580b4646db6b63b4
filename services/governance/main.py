"""The governance service: standards now; templates, gates, compliance and lessons later."""

from fastapi import FastAPI

from services.governance.config import GovernanceSettings
from services.governance.models import audit_records, idempotency_keys
from services.governance.openapi import SUMMARIES
from services.governance.standards.router import router as standards_router
from shared.app import ServiceSpec, create_service_app


def create_app(settings: GovernanceSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="governance",
            title="PMO governance service",
            settings=settings or GovernanceSettings(),  # type: ignore[call-arg]
            routers=[standards_router],
            idempotency=idempotency_keys,
            audit=audit_records,
            summaries=SUMMARIES,
        )
    )
