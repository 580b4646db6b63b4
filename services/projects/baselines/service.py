from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import (
    batch_subject,
    ensure_can_read,
    ensure_can_write,
    load_role,
    read_role,
)
from services.projects.assignments.service import task_resource_costs
from services.projects.baselines.repository import BaselineRepository
from services.projects.baselines.variance import (
    project_variance,
    task_variance,
    with_resource_cost,
    with_total_resource_cost,
)
from services.projects.models import Baseline
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, NotFound
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import pages_in_order

repository = BaselineRepository()


async def capture_baseline(
    session: AsyncSession,
    project_id: uuid.UUID,
    number: int,
    name: str | None,
    captured_by: str,
    replace: bool,
) -> Baseline:
    """Capture every task's planned start, finish, duration and budget (its fixed cost plus
    its resource cost) as baseline ``number``.

    No access check: callers (the baselines API, change request approval) authorize first.
    Raises Conflict when the number is taken and ``replace`` is false."""
    existing = await repository.lock(session, project_id, number)
    if existing is not None:
        if not replace:
            raise Conflict(
                f"Baseline {number} is already set for this project; "
                "pass replace=true to capture it again, or clear it first."
            )
        await session.delete(existing)  # its task rows go with it (ON DELETE CASCADE)
        await session.flush()
    baseline = Baseline(project_id=project_id, number=number, name=name, captured_by=captured_by)
    session.add(baseline)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent capture of the same number won
        raise Conflict(f"Baseline {number} was just set by another request.") from exc
    await repository.copy_tasks(session, baseline.id, project_id)
    # The budget EVM spreads is the fixed cost plus what the assigned people cost.
    resource_costs = await task_resource_costs(session, [project_id])
    await repository.add_resource_costs(session, baseline.id, resource_costs)
    start, finish, cost = await repository.captured_totals(session, baseline.id)
    baseline.project_start, baseline.project_finish, baseline.total_cost = start, finish, cost
    await session.flush()
    await session.refresh(baseline)
    return baseline


def _as_read(baseline: Baseline, task_count: int) -> dict[str, Any]:
    return {
        "id": baseline.id,
        "project_id": baseline.project_id,
        "number": baseline.number,
        "name": baseline.name,
        "captured_at": baseline.created_at,
        "captured_by": baseline.captured_by,
        "project_start": baseline.project_start,
        "project_finish": baseline.project_finish,
        "total_cost": baseline.total_cost,
        "task_count": task_count,
        "version": baseline.version,
    }


async def set_baseline(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    number: int,
    name: str | None,
    replace: bool,
) -> dict[str, Any]:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    baseline = await capture_baseline(session, project_id, number, name, principal.subject, replace)
    return _as_read(baseline, await repository.task_count(session, baseline.id))


async def clear_baseline(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    number: int,
    expected_versions: list[int] | None,
) -> None:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    baseline = await repository.lock(session, project_id, number)
    if baseline is None:
        raise NotFound(f"Baseline {number} is not set for project {project_id}.")
    check_version(baseline.version, expected_versions)
    await session.delete(baseline)
    await session.flush()


async def list_baselines(
    reader: Reader, principal: Principal, project_id: uuid.UUID
) -> list[dict[str, Any]]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    return await repository.list_for_project(reader, project_id)


async def baselines_of_projects(
    reader: Reader, principal: Principal, project_ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """Every baseline of each project, by number (one page each: ``next_cursor`` is null);
    none for projects the caller may not see."""
    found = await repository.of_projects(reader, batch_subject(principal), project_ids)
    pages = {pid: {"items": rows, "next_cursor": None} for pid, rows in found.items()}
    return pages_in_order(project_ids, pages)


async def get_baseline(
    reader: Reader, principal: Principal, project_id: uuid.UUID, number: int
) -> dict[str, Any]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    row = await repository.get(reader, project_id, number)
    if row is None:
        raise NotFound(f"Baseline {number} is not set for project {project_id}.")
    return row


async def baseline_variance(
    reader: Reader, principal: Principal, project_id: uuid.UUID, number: int, page: PageParams
) -> dict[str, Any]:
    baseline = await get_baseline(reader, principal, project_id, number)
    rows, cursor = await repository.variance_rows(reader, project_id, baseline["id"], page)
    current = await repository.current_totals(reader, project_id)
    # Compared like for like: the captured budget holds the resource cost, so the current does.
    resource_costs = await task_resource_costs(reader, [project_id])
    rows = [with_resource_cost(row, resource_costs) for row in rows]
    totals = with_total_resource_cost(current, resource_costs)
    return {
        "baseline": baseline,
        "project": project_variance(baseline, totals),
        "items": [task_variance(row) for row in rows],
        "next_cursor": cursor,
    }
