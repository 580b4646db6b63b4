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
    Numeric,
    String,
    Text,
    Uuid,
    false,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class Project(EntityMixin, Base):
    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("budget >= 0", name="budget_not_negative"),
        CheckConstraint(
            "target_date IS NULL OR start_date IS NULL OR target_date >= start_date",
            name="target_after_start",
        ),
        Index("ix_projects_tags", "tags", postgresql_using="gin"),
        Index("ix_projects_portfolio_id_created", "portfolio_id", "created_at", "id"),
        CheckConstraint("progress_mode IN ('ms_project', 'data_date')", name="progress_mode_known"),
    )

    portfolio_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("portfolios.id", ondelete="RESTRICT"), index=True
    )
    # A program of the same portfolio, or none.
    program_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("programs.id", ondelete="SET NULL"), index=True
    )
    code: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="proposed")
    # The lifecycle phase; only the governance service moves it, through gate reviews.
    phase: Mapped[str | None] = mapped_column(String(80))
    sponsor: Mapped[str | None] = mapped_column(String(200))
    manager: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column(Date)
    target_date: Mapped[date | None] = mapped_column(Date)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    priority: Mapped[str] = mapped_column(String(16), nullable=False, default="medium")
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)), nullable=False, default=list)

    # Scheduling settings and results (DESIGN §6).
    calendar_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("calendars.id", ondelete="SET NULL", use_alter=True)
    )
    status_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    critical_threshold_days: Mapped[Decimal] = mapped_column(
        Numeric(8, 2), nullable=False, default=0
    )
    scheduled_start: Mapped[datetime | None] = mapped_column(DateTime)
    scheduled_finish: Mapped[datetime | None] = mapped_column(DateTime)
    # How progress moves the plan around the status date (engine.ProgressMode), and MS
    # Project's status-date options, used in ms_project mode only (see schedule/schemas.py).
    progress_mode: Mapped[str] = mapped_column(
        String(16), nullable=False, default="data_date", server_default="data_date"
    )
    move_completed_ends_back: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    move_remaining_starts_back: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    move_remaining_starts_forward: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    move_completed_ends_forward: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    split_in_progress_tasks: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=true()
    )
    # A deleted project is archived, not erased (DESIGN §5): hidden from lists, restorable by
    # pmo/admin, and erased only by an explicit purge once the retention period has passed.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    archived_by: Mapped[str | None] = mapped_column(String(255))
