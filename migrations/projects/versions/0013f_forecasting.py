"""Forecasting and corrective action (issue 12): three-point estimates and optional scope on
tasks, optional lags, schedule impact of risks, risk analyses, corrective options and
policies, and the plan changes a change request carries.

Revision ID: 0013f
Revises: 0012j
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013f"
down_revision: str | None = "0012j"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corrective_policies",
        sa.Column("portfolio_id", sa.Uuid(), nullable=False),
        sa.Column("settings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["portfolio_id"],
            ["portfolios.id"],
            name=op.f("fk_corrective_policies_portfolio_id_portfolios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrective_policies")),
        sa.UniqueConstraint("portfolio_id", name=op.f("uq_corrective_policies_portfolio_id")),
    )
    op.create_table(
        "corrective_options",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("finish_gain_days", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("cost_delta", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("evaluation", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("plan_changes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("plan_version", sa.String(length=64), nullable=False),
        sa.Column("change_request_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.CheckConstraint(
            "kind IN ('crash','fast_track','remove_lag','cut_scope','move_deadline')",
            name=op.f("ck_corrective_options_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_requests.id"],
            name=op.f("fk_corrective_options_change_request_id_change_requests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_corrective_options_job_id_jobs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_corrective_options_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrective_options")),
    )
    op.create_index(
        "ix_corrective_options_project_created",
        "corrective_options",
        ["project_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "risk_analyses",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("inputs", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("iterations", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("p50_finish", sa.Date(), nullable=True),
        sa.Column("p80_finish", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("deadline_probability", sa.Numeric(precision=6, scale=5), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_risk_analyses_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_risk_analyses_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_analyses")),
    )
    op.create_index(
        "ix_risk_analyses_project_created",
        "risk_analyses",
        ["project_id", "created_at"],
        unique=False,
    )
    op.add_column(
        "change_requests",
        sa.Column("plan_changes", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.add_column(
        "change_requests", sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "dependencies",
        sa.Column("lag_optional", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.add_column(
        "risks",
        sa.Column("occurrence_probability", sa.Numeric(precision=5, scale=4), nullable=True),
    )
    op.add_column(
        "risks",
        sa.Column("schedule_impact_min_days", sa.Numeric(precision=10, scale=2), nullable=True),
    )
    op.add_column(
        "risks",
        sa.Column("schedule_impact_likely_days", sa.Numeric(precision=10, scale=2), nullable=True),
    )
    op.add_column(
        "risks",
        sa.Column("schedule_impact_max_days", sa.Numeric(precision=10, scale=2), nullable=True),
    )
    op.add_column(
        "tasks",
        sa.Column("duration_optimistic_days", sa.Numeric(precision=10, scale=2), nullable=True),
    )
    op.add_column(
        "tasks",
        sa.Column("duration_most_likely_days", sa.Numeric(precision=10, scale=2), nullable=True),
    )
    op.add_column(
        "tasks",
        sa.Column("duration_pessimistic_days", sa.Numeric(precision=10, scale=2), nullable=True),
    )
    op.add_column("tasks", sa.Column("duration_distribution", sa.String(length=10), nullable=True))
    op.add_column(
        "tasks",
        sa.Column("optional", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.create_check_constraint(
        "estimate_ordered",
        "tasks",
        "(duration_optimistic_days IS NULL) = (duration_most_likely_days IS NULL)"
        " AND (duration_optimistic_days IS NULL) = (duration_pessimistic_days IS NULL)"
        " AND (duration_optimistic_days IS NULL) = (duration_distribution IS NULL)"
        " AND (duration_optimistic_days IS NULL OR (0 <= duration_optimistic_days"
        " AND duration_optimistic_days <= duration_most_likely_days"
        " AND duration_most_likely_days <= duration_pessimistic_days))",
    )
    op.create_check_constraint(
        "duration_distribution_known",
        "tasks",
        "duration_distribution IS NULL OR duration_distribution IN ('triangular','pert')",
    )
    op.create_check_constraint(
        "schedule_impact_ordered",
        "risks",
        "(occurrence_probability IS NULL) = (schedule_impact_min_days IS NULL)"
        " AND (occurrence_probability IS NULL) = (schedule_impact_likely_days IS NULL)"
        " AND (occurrence_probability IS NULL) = (schedule_impact_max_days IS NULL)"
        " AND (occurrence_probability IS NULL OR (occurrence_probability > 0"
        " AND occurrence_probability <= 1 AND 0 <= schedule_impact_min_days"
        " AND schedule_impact_min_days <= schedule_impact_likely_days"
        " AND schedule_impact_likely_days <= schedule_impact_max_days))",
    )


def downgrade() -> None:
    op.drop_constraint("ck_risks_schedule_impact_ordered", "risks")
    op.drop_constraint("ck_tasks_duration_distribution_known", "tasks")
    op.drop_constraint("ck_tasks_estimate_ordered", "tasks")
    op.drop_column("tasks", "optional")
    op.drop_column("tasks", "duration_distribution")
    op.drop_column("tasks", "duration_pessimistic_days")
    op.drop_column("tasks", "duration_most_likely_days")
    op.drop_column("tasks", "duration_optimistic_days")
    op.drop_column("risks", "schedule_impact_max_days")
    op.drop_column("risks", "schedule_impact_likely_days")
    op.drop_column("risks", "schedule_impact_min_days")
    op.drop_column("risks", "occurrence_probability")
    op.drop_column("dependencies", "lag_optional")
    op.drop_column("change_requests", "applied_at")
    op.drop_column("change_requests", "plan_changes")
    op.drop_index("ix_risk_analyses_project_created", table_name="risk_analyses")
    op.drop_table("risk_analyses")
    op.drop_index("ix_corrective_options_project_created", table_name="corrective_options")
    op.drop_table("corrective_options")
    op.drop_table("corrective_policies")
