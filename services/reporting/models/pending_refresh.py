import uuid
from datetime import datetime

from sqlalchemy import DateTime, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.models.base import Base


class PendingRefresh(Base):
    """A project whose snapshot an event asked to refresh, written in the transaction that
    marks the event received and removed once the refresh is done: a restart in between
    (the refresh waits in memory, coalescing a burst) resumes it at start-up instead of
    losing it, as the redelivery that would have asked again is dropped as a duplicate."""

    __tablename__ = "pending_refreshes"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    # The last request's time: a refresh removes the row only if no request came since it
    # read the row (so one asked for during the refresh stays pending).
    requested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
