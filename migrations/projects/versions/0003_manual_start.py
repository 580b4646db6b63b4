"""Manually scheduled tasks keep their start (MS Project's Manual mode).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tasks", sa.Column("manual_start", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("tasks", "manual_start")
