import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.governance.models.base import Base
from shared.db import EntityMixin


class StandardRule(EntityMixin, Base):
    """One executable rule of a standard revision: a rule kind (``rules.registry``) with its
    parameters, how much it counts, and which projects it applies to (an empty scope list
    means any value). Rules of a published revision are frozen with it."""

    __tablename__ = "standard_rules"
    __table_args__ = (
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint(
            "severity IN ('info', 'minor', 'major', 'critical')", name="severity_known"
        ),
        UniqueConstraint("standard_id", "position"),
    )

    standard_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("standards.id", ondelete="CASCADE"), nullable=False
    )
    # The rule's place in its standard (a new revision copies it): findings follow it.
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(80), nullable=False)
    # The kind's parameters as validated (defaults filled in), so a published rule keeps
    # meaning what it meant when it was written.
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    severity: Mapped[str] = mapped_column(String(16), nullable=False)
    weight: Mapped[Decimal] = mapped_column(Numeric(9, 3), nullable=False, default=Decimal(1))
    title: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    scope_portfolio_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(Uuid), nullable=False, default=list
    )
    scope_project_statuses: Mapped[list[str]] = mapped_column(
        ARRAY(String(16)), nullable=False, default=list
    )
    scope_phases: Mapped[list[str]] = mapped_column(ARRAY(String(80)), nullable=False, default=list)
    scope_tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)), nullable=False, default=list)
