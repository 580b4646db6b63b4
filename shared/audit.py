"""The audit log (DESIGN §5): every write appends who changed what, in the same transaction.

Each service keeps an ``audit_records`` table in its own database. ORM writes are recorded
by one ``after_flush`` listener, so no service code can forget them: every new, changed or
deleted row of a table whose metadata holds an audit table gets a record with the fields
it changed (old and new values). Writes that bypass the ORM (bulk upserts, imports) call
:func:`record` themselves. Records are never updated: a trigger (migrations) refuses it.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    MetaData,
    String,
    Table,
    Uuid,
    event,
    func,
    insert,
    inspect,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql.elements import ClauseElement

from shared.events.outbox import Event, event_rows, outbox_of, published_entity, write_sync
from shared.observability import current_actor, current_request_id

TABLE_NAME = "audit_records"
SYSTEM_ACTOR = "system"  # writes made outside a request: seeding, migrations of data, jobs
# Bookkeeping every row has; recording their changes would only repeat the record's own time.
_UNRECORDED = frozenset({"id", "created_at", "updated_at", "version"})


class Action(enum.StrEnum):
    created = "created"
    updated = "updated"
    deleted = "deleted"
    imported = "imported"


def audit_table(metadata: MetaData) -> Table:
    return Table(
        TABLE_NAME,
        metadata,
        Column("id", Uuid, primary_key=True, default=uuid.uuid4),
        # Insertion order: pages are cut on it, and records of one transaction share a time.
        Column("sequence", BigInteger, Identity(always=True), nullable=False, unique=True),
        Column("occurred_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("actor", String(255), nullable=False),
        Column("request_id", String(128)),
        Column("action", String(16), nullable=False),
        Column("entity_type", String(64), nullable=False),
        Column("entity_id", Uuid, nullable=False),
        Column("project_id", Uuid),
        Column("changes", JSONB, nullable=False),
        Index("ix_audit_records_entity", "entity_type", "entity_id", "sequence"),
        Index("ix_audit_records_project", "project_id", "sequence"),
    )


@dataclass(frozen=True, slots=True)
class Change:
    """One audit record before it is written."""

    action: Action
    entity_type: str
    entity_id: uuid.UUID
    project_id: uuid.UUID | None
    changes: Mapping[str, Any]
    # Known for rows that carry it (projects, programs): the scope of their events.
    portfolio_id: uuid.UUID | None = None


async def record(session: AsyncSession, table: Table, changes: Sequence[Change]) -> None:
    """Append records for writes the ORM did not see, in the session's transaction, and
    their events to the outbox (:mod:`shared.events.outbox`)."""
    if changes:
        await session.execute(insert(table), _rows(changes))
        events = _events(table.metadata, changes)
        outbox = outbox_of(table.metadata)
        if events and outbox is not None:
            rows = event_rows(events, current_actor() or SYSTEM_ACTOR, current_request_id())
            await session.execute(insert(outbox), rows)


def _events(metadata: MetaData, changes: Iterable[Change]) -> list[Event]:
    """The events of the changes to tables the service publishes."""
    events = []
    for change in changes:
        entity = published_entity(metadata, change.entity_type)
        if entity is not None:
            events.append(
                Event(
                    type=f"{entity}.{change.action.value}",
                    entity_type=entity,
                    entity_id=change.entity_id,
                    project_id=change.project_id,
                    portfolio_id=change.portfolio_id,
                    data={"changes": change.changes},
                )
            )
    return events


def snapshot(values: Mapping[str, Any], *, old: bool = False) -> dict[str, Any]:
    """A created (or, with ``old``, a deleted) row's fields in the ``changes`` shape; empty
    fields are left out (null to null is no change)."""
    return {
        name: _pair(value, None) if old else _pair(None, value)
        for name, value in values.items()
        if name not in _UNRECORDED and value is not None
    }


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``after`` whose value differs from ``before``, in the ``changes`` shape."""
    return {
        name: _pair(before.get(name), value)
        for name, value in after.items()
        if name not in _UNRECORDED and before.get(name) != value
    }


