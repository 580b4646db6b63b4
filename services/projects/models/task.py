import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Uuid
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
