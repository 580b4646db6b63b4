import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, DateTime, Index, Integer, Numeric, String, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.models.base import Base
from shared.db import IdMixin


class ProjectSnapshot(IdMixin, Base):
    """A project's figures and health on one day: one row per project per day. Taking it
    again the same day replaces that day's row; earlier days are never written again, so a
    policy change leaves yesterday's colours as they were. Written in bulk (one statement
    per batch), never through the ORM's unit of work."""

    __tablename__ = "project_snapshots"
    __table_args__ = (
        UniqueConstraint("project_id", "day"),
        Index("ix_project_snapshots_day", "day"),
        Index("ix_project_snapshots_portfolio_day", "portfolio_id", "day"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    portfolio_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # The EVM status date the figures are measured at.
    status_date: Mapped[date] = mapped_column(Date, nullable=False)
    currency: Mapped[str | None] = mapped_column(String(3))
    bac: Mapped[Decimal | None] = mapped_column(Numeric)
    pv: Mapped[Decimal | None] = mapped_column(Numeric)
    ev: Mapped[Decimal | None] = mapped_column(Numeric)
    ac: Mapped[Decimal | None] = mapped_column(Numeric)
    eac: Mapped[Decimal | None] = mapped_column(Numeric)
    spi: Mapped[Decimal | None] = mapped_column(Numeric)
    cpi: Mapped[Decimal | None] = mapped_column(Numeric)
    spi_t: Mapped[Decimal | None] = mapped_column(Numeric)
    percent_complete: Mapped[Decimal | None] = mapped_column(Numeric)
    finish_variance_days: Mapped[Decimal | None] = mapped_column(Numeric)
    critical_float_days: Mapped[Decimal | None] = mapped_column(Numeric)
    # The latest finished Monte Carlo forecast of the projects service (null: none, or the
    # forecast could not be read when the snapshot was taken).
    p80_finish: Mapped[date | None] = mapped_column(Date)
    deadline_probability: Mapped[Decimal | None] = mapped_column(Numeric)
    overdue_milestones: Mapped[int] = mapped_column(Integer, nullable=False)
    open_risks: Mapped[int] = mapped_column(Integer, nullable=False)
    open_high_risks: Mapped[int] = mapped_column(Integer, nullable=False)
    compliance_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    days_since_status_update: Mapped[int | None] = mapped_column(Integer)
    # Every EVM figure of the day, as the projects service answered it.
    evm: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    overall_rag: Mapped[str] = mapped_column(String(8), nullable=False)
    effective_rag: Mapped[str] = mapped_column(String(8), nullable=False)
    override_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The dimensions with their colours and reasons, and the overall's reasons.
    health: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    policy_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    policy_version: Mapped[int] = mapped_column(Integer, nullable=False)
