import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Date, Index, Numeric, String, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.models.base import Base
from shared.db import EntityMixin


class CorrectiveAction(EntityMixin, Base):
    """One entry of a project's action register: what triggered it (health colour and
    reasons, or a P80 finish past the deadline), what is done about it (a corrective option
    of the projects service, or free text), who owns it and by when, and the figures of the
    latest snapshot when it was recorded, which later snapshots are compared with."""

    __tablename__ = "corrective_actions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('proposed', 'open', 'in_progress', 'done', 'cancelled')",
            name="status_known",
        ),
        Index("ix_corrective_actions_project", "project_id", "created_at", "id"),
        Index("ix_corrective_actions_portfolio", "portfolio_id", "created_at", "id"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    portfolio_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # {"kind": "health"|"p80_late"|"manual", "rag", "reasons": [...], "day", ...}
    trigger: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    option_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(255))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    change_request_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    lesson_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_by: Mapped[str] = mapped_column(String(255), nullable=False)
    # The latest snapshot's figures when the action was recorded (null: no snapshot yet).
    baseline_day: Mapped[date | None] = mapped_column(Date)
    baseline_spi: Mapped[Decimal | None] = mapped_column(Numeric)
    baseline_spi_t: Mapped[Decimal | None] = mapped_column(Numeric)
    baseline_p80_finish: Mapped[date | None] = mapped_column(Date)
    baseline_critical_float_days: Mapped[Decimal | None] = mapped_column(Numeric)
    # The measured effect as of the latest snapshot after the baseline (see effect.py).
    effect: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
