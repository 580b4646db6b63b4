"""Jobs, their queue (pgqueuer's own tables) and the tasks' levelling delay (issue 11).

The queue's tables come from pgqueuer's own install SQL, so they match the installed
library version; downgrade runs its uninstall SQL.

Revision ID: 0012j
Revises: 0011a
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgqueuer.adapters.persistence.qb import QueryBuilderEnvironment
from sqlalchemy.dialects import postgresql
from sqlalchemy.util import await_only

revision: str = "0012j"
down_revision: str | None = "0011a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column]:  # type: ignore[type-arg]
    now = sa.text("now()")
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=now, nullable=False),
    ]


def _run_script(sql: str) -> None:
    """A multi-statement script (pgqueuer's, with a plpgsql body) through asyncpg's simple
    query protocol: SQLAlchemy would prepare it, and a prepared statement holds one command."""
    raw = op.get_bind().connection.dbapi_connection
    assert raw is not None
    await_only(raw.driver_connection.execute(sql))  # type: ignore[attr-defined]


def upgrade() -> None:
    op.add_column(
        "tasks",
        sa.Column("levelling_delay_days", sa.Numeric(10, 2), server_default="0", nullable=False),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        *_timestamps(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("progress", sa.Numeric(4, 3), nullable=False),
        sa.Column("message", sa.Text()),
        sa.Column("params", postgresql.JSONB(), nullable=False),
        sa.Column("result", postgresql.JSONB()),
        sa.Column("error", postgresql.JSONB()),
        sa.Column("project_id", sa.Uuid(), sa.ForeignKey("projects.id", ondelete="CASCADE")),
        sa.Column("portfolio_id", sa.Uuid(), sa.ForeignKey("portfolios.id", ondelete="CASCADE")),
        sa.Column("created_by", sa.String(200)),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')",
            name=op.f("ck_jobs_state_known"),
        ),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 1", name=op.f("ck_jobs_progress_in_range")
        ),
    )
    op.create_index("ix_jobs_project_id", "jobs", ["project_id"])
    op.create_index("ix_jobs_portfolio_id", "jobs", ["portfolio_id"])
    _run_script(QueryBuilderEnvironment().build_install_query(create_schema=False))


def downgrade() -> None:
    _run_script(QueryBuilderEnvironment().build_uninstall_query())
    op.drop_table("jobs")
    op.drop_column("tasks", "levelling_delay_days")
