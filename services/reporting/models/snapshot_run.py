from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.models.base import Base


class SnapshotRun(Base):
    """The scheduler's memory: the last day a scheduled job completed. Read and written
    under a PostgreSQL advisory lock, so of several replicas exactly one takes a day's
    snapshots, and a replica that gets the lock afterwards sees the day is done."""

    __tablename__ = "snapshot_runs"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_day: Mapped[date] = mapped_column(Date, nullable=False)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    projects: Mapped[int] = mapped_column(Integer, nullable=False)
