from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import (
    ProjectArchived,
    ProjectRole,
    ensure_can_read,
    ensure_can_write,
    load_role,
    sees_archived,
)
from services.projects.currency.service import check_project_currency
from services.projects.models import Project, ProjectMember, audit_records, event_tables
from services.projects.programs.service import ensure_program_in_portfolio
from services.projects.projects.lifecycle import ensure_transition
from services.projects.projects.repository import SORTS, ProjectFilters, ProjectRepository
from services.projects.projects.schemas import (
    APPROVAL_BY_GATES,
    PHASE_BY_GATES,
    ProjectCreate,
    ProjectPhaseChange,
    ProjectStatus,
    ProjectUpdate,
)
from services.projects.schedule.service import reschedule
from shared import audit
from shared.audit import Action, Change, snapshot
from shared.auth import GlobalRole, Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from shared.events.outbox import Event, emit
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import pages_in_order, resolve_sort

repository = ProjectRepository()


async def list_projects(
    reader: Reader, principal: Principal, page: PageParams, sort: str | None, **filters: Any
) -> tuple[list[Any], str | None]:
    """The projects the caller may see, filtered (see :class:`ProjectFilters`), in the
    allow-listed sort order."""
    spec = resolve_sort(sort, SORTS, "created_at")
    if filters.get("archived") and not sees_archived(principal):
        raise Forbidden("Listing archived projects needs the admin or pmo role.")
    return await repository.list(reader, principal, ProjectFilters(**filters), page, spec)


# Project fields the schedule depends on: changing one reschedules the project.
_SCHEDULE_FIELDS = frozenset(
    {"start_date", "status_date", "deadline", "critical_threshold_days", "calendar_id"}
)


async def get_project(
    reader: Reader, principal: Principal, project_id: uuid.UUID
) -> dict[str, Any]:
    """The project; an archived one only for admin/pmo (404 for everyone else)."""
    row = await repository.get_with_role(reader, project_id, principal)
    if row is None or (row["archived_at"] is not None and not sees_archived(principal)):
        raise NotFound(f"Project {project_id} not found.")
    ensure_can_read(principal, row.get("my_role"), project_id)
    return row


async def first_pages_by_group(
    reader: Reader,
    principal: Principal,
    group: str,
    group_ids: list[uuid.UUID],
    limit: int,
    status: list[str] | None,
) -> list[dict[str, Any]]:
    """The first projects of each portfolio (``group`` portfolio_id) or program
    (program_id) the caller may see, in the order asked."""
    pages = await repository.first_pages(reader, principal, group, group_ids, limit, status)
    return pages_in_order(group_ids, pages, key=group)


async def _check_portfolio(session: AsyncSession, portfolio_id: uuid.UUID | None) -> None:
    if portfolio_id is not None and not await repository.portfolio_exists(session, portfolio_id):
        raise ValidationFailed(
            f"Portfolio {portfolio_id} does not exist.",
            errors=[FieldError("portfolio_id", "unknown portfolio")],
        )


async def create_project(
    session: AsyncSession,
    principal: Principal,
    data: ProjectCreate,
    schedule_settings: Mapping[str, Any] | None = None,
) -> Project:
    """Admins, PMO staff and members may propose projects; the creator becomes manager.
    ``schedule_settings``: project columns an import or a template brings along (status
    date, progress mode, the starting phase...), recorded with the creation rather than as
    a change after it."""
    principal.require_any(GlobalRole.admin, GlobalRole.pmo, GlobalRole.member)
    await _check_portfolio(session, data.portfolio_id)
    if await repository.code_taken(session, data.code):
        raise Conflict(f"A project with code {data.code!r} already exists.")
    project = Project(
        **data.model_dump(), **(schedule_settings or {}), status=ProjectStatus.proposed.value
    )
    await _check_grouping(session, project, data.model_fields_set)
    session.add(project)
    await session.flush()
    session.add(
        ProjectMember(project_id=project.id, user_id=principal.subject, role=ProjectRole.manager)
    )
    await session.flush()
    # Read back what the database stored (numeric scale, defaults), as a GET shows it.
    await session.refresh(project)
    return project


async def update_project(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    data: ProjectUpdate,
    expected_versions: list[int] | None,
) -> Project:
    role = await load_role(session, principal, project_id)
    ensure_can_write(principal, role, project_id)
    project = await _load(session, project_id)
    changes = data.model_dump(exclude_unset=True)
    if "phase" in changes:
        raise Forbidden(f"{PHASE_BY_GATES}; it is not changed by updating the project.")
    check_version(project.version, expected_versions)
    if "status" in changes:
        if changes["status"] is None:
            raise ValidationFailed(errors=[FieldError("status", "may not be null")])
        target = ProjectStatus(changes["status"])
        if (project.status, target) == (ProjectStatus.proposed, ProjectStatus.approved):
            raise Forbidden(f"{APPROVAL_BY_GATES.capitalize()}.")
        ensure_transition(ProjectStatus(project.status), target)
    if "portfolio_id" in changes:
        await _check_portfolio(session, changes["portfolio_id"])
    for field, value in changes.items():
        setattr(project, field, value)
    _check_merged(project)
    await _check_grouping(session, project, changes.keys())
    await session.flush()
    if changes.keys() & _SCHEDULE_FIELDS:
        await reschedule(session, project_id)
    # Read back what the database stored (numeric scale, defaults), as a GET shows it.
    await session.refresh(project)
    return project


