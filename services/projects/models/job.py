import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Numeric, String, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin

JOB_STATES = ("queued", "running", "succeeded", "failed", "cancelled")


class Job(EntityMixin, Base):
    """A long computation run by a queue worker (a levelling, later a Monte Carlo run).

    The row is the job's whole public state: any replica answers its status, whichever
    replica's worker runs it. The queue entry that hands it to a worker lives in pgqueuer's
    own table; this row outlives it."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')",
            name="state_known",
        ),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_in_range"),
        Index("ix_jobs_project_id", "project_id"),
        Index("ix_jobs_portfolio_id", "portfolio_id"),
    )

    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="queued")
    progress: Mapped[float] = mapped_column(Numeric(4, 3), nullable=False, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    project_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE")
    )
    portfolio_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("portfolios.id", ondelete="CASCADE")
    )
    created_by: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
