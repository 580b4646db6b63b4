"""The DDL of the event tables (version 1), shared by the three services' migrations.

Each service's migration creates the tables as :mod:`shared.events.tables` declares them
today; a later change to those tables needs a new migration in every service, which
``tests/architecture/test_migrations_match_models.py`` enforces.
"""

from __future__ import annotations

from alembic import op

from shared.db import new_metadata
from shared.events.tables import EventTables

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
    tables = EventTables(new_metadata())
    bind = op.get_bind()
    for table in tables.all:
        table.create(bind)
    for statement in NOTIFY:
        op.execute(statement)


def drop_event_tables() -> None:
    op.execute("DROP TRIGGER outbox_events_notify ON outbox_events")
    op.execute("DROP FUNCTION outbox_events_notify()")
    for table in reversed(EventTables(new_metadata()).all):
        op.drop_table(table.name)
