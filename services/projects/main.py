"""The projects service: portfolios, programs, projects, members, tasks, actual costs and
everything that plans them."""

from fastapi import FastAPI

from services.projects.access.audit import project_history_readers
from services.projects.access.webhooks import ProjectScopes
from services.projects.assignments.router import router as assignments_router
from services.projects.baselines.router import router as baselines_router
from services.projects.bulk.router import router as bulk_router
from services.projects.calendars.router import router as calendars_router
from services.projects.capacity.router import router as capacity_router
from services.projects.change_requests.router import router as change_requests_router
from services.projects.config import ProjectsSettings
from services.projects.corrective.router import router as corrective_router
from services.projects.costs.router import router as costs_router
from services.projects.dashboard.router import router as dashboard_router
from services.projects.dependencies.router import router as dependencies_router
from services.projects.earned_value.router import router as earned_value_router
from services.projects.facts.router import router as facts_router
from services.projects.forecasts.router import router as forecasts_router
from services.projects.interchange.router import router as interchange_router
from services.projects.jobs.router import router as jobs_router
from services.projects.jobs.worker import lifespan_hooks as jobs_worker_hooks
from services.projects.levelling.router import router as levelling_router
from services.projects.members.router import router as members_router
from services.projects.models import audit_records, event_tables, idempotency_keys
from services.projects.models.base import Base
from services.projects.openapi import SUMMARIES
from services.projects.plans.router import router as plans_router
from services.projects.portfolios.router import router as portfolios_router
from services.projects.programs.router import router as programs_router
from services.projects.projects.router import router as projects_router
from services.projects.raid.router import router as raid_router
from services.projects.resources.router import router as resources_router
from services.projects.schedule.catch_up import start_catch_up
from services.projects.schedule.router import router as schedule_router
from services.projects.status_updates.router import router as status_updates_router
from services.projects.tasks.router import router as tasks_router
from services.projects.what_if.router import router as what_if_router
from shared.app import ServiceSpec, create_service_app
from shared.webhooks.wiring import WebhookWiring

projects_table = Base.metadata.tables["projects"]
IMPORT_MAX_BYTES = 20 * 1024 * 1024
IMPORT_MEDIA_TYPES = frozenset({"application/xml", "text/xml", "multipart/form-data"})


def create_app(settings: ProjectsSettings | None = None) -> FastAPI:
    catch_up_start, catch_up_stop = start_catch_up()
    worker_start, worker_stop = jobs_worker_hooks()
    return create_service_app(
        ServiceSpec(
            name="projects",
            title="PMO projects service",
            settings=settings or ProjectsSettings(),  # type: ignore[call-arg]
            routers=[
                portfolios_router,
                programs_router,
                resources_router,
                capacity_router,
                assignments_router,
                projects_router,
                members_router,
                tasks_router,
                dependencies_router,
                calendars_router,
                schedule_router,
                baselines_router,
                raid_router,
                change_requests_router,
                status_updates_router,
                costs_router,
                bulk_router,
                interchange_router,
                facts_router,
                plans_router,
                dashboard_router,
                earned_value_router,
                jobs_router,
                levelling_router,
                what_if_router,
                corrective_router,
                forecasts_router,
            ],
            idempotency=idempotency_keys,
            audit=audit_records,
            audit_access=project_history_readers,
            # Plan files come as XML or multipart and may be large; everything else is JSON.
            body_limits={"/v1/imports": IMPORT_MAX_BYTES},
            raw_body_media_types={"/v1/imports": IMPORT_MEDIA_TYPES},
            on_startup=[catch_up_start, worker_start],
            on_shutdown=[worker_stop, catch_up_stop],
            summaries=SUMMARIES,
            webhooks=WebhookWiring(event_tables, ProjectScopes(), projects=projects_table),
        )
    )
