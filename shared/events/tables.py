"""The event tables every service keeps in its own database.

``outbox_events``: one row per domain event, written in the transaction of the change it
describes (the audit listener writes both, :mod:`shared.events.outbox`). Readers order events
by ``(txid, position)``, never by ``position`` alone: ``position`` is handed out when a row is
inserted, so a transaction that commits later can hold a smaller one, and a reader that
moved past it would never see it. ``txid`` is the writing transaction's id; a reader takes
only rows whose transaction is older than its snapshot's ``xmin`` (every such transaction
has ended), and every transaction still to commit has a larger ``txid``, so a cursor on
``(txid, position)`` never skips an event.

``webhook_subscriptions``, ``webhook_deliveries`` and ``webhook_attempts``: who wants which
events, one delivery per (subscription, event) and the log of each try.

``event_cursors``: how far a named reader of the outbox (the dispatcher's fan-out) has come;
the row ``pruned`` holds the last event retention removed (:mod:`shared.events.retention`).

The tables have versions (:data:`LATEST`): each service's migrations create version 1 and
then add what each later version brings (:mod:`shared.events.migration`).
"""

from __future__ import annotations

import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql.base import ischema_names
from sqlalchemy.types import UserDefinedType


class Xid8(UserDefinedType[int]):
    """PostgreSQL's 64-bit transaction id (``pg_current_xact_id()``)."""

    cache_ok = True

    def get_col_spec(self, **_: object) -> str:
        return "xid8"


class PgSnapshot(UserDefinedType[tuple[int, int, tuple[int, ...]]]):
    """PostgreSQL's snapshot (``pg_current_snapshot()``): which transactions had committed
    at a moment. Set and compared in SQL only (asyncpg reads it as ``(xmin, xmax, xip)``)."""

    cache_ok = True

    def get_col_spec(self, **_: object) -> str:
        return "pg_snapshot"


# Reflection (the migrations-match-models test) knows the types by name too.
ischema_names["xid8"] = Xid8
ischema_names["pg_snapshot"] = PgSnapshot

OUTBOX = "outbox_events"
SUBSCRIPTIONS = "webhook_subscriptions"
DELIVERIES = "webhook_deliveries"
ATTEMPTS = "webhook_attempts"
CURSORS = "event_cursors"
LATEST = 2
DELIVERIES_BY_EVENT = "ix_webhook_deliveries_event"
DELIVERIES_WAITING = "ix_webhook_deliveries_waiting"
# A subscription's deliveries in flight, counted by every claim (few rows: its leased ones).
DELIVERIES_LEASED = "ix_webhook_deliveries_leased"
LEASED = text("status = 'delivering'")
WAITING = text("status IN ('pending', 'delivering')")


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        OUTBOX,
        metadata,
        Column("id", Uuid, primary_key=True, default=uuid.uuid4),
        Column("position", BigInteger, Identity(always=True), nullable=False, unique=True),
        Column("txid", Xid8, nullable=False, server_default=text("pg_current_xact_id()")),
        Column("type", String(96), nullable=False),
        Column("entity_type", String(64), nullable=False),
        Column("entity_id", Uuid, nullable=False),
        Column("project_id", Uuid),
        Column("portfolio_id", Uuid),
        Column("actor", String(255), nullable=False),
        Column("request_id", String(128)),
        Column("occurred_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("data", JSONB, nullable=False),
        Index("ix_outbox_events_order", "txid", "position"),
        Index("ix_outbox_events_project", "project_id", "txid", "position"),
    )


def subscription_access_columns() -> list[Column[object]]:
    """Version 2: who the owner was when subscribing (re-checked while it lasts), whether the
    subscription is suspended for lost access, and where its events start."""
    return [
        # global (admin or pmo in the token) | project_manager (re-checked at delivery)
        # | integration (a service token's subscription)
        Column("owner_kind", String(16), nullable=False, server_default="global"),
        # active | suspended (the owner lost access; a PATCH by someone who may reactivates)
        Column("status", String(16), nullable=False, server_default="active"),
        Column("suspended_reason", Text),
        Column("suspended_at", DateTime(timezone=True)),
        # A project manager's access was last confirmed at this moment.
        Column("access_checked_at", DateTime(timezone=True)),
        # Only events of transactions not yet committed in this snapshot (taken at creation
        # and reactivation); NULL: every event (the subscriptions made before version 2).
        Column("start_snapshot", PgSnapshot),
    ]


