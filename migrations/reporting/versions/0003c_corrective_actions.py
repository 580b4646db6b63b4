"""The action register (corrective actions with their trigger, baseline figures and
measured effect), and each snapshot's P80 finish and probability of meeting the deadline
from the projects service's latest risk forecast.

Revision ID: 0003c
Revises: 0002h
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003c"
down_revision: str | None = "0002h"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def upgrade() -> None:
    op.add_column("project_snapshots", sa.Column("p80_finish", sa.Date(), nullable=True))
    op.add_column(
        "project_snapshots", sa.Column("deadline_probability", sa.Numeric(), nullable=True)
    )
    op.create_table(
        "corrective_actions",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("portfolio_id", sa.Uuid(), nullable=True),
        sa.Column("trigger", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("option_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(length=255), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("change_request_id", sa.Uuid(), nullable=True),
        sa.Column("lesson_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("baseline_day", sa.Date(), nullable=True),
        sa.Column("baseline_spi", sa.Numeric(), nullable=True),
        sa.Column("baseline_spi_t", sa.Numeric(), nullable=True),
        sa.Column("baseline_p80_finish", sa.Date(), nullable=True),
        sa.Column("baseline_critical_float_days", sa.Numeric(), nullable=True),
        sa.Column("effect", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('proposed', 'open', 'in_progress', 'done', 'cancelled')",
            name=op.f("ck_corrective_actions_status_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrective_actions")),
    )
    op.create_index(
        "ix_corrective_actions_project",
        "corrective_actions",
        ["project_id", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_corrective_actions_portfolio",
        "corrective_actions",
        ["portfolio_id", "created_at", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_corrective_actions_portfolio", table_name="corrective_actions")
    op.drop_index("ix_corrective_actions_project", table_name="corrective_actions")
    op.drop_table("corrective_actions")
    op.drop_column("project_snapshots", "deadline_probability")
    op.drop_column("project_snapshots", "p80_finish")
