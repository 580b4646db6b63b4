import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.projects.models.base import Base
from shared.db import EntityMixin


class Resource(EntityMixin, Base):
    """A person or a generic role (e.g. "senior developer") of the resource pool.

    ``max_units`` is the capacity: 1.00 = full time. An HR system's pushed record is keyed
    by ``external_source`` + ``external_id``."""

    __tablename__ = "resources"
    __table_args__ = (
        CheckConstraint("kind IN ('person', 'role')", name="kind_known"),
        CheckConstraint("max_units > 0 AND max_units <= 10", name="max_units_in_range"),
        Index(
            "uq_resources_external",
            "external_source",
            "external_id",
            unique=True,
            postgresql_where="external_source IS NOT NULL",
        ),
    )

    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str | None] = mapped_column(String(320))
    role_name: Mapped[str | None] = mapped_column(String(200))
    skills: Mapped[list[str]] = mapped_column(ARRAY(String(100)), nullable=False, default=list)
    max_units: Mapped[Decimal] = mapped_column(Numeric(4, 2), nullable=False, default=1)
    calendar_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("calendars.id", ondelete="SET NULL"), index=True
    )
    external_source: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class ResourceRate(EntityMixin, Base):
    """A resource's cost rate per hour from a day on, until the next rate's day."""

    __tablename__ = "resource_rates"
    __table_args__ = (
        UniqueConstraint("resource_id", "effective_from"),
        CheckConstraint("rate_per_hour >= 0", name="rate_not_negative"),
    )

    resource_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("resources.id", ondelete="CASCADE"), nullable=False
    )
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    rate_per_hour: Mapped[Decimal] = mapped_column(Numeric(18, 2), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)


class ResourceTimeOff(EntityMixin, Base):
    """Days (both ends included) a resource is not available."""

    __tablename__ = "resource_time_off"
    __table_args__ = (
        CheckConstraint("to_date >= from_date", name="period_ordered"),
        Index("ix_resource_time_off_resource_from", "resource_id", "from_date"),
    )

    resource_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("resources.id", ondelete="CASCADE"), nullable=False
    )
    from_date: Mapped[date] = mapped_column(Date, nullable=False)
    to_date: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
