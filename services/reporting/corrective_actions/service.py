"""The action register: corrective actions of a project, what triggered them, who owns them,
their status and their measured effect (:mod:`.effect`). Proposals are made by the
snapshots (:mod:`.register`); people record, update and close actions, and draw a lesson
learned (governance service) from a closed one.

Who writes: admin and pmo, and the project's managers (as for health overrides). Anyone
who may read the project reads its actions."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.clock import Clock
from services.reporting.corrective_actions import repository
from services.reporting.corrective_actions.effect import figures_of, measured
from services.reporting.corrective_actions.register import baseline_of, before_of
from services.reporting.corrective_actions.schemas import (
    CLOSED,
    ActionStatus,
    CorrectiveActionCreate,
    CorrectiveActionRead,
    CorrectiveActionUpdate,
    Effect,
    Figures,
    TriggerKind,
)
from services.reporting.corrective_actions.transitions import INITIAL, check_transition
from services.reporting.models import CorrectiveAction
from services.reporting.project_access import ensure_can_manage, project_role
from services.reporting.snapshots.service import latest_snapshot
from shared.auth import Principal
from shared.clients.projects import ProjectsClient
from shared.clients.projects.members import ProjectRole
from shared.clients.projects.projects import ProjectDTO
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from shared.pagination import PageParams

EMPTY = Figures(day=None, spi=None, spi_t=None, p80_finish=None, critical_float_days=None)


def effect_of(action: CorrectiveAction) -> Effect:
    if action.effect is not None:
        return Effect.model_validate(action.effect)
    return measured(before_of(action), None)


def read_of(action: CorrectiveAction) -> CorrectiveActionRead:
    fields = {c.key: getattr(action, c.key) for c in CorrectiveAction.__table__.c}
    return CorrectiveActionRead.model_validate({**fields, "effect": effect_of(action)})


async def managed_project(
    projects: ProjectsClient, principal: Principal, project_id: uuid.UUID
) -> ProjectDTO:
    """The project (404 unless visible), when the caller may manage it (403 otherwise)."""
    project = await projects.get_project(project_id)
    if principal.can_write_all:
        return project
    if await project_role(projects, principal, project_id) != ProjectRole.manager:
        raise Forbidden("This change needs the manager role on the project, or pmo/admin.")
    return project


async def _manual_trigger(
    session: AsyncSession, project_id: uuid.UUID
) -> tuple[dict[str, Any], Figures]:
    """A hand-recorded action's trigger (the latest snapshot's colour and reasons) and its
    baseline figures."""
    snapshot = await latest_snapshot(session, project_id)
    if snapshot is None:
        return {"kind": TriggerKind.manual.value, "day": None, "reasons": []}, EMPTY
    trigger = {
        "kind": TriggerKind.manual.value,
        "day": snapshot.day.isoformat(),
        "rag": snapshot.effective_rag,
        "reasons": snapshot.health["overall_reasons"],
        "p80_finish": snapshot.p80_finish.isoformat() if snapshot.p80_finish else None,
    }
    return trigger, figures_of(snapshot)


async def create_action(
    session: AsyncSession,
    projects: ProjectsClient,
    principal: Principal,
    data: CorrectiveActionCreate,
    *,
    clock: Clock,
) -> CorrectiveActionRead:
    if data.status not in INITIAL:
        message = "must be proposed or open"
        raise ValidationFailed(
            f"A new action's status {message}.", errors=[FieldError("status", message)]
        )
    project = await managed_project(projects, principal, data.project_id)
    trigger, baseline = await _manual_trigger(session, project.id)
    now = clock.now()
    action = CorrectiveAction(
        id=uuid.uuid4(),
        project_id=project.id,
        portfolio_id=project.portfolio_id,
        trigger=trigger,
        **data.model_dump(exclude={"project_id", "status"}),
        status=data.status.value,
        created_by=principal.subject,
        created_at=now,
        updated_at=now,
        **baseline_of(baseline),
    )
    await repository.add(session, [action])
    return read_of(action)


async def _load(
    session: AsyncSession, action_id: uuid.UUID, *, for_update: bool = False
) -> CorrectiveAction:
    action = await repository.get(session, action_id, for_update=for_update)
    if action is None:
        raise NotFound(f"Corrective action {action_id} not found.")
    return action


async def get_action(
    session: AsyncSession, projects: ProjectsClient, action_id: uuid.UUID
) -> CorrectiveActionRead:
    action = await _load(session, action_id)
    try:
        await projects.get_project(action.project_id)
    except NotFound:
        raise NotFound(f"Corrective action {action_id} not found.") from None
    return read_of(action)


async def load_managed(
    session: AsyncSession,
    projects: ProjectsClient,
    principal: Principal,
    action_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> CorrectiveAction:
    """The action, locked, when the caller may change it and names its version. The access
    check calls the projects service before the row is locked, not while it is held."""
    action = await _load(session, action_id)
    try:
        await ensure_can_manage(projects, principal, action.project_id)
    except NotFound:
        raise NotFound(f"Corrective action {action_id} not found.") from None
    action = await _load(session, action_id, for_update=True)
    check_version(action.version, expected_versions)
    return action


async def update_action(
    session: AsyncSession,
    projects: ProjectsClient,
    principal: Principal,
    action_id: uuid.UUID,
    data: CorrectiveActionUpdate,
    expected_versions: list[int] | None,
    *,
    clock: Clock,
) -> CorrectiveActionRead:
    action = await load_managed(session, projects, principal, action_id, expected_versions)
    current = ActionStatus(action.status)
    if current in CLOSED:
        raise Conflict(f"Corrective action {action_id} is {current.value}: it changes no more.")
    changes = data.model_dump(exclude_unset=True)
    if changes.get("title", "") is None:
        raise ValidationFailed("title cannot be null.", errors=[FieldError("title", "required")])
    if changes.get("status") is not None:
        check_transition(current, ActionStatus(changes["status"]))
        changes["status"] = ActionStatus(changes["status"]).value
    else:
        changes.pop("status", None)
    for name, value in changes.items():
        setattr(action, name, value)
    action.updated_at = clock.now()
    await session.flush()
    return read_of(action)


async def list_of_project(
    session: AsyncSession,
    projects: ProjectsClient,
    project_id: uuid.UUID,
    statuses: list[ActionStatus],
    page: PageParams,
) -> tuple[list[CorrectiveActionRead], str | None]:
    await projects.get_project(project_id)  # 404 unless the caller may read the project
    rows, cursor = await repository.page(
        session, page, project_id=project_id, statuses=[s.value for s in statuses]
    )
    return [read_of(row) for row in rows], cursor


async def list_of_portfolio(
    session: AsyncSession,
    projects: ProjectsClient,
    portfolio_id: uuid.UUID,
    statuses: list[ActionStatus],
    page: PageParams,
) -> tuple[list[CorrectiveActionRead], str | None]:
    """The portfolio's actions of the projects the caller may read (a page may hold fewer
    than `limit` when some are not readable; the cursor still continues the list)."""
    await projects.get_portfolio(portfolio_id)  # 404 for an unknown portfolio
    rows, cursor = await repository.page(
        session, page, portfolio_id=portfolio_id, statuses=[s.value for s in statuses]
    )
    ids = list(dict.fromkeys(row.project_id for row in rows))
    readable = {p.id for p in await projects.projects_by_ids(ids)} if ids else set()
    return [read_of(row) for row in rows if row.project_id in readable], cursor
