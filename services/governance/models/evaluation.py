import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Index, Integer, Numeric, String, Uuid
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.governance.models.base import Base
from shared.db import IdMixin


class Evaluation(IdMixin, Base):
    """One project's compliance at one moment: the score and the counts of its findings.
    Append-only (a trigger refuses UPDATE and DELETE): the rows are the history that
    trends are drawn from. Written in bulk, never through the ORM's unit of work."""

    __tablename__ = "evaluations"
    __table_args__ = (
        Index("ix_evaluations_project_evaluated", "project_id", "evaluated_at", "id"),
        Index("ix_evaluations_portfolio_evaluated", "portfolio_id", "evaluated_at", "id"),
        Index("ix_evaluations_evaluated", "evaluated_at", "id"),
    )

    # The evaluations made by one request share it (a portfolio's projects, evaluated together).
    batch_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    # The project's portfolio when it was evaluated.
    portfolio_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    evaluated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    evaluator: Mapped[str] = mapped_column(String(255), nullable=False)
    # Weighted share of passed rules among passed and failed, 0-100; null: none applied.
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    passed: Mapped[int] = mapped_column(Integer, nullable=False)
    failed: Mapped[int] = mapped_column(Integer, nullable=False)
    not_applicable: Mapped[int] = mapped_column(Integer, nullable=False)
    # severity -> {"pass": n, "fail": n, "not_applicable": n}
    by_severity: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    # The standard revisions (standards.id) whose rules were evaluated.
    standard_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), nullable=False)
