"""scheduling, baselines, RAID, change requests, status updates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 01:02:05.645313
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assumptions",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("validated_by", sa.String(length=200), nullable=True),
        sa.Column("validation_date", sa.Date(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("task_ids", sa.ARRAY(sa.Uuid()), nullable=False),
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
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_assumptions_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assumptions")),
    )
    op.create_index(op.f("ix_assumptions_project_id"), "assumptions", ["project_id"], unique=False)
    op.create_table(
        "baselines",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("captured_by", sa.String(length=200), nullable=False),
        sa.Column("project_start", sa.DateTime(), nullable=True),
        sa.Column("project_finish", sa.DateTime(), nullable=True),
        sa.Column("total_cost", sa.Numeric(precision=18, scale=2), nullable=True),
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
        sa.CheckConstraint("number BETWEEN 0 AND 10", name=op.f("ck_baselines_number_0_to_10")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_baselines_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baselines")),
        sa.UniqueConstraint("project_id", "number", name=op.f("uq_baselines_project_id_number")),
    )
    op.create_table(
        "calendars",
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("working_weekdays", sa.ARRAY(sa.Integer()), nullable=False),
        sa.Column("hours_per_day", sa.Numeric(precision=4, scale=2), nullable=False),
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
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_calendars_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendars")),
    )
    op.create_index(op.f("ix_calendars_project_id"), "calendars", ["project_id"], unique=False)
    op.create_table(
        "change_requests",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("schedule_impact_days", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("cost_impact", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("scope_impact", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("baseline_number", sa.Integer(), nullable=True),
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
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_change_requests_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_requests")),
    )
    op.create_index(
        op.f("ix_change_requests_project_id"), "change_requests", ["project_id"], unique=False
    )
    op.create_table(
        "decisions",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("task_ids", sa.ARRAY(sa.Uuid()), nullable=False),
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
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_decisions_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(op.f("ix_decisions_project_id"), "decisions", ["project_id"], unique=False)
    op.create_table(
        "issues",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("task_ids", sa.ARRAY(sa.Uuid()), nullable=False),
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
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_issues_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issues")),
    )
    op.create_index(op.f("ix_issues_project_id"), "issues", ["project_id"], unique=False)
    op.create_table(
        "risks",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("response_strategy", sa.String(length=16), nullable=True),
        sa.Column("mitigation", sa.Text(), nullable=True),
        sa.Column("trigger", sa.Text(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("residual_score", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("task_ids", sa.ARRAY(sa.Uuid()), nullable=False),
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
        sa.CheckConstraint("impact BETWEEN 1 AND 5", name=op.f("ck_risks_impact_1_to_5")),
        sa.CheckConstraint("probability BETWEEN 1 AND 5", name=op.f("ck_risks_probability_1_to_5")),
        sa.CheckConstraint(
            "residual_score IS NULL OR residual_score BETWEEN 1 AND 25",
            name=op.f("ck_risks_residual_1_to_25"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_risks_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risks")),
    )
    op.create_index(op.f("ix_risks_project_id"), "risks", ["project_id"], unique=False)
    op.create_table(
        "status_updates",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("overall_rag", sa.String(length=5), nullable=False),
        sa.Column("schedule_rag", sa.String(length=5), nullable=False),
        sa.Column("cost_rag", sa.String(length=5), nullable=False),
        sa.Column("scope_rag", sa.String(length=5), nullable=False),
        sa.Column("risk_rag", sa.String(length=5), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
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
            "cost_rag IN ('red','amber','green')", name=op.f("ck_status_updates_cost_rag_is_rag")
        ),
        sa.CheckConstraint(
            "overall_rag IN ('red','amber','green')",
            name=op.f("ck_status_updates_overall_rag_is_rag"),
        ),
        sa.CheckConstraint(
            "risk_rag IN ('red','amber','green')", name=op.f("ck_status_updates_risk_rag_is_rag")
        ),
        sa.CheckConstraint(
            "schedule_rag IN ('red','amber','green')",
            name=op.f("ck_status_updates_schedule_rag_is_rag"),
        ),
        sa.CheckConstraint(
            "scope_rag IN ('red','amber','green')", name=op.f("ck_status_updates_scope_rag_is_rag")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_status_updates_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_updates")),
    )
    op.create_index(
        op.f("ix_status_updates_project_id"), "status_updates", ["project_id"], unique=False
    )
    op.create_table(
        "baseline_tasks",
        sa.Column("baseline_id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=True),
        sa.Column("finish", sa.DateTime(), nullable=True),
        sa.Column("duration_days", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("cost", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["baselines.id"],
            name=op.f("fk_baseline_tasks_baseline_id_baselines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("baseline_id", "task_id", name=op.f("pk_baseline_tasks")),
    )
    op.create_table(
        "calendar_exceptions",
        sa.Column("calendar_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
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
            ["calendar_id"],
            ["calendars.id"],
            name=op.f("fk_calendar_exceptions_calendar_id_calendars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_exceptions")),
        sa.UniqueConstraint(
            "calendar_id", "day", name=op.f("uq_calendar_exceptions_calendar_id_day")
        ),
    )
    op.create_table(
        "dependencies",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("predecessor_id", sa.Uuid(), nullable=False),
        sa.Column("successor_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=2), nullable=False),
        sa.Column("lag_days", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("external_source", sa.String(length=64), nullable=True),
        sa.Column("external_id", sa.String(length=200), nullable=True),
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
            "type IN ('FS','SS','FF','SF')", name=op.f("ck_dependencies_type_known")
        ),
        sa.CheckConstraint("predecessor_id <> successor_id", name=op.f("ck_dependencies_not_self")),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["tasks.id"],
            name=op.f("fk_dependencies_predecessor_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_dependencies_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["tasks.id"],
            name=op.f("fk_dependencies_successor_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dependencies")),
        sa.UniqueConstraint(
            "predecessor_id",
            "successor_id",
            name=op.f("uq_dependencies_predecessor_id_successor_id"),
        ),
        sa.UniqueConstraint(
            "project_id",
            "external_source",
            "external_id",
            name=op.f("uq_dependencies_project_id_external_source_external_id"),
        ),
    )
    op.create_index(
        op.f("ix_dependencies_project_id"), "dependencies", ["project_id"], unique=False
    )
    op.create_index("ix_dependencies_successor_id", "dependencies", ["successor_id"], unique=False)
    op.add_column("projects", sa.Column("calendar_id", sa.Uuid(), nullable=True))
    op.add_column("projects", sa.Column("status_date", sa.Date(), nullable=True))
    op.add_column("projects", sa.Column("deadline", sa.Date(), nullable=True))
    op.add_column(
        "projects",
        sa.Column(
            "critical_threshold_days",
            sa.Numeric(precision=8, scale=2),
            nullable=False,
            server_default="0",
        ),
    )
    op.add_column("projects", sa.Column("scheduled_start", sa.DateTime(), nullable=True))
    op.add_column("projects", sa.Column("scheduled_finish", sa.DateTime(), nullable=True))
    op.create_foreign_key(
        op.f("fk_projects_calendar_id_calendars"),
        "projects",
        "calendars",
        ["calendar_id"],
        ["id"],
        ondelete="SET NULL",
        use_alter=True,
    )
    op.add_column("tasks", sa.Column("milestone", sa.Boolean(), nullable=True))
    op.add_column(
        "tasks",
        sa.Column("constraint_type", sa.String(length=4), nullable=False, server_default="ASAP"),
    )
    op.add_column("tasks", sa.Column("constraint_date", sa.DateTime(), nullable=True))
    op.add_column("tasks", sa.Column("deadline", sa.Date(), nullable=True))
    op.add_column("tasks", sa.Column("actual_start", sa.Date(), nullable=True))
    op.add_column("tasks", sa.Column("actual_finish", sa.Date(), nullable=True))
    op.add_column("tasks", sa.Column("cost", sa.Numeric(precision=18, scale=2), nullable=True))
    op.add_column("tasks", sa.Column("external_source", sa.String(length=64), nullable=True))
    op.add_column("tasks", sa.Column("external_id", sa.String(length=200), nullable=True))
    op.add_column("tasks", sa.Column("wbs_code", sa.String(length=64), nullable=True))
    op.add_column(
        "tasks", sa.Column("is_summary", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "tasks", sa.Column("is_milestone", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("tasks", sa.Column("early_start", sa.DateTime(), nullable=True))
    op.add_column("tasks", sa.Column("early_finish", sa.DateTime(), nullable=True))
    op.add_column("tasks", sa.Column("late_start", sa.DateTime(), nullable=True))
    op.add_column("tasks", sa.Column("late_finish", sa.DateTime(), nullable=True))
    op.add_column(
        "tasks", sa.Column("total_float_days", sa.Numeric(precision=12, scale=4), nullable=True)
    )
    op.add_column(
        "tasks", sa.Column("free_float_days", sa.Numeric(precision=12, scale=4), nullable=True)
    )
    op.add_column(
        "tasks", sa.Column("critical", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.create_unique_constraint(
        op.f("uq_tasks_project_id_external_source_external_id"),
        "tasks",
        ["project_id", "external_source", "external_id"],
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("uq_tasks_project_id_external_source_external_id"), "tasks", type_="unique"
    )
    op.drop_column("tasks", "critical")
    op.drop_column("tasks", "free_float_days")
    op.drop_column("tasks", "total_float_days")
    op.drop_column("tasks", "late_finish")
    op.drop_column("tasks", "late_start")
    op.drop_column("tasks", "early_finish")
    op.drop_column("tasks", "early_start")
    op.drop_column("tasks", "is_milestone")
    op.drop_column("tasks", "is_summary")
    op.drop_column("tasks", "wbs_code")
    op.drop_column("tasks", "external_id")
    op.drop_column("tasks", "external_source")
    op.drop_column("tasks", "cost")
    op.drop_column("tasks", "actual_finish")
    op.drop_column("tasks", "actual_start")
    op.drop_column("tasks", "deadline")
    op.drop_column("tasks", "constraint_date")
    op.drop_column("tasks", "constraint_type")
    op.drop_column("tasks", "milestone")
    op.drop_constraint(op.f("fk_projects_calendar_id_calendars"), "projects", type_="foreignkey")
    op.drop_column("projects", "scheduled_finish")
    op.drop_column("projects", "scheduled_start")
    op.drop_column("projects", "critical_threshold_days")
    op.drop_column("projects", "deadline")
    op.drop_column("projects", "status_date")
    op.drop_column("projects", "calendar_id")
    op.drop_index("ix_dependencies_successor_id", table_name="dependencies")
    op.drop_index(op.f("ix_dependencies_project_id"), table_name="dependencies")
    op.drop_table("dependencies")
    op.drop_table("calendar_exceptions")
    op.drop_table("baseline_tasks")
    op.drop_index(op.f("ix_status_updates_project_id"), table_name="status_updates")
    op.drop_table("status_updates")
    op.drop_index(op.f("ix_risks_project_id"), table_name="risks")
    op.drop_table("risks")
    op.drop_index(op.f("ix_issues_project_id"), table_name="issues")
    op.drop_table("issues")
    op.drop_index(op.f("ix_decisions_project_id"), table_name="decisions")
    op.drop_table("decisions")
    op.drop_index(op.f("ix_change_requests_project_id"), table_name="change_requests")
    op.drop_table("change_requests")
    op.drop_index(op.f("ix_calendars_project_id"), table_name="calendars")
    op.drop_table("calendars")
    op.drop_table("baselines")
    op.drop_index(op.f("ix_assumptions_project_id"), table_name="assumptions")
    op.drop_table("assumptions")
