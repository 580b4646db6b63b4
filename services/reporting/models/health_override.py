import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.models.base import Base
from shared.db import EntityMixin


class HealthOverride(EntityMixin, Base):
    """A manual overall RAG for a project, with its justification, until it expires or is
    revoked. Never deleted: revoking (or superseding) stamps ``revoked_at``/``revoked_by``,
    so the history shows every colour a person set and why."""

    __tablename__ = "health_overrides"
    __table_args__ = (
        CheckConstraint("rag IN ('green', 'amber', 'red')", name="rag_known"),
        Index("ix_health_overrides_project", "project_id", "created_at", "id"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    rag: Mapped[str] = mapped_column(String(8), nullable=False)
    justification: Mapped[str] = mapped_column(Text, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_by: Mapped[str] = mapped_column(String(255), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(255))
    # Set when a newer override of the project replaced this one while it was active.
    superseded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
