import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.governance.models.base import Base
from shared.db import EntityMixin


class GateReview(EntityMixin, Base):
    """A review of the gate into ``to_phase`` for one project: the automatic results (as
    last evaluated), the checklist's state and, in ``gate_decisions``, the decisions."""

    __tablename__ = "gate_reviews"
    __table_args__ = (
        # One open review per project and gate: opening a second one is a 409.
        Index(
            "uq_gate_reviews_open",
            "project_id",
            "to_phase",
            unique=True,
            postgresql_where=text("state = 'open'"),
        ),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    lifecycle_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("lifecycles.id", ondelete="RESTRICT"), nullable=False
    )
    from_phase: Mapped[str] = mapped_column(String(80), nullable=False)
    to_phase: Mapped[str] = mapped_column(String(80), nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    opened_by: Mapped[str] = mapped_column(String(255), nullable=False)
    # One entry per gate rule: kind, severity, status, message, evidence.
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    evaluated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # Checklist item key -> {done, comment, checked_by, checked_at}.
    checklist: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class GateDecision(EntityMixin, Base):
    """One approver role's decision on a review. A role decides ``go`` (or closes the
    review) once; ``hold`` is recorded without using the role's decision up."""

    __tablename__ = "gate_decisions"
    __table_args__ = (
        Index(
            "uq_gate_decisions_role",
            "review_id",
            "role",
            unique=True,
            postgresql_where=text("decision <> 'hold'"),
        ),
    )

    review_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("gate_reviews.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    decision: Mapped[str] = mapped_column(String(16), nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decided_by: Mapped[str] = mapped_column(String(255), nullable=False)
