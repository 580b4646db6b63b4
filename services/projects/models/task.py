import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class Task(EntityMixin, Base):
    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("duration_days >= 0", name="duration_not_negative"),
        CheckConstraint(
            "percent_complete >= 0 AND percent_complete <= 100", name="percent_in_range"
        ),
        Index("ix_tasks_project_id_position", "project_id", "position", "id"),
        # Only never-scheduled tasks: keeps the start-up catch-up query (schedule/catch_up.py)
        # an index lookup however many tasks there are.
        Index(
            "ix_tasks_unscheduled_project_id",
            "project_id",
            postgresql_where=text("early_start IS NULL"),
        ),
        # The portfolio dashboard's milestones due (dashboard/repository.py).
        Index(
            "ix_tasks_unfinished_milestones",
            "project_id",
            "early_finish",
            postgresql_where=text("is_milestone AND percent_complete < 100"),
        ),
        UniqueConstraint("project_id", "external_source", "external_id"),
        CheckConstraint("actual_duration_days >= 0", name="actual_duration_days_not_negative"),
        CheckConstraint(
            "remaining_duration_days >= 0", name="remaining_duration_days_not_negative"
        ),
        CheckConstraint(
            "constraint_type IN ('ASAP','ALAP','SNET','SNLT','FNET','FNLT','MSO','MFO')",
            name="constraint_type_known",
        ),
        # The three-point estimate is all or nothing and ordered; the API answers 422 first.
        CheckConstraint(
            "(duration_optimistic_days IS NULL) = (duration_most_likely_days IS NULL)"
            " AND (duration_optimistic_days IS NULL) = (duration_pessimistic_days IS NULL)"
            " AND (duration_optimistic_days IS NULL) = (duration_distribution IS NULL)"
            " AND (duration_optimistic_days IS NULL OR (0 <= duration_optimistic_days"
            " AND duration_optimistic_days <= duration_most_likely_days"
            " AND duration_most_likely_days <= duration_pessimistic_days))",
            name="estimate_ordered",
        ),
        CheckConstraint(
            "duration_distribution IS NULL OR duration_distribution IN ('triangular','pert')",
            name="duration_distribution_known",
        ),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False
    )
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("tasks.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    start_date: Mapped[date | None] = mapped_column(Date)
    finish_date: Mapped[date | None] = mapped_column(Date)
    duration_days: Mapped[Decimal] = mapped_column(Numeric(10, 2), nullable=False, default=0)
    percent_complete: Mapped[Decimal] = mapped_column(Numeric(5, 2), nullable=False, default=0)

    # Planning inputs (DESIGN §6).
    milestone: Mapped[bool | None] = mapped_column(Boolean)  # None: milestone iff duration 0
    constraint_type: Mapped[str] = mapped_column(String(4), nullable=False, default="ASAP")
    constraint_date: Mapped[datetime | None] = mapped_column(DateTime)
    deadline: Mapped[date | None] = mapped_column(Date)
    # Project-local instants; midnight stands for a bare date (the day's first working minute
    # for the start, its last for the finish), as for constraint dates. MS Project's times
    # matter: a milestone done at 17:00 is not one done at 08:00 that day.
    actual_start: Mapped[datetime | None] = mapped_column(DateTime)
    actual_finish: Mapped[datetime | None] = mapped_column(DateTime)
    # Work done and left in working days, kept consistent with duration and percent
    # complete by tasks/progress.py, as MS Project keeps them. Four decimals: a whole percent
    # of a duration in hundredths of a day is exact (25 % of 0.75 days is 0.1875).
    actual_duration_days: Mapped[Decimal] = mapped_column(
        Numeric(12, 4), nullable=False, default=0, server_default="0"
    )
    remaining_duration_days: Mapped[Decimal] = mapped_column(
        Numeric(12, 4), nullable=False, default=0, server_default="0"
    )
    cost: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    # Manually scheduled (MS Project's "Manual" mode): the task stays at this start whatever
    # its links say; None for the usual automatic scheduling.
    manual_start: Mapped[datetime | None] = mapped_column(DateTime)
    # Working days levelling added before the task's early start (MS Project's "Leveling
    # Delay"); written only by applying a levelling, 0 otherwise.
    # Schedule risk (issue 12): a three-point estimate in working days and its distribution
    # (triangular or pert); none means the duration is fixed in a simulation.
    duration_optimistic_days: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    duration_most_likely_days: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    duration_pessimistic_days: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    duration_distribution: Mapped[str | None] = mapped_column(String(10))
    # Scope the PMO may cut to recover the schedule (a corrective-action option).
    optional: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    levelling_delay_days: Mapped[Decimal] = mapped_column(
        Numeric(10, 2), nullable=False, default=0, server_default="0"
    )
    external_source: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(200))

    # Computed by the scheduler in the same transaction as every change (project-local time).
    wbs_code: Mapped[str | None] = mapped_column(String(64))
    is_summary: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_milestone: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    early_start: Mapped[datetime | None] = mapped_column(DateTime)
    early_finish: Mapped[datetime | None] = mapped_column(DateTime)
    late_start: Mapped[datetime | None] = mapped_column(DateTime)
    late_finish: Mapped[datetime | None] = mapped_column(DateTime)
    total_float_days: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    free_float_days: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    critical: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # A task in progress: where its completed part ends (MS Project's Stop) and its remaining
    # part starts (Resume); a split when work pauses between them. Null otherwise.
    stop: Mapped[datetime | None] = mapped_column(DateTime)
    resume: Mapped[datetime | None] = mapped_column(DateTime)
    is_split: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
