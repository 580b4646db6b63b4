import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.governance.models.base import Base
from shared.db import EntityMixin


class Lifecycle(EntityMixin, Base):
    """One revision of a lifecycle: ordered phases and the gates between them, kept as one
    document (``phases``, ``gates``) because a revision is written and frozen as a whole."""

    __tablename__ = "lifecycles"
    __table_args__ = (UniqueConstraint("key", "revision"),)

    key: Mapped[str] = mapped_column(String(80), nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="draft")
    phases: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    gates: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ProjectLifecycle(EntityMixin, Base):
    """The lifecycle revision a project follows (one per project)."""

    __tablename__ = "project_lifecycles"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, unique=True)
    lifecycle_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("lifecycles.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    assigned_by: Mapped[str] = mapped_column(String(255), nullable=False)
