"""Instantiating a published template: the projects service makes the project with its
plan (tasks, links, RAID defaults, first phase) in one transaction of its own, then
governance records the instantiation, assigns the lifecycle and plans the deliverables in
one transaction of its own.

Exactly once, without a distributed transaction: the call to the projects service carries
an Idempotency-Key derived from the instantiation (:func:`plan_key`), so a retry that
reaches the projects service again gets the project it already made (its replay), never a
second one; governance writes its record only once the project exists, and a record is
unique per project. If the projects service fails, nothing was made there (its transaction)
and nothing is recorded here; if governance fails after the project exists, the retry finds
the project through the replay and records it then.

The key: with the client's Idempotency-Key, from that key (and the caller and template);
without one, from the request itself (caller, template, body), so a retried or concurrent
identical request is still recognised for as long as the projects service keeps its keys
(24 h). Two deliberately identical projects from one template therefore need different
codes (or keys)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Template, TemplateInstantiation
from services.governance.templates import integrations, references, service
from services.governance.templates.plan import plan_for
from services.governance.templates.repository import (
    INSTANTIATION_SORTS,
    InstantiationRepository,
)
from services.governance.templates.schemas import (
    InstantiatedProject,
    InstantiationCreate,
    InstantiationRead,
    InstantiationRecordRead,
    TemplateStatus,
)
from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.plans import ProjectPlanCreate, ProjectPlanDTO
from shared.errors import (
    Conflict,
    FieldError,
    IdempotencyInFlight,
    ProblemError,
    ServiceUnavailable,
    UpstreamError,
    UpstreamTimeout,
    ValidationFailed,
)
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import resolve_sort

instantiations = InstantiationRepository()
STEP = "create_project_plan"


def plan_key(
    principal: Principal, template_id: uuid.UUID, body: InstantiationCreate, client_key: str | None
) -> str:
    """The Idempotency-Key of the call to the projects service (see the module's doc)."""
    if client_key:
        source = f"key\n{principal.subject}\n{template_id}\n{client_key}"
    else:
        request = orjson.dumps(body.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)
        source = f"body\n{principal.subject}\n{template_id}\n{request.decode()}"
    return "tpl-inst-" + hashlib.sha256(source.encode()).hexdigest()


async def instantiate(
    session: AsyncSession,
    principal: Principal,
    template_id: uuid.UUID,
    body: InstantiationCreate,
    *,
    projects: ProjectsClient,
    client_key: str | None,
) -> InstantiationRead:
    template = await service.load(session, template_id, for_update=False)
    if template.status != TemplateStatus.published:
        raise Conflict(
            f"Revision {template.revision} of template {template.key!r} is {template.status}; "
            "only a published template can be instantiated.",
            extra={"template_status": template.status},
        )
    lifecycle = await _lifecycle(session, template)
    key = plan_key(principal, template.id, body, client_key)
    project = (await _create_plan(projects, plan_for(template, body, lifecycle, key), key)).project
    record = TemplateInstantiation(
        template_id=template.id,
        template_key=template.key,
        template_revision=template.revision,
        project_id=project.id,
        project_code=project.code,
        project_name=project.name,
        phase=lifecycle.first_phase if lifecycle else None,
        lifecycle_id=lifecycle.id if lifecycle else None,
        plan_key=key,
        instantiated_by=principal.subject,
        instantiated_at=datetime.now(UTC),
    )
    if await instantiations.add_once(session, record):
        await integrations.assign_template_lifecycle(session, principal, record, lifecycle)
        await integrations.plan_template_deliverables(session, principal, record, template)
    else:
        record = await instantiations.of_project(session, project.id) or record
    lessons = await integrations.lessons_for_template(session, template, record.phase)
    return InstantiationRead(**_record(record), lessons=lessons)


async def _lifecycle(session: AsyncSession, template: Template) -> references.LifecycleRef | None:
    if not (template.lifecycle_key or template.lifecycle_id):
        return None
    lifecycle = await references.published_lifecycle(
        session, template.lifecycle_key, template.lifecycle_id
    )
    if lifecycle is None:
        raise Conflict(
            f"The lifecycle of template {template.key!r} is no longer published; publish a "
            "new revision of the template with a published lifecycle.",
        )
    return lifecycle


async def _create_plan(
    projects: ProjectsClient, plan: ProjectPlanCreate, key: str
) -> ProjectPlanDTO:
    """The project made (or, on a retry, found) by the projects service; its failures
    become problems that name the service and the step."""
    try:
        return await projects.create_project_plan(plan, idempotency_key=key)
    except IdempotencyInFlight as error:
        raise Conflict(
            "An identical instantiation is in progress; retry it in a moment to get its project.",
            extra=_where(),
        ) from error
    except (UpstreamError, ServiceUnavailable) as error:
        raise _upstream_failure(error) from error
    except ValidationFailed as error:
        raise ValidationFailed(
            f"The projects service refused the plan: {error.detail}",
            errors=[FieldError(_field(e.field), e.message) for e in error.errors],
            extra=_where(),
        ) from error


def _upstream_failure(error: ProblemError) -> ProblemError:
    what = {
        UpstreamTimeout: "did not answer in time",
        ServiceUnavailable: "is unavailable",
    }.get(type(error), "failed or could not be reached")
    detail = (
        f"The projects service {what} while creating the project plan ({STEP}): "
        f"{error.detail} Nothing was recorded; retry with the same Idempotency-Key."
    )
    return type(error)(detail, extra=_where())


def _where() -> dict[str, str]:
    return {"upstream": "projects", "step": STEP}


def _field(upstream_field: str) -> str:
    """The request field a projects-side error is about (its plan nests the project)."""
    name = upstream_field.removeprefix("project.")
    return name if name in InstantiationCreate.model_fields else "body"


def _record(record: TemplateInstantiation | Mapping[str, Any]) -> dict[str, Any]:
    row = record if isinstance(record, Mapping) else _columns(record)
    project = InstantiatedProject(
        id=row["project_id"], code=row["project_code"], name=row["project_name"], phase=row["phase"]
    )
    fields = (
        "id",
        "template_id",
        "template_key",
        "template_revision",
        "lifecycle_id",
        "instantiated_by",
        "instantiated_at",
    )
    return {**{name: row[name] for name in fields}, "project": project}


def _columns(record: TemplateInstantiation) -> dict[str, Any]:
    return {column.key: getattr(record, column.key) for column in record.__table__.c}


async def list_instantiations(
    reader: Reader, principal: Principal, template_id: uuid.UUID, page: PageParams
) -> tuple[list[dict[str, Any]], str | None]:
    """A template's instantiations, newest first; callers who may not read every project
    see only their own."""
    await service.get_template(reader, template_id)
    sort = resolve_sort("-instantiated_at", INSTANTIATION_SORTS, "instantiated_at")
    by = None if principal.can_read_all else principal.subject
    rows, cursor = await instantiations.list_for_template(reader, template_id, page, sort, by)
    items = [InstantiationRecordRead(**_record(row)).model_dump(mode="json") for row in rows]
    return items, cursor
