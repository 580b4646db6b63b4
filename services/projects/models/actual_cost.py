import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class ActualCost(EntityMixin, Base):
    """Money spent on a project on a day (AC of earned value), entered by hand or pushed by a
    finance system (``external_source`` + ``external_id`` identify the pushed entry)."""

    __tablename__ = "actual_costs"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        # A finance system's entry is one row however often it is pushed.
        Index(
            "uq_actual_costs_external",
            "project_id",
            "external_source",
            "external_id",
            unique=True,
            postgresql_where="external_source IS NOT NULL",
        ),
        # EVM sums the actuals up to a status date, per project and per task.
        Index("ix_actual_costs_project_date", "project_id", "incurred_on"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False
    )
    # Optional: a cost booked on the project as a whole counts for the project's AC only.
    task_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("tasks.id", ondelete="SET NULL"), index=True
    )
    incurred_on: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    category: Mapped[str] = mapped_column(String(40), nullable=False, default="other")
    description: Mapped[str | None] = mapped_column(Text)
    external_source: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(200))
