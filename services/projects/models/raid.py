"""The RAID log: risks, assumptions, issues and decisions, first-class and per project.
Each entry may point at tasks (``task_ids``); the tasks are checked to belong to the
project when written."""

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class _RaidEntry(EntityMixin):
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    owner: Mapped[str | None] = mapped_column(String(200))
    task_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), nullable=False, default=list)


def _project_fk() -> Mapped[uuid.UUID]:
    return mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True
    )


class Risk(_RaidEntry, Base):
    __tablename__ = "risks"
    __table_args__ = (
        CheckConstraint("probability BETWEEN 1 AND 5", name="probability_1_to_5"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact_1_to_5"),
        CheckConstraint(
            "residual_score IS NULL OR residual_score BETWEEN 1 AND 25", name="residual_1_to_25"
        ),
        # A schedule risk driver (issue 12): a chance of occurring and a three-point delay in
        # working days on each of its tasks; all or nothing, ordered.
        CheckConstraint(
            "(occurrence_probability IS NULL) = (schedule_impact_min_days IS NULL)"
            " AND (occurrence_probability IS NULL) = (schedule_impact_likely_days IS NULL)"
            " AND (occurrence_probability IS NULL) = (schedule_impact_max_days IS NULL)"
            " AND (occurrence_probability IS NULL OR (occurrence_probability > 0"
            " AND occurrence_probability <= 1 AND 0 <= schedule_impact_min_days"
            " AND schedule_impact_min_days <= schedule_impact_likely_days"
            " AND schedule_impact_likely_days <= schedule_impact_max_days))",
            name="schedule_impact_ordered",
        ),
    )

    project_id: Mapped[uuid.UUID] = _project_fk()
    probability: Mapped[int] = mapped_column(Integer, nullable=False)
    impact: Mapped[int] = mapped_column(Integer, nullable=False)
    response_strategy: Mapped[str | None] = mapped_column(String(16))  # avoid/mitigate/...
    mitigation: Mapped[str | None] = mapped_column(Text)
    trigger: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    residual_score: Mapped[int | None] = mapped_column(Integer)
    occurrence_probability: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    schedule_impact_min_days: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    schedule_impact_likely_days: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    schedule_impact_max_days: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))


class Issue(_RaidEntry, Base):
    __tablename__ = "issues"

    project_id: Mapped[uuid.UUID] = _project_fk()
    severity: Mapped[str] = mapped_column(String(16), nullable=False, default="medium")
    due_date: Mapped[date | None] = mapped_column(Date)
    resolution: Mapped[str | None] = mapped_column(Text)


class Assumption(_RaidEntry, Base):
    __tablename__ = "assumptions"

    project_id: Mapped[uuid.UUID] = _project_fk()
    validated_by: Mapped[str | None] = mapped_column(String(200))
    validation_date: Mapped[date | None] = mapped_column(Date)


class Decision(_RaidEntry, Base):
    __tablename__ = "decisions"

    project_id: Mapped[uuid.UUID] = _project_fk()
    decision: Mapped[str] = mapped_column(Text, nullable=False)
    rationale: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decision_date: Mapped[date | None] = mapped_column(Date)


__all__ = ["Assumption", "Decision", "Issue", "Risk"]
