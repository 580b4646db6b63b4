import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class Assignment(EntityMixin, Base):
    """A resource working on a task at ``units`` of its time (0.50 = half of each working day).

    Units are what is stored; work (hours) is derived from units, the task's duration and the
    calendar's hours per day, so a change of duration keeps the people's share of the day, as
    MS Project's fixed-units tasks do. ``project_id`` repeats the task's project so the
    portfolio's load is one indexed scan, without a join through tasks."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("task_id", "resource_id"),
        CheckConstraint("units > 0 AND units <= 10", name="units_in_range"),
        Index("ix_assignments_resource_project", "resource_id", "project_id"),
    )

    task_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False
    )
    resource_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("resources.id", ondelete="RESTRICT"), nullable=False
    )
    project_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True
    )
    units: Mapped[Decimal] = mapped_column(Numeric(5, 2), nullable=False)
