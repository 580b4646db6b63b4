from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class Portfolio(EntityMixin, Base):
    __tablename__ = "portfolios"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    # The one currency money rolls up in (ISO 4217); projects and actual costs in another
    # currency are refused until exchange rates exist.
    currency: Mapped[str] = mapped_column(
        String(3), nullable=False, default="EUR", server_default="EUR"
    )
