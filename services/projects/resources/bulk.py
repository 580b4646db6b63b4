"""Bulk pushes of people (and roles) from HR systems, keyed by external_source +
external_id: the same record pushed again is one row, updated only where it changed.

Items are checked one by one (schema, calendar); in ``atomic`` mode (the default) one bad
item refuses the whole call with a 422 naming it, nothing written. The valid items are
written with one INSERT ... ON CONFLICT, audited like single writes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.bulk.schemas import BulkRequest, BulkResult
from services.projects.bulk.service import Batch, bulk_result, parse_items, refuse_if_atomic
from services.projects.models import audit_records
from services.projects.resources.repository import ITEM_FIELDS
from services.projects.resources.schemas import ResourceItem
from services.projects.resources.service import repository, require_manager
from shared import audit
from shared.audit import Action, Change, differences, snapshot
from shared.auth import Principal


async def upsert_resources(
    session: AsyncSession, principal: Principal, body: BulkRequest
) -> BulkResult:
    require_manager(principal)
    batch = parse_items(body.items, ResourceItem)
    await _check_calendars(session, batch)
    refuse_if_atomic(batch, body.mode, "resources")
    keys = [(item.external_source, item.external_id) for item in batch.valid.values()]
    before = await repository.current_rows(session, keys)
    rows = {
        index: {
            **item.model_dump(),
            "kind": item.kind.value,
            "id": before[key]["id"] if key in before else uuid.uuid4(),
            "version": 1,
        }
        for index, item in batch.valid.items()
        for key in [(item.external_source, item.external_id)]
    }
    outcome = await repository.upsert(session, list(rows.values()))
    changes = [
        _change(outcome[key][0], row, before.get(key))
        for row in rows.values()
        if (key := (row["external_source"], row["external_id"])) in outcome
    ]
    await audit.record(session, audit_records, changes)
    return bulk_result(batch, rows, outcome)


async def _check_calendars(session: AsyncSession, batch: Batch[ResourceItem]) -> None:
    wanted = {i.calendar_id for i in batch.valid.values() if i.calendar_id is not None}
    known = await repository.known_calendars(session, wanted)
    for index, item in list(batch.valid.items()):
        if item.calendar_id is not None and item.calendar_id not in known:
            batch.fail(index, item.external_id, "unknown calendar", "calendar_id")


def _change(written_id: uuid.UUID, row: dict[str, Any], before: dict[str, Any] | None) -> Change:
    sent = {name: row[name] for name in ("external_source", "external_id", *ITEM_FIELDS)}
    if before is None:
        return Change(Action.created, "resources", written_id, None, snapshot(sent))
    return Change(Action.updated, "resources", written_id, None, differences(before, sent))
