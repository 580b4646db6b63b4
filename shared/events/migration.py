"""The DDL of the event tables, shared by the three services' migrations.

Each service's first events migration creates version 1 of the tables
(:func:`create_event_tables`); each later version has its own function that every service's
next migration calls (:func:`add_subscription_access`: version 2). A change to
:mod:`shared.events.tables` needs such a step, which
``tests/architecture/test_migrations_match_models.py`` enforces.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.db import new_metadata
from shared.events.tables import (
    DELIVERIES,
    DELIVERIES_BY_EVENT,
    DELIVERIES_LEASED,
    DELIVERIES_WAITING,
    LEASED,
    SUBSCRIPTIONS,
    EventTables,
    subscription_access_columns,
)

# Long-polling feed readers and dispatchers LISTEN on this channel instead of polling the
# table: PostgreSQL delivers the notification when the writing transaction commits, and
# folds a transaction's identical notifications into one.
NOTIFY_CHANNEL = "pmo_outbox"
NOTIFY = (
    f"""
CREATE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{NOTIFY_CHANNEL}', '');
    RETURN NULL;
END $$
""",
    """
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_notify()
""",
)


def create_event_tables() -> None:
    tables = EventTables(new_metadata(), version=1)
    bind = op.get_bind()
    for table in tables.all:
        table.create(bind)
    for statement in NOTIFY:
        op.execute(statement)


def drop_event_tables() -> None:
    op.execute("DROP TRIGGER outbox_events_notify ON outbox_events")
    op.execute("DROP FUNCTION outbox_events_notify()")
    for table in reversed(EventTables(new_metadata(), version=1).all):
        op.drop_table(table.name)


REPLAY_OF_FK = f"fk_{DELIVERIES}_replay_of_{DELIVERIES}"


def _replay_of_on_delete(action: str) -> None:
    op.drop_constraint(REPLAY_OF_FK, DELIVERIES, type_="foreignkey")
    op.create_foreign_key(
        REPLAY_OF_FK, DELIVERIES, DELIVERIES, ["replay_of"], ["id"], ondelete=action
    )


def add_subscription_access() -> None:
    """Version 2: the owner's kind, suspension and the start point of each subscription,
    deliveries indexed by event (retention) and by subscription as they fall due (claims),
    and a first delivery's replays deleted with it (they were set to null, which made them
    "first" deliveries).

    Existing subscriptions keep receiving every event they would have (no start snapshot); those
    scoped to a project count as a project manager's, so their owner is re-checked from now
    on (an admin or pmo who owns one without managing the project finds it suspended and
    reactivates it with a PATCH, which records them as ``global``)."""
    for column in subscription_access_columns():
        op.add_column(SUBSCRIPTIONS, column)
    op.create_index(DELIVERIES_BY_EVENT, DELIVERIES, ["event_id"])
    _replay_of_on_delete("CASCADE")
    op.create_index(
        DELIVERIES_WAITING,
        DELIVERIES,
        ["subscription_id", "next_attempt_at"],
        postgresql_where=sa.text("status IN ('pending', 'delivering')"),
    )
    op.create_index(DELIVERIES_LEASED, DELIVERIES, ["subscription_id"], postgresql_where=LEASED)
    op.execute(
        sa.text(
            f"UPDATE {SUBSCRIPTIONS} SET owner_kind = 'project_manager' "
            "WHERE project_id IS NOT NULL"
        )
    )
    # Reporting's own subscription to every project event, registered at its start-up under
    # version 1 (which let only admin and pmo subscribe to every event): ours, so internal
    # from now on. (Reporting's registration also replaces one that is not internal.)
    op.execute(
        sa.text(
            f"UPDATE {SUBSCRIPTIONS} SET owner_kind = 'internal' "
            "WHERE owner = 'service:reporting' AND project_id IS NULL AND portfolio_id IS NULL"
            " AND url LIKE '%/v1/inbound/project-events'"
        )
    )


def drop_subscription_access() -> None:
    """Back to version 1, where a subscription is only enabled or not: a suspended one is
    disabled, so it does not start delivering to an owner who lost access."""
    op.execute(sa.text(f"UPDATE {SUBSCRIPTIONS} SET enabled = false WHERE status = 'suspended'"))
    _replay_of_on_delete("SET NULL")
    op.drop_index(DELIVERIES_LEASED, table_name=DELIVERIES)
    op.drop_index(DELIVERIES_WAITING, table_name=DELIVERIES)
    op.drop_index(DELIVERIES_BY_EVENT, table_name=DELIVERIES)
    for column in reversed(subscription_access_columns()):
        op.drop_column(SUBSCRIPTIONS, column.name)
