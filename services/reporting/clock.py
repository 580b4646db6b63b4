"""The time the reporting service reads: what day a snapshot belongs to, how stale a status
update is, whether an override is still active. A dependency (``app.state.clock``), so a
test can take a snapshot "yesterday" and then one today."""

from __future__ import annotations

from datetime import UTC, date, datetime


class Clock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


class FixedClock(Clock):
    """A clock that says what it is told (tests, and reproducible benchmarks)."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a fixed clock needs an aware datetime")
        self.moment = moment

    def now(self) -> datetime:
        return self.moment
