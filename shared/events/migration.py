"""The DDL of the event tables (version 1), shared by the three services' migrations.

Each service's migration creates the tables as :mod:`shared.events.tables` declares them
today; a later change to those tables needs a new migration in every service, which
``tests/architecture/test_migrations_match_models.py`` enforces.
"""

from __future__ import annotations

from alembic import op

from shared.db import new_metadata
from shared.events.tables import EventTables


def create_event_tables() -> None:
    tables = EventTables(new_metadata())
    bind = op.get_bind()
    for table in tables.all:
        table.create(bind)


def drop_event_tables() -> None:
    for table in reversed(EventTables(new_metadata()).all):
        op.drop_table(table.name)