def _pair(old: Any, new: Any) -> dict[str, Any]:
    return {"old": json_value(old), "new": json_value(new)}


def json_value(value: Any) -> Any:
    """JSON-native form of a column value (decimals as strings, as the API writes money)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return json_value(value.value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return str(value)


def _rows(changes: Iterable[Change]) -> list[dict[str, Any]]:
    actor = current_actor() or SYSTEM_ACTOR
    request_id = current_request_id()
    return [
        {
            "id": uuid.uuid4(),
            "actor": actor,
            "request_id": request_id,
            "action": change.action.value,
            "entity_type": change.entity_type,
            "entity_id": change.entity_id,
            "project_id": change.project_id,
            "changes": change.changes,
        }
        for change in changes
    ]


# -- the ORM listener ------------------------------------------------------------------------


def _audit_table_of(instance: object) -> Table | None:
    table = getattr(type(instance), "__table__", None)
    if not isinstance(table, Table) or table.name == TABLE_NAME:
        return None
    return table.metadata.tables.get(TABLE_NAME)


def _project_id(instance: object, table: Table) -> uuid.UUID | None:
    if table.name == "projects":
        return getattr(instance, "id", None)
    value = getattr(instance, "project_id", None)
    return value if isinstance(value, uuid.UUID) else None


def _column_values(instance: object, old: bool) -> dict[str, Any]:
    state = inspect(instance)
    values = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if old:
            values[attr.key] = (history.deleted or history.unchanged or [None])[0]
        else:
            values[attr.key] = (history.added or history.unchanged or [None])[0]
    return values


def _updated_fields(instance: object) -> dict[str, Any]:
    state = inspect(instance)
    fields = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _UNRECORDED:
            continue
        history = state.attrs[attr.key].history
        if not history.added or isinstance(history.added[0], ClauseElement):
            continue  # untouched, or a server-side expression (recorded by the statement itself)
        before = history.deleted[0] if history.deleted else None
        if before != history.added[0]:
            fields[attr.key] = _pair(before, history.added[0])
    return fields


def _change(instance: object, action: Action, changes: Mapping[str, Any]) -> Change | None:
    table: Table = type(instance).__table__  # type: ignore[attr-defined]
    entity_id = getattr(instance, "id", None)
    if not isinstance(entity_id, uuid.UUID):
        return None  # rows without a UUID key (association rows) are part of their parent
    portfolio_id = getattr(instance, "portfolio_id", None)
    return Change(
        action,
        table.name,
        entity_id,
        _project_id(instance, table),
        changes,
        portfolio_id if isinstance(portfolio_id, uuid.UUID) else None,
    )


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    # After the flush the new rows have their ids and defaults, and every attribute's
    # history still holds the values from before the flush.
    pending: dict[Table, list[Change]] = {}

    def add(instance: object, action: Action, changes: Mapping[str, Any]) -> None:
        table = _audit_table_of(instance)
        if table is None:
            return
        change = _change(instance, action, changes)
        if change is not None:
            pending.setdefault(table, []).append(change)

    for instance in session.new:
        add(instance, Action.created, snapshot(_column_values(instance, old=False)))
    for instance in session.dirty:
        fields = _updated_fields(instance)
        if fields:
            add(instance, Action.updated, fields)
    for instance in session.deleted:
        add(instance, Action.deleted, snapshot(_column_values(instance, old=True), old=True))
    if pending:
        connection = session.connection()
        actor, request_id = current_actor() or SYSTEM_ACTOR, current_request_id()
        for table, changes in pending.items():
            connection.execute(insert(table), _rows(changes))
            write_sync(
                connection, table.metadata, _events(table.metadata, changes), actor, request_id
            )


if not event.contains(Session, "after_flush", _after_flush):
    event.listen(Session, "after_flush", _after_flush)
