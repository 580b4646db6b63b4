"""A project's phase in its lifecycle (issue 9): set only by the governance service when a
gate review lets the project through (``POST /v1/projects/{id}/phase``); null until then.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-12
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("projects", sa.Column("phase", sa.String(80), nullable=True))


def downgrade() -> None:
    op.drop_column("projects", "phase")
