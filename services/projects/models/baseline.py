import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Numeric,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class Baseline(EntityMixin, Base):
    """Baseline 0-10 of a project, like MS Project's: an immutable capture of the plan."""

    __tablename__ = "baselines"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        CheckConstraint("number BETWEEN 0 AND 10", name="number_0_to_10"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False
    )
    number: Mapped[int] = mapped_column(nullable=False)
    name: Mapped[str | None] = mapped_column(String(200))
    captured_by: Mapped[str] = mapped_column(String(200), nullable=False)
    project_start: Mapped[datetime | None] = mapped_column(DateTime)
    project_finish: Mapped[datetime | None] = mapped_column(DateTime)
    total_cost: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))


class BaselineTask(Base):
    """One task's planned start, finish, duration and cost in a baseline (never updated)."""

    __tablename__ = "baseline_tasks"

    baseline_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("baselines.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    start: Mapped[datetime | None] = mapped_column(DateTime)
    finish: Mapped[datetime | None] = mapped_column(DateTime)
    duration_days: Mapped[Decimal] = mapped_column(Numeric(10, 2), nullable=False)
    cost: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
