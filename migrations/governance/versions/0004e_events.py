"""Events (issue 13): the transactional outbox, webhook subscriptions, deliveries and their
attempts, and the cursors of the outbox's readers.

Revision ID: 0004e
Revises: 0003l
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from shared.events.migration import create_event_tables, drop_event_tables

revision: str = "0004e"
down_revision: str | None = "0003l"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_event_tables()


def downgrade() -> None:
    drop_event_tables()
