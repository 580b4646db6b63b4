"""Manual overrides of a project's overall health: a colour, a justification and an expiry.
At most one applies at a time (a new one supersedes the active one); none is ever deleted:
revoking stamps who and when, and the history keeps every override.

Who may override: admin and pmo, and the project's managers. Anyone who may read the
project reads its overrides."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.clock import Clock
from services.reporting.models import HealthOverride
from services.reporting.overrides import repository
from services.reporting.overrides.schemas import HealthOverrideCreate, HealthOverrideRead
from services.reporting.project_access import ensure_can_manage
from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams


def is_active(override: HealthOverride, now: datetime) -> bool:
    return override.revoked_at is None and override.expires_at > now


def read_of(override: HealthOverride, now: datetime) -> HealthOverrideRead:
    return HealthOverrideRead.model_validate(
        {
            **{c.key: getattr(override, c.key) for c in HealthOverride.__table__.c},
            "active": is_active(override, now),
        }
    )


def _check_expiry(expires_at: datetime, now: datetime, max_days: int) -> None:
    if expires_at <= now:
        message = "must be in the future"
    elif expires_at > now + timedelta(days=max_days):
        message = f"must be at most {max_days} days ahead"
    else:
        return
    raise ValidationFailed(f"expires_at {message}.", errors=[FieldError("expires_at", message)])


async def create_override(
    session: AsyncSession,
    projects: ProjectsClient,
    principal: Principal,
    project_id: uuid.UUID,
    data: HealthOverrideCreate,
    *,
    clock: Clock,
    max_days: int,
) -> HealthOverrideRead:
    now = clock.now()
    _check_expiry(data.expires_at, now, max_days)
    await ensure_can_manage(projects, principal, project_id)
    await repository.lock_project(session, project_id)
    replaced = await repository.active_of_project(session, project_id, now)
    override = HealthOverride(
        id=uuid.uuid4(),
        project_id=project_id,
        rag=data.rag.value,
        justification=data.justification,
        expires_at=data.expires_at,
        created_by=principal.subject,
        created_at=now,
        updated_at=now,
    )
    for old in replaced:
        old.revoked_at, old.revoked_by, old.superseded_by_id = now, principal.subject, override.id
    await repository.add(session, override)
    return read_of(override, now)


async def list_overrides(
    session: AsyncSession,
    projects: ProjectsClient,
    project_id: uuid.UUID,
    page: PageParams,
    *,
    clock: Clock,
) -> tuple[list[HealthOverrideRead], str | None]:
    await projects.get_project(project_id)  # 404 unless the caller may read the project
    rows, cursor = await repository.page(session, project_id, page)
    now = clock.now()
    return [read_of(row, now) for row in rows], cursor


async def revoke_override(
    session: AsyncSession,
    projects: ProjectsClient,
    principal: Principal,
    override_id: uuid.UUID,
    expected_versions: list[int] | None,
    *,
    clock: Clock,
) -> HealthOverrideRead:
    """Revoked, not deleted: the override stays in the history with who revoked it."""
    override = await repository.get(session, override_id, for_update=True)
    if override is None:
        raise NotFound(f"Health override {override_id} not found.")
    await ensure_can_manage(projects, principal, override.project_id)
    check_version(override.version, expected_versions)
    if override.revoked_at is not None:
        raise Conflict(f"Health override {override_id} was already revoked.")
    now = clock.now()
    override.revoked_at, override.revoked_by = now, principal.subject
    await session.flush()
    return read_of(override, now)


async def active_overrides(
    session: AsyncSession, project_ids: Iterable[uuid.UUID], now: datetime
) -> dict[uuid.UUID, HealthOverride]:
    """The active override of each project that has one."""
    rows = await repository.active_of_projects(session, list(project_ids), now)
    return {row.project_id: row for row in rows}
