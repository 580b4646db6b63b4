"""A partial index of never-scheduled tasks, for the catch-up scheduling at start-up.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_tasks_unscheduled_project_id",
        "tasks",
        ["project_id"],
        postgresql_where=sa.text("early_start IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_tasks_unscheduled_project_id", table_name="tasks")
