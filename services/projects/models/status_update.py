import uuid
from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin

_RAG = "IN ('red','amber','green')"


class StatusUpdate(EntityMixin, Base):
    """A periodic status report: create-only, never changed (the API offers no update)."""

    __tablename__ = "status_updates"
    __table_args__ = tuple(
        CheckConstraint(f"{column} {_RAG}", name=f"{column}_is_rag")
        for column in ("overall_rag", "schedule_rag", "cost_rag", "scope_rag", "risk_rag")
    )

    project_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True
    )
    as_of: Mapped[date] = mapped_column(Date, nullable=False)
    overall_rag: Mapped[str] = mapped_column(String(5), nullable=False)
    schedule_rag: Mapped[str] = mapped_column(String(5), nullable=False)
    cost_rag: Mapped[str] = mapped_column(String(5), nullable=False)
    scope_rag: Mapped[str] = mapped_column(String(5), nullable=False)
    risk_rag: Mapped[str] = mapped_column(String(5), nullable=False)
    narrative: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author: Mapped[str] = mapped_column(String(200), nullable=False)
