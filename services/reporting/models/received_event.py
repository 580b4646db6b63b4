import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.models.base import Base


class ReceivedEvent(Base):
    """An event received from another service's webhook, by its ``webhook-id``: a
    redelivered event (retries, replays) finds its id here and is applied once."""

    __tablename__ = "received_events"

    webhook_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(96), nullable=False)
    project_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )

    __table_args__ = (Index("ix_received_events_received_at", "received_at"),)
