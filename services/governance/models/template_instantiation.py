import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from services.governance.models.base import Base
from shared.db import IdMixin


class TemplateInstantiation(IdMixin, Base):
    """A project made from a template revision: written once, after the projects service
    has made the project, and never changed (one per project)."""

    __tablename__ = "template_instantiations"

    template_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("templates.id"), nullable=False, index=True
    )
    template_key: Mapped[str] = mapped_column(String(80), nullable=False)
    template_revision: Mapped[int] = mapped_column(Integer, nullable=False)
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, unique=True)
    project_code: Mapped[str] = mapped_column(String(40), nullable=False)
    project_name: Mapped[str] = mapped_column(String(200), nullable=False)
    phase: Mapped[str | None] = mapped_column(String(80))
    lifecycle_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The Idempotency-Key sent to the projects service (derived, see instantiation.py).
    plan_key: Mapped[str] = mapped_column(String(80), nullable=False)
    instantiated_by: Mapped[str] = mapped_column(String(255), nullable=False)
    instantiated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
