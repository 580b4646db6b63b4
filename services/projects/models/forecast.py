"""Schedule risk analyses and corrective-action options (issue 12).

An analysis keeps the exact inputs it ran with (``inputs``, the risk package's JSON form) so
a result can be reproduced; an option keeps the plan changes it would make, so applying it
attaches them to a change request without recomputing anything."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class RiskAnalysis(EntityMixin, Base):
    """One Monte Carlo run of a project's plan: inputs, then its result once the job ran.
    ``p80_finish`` and ``deadline_probability`` are copied out of ``result`` so lists and the
    reporting service read them without the whole document."""

    __tablename__ = "risk_analyses"
    __table_args__ = (Index("ix_risk_analyses_project_created", "project_id", "created_at"),)

    project_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False
    )
    job_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("jobs.id", ondelete="SET NULL")
    )
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    iterations: Mapped[int] = mapped_column(Integer, nullable=False)
    seed: Mapped[int] = mapped_column(BigInteger, nullable=False)
    p50_finish: Mapped[date | None] = mapped_column(Date)
    p80_finish: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    deadline_probability: Mapped[Decimal | None] = mapped_column(Numeric(6, 5))
    created_by: Mapped[str | None] = mapped_column(String(200))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CorrectiveOption(EntityMixin, Base):
    """A change to the plan the engine evaluated on a copy: what it gains and costs, and the
    plan changes that would make it. ``plan_version`` is the plan's fingerprint when it was
    computed; applying an option computed on an older plan is refused (409)."""

    __tablename__ = "corrective_options"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('crash','fast_track','remove_lag','cut_scope','move_deadline')",
            name="kind_known",
        ),
        Index("ix_corrective_options_project_created", "project_id", "created_at"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False
    )
    job_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("jobs.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    rank: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    finish_gain_days: Mapped[Decimal] = mapped_column(Numeric(10, 2), nullable=False)
    cost_delta: Mapped[Decimal] = mapped_column(Numeric(18, 2), nullable=False, default=0)
    evaluation: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    plan_changes: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    plan_version: Mapped[str] = mapped_column(String(64), nullable=False)
    change_request_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("change_requests.id", ondelete="SET NULL")
    )


class CorrectivePolicy(EntityMixin, Base):
    """The PMO's limits and ranking for corrective options, per portfolio (one row; absent:
    the built-in defaults). ``settings`` is validated by the API's schema."""

    __tablename__ = "corrective_policies"

    portfolio_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portfolios.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
