"""Programs (portfolio -> program -> project), the portfolio's roll-up currency and actual
cost entries (issue 10).

A portfolio's currency starts as the one most of its projects use (EUR when none says);
projects priced in another currency keep it, and are refused cost entries until they match.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _entity_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.add_column(
        "portfolios",
        sa.Column("currency", sa.String(3), nullable=False, server_default="EUR"),
    )
    op.execute(
        """
        UPDATE portfolios p SET currency = c.currency
        FROM (
            SELECT DISTINCT ON (portfolio_id) portfolio_id, currency
            FROM projects WHERE currency IS NOT NULL AND portfolio_id IS NOT NULL
            GROUP BY portfolio_id, currency
            ORDER BY portfolio_id, count(*) DESC, currency
        ) c
        WHERE c.portfolio_id = p.id
        """
    )
    op.create_table(
        "programs",
        *_entity_columns(),
        sa.Column(
            "portfolio_id",
            sa.Uuid(),
            sa.ForeignKey("portfolios.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("manager", sa.String(200)),
        sa.UniqueConstraint("portfolio_id", "name", name=op.f("uq_programs_portfolio_id_name")),
    )
    op.create_index("ix_programs_portfolio_id", "programs", ["portfolio_id"])
    op.add_column(
        "projects",
        sa.Column("program_id", sa.Uuid(), sa.ForeignKey("programs.id", ondelete="SET NULL")),
    )
    op.create_index("ix_projects_program_id", "projects", ["program_id"])
    op.create_table(
        "actual_costs",
        *_entity_columns(),
        sa.Column(
            "project_id",
            sa.Uuid(),
            sa.ForeignKey("projects.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("task_id", sa.Uuid(), sa.ForeignKey("tasks.id", ondelete="SET NULL")),
        sa.Column("incurred_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(18, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("external_source", sa.String(64)),
        sa.Column("external_id", sa.String(200)),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_actual_costs_amount_not_negative")),
    )
    op.create_index("ix_actual_costs_task_id", "actual_costs", ["task_id"])
    op.create_index("ix_actual_costs_project_date", "actual_costs", ["project_id", "incurred_on"])
    op.create_index(
        "uq_actual_costs_external",
        "actual_costs",
        ["project_id", "external_source", "external_id"],
        unique=True,
        postgresql_where=sa.text("external_source IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_table("actual_costs")
    op.drop_index("ix_projects_program_id", table_name="projects")
    op.drop_column("projects", "program_id")
    op.drop_table("programs")
    op.drop_column("portfolios", "currency")
