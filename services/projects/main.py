"""The projects service: portfolios, projects, members, tasks (and later the scheduler)."""

from fastapi import FastAPI

from services.projects.config import ProjectsSettings
from services.projects.members.router import router as members_router
from services.projects.models import idempotency_keys
from services.projects.portfolios.router import router as portfolios_router
from services.projects.projects.router import router as projects_router
from services.projects.tasks.router import router as tasks_router
from shared.app import ServiceSpec, create_service_app


def create_app(settings: ProjectsSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="projects",
            title="PMO projects service",
            settings=settings or ProjectsSettings(),  # type: ignore[call-arg]
            routers=[portfolios_router, projects_router, members_router, tasks_router],
            idempotency=idempotency_keys,
        )
    )
