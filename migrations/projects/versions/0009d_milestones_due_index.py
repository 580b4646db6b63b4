"""A partial index of unfinished milestones by project and scheduled finish, for the
portfolio dashboard's milestones due (without it, every task of the database is scanned).

Revision ID: 0009d
Revises: 0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009d"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_tasks_unfinished_milestones",
        "tasks",
        ["project_id", "early_finish"],
        postgresql_where=sa.text("is_milestone AND percent_complete < 100"),
    )


def downgrade() -> None:
    op.drop_index("ix_tasks_unfinished_milestones", table_name="tasks")
