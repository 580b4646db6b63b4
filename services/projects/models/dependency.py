import uuid
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class Dependency(EntityMixin, Base):
    """A link between two tasks of one project: FS, SS, FF or SF, with a lag (negative: lead)
    in working days."""

    __tablename__ = "dependencies"
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id"),
        UniqueConstraint("project_id", "external_source", "external_id"),
        CheckConstraint("predecessor_id <> successor_id", name="not_self"),
        CheckConstraint("type IN ('FS','SS','FF','SF')", name="type_known"),
        Index("ix_dependencies_successor_id", "successor_id"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True
    )
    predecessor_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False
    )
    successor_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False
    )
    type: Mapped[str] = mapped_column(String(2), nullable=False, default="FS")
    lag_days: Mapped[Decimal] = mapped_column(Numeric(10, 2), nullable=False, default=0)
    # A lag kept as a buffer, not a physical wait: removing it is a corrective-action option.
    lag_optional: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    external_source: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(200))
