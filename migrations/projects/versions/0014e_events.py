"""Events (issue 13): the transactional outbox, webhook subscriptions, deliveries and their
attempts, and the cursors of the outbox's readers.
Projects are archived instead of deleted.

Revision ID: 0014e
Revises: 0013f
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.events.migration import create_event_tables, drop_event_tables

revision: str = "0014e"
down_revision: str | None = "0013f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_event_tables()
    op.add_column("projects", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("projects", sa.Column("archived_by", sa.String(length=255), nullable=True))


def downgrade() -> None:
    drop_event_tables()
    op.drop_column("projects", "archived_by")
    op.drop_column("projects", "archived_at")
