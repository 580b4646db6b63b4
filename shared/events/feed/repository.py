"""The feed's SQL: the horizon, a cursor's check and a page of the outbox in feed order.

The horizon is computed by the statement that reads the page (one statement, one snapshot):
the oldest transaction still running in the snapshot, or its ``xmax`` when none runs. Rows
of older transactions are final, so a page holds only those, and every later commit sorts
after it (see :mod:`shared.events.tables`).

Transaction ids are shared by every database of a PostgreSQL server, and a transaction of
another database (another service, a long report) cannot write this outbox: running
transactions that ``pg_stat_activity`` places in another database do not hold the horizon
back. That view is read after the snapshot is taken, so a transaction it does not show
(ended since, or hidden by privileges) counts as this database's: the horizon can only be
too low, never too high. Too low is harmless (events wait for the next read), but it means
the horizon is not monotonic: the service keeps cursors from moving back.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Integer,
    String,
    Table,
    Uuid,
    and_,
    any_,
    bindparam,
    column,
    exists,
    func,
    select,
    table,
    true,
    tuple_,
)

from shared.events.feed.cursor import FeedPoint
from shared.events.horizon import settled_horizon
from shared.events.retention_repository import PRUNED
from shared.events.tables import Xid8
from shared.reads import AnySelect, Query, QueryCache, Reader

# The retention watermark's row (shared/events/retention.py); the feed knows only the outbox.
_cursors = table(
    "event_cursors", column("name", String), column("txid", Xid8), column("position", BigInteger)
)


def _horizon() -> ColumnElement[int]:
    return settled_horizon()


def _xmax() -> ColumnElement[int]:
    """Above every transaction id handed out when the statement's snapshot was taken."""
    return func.pg_snapshot_xmax(func.pg_current_snapshot(), type_=Xid8)


@dataclass(frozen=True, slots=True)
class FeedFilters:
    project_id: uuid.UUID | None = None
    types: tuple[str, ...] = ()

    @property
    def shape(self) -> tuple[bool, bool]:
        return self.project_id is not None, bool(self.types)


@dataclass(frozen=True, slots=True)
class CursorCheck:
    xmax: int
    found: bool
    pruned: FeedPoint  # (0, 0): nothing pruned


@dataclass(frozen=True, slots=True)
class FeedPage:
    rows: list[dict[str, Any]]
    horizon: int
    pruned: FeedPoint  # the retention watermark in the page's snapshot


def _pruned_columns() -> list[Any]:
    """The last pruned event's point ((null, null): nothing pruned)."""
    pruned = (
        select(_cursors.c.txid, _cursors.c.position)
        .where(_cursors.c.name == PRUNED)
        .subquery("pruned")
    )
    return [
        select(pruned.c.txid).scalar_subquery().label("pruned_txid"),
        select(pruned.c.position).scalar_subquery().label("pruned_position"),
    ]


def _pruned_point(row: Mapping[str, Any]) -> FeedPoint:
    return FeedPoint(int(row["pruned_txid"] or 0), int(row["pruned_position"] or 0))


class FeedRepository:
    def __init__(self, outbox: Table) -> None:
        self.outbox = outbox
        self._horizon = Query(select(_horizon().label("horizon")))
        found = exists().where(
            outbox.c.txid == bindparam("txid", type_=Xid8),
            outbox.c.position == bindparam("position", type_=BigInteger),
        )
        self._check = Query(select(_xmax().label("xmax"), found.label("found"), *_pruned_columns()))
        self._pages = QueryCache()

    async def horizon(self, reader: Reader) -> int:
        return int(await reader.value(self._horizon))

    async def check(self, reader: Reader, point: FeedPoint) -> CursorCheck:
        """The snapshot's ``xmax`` (every id issued so far is below it), whether an event
        sits at ``point``, and the last event retention pruned."""
        row = await reader.one(self._check, txid=point.txid, position=point.position)
        assert row is not None
        return CursorCheck(int(row["xmax"]), bool(row["found"]), _pruned_point(row))

    async def page(
        self, reader: Reader, after: FeedPoint, limit: int, filters: FeedFilters
    ) -> FeedPage:
        """Up to ``limit`` events after ``after``, all below the horizon, in feed order, and
        the retention watermark read in the same snapshot: events pruned since the cursor
        was checked are missing from the page, and the watermark says so."""
        query = self._pages.get(filters.shape, lambda: self._page(*filters.shape))
        params: dict[str, Any] = {"txid": after.txid, "position": after.position, "limit": limit}
        if filters.project_id is not None:
            params["project_id"] = filters.project_id
        if filters.types:
            params["types"] = list(filters.types)
        rows = await reader.all(query, **params)
        horizon = int(rows[0]["horizon"])
        events = [_decoded(row) for row in rows if row["id"] is not None]
        return FeedPage(rows=events, horizon=horizon, pruned=_pruned_point(rows[0]))

    def _page(self, by_project: bool, by_type: bool) -> AnySelect:
        outbox = self.outbox
        horizon = select(_horizon().label("horizon")).subquery("h")
        after = tuple_(bindparam("txid", type_=Xid8), bindparam("position", type_=BigInteger))
        where: list[ColumnElement[bool]] = [
            tuple_(outbox.c.txid, outbox.c.position) > after,
            outbox.c.txid < horizon.c.horizon,
        ]
        if by_project:
            where.append(outbox.c.project_id == bindparam("project_id", type_=Uuid))
        if by_type:
            where.append(outbox.c.type == any_(bindparam("types", type_=ARRAY(String))))
        events = (
            select(*_columns(outbox))
            .where(and_(*where))
            .order_by(outbox.c.txid, outbox.c.position)
            .limit(bindparam("limit", type_=Integer))
            .lateral("e")
        )
        return (
            select(horizon.c.horizon, *_pruned_columns(), events)
            .select_from(horizon.outerjoin(events, true()))
            .order_by(events.c.txid, events.c.position)
        )


def _columns(outbox: Table) -> Sequence[ColumnElement[Any]]:
    return [outbox.c[name] for name in _COLUMNS]


_COLUMNS = (
    "id",
    "txid",
    "position",
    "type",
    "entity_type",
    "entity_id",
    "project_id",
    "portfolio_id",
    "actor",
    "occurred_at",
    "data",
)


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    # The read pool hands jsonb over as text.
    if isinstance(row["data"], str | bytes):
        row["data"] = orjson.loads(row["data"])
    return row
