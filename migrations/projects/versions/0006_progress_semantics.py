"""Progress like MS Project or from the data date: the project's progress mode and MS
Project's status-date options; actual dates with their times; actual and remaining duration;
where the completed part of a task in progress stops and its remaining part resumes.

Existing projects take the ``data_date`` mode (how they were scheduled until now). Existing
tasks get the actual and remaining duration their percent complete implies, and their actual
dates at midnight, which the scheduler reads as the bare dates they were.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOVE_OPTIONS = (
    "move_completed_ends_back",
    "move_remaining_starts_back",
    "move_remaining_starts_forward",
    "move_completed_ends_forward",
)


def upgrade() -> None:
    op.add_column(
        "projects",
        sa.Column(
            "progress_mode", sa.String(16), nullable=False, server_default=sa.text("'data_date'")
        ),
    )
    op.create_check_constraint(
        op.f("ck_projects_progress_mode_known"),
        "projects",
        "progress_mode IN ('ms_project', 'data_date')",
    )
    for name in MOVE_OPTIONS:
        op.add_column(
            "projects",
            sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    op.add_column(
        "projects",
        sa.Column(
            "split_in_progress_tasks", sa.Boolean(), nullable=False, server_default=sa.true()
        ),
    )
    for name in ("actual_start", "actual_finish"):
        op.alter_column(
            "tasks",
            name,
            type_=sa.DateTime(),
            existing_type=sa.Date(),
            postgresql_using=f"{name}::timestamp",
        )
    for name in ("actual_duration_days", "remaining_duration_days"):
        op.add_column(
            "tasks",
            sa.Column(name, sa.Numeric(12, 4), nullable=False, server_default=sa.text("0")),
        )
        op.create_check_constraint(op.f(f"ck_tasks_{name}_not_negative"), "tasks", f"{name} >= 0")
    # What the engine derived from percent complete until now, stored.
    op.execute(
        "UPDATE tasks SET actual_duration_days = done, remaining_duration_days = duration_days"
        " - done FROM (SELECT id AS done_id, CASE WHEN percent_complete >= 100 OR"
        " actual_finish IS NOT NULL THEN duration_days ELSE round(duration_days *"
        " percent_complete / 100, 4) END AS done FROM tasks) AS d WHERE tasks.id = d.done_id"
    )
    op.add_column("tasks", sa.Column("stop", sa.DateTime(), nullable=True))
    op.add_column("tasks", sa.Column("resume", sa.DateTime(), nullable=True))
    op.add_column(
        "tasks",
        sa.Column("is_split", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    for name in ("is_split", "resume", "stop"):
        op.drop_column("tasks", name)
    # Dropping a column drops its check constraint with it.
    for name in ("remaining_duration_days", "actual_duration_days"):
        op.drop_column("tasks", name)
    for name in ("actual_start", "actual_finish"):
        op.alter_column(
            "tasks",
            name,
            type_=sa.Date(),
            existing_type=sa.DateTime(),
            postgresql_using=f"{name}::date",
        )
    for name in ("split_in_progress_tasks", *MOVE_OPTIONS, "progress_mode"):
        op.drop_column("projects", name)
