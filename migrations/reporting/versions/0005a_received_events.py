"""Received events (issue 13): the ids of project events reporting applied, so a
redelivered event is applied once.

Revision ID: 0005a
Revises: 0004e
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005a"
down_revision: str | None = "0004e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "received_events",
        sa.Column("webhook_id", sa.String(length=255), nullable=False),
        sa.Column("event_type", sa.String(length=96), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column(
            "received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("webhook_id", name=op.f("pk_received_events")),
    )
    op.create_index("ix_received_events_received_at", "received_events", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_received_events_received_at", table_name="received_events")
    op.drop_table("received_events")