def subscriptions_table(metadata: MetaData, version: int = LATEST) -> Table:
    extra = subscription_access_columns() if version >= 2 else []
    return Table(
        SUBSCRIPTIONS,
        metadata,
        Column("id", Uuid, primary_key=True, default=uuid.uuid4),
        Column("url", Text, nullable=False),
        Column("description", String(500)),
        # Event types the subscription wants; empty means every type.
        Column("event_types", ARRAY(String(96)), nullable=False, server_default="{}"),
        # Scope: one project, one portfolio, or (both null) every event the owner may see.
        Column("project_id", Uuid),
        Column("portfolio_id", Uuid),
        Column("secret", Text, nullable=False),
        # Secret rotation: the old secret still signs (beside the new) until it expires.
        Column("previous_secret", Text),
        Column("previous_secret_expires_at", DateTime(timezone=True)),
        Column("enabled", Boolean, nullable=False, server_default=text("true")),
        Column("owner", String(255), nullable=False),
        Column("version", Integer, nullable=False, server_default=text("1")),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        *extra,
    )


def deliveries_table(metadata: MetaData, version: int = LATEST) -> Table:
    # Version 2: retention finds an event's deliveries (and deleting it cascades) by event,
    # and a first delivery's replays go with it: were replay_of set to null, a replay would
    # become a second "first" delivery (the unique index below refuses it).
    by_event = [Index(DELIVERIES_BY_EVENT, "event_id")] if version >= 2 else []
    on_original_deleted = "CASCADE" if version >= 2 else "SET NULL"
    # Version 2: the claim takes each subscription's first due deliveries (dispatch_queries).
    by_event += (
        [
            Index(
                DELIVERIES_WAITING, "subscription_id", "next_attempt_at", postgresql_where=WAITING
            ),
            Index(DELIVERIES_LEASED, "subscription_id", postgresql_where=LEASED),
        ]
        if version >= 2
        else []
    )
    return Table(
        DELIVERIES,
        metadata,
        Column("id", Uuid, primary_key=True, default=uuid.uuid4),
        Column(
            "subscription_id",
            Uuid,
            ForeignKey(f"{SUBSCRIPTIONS}.id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("event_id", Uuid, ForeignKey(f"{OUTBOX}.id", ondelete="CASCADE"), nullable=False),
        # A replay is a new delivery of the same event (same webhook-id) pointing at the first.
        Column("replay_of", Uuid, ForeignKey(f"{DELIVERIES}.id", ondelete=on_original_deleted)),
        # pending -> delivering (leased) -> succeeded | pending (retry) | dead
        Column("status", String(16), nullable=False, server_default="pending"),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column(
            "next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()
        ),
        Column("leased_until", DateTime(timezone=True)),
        Column("last_status_code", Integer),
        Column("last_error", Text),
        Column("delivered_at", DateTime(timezone=True)),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("status IN ('pending', 'delivering')"),
        ),
        Index("ix_webhook_deliveries_subscription", "subscription_id", "created_at", "id"),
        Index(
            "uq_webhook_deliveries_first",
            "subscription_id",
            "event_id",
            unique=True,
            postgresql_where=text("replay_of IS NULL"),
        ),
        *by_event,
    )


def attempts_table(metadata: MetaData) -> Table:
    return Table(
        ATTEMPTS,
        metadata,
        Column("id", Uuid, primary_key=True, default=uuid.uuid4),
        Column(
            "delivery_id",
            Uuid,
            ForeignKey(f"{DELIVERIES}.id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("attempted_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("status_code", Integer),
        Column("error", Text),
        Column("duration_ms", Integer, nullable=False),
        Index("ix_webhook_attempts_delivery", "delivery_id", "attempted_at"),
    )


def cursors_table(metadata: MetaData) -> Table:
    return Table(
        CURSORS,
        metadata,
        Column("name", String(64), primary_key=True),
        Column("txid", Xid8, nullable=False, server_default=text("'0'::xid8")),
        Column("position", BigInteger, nullable=False, server_default=text("0")),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


class EventTables:
    """The event tables of one service's metadata."""

    def __init__(self, metadata: MetaData, version: int = LATEST) -> None:
        self.outbox = outbox_table(metadata)
        self.subscriptions = subscriptions_table(metadata, version)
        self.deliveries = deliveries_table(metadata, version)
        self.attempts = attempts_table(metadata)
        self.cursors = cursors_table(metadata)

    @property
    def all(self) -> tuple[Table, ...]:
        return (self.outbox, self.subscriptions, self.deliveries, self.attempts, self.cursors)
