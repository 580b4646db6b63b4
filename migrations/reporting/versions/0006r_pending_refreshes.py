"""Pending refreshes (issue 13): a project whose snapshot an event asked to refresh, kept
until the refresh is done, so a restart in between resumes it.

Revision ID: 0006r
Revises: 0005a
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006r"
down_revision: str | None = "0005a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_refreshes",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column(
            "requested_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_pending_refreshes")),
    )


def downgrade() -> None:
    op.drop_table("pending_refreshes")
