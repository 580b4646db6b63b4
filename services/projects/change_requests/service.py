from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import (
    ProjectRole,
    batch_subject,
    ensure_can_read,
    ensure_can_write,
    load_role,
    read_role,
    readable,
)
from services.projects.baselines.service import capture_baseline
from services.projects.change_requests.lifecycle import ensure_transition
from services.projects.change_requests.repository import ChangeRequestRepository
from services.projects.change_requests.schemas import (
    ChangeRequestApproval,
    ChangeRequestCreate,
    ChangeRequestStatus,
    ChangeRequestUpdate,
)
from services.projects.corrective.apply import apply_plan_changes
from services.projects.models import ChangeRequest
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import pages_in_order

repository = ChangeRequestRepository()


def _not_found(change_request_id: uuid.UUID) -> NotFound:
    return NotFound(f"Change request {change_request_id} not found.")


async def list_change_requests(
    reader: Reader,
    principal: Principal,
    project_id: uuid.UUID,
    status: list[str] | None,
    page: PageParams,
) -> tuple[list[Any], str | None]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    return await repository.list_for_project(reader, project_id, status, page)


async def first_change_request_pages(
    reader: Reader, principal: Principal, project_ids: list[uuid.UUID], limit: int
) -> list[dict[str, Any]]:
    """Each project's first page, oldest first; empty for projects the caller may not see."""
    pages = await repository.first_pages(reader, batch_subject(principal), project_ids, limit)
    return pages_in_order(project_ids, pages)


async def get_change_request(
    reader: Reader, principal: Principal, change_request_id: uuid.UUID
) -> dict[str, Any]:
    row = await repository.get(reader, change_request_id)
    return await readable(reader, principal, row, _not_found(change_request_id))


async def create_change_request(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, data: ChangeRequestCreate
) -> ChangeRequest:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    change = ChangeRequest(
        project_id=project_id,
        status=ChangeRequestStatus.draft.value,
        requested_by=principal.subject,
        **data.model_dump(),
    )
    session.add(change)
    await session.flush()
    await session.refresh(change)
    return change


async def raise_with_plan_changes(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    data: ChangeRequestCreate,
    plan_changes: list[dict[str, Any]],
) -> ChangeRequest:
    """A change request raised by a corrective option: submitted at once, with the plan
    changes its approval will make (the caller checked the project's writers)."""
    change = ChangeRequest(
        project_id=project_id,
        status=ChangeRequestStatus.submitted.value,
        requested_by=principal.subject,
        plan_changes=plan_changes,
        **data.model_dump(),
    )
    session.add(change)
    await session.flush()
    await session.refresh(change)
    return change


async def _load_for_write(
    session: AsyncSession,
    principal: Principal,
    change_request_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> tuple[ChangeRequest, str | None]:
    """The change request, locked, and the caller's role on its project (writers only)."""
    change = await session.get(ChangeRequest, change_request_id, with_for_update=True)
    if change is None:
        raise _not_found(change_request_id)
    role = await load_role(session, principal, change.project_id)
    try:
        ensure_can_write(principal, role, change.project_id)
    except NotFound as exc:
        raise _not_found(change_request_id) from exc
    check_version(change.version, expected_versions)
    return change, role


async def update_change_request(
    session: AsyncSession,
    principal: Principal,
    change_request_id: uuid.UUID,
    data: ChangeRequestUpdate,
    expected_versions: list[int] | None,
) -> ChangeRequest:
    change, _ = await _load_for_write(session, principal, change_request_id, expected_versions)
    if change.status != ChangeRequestStatus.draft:
        raise Conflict(f"Only a draft can be edited; this change request is {change.status}.")
    changes = data.model_dump(exclude_unset=True)
    if "title" in changes and changes["title"] is None:
        raise ValidationFailed(errors=[FieldError("title", "may not be null")])
    for field, value in changes.items():
        setattr(change, field, value)
    if change.cost_impact is not None and not change.currency:
        raise ValidationFailed(
            "A cost_impact needs a currency.",
            errors=[FieldError("currency", "required with cost_impact")],
        )
    await session.flush()
    await session.refresh(change)
    return change


async def submit_change_request(
    session: AsyncSession,
    principal: Principal,
    change_request_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> ChangeRequest:
    change, _ = await _load_for_write(session, principal, change_request_id, expected_versions)
    return await _move(session, change, ChangeRequestStatus.submitted)


async def approve_change_request(
    session: AsyncSession,
    principal: Principal,
    change_request_id: uuid.UUID,
    data: ChangeRequestApproval,
    expected_versions: list[int] | None,
) -> ChangeRequest:
    """Approve, make its plan changes (a corrective option's) and reschedule, and, when
    asked, capture the new baseline, all in the same transaction: if a plan change no longer
    applies (409) or the capture fails, nothing is saved, the approval included."""
    change, role = await _load_for_write(session, principal, change_request_id, expected_versions)
    _ensure_can_decide(principal, role)
    ensure_transition(ChangeRequestStatus(change.status), ChangeRequestStatus.approved)
    if change.plan_changes and change.applied_at is None:
        await apply_plan_changes(session, change.project_id, change.plan_changes)
        change.applied_at = datetime.now(UTC)
    if data.set_baseline is not None:
        await capture_baseline(
            session,
            change.project_id,
            data.set_baseline,
            f"Change request: {change.title}"[:200],
            principal.subject,
            data.replace_baseline,
        )
    change.baseline_number = data.set_baseline
    _record_decision(change, principal, data.note)
    return await _move(session, change, ChangeRequestStatus.approved)


async def reject_change_request(
    session: AsyncSession,
    principal: Principal,
    change_request_id: uuid.UUID,
    note: str | None,
    expected_versions: list[int] | None,
) -> ChangeRequest:
    change, role = await _load_for_write(session, principal, change_request_id, expected_versions)
    _ensure_can_decide(principal, role)
    _record_decision(change, principal, note)
    return await _move(session, change, ChangeRequestStatus.rejected)


def _ensure_can_decide(principal: Principal, role: str | None) -> None:
    if not (principal.can_write_all or role == ProjectRole.manager):
        raise Forbidden(
            "Approving or rejecting a change request needs the manager role on the project, "
            "or pmo/admin."
        )


def _record_decision(change: ChangeRequest, principal: Principal, note: str | None) -> None:
    change.decided_by = principal.subject
    change.decided_at = datetime.now(UTC)
    change.decision_note = note


async def _move(
    session: AsyncSession, change: ChangeRequest, target: ChangeRequestStatus
) -> ChangeRequest:
    ensure_transition(ChangeRequestStatus(change.status), target)
    change.status = target.value
    await session.flush()
    await session.refresh(change)
    return change
