import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, DateTime, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.governance.models.base import Base
from shared.db import EntityMixin


class Template(EntityMixin, Base):
    """One revision of a project template (a blueprint). ``revision`` is the blueprint's
    edition; ``version`` (from the mixin) is the row's optimistic-concurrency counter.

    The blueprint's parts (WBS, links, RAID defaults, deliverables) are documents read and
    written whole, validated together (keys, parents, cycles), so they are JSONB columns
    rather than tables of their own."""

    __tablename__ = "templates"
    __table_args__ = (UniqueConstraint("key", "revision"),)

    key: Mapped[str] = mapped_column(String(80), nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="draft")
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    category: Mapped[str | None] = mapped_column(String(80))
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)), nullable=False, default=list)
    # The lifecycle that applies: by key (its published revision at instantiation) or one
    # revision by id; at most one of the two.
    lifecycle_key: Mapped[str | None] = mapped_column(String(80))
    lifecycle_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    tasks: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, default=list)
    dependencies: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, default=list)
    raid: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    deliverables: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, default=list)
    standard_keys: Mapped[list[str]] = mapped_column(
        ARRAY(String(80)), nullable=False, default=list
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
