"""Bulk pushes of actual costs from finance systems, keyed by external_source +
external_id: the same entry pushed again is one row, updated only where it changed.

Items are checked one by one (schema, currency, task); in ``atomic`` mode (the default) one
bad item refuses the whole call with a 422 naming it, nothing written. The valid items are
written with one INSERT ... ON CONFLICT, audited like single writes."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_write, load_role
from services.projects.bulk.schemas import BulkRequest, BulkResult
from services.projects.bulk.service import Batch, bulk_result, parse_items, refuse_if_atomic
from services.projects.costs.repository import ITEM_FIELDS
from services.projects.costs.schemas import ActualCostItem
from services.projects.costs.service import repository
from services.projects.currency.service import CurrencyMismatch, project_cost_currency
from services.projects.models import audit_records
from shared import audit
from shared.audit import Action, Change, differences, snapshot
from shared.auth import Principal

CENTS = Decimal("0.01")  # as the column stores it, so the audit log says what was stored


async def upsert_actual_costs(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: BulkRequest
) -> BulkResult:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    batch = parse_items(body.items, ActualCostItem)
    await _check_items(session, project_id, batch)
    refuse_if_atomic(batch, body.mode, "actual costs")
    keys = [(item.external_source, item.external_id) for item in batch.valid.values()]
    before = await repository.current_rows(session, project_id, keys)
    rows = {
        index: {
            **item.model_dump(),
            "amount": item.amount.quantize(CENTS),
            "category": item.category.value,
            "id": before[key]["id"] if key in before else uuid.uuid4(),
            "project_id": project_id,
            "version": 1,
        }
        for index, item in batch.valid.items()
        for key in [(item.external_source, item.external_id)]
    }
    outcome = await repository.upsert(session, list(rows.values()))
    changes = [
        _change(project_id, outcome[key][0], row, before.get(key))
        for row in rows.values()
        if (key := (row["external_source"], row["external_id"])) in outcome
    ]
    await audit.record(session, audit_records, changes)
    return bulk_result(batch, rows, outcome)


async def _check_items(
    session: AsyncSession, project_id: uuid.UUID, batch: Batch[ActualCostItem]
) -> None:
    """Currency and task of each item; the project's currency problem fails every item."""
    try:
        currency: str | None = await project_cost_currency(session, project_id)
        problem = None
    except CurrencyMismatch as exc:
        currency, problem = None, exc.detail
    task_ids = {i.task_id for i in batch.valid.values() if i.task_id is not None}
    known = await repository.task_ids_in_project(session, project_id, task_ids)
    for index, item in list(batch.valid.items()):
        if problem is not None:
            batch.fail(index, item.external_id, problem, "currency")
        elif item.currency != currency:
            message = (
                f"in {item.currency}, not the project's {currency}: entries in another "
                "currency are refused until exchange rates exist"
            )
            batch.fail(index, item.external_id, message, "currency")
        elif item.task_id is not None and item.task_id not in known:
            batch.fail(index, item.external_id, "not a task of this project", "task_id")


def _change(
    project_id: uuid.UUID,
    written_id: uuid.UUID,
    row: dict[str, Any],
    before: dict[str, Any] | None,
) -> Change:
    sent = {name: row[name] for name in ("external_source", "external_id", *ITEM_FIELDS)}
    if before is None:
        return Change(Action.created, "actual_costs", written_id, project_id, snapshot(sent))
    return Change(Action.updated, "actual_costs", written_id, project_id, differences(before, sent))
