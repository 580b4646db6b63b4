import uuid
from datetime import date

from sqlalchemy import ARRAY, Date, ForeignKey, Integer, Numeric, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class Calendar(EntityMixin, Base):
    """Working weekdays (0 = Monday) and hours; exceptions are in ``calendar_exceptions``.
    ``project_id`` None: an organisation-wide calendar any project may use."""

    __tablename__ = "calendars"

    project_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    working_weekdays: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), nullable=False, default=lambda: [0, 1, 2, 3, 4]
    )
    hours_per_day: Mapped[float] = mapped_column(Numeric(4, 2), nullable=False, default=8)


class CalendarException(EntityMixin, Base):
    """A non-working day (holiday) or, with ``working`` true, an extra working day."""

    __tablename__ = "calendar_exceptions"
    __table_args__ = (UniqueConstraint("calendar_id", "day"),)

    calendar_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("calendars.id", ondelete="CASCADE"), nullable=False
    )
    day: Mapped[date] = mapped_column(Date, nullable=False)
    working: Mapped[bool] = mapped_column(default=False, nullable=False)
    name: Mapped[str | None] = mapped_column(String(200))
