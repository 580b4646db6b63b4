from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services.governance.models.base import Base
from shared.db import EntityMixin


class Standard(EntityMixin, Base):
    """One revision of a standard. ``revision`` is the document's edition; ``version`` (from
    the mixin) is the row's optimistic-concurrency counter."""

    __tablename__ = "standards"
    __table_args__ = (UniqueConstraint("key", "revision"),)

    key: Mapped[str] = mapped_column(String(80), nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="draft")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
