import uuid

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class Program(EntityMixin, Base):
    """A group of related projects of one portfolio (portfolio -> program -> project)."""

    __tablename__ = "programs"
    __table_args__ = (UniqueConstraint("portfolio_id", "name"),)

    portfolio_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portfolios.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    manager: Mapped[str | None] = mapped_column(String(200))
