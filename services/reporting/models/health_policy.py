import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    DateTime,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.models.base import Base
from shared.db import IdMixin


class HealthPolicy(IdMixin, Base):
    """One version of a portfolio's health policy. Immutable (a trigger refuses UPDATE and
    DELETE): a change is a new row with the next version, so every colour ever computed
    can name the exact thresholds behind it."""

    __tablename__ = "health_policies"
    # The server's created_at comes back with the INSERT (RETURNING), not in a lazy load.
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        UniqueConstraint("portfolio_id", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("combine IN ('worst', 'count')", name="combine_known"),
    )

    portfolio_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # metric -> {"amber": "0.95", "red": "0.85"} (decimal strings)
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    enabled_dimensions: Mapped[list[str]] = mapped_column(ARRAY(String(16)), nullable=False)
    high_risk_score: Mapped[int] = mapped_column(Integer, nullable=False)
    combine: Mapped[str] = mapped_column(String(8), nullable=False)
    # With combine = "count": this many amber dimensions make the overall red.
    ambers_for_red: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    created_by: Mapped[str] = mapped_column(String(255), nullable=False)
