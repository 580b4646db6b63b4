"""Writing events to the outbox, in the transaction of the change.

Every write already passes through the audit log (:mod:`shared.audit`): the ORM listener for
ORM writes, :func:`shared.audit.record` for bulk ones. The audit code hands the same changes
here, so an event is written for every audited change of a table the service publishes,
without a call in any domain's code that could be forgotten.

A service says which tables it publishes, and under which event name, with
:func:`publish_tables` on its metadata: ``{"tasks": "task"}`` makes a changed task row a
``task.updated`` event. Tables it does not name (jobs, idempotency keys, caches) publish
nothing. Events a domain raises beyond row changes (a project archived, a plan rescheduled)
are written with :func:`emit`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, MetaData, Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.events.tables import OUTBOX

_PUBLISHED = "pmo_published_tables"


def publish_tables(metadata: MetaData, names: Mapping[str, str]) -> None:
    """Declare which tables of ``metadata`` publish events: table name -> event entity name."""
    metadata.info.setdefault(_PUBLISHED, {}).update(names)


def published_entity(metadata: MetaData, table_name: str) -> str | None:
    return metadata.info.get(_PUBLISHED, {}).get(table_name)


@dataclass(frozen=True, slots=True)
class Event:
    """One event before it is written. ``type`` is ``<entity>.<action>``."""

    type: str
    entity_type: str
    entity_id: uuid.UUID
    project_id: uuid.UUID | None
    data: Mapping[str, Any]
    portfolio_id: uuid.UUID | None = None


def event_rows(events: Iterable[Event], actor: str, request_id: str | None) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(),
            "type": event.type,
            "entity_type": event.entity_type,
            "entity_id": event.entity_id,
            "project_id": event.project_id,
            "portfolio_id": event.portfolio_id,
            "actor": actor,
            "request_id": request_id,
            "data": dict(event.data),
        }
        for event in events
    ]


def outbox_of(metadata: MetaData) -> Table | None:
    return metadata.tables.get(OUTBOX)


def write_sync(
    connection: Connection,
    metadata: MetaData,
    events: Sequence[Event],
    actor: str,
    request_id: str | None,
) -> None:
    """Inside a flush (the audit listener): same connection, same transaction."""
    table = outbox_of(metadata)
    if table is not None and events:
        connection.execute(insert(table), event_rows(events, actor, request_id))


async def emit(session: AsyncSession, table: Table, events: Sequence[Event]) -> None:
    """Write domain events that are not row changes, in the session's transaction."""
    from shared.observability import current_actor, current_request_id

    if events:
        rows = event_rows(events, current_actor() or "system", current_request_id())
        await session.execute(insert(table), rows)
