"""Actual costs: what a project spent, by day, in its one currency (issue 10).

Written by the project's writers (manager, member; pmo, admin), read by anyone who may read
the project. Every entry is in the project's currency and on one of its tasks, or on the
project as a whole; amounts are never negative (a refund is a correction of the entry)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import (
    batch_subject,
    ensure_can_read,
    ensure_can_write,
    load_role,
    read_role,
    readable,
    writable,
)
from services.projects.costs.repository import (
    DEFAULT_SORT,
    SORTS,
    ActualCostRepository,
    CostFilters,
)
from services.projects.costs.schemas import ActualCostCreate, ActualCostUpdate
from services.projects.currency.service import ensure_cost_currency, project_cost_currency
from services.projects.models import ActualCost
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import pages_in_order, resolve_sort

repository = ActualCostRepository()
# Null would clear these, and an entry cannot be without them.
_REQUIRED = ("incurred_on", "amount", "currency", "category")


def _not_found(cost_id: uuid.UUID) -> NotFound:
    return NotFound(f"Actual cost {cost_id} not found.")


async def list_actual_costs(
    reader: Reader,
    principal: Principal,
    project_id: uuid.UUID,
    filters: CostFilters,
    page: PageParams,
    sort: str | None,
) -> tuple[list[Any], str | None]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    if (
        filters.incurred_from
        and filters.incurred_to
        and filters.incurred_to < filters.incurred_from
    ):
        raise ValidationFailed(
            "to must not be before from.", errors=[FieldError("to", "before from")]
        )
    spec = resolve_sort(sort, SORTS, DEFAULT_SORT)
    return await repository.list_for_project(reader, project_id, filters, page, spec)


async def first_actual_cost_pages(
    reader: Reader, principal: Principal, project_ids: list[uuid.UUID], limit: int
) -> list[dict[str, Any]]:
    """Each project's first page, oldest first; empty for projects the caller may not see."""
    pages = await repository.first_pages(reader, batch_subject(principal), project_ids, limit)
    return pages_in_order(project_ids, pages)


async def get_actual_cost(
    reader: Reader, principal: Principal, cost_id: uuid.UUID
) -> dict[str, Any]:
    row = await repository.get(reader, cost_id)
    return await readable(reader, principal, row, _not_found(cost_id))


async def create_actual_cost(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, data: ActualCostCreate
) -> ActualCost:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    ensure_cost_currency(data.currency, await project_cost_currency(session, project_id))
    if data.task_id is not None:
        await _check_task(session, project_id, data.task_id)
    if data.external_source is not None and data.external_id is not None:
        await _check_key(session, project_id, (data.external_source, data.external_id), None)
    cost = ActualCost(project_id=project_id, **data.model_dump())
    session.add(cost)
    await session.flush()
    await session.refresh(cost)
    return cost


async def update_actual_cost(
    session: AsyncSession,
    principal: Principal,
    cost_id: uuid.UUID,
    data: ActualCostUpdate,
    expected_versions: list[int] | None,
) -> ActualCost:
    cost = await _load_for_write(session, principal, cost_id)
    check_version(cost.version, expected_versions)
    changes = data.model_dump(exclude_unset=True)
    nulls = [
        FieldError(f, "may not be null") for f in _REQUIRED if f in changes and changes[f] is None
    ]
    if nulls:
        raise ValidationFailed("Required fields cannot be cleared.", errors=nulls)
    if "currency" in changes:
        ensure_cost_currency(
            changes["currency"], await project_cost_currency(session, cost.project_id)
        )
    if changes.get("task_id") is not None:
        await _check_task(session, cost.project_id, changes["task_id"])
    for field, value in changes.items():
        setattr(cost, field, value)
    await _check_merged_key(session, cost, changes)
    await session.flush()
    await session.refresh(cost)
    return cost


async def delete_actual_cost(
    session: AsyncSession,
    principal: Principal,
    cost_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    cost = await _load_for_write(session, principal, cost_id)
    check_version(cost.version, expected_versions)
    await session.delete(cost)
    await session.flush()


async def _load_for_write(
    session: AsyncSession, principal: Principal, cost_id: uuid.UUID
) -> ActualCost:
    cost = await repository.load_for_update(session, cost_id)
    return await writable(session, principal, cost, _not_found(cost_id))


async def _check_task(session: AsyncSession, project_id: uuid.UUID, task_id: uuid.UUID) -> None:
    if not await repository.task_ids_in_project(session, project_id, [task_id]):
        raise ValidationFailed(
            f"Task {task_id} is not a task of this project.",
            errors=[FieldError("task_id", "not a task of this project")],
        )


async def _check_merged_key(
    session: AsyncSession, cost: ActualCost, changes: dict[str, Any]
) -> None:
    if not changes.keys() & {"external_source", "external_id"}:
        return
    source, external_id = cost.external_source, cost.external_id
    if (source is None) != (external_id is None):
        raise ValidationFailed(
            "An external key needs both external_source and external_id.",
            errors=[FieldError("external_id", "give both external_source and external_id")],
        )
    if source is not None and external_id is not None:
        await _check_key(session, cost.project_id, (source, external_id), cost.id)


async def _check_key(
    session: AsyncSession, project_id: uuid.UUID, key: tuple[str, str], other_than: uuid.UUID | None
) -> None:
    if await repository.external_key_taken(session, project_id, key, other_than):
        raise Conflict(
            f"The project already has an actual cost from {key[0]!r} with external id "
            f"{key[1]!r}: update it, or push it through the bulk endpoint."
        )


def cost_filters(
    incurred_from: date | None,
    incurred_to: date | None,
    task_id: uuid.UUID | None,
    category: str | None,
) -> CostFilters:
    return CostFilters(incurred_from, incurred_to, task_id, category)