async def set_project_phase(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    change: ProjectPhaseChange,
    expected_versions: list[int] | None,
) -> Project:
    """Move the project to the phase a gate review decided (and to its status, along the
    lifecycle): only the governance service's own identity may, whatever a user's role."""
    if GlobalRole.governance_service not in principal.roles:
        raise Forbidden(
            f"{PHASE_BY_GATES}; only the governance service sets it, as itself, when a gate "
            "review lets the project through."
        )
    project = await _load(session, project_id)
    check_version(project.version, expected_versions)
    if project.archived_at is not None:
        raise ProjectArchived(f"Project {project_id} is archived: its phase does not move.")
    if change.status is not None:
        ensure_transition(ProjectStatus(project.status), change.status)
        project.status = change.status.value
    project.phase = change.phase
    await session.flush()
    # The field changes are recorded by the audit listener; this says which review moved it.
    decided_by = {"gate_review_id": change.gate_review_id, "note": change.note}
    await audit.record(
        session,
        audit_records,
        [Change(Action.updated, "projects", project.id, project.id, snapshot(decided_by))],
    )
    await session.refresh(project)
    return project


async def _check_grouping(session: AsyncSession, project: Project, changed: Any) -> None:
    """The program and currency rules, checked when a field they read changes (a project
    priced in another currency before portfolios had one keeps it until it is moved)."""
    touched = set(changed)
    if project.program_id is not None and touched & {"portfolio_id", "program_id"}:
        await ensure_program_in_portfolio(session, project.program_id, project.portfolio_id)
    if touched & {"portfolio_id", "currency"}:
        await check_project_currency(session, project)


def _check_merged(project: Project) -> None:
    """A partial update can break rules the full record must keep."""
    if project.start_date and project.target_date and project.target_date < project.start_date:
        raise ValidationFailed(
            "target_date must not be before start_date.",
            errors=[FieldError("target_date", "before start_date")],
        )
    if project.budget is not None and not project.currency:
        raise ValidationFailed(
            "A budget needs a currency.", errors=[FieldError("currency", "required with budget")]
        )


async def archive_project(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    """``DELETE``: the project is archived, not erased (restore or, after the retention
    period, purge it); 409 when it is archived already."""
    principal.require_any(GlobalRole.admin, GlobalRole.pmo)
    project = await _load(session, project_id)
    check_version(project.version, expected_versions)
    if project.archived_at is not None:
        raise ProjectArchived(f"Project {project_id} is archived already.")
    project.archived_at = datetime.now(UTC)
    project.archived_by = principal.subject
    await session.flush()
    await _emit(session, "project.archived", project)


async def restore_project(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> Project:
    """An archived project back in every list, as it was; 409 when it is not archived."""
    principal.require_any(GlobalRole.admin, GlobalRole.pmo)
    project = await _load(session, project_id)
    check_version(project.version, expected_versions)
    if project.archived_at is None:
        raise Conflict(f"Project {project_id} is not archived.")
    archived = {"archived_at": project.archived_at.isoformat(), "archived_by": project.archived_by}
    project.archived_at = None
    project.archived_by = None
    await session.flush()
    await _emit(session, "project.restored", project, archived)
    await session.refresh(project)
    return project


async def purge_project(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    retention_days: int,
    expected_versions: list[int] | None,
) -> None:
    """Erase an archived project and everything under it (admin only), once it has been
    archived ``retention_days``; the audit record of the purge stays."""
    principal.require_any(GlobalRole.admin)
    project = await _load(session, project_id)
    check_version(project.version, expected_versions)
    if project.archived_at is None:
        raise Conflict(f"Project {project_id} is not archived: archive it (DELETE) first.")
    purgeable_at = project.archived_at + timedelta(days=retention_days)
    if datetime.now(UTC) < purgeable_at:
        raise Conflict(
            f"Project {project_id} may be purged from {purgeable_at.isoformat()} "
            f"({retention_days} days after it was archived); restore it, or wait.",
            extra={"purgeable_at": purgeable_at.isoformat()},
        )
    purged = {
        "code": project.code,
        "name": project.name,
        "archived_at": project.archived_at.isoformat(),
        "archived_by": project.archived_by,
        "purged": True,
    }
    await _emit(session, "project.purged", project, purged)
    session.expunge(project)
    await repository.erase(session, project_id)
    await audit.record(
        session,
        audit_records,
        [Change(Action.deleted, "projects", project_id, project_id, snapshot(purged))],
    )


async def _load(session: AsyncSession, project_id: uuid.UUID) -> Project:
    project = await repository.load_for_update(session, project_id)
    if project is None:
        raise NotFound(f"Project {project_id} not found.")
    return project


async def _emit(
    session: AsyncSession, kind: str, project: Project, data: dict[str, Any] | None = None
) -> None:
    body = data or {
        "code": project.code,
        "archived_at": project.archived_at.isoformat() if project.archived_at else None,
        "archived_by": project.archived_by,
    }
    event = Event(kind, "project", project.id, project.id, body, project.portfolio_id)
    await emit(session, event_tables.outbox, [event])
