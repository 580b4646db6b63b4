"""Working calendars and the working-time axis the engine computes on.

The engine never does date arithmetic in its hot loops. Every instant is mapped once to a *point*
on a working-time axis: ``point = working_day_index * minutes_per_day + minutes_worked_that_day``.
On that axis adding a duration or a lag is plain integer addition, and the MS Project subtlety
"a finish at 08:00 is the same instant as 17:00 of the previous working day" holds by
construction (both map to the same point). Non-working instants collapse onto the next working
minute, so a constraint date on a Saturday behaves like Monday 08:00, as in MS Project.

Working-day indexes are computed arithmetically (whole weeks plus exceptions found by bisection),
so a calendar needs no per-day table and is cheap to build for any date range.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, datetime, time
from itertools import compress, cycle

from services.projects.engine.errors import ScheduleInputError

# date(1, 1, 1) is a Monday with ordinal 1, so (ordinal - 1) % 7 is the ISO weekday minus one.
_EPOCH_ORDINAL = 1
DEFAULT_WORKING_TIMES: tuple[tuple[time, time], ...] = (
    (time(8, 0), time(12, 0)),
    (time(13, 0), time(17, 0)),
)
DEFAULT_MIN_DATE = date(1900, 1, 1)
DEFAULT_MAX_DATE = date(2199, 12, 31)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


class WorkCalendar:
    """Working weekdays, exception dates and the same working hours on every working day.

    ``working_weekdays`` uses Python's numbering (0 = Monday). ``non_working_dates`` are
    holidays; ``working_dates`` turn a normally idle day (a Saturday) into a working day.
    Dates outside ``[min_date, max_date]`` are rejected so that a typo such as year 20250 fails
    loudly instead of producing an absurd schedule.
    """

    def __init__(
        self,
        working_weekdays: Iterable[int] = (0, 1, 2, 3, 4),
        non_working_dates: Iterable[date] = (),
        working_dates: Iterable[date] = (),
        working_times: Iterable[tuple[time, time]] = DEFAULT_WORKING_TIMES,
        min_date: date = DEFAULT_MIN_DATE,
        max_date: date = DEFAULT_MAX_DATE,
    ) -> None:
        weekdays = frozenset(working_weekdays)
        if not weekdays or not weekdays <= set(range(7)):
            raise ScheduleInputError(
                "working_weekdays must be a non-empty subset of 0..6 (0 = Monday)",
                field="calendar.working_weekdays",
                code="invalid_calendar",
            )
        self.working_weekdays = weekdays
        self.periods = self._validate_periods(working_times)
        self.minutes_per_day = sum(end - start for start, end in self.periods)
        self.min_date = min_date
        self.max_date = max_date
        self._prefix = [0] * 8  # working weekdays among the first r days of a week
        for r in range(7):
            self._prefix[r + 1] = self._prefix[r] + (r in weekdays)
        self._per_week = self._prefix[7]
        # Only exceptions that change the weekly pattern matter for counting.
        holidays = {d.toordinal() for d in non_working_dates}
        extras = {d.toordinal() for d in working_dates} - holidays
        self._holidays = sorted(o for o in holidays if (o - 1) % 7 in weekdays)
        self._extras = sorted(o for o in extras if (o - 1) % 7 not in weekdays)
        self._holiday_set = frozenset(self._holidays)
        self._extra_set = frozenset(self._extras)
        self._date_cache: dict[int, date] = {}

    @staticmethod
    def _validate_periods(
        working_times: Iterable[tuple[time, time]],
    ) -> tuple[tuple[int, int], ...]:
        periods = tuple((_minutes(a), _minutes(b)) for a, b in working_times)
        previous_end = -1
        for start, end in periods:
            if start >= end or start < previous_end:
                raise ScheduleInputError(
                    "working_times must be increasing, non-overlapping (start, end) pairs",
                    field="calendar.working_times",
                    code="invalid_calendar",
                )
            previous_end = end
        if not periods:
            raise ScheduleInputError(
                "a calendar needs at least one working period",
                field="calendar.working_times",
                code="invalid_calendar",
            )
        return periods

    # -- days ---------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        o = day.toordinal()
        if o in self._holiday_set:
            return False
        return o in self._extra_set or (o - 1) % 7 in self.working_weekdays

    def check_range(self, day: date, field: str, task_id: object = None) -> None:
        if not self.min_date <= day <= self.max_date:
            raise ScheduleInputError(
                f"{field} {day.isoformat()} is outside the supported range "
                f"{self.min_date.isoformat()}..{self.max_date.isoformat()}",
                field=field,
                task_id=task_id,
                code="date_out_of_range",
            )

    def point_range(self) -> tuple[int, int]:
        """The first and the last point of the supported range of dates."""
        return self.to_point(self.min_date), self.to_point(self.max_date, finish=True)

    def day_index(self, day: date) -> int:
        """Working days before ``day``: its index if it works, else the next working day's."""
        o = day.toordinal()
        weeks, rest = divmod(o - _EPOCH_ORDINAL, 7)
        count = weeks * self._per_week + self._prefix[rest]
        return count - bisect_left(self._holidays, o) + bisect_left(self._extras, o)

    def date_at(self, index: int) -> date:
        """The working day with this index (inverse of :meth:`day_index`)."""
        cached = self._date_cache.get(index)
        if cached is not None:
            return cached
        # Start from the exceptions-free estimate, then bisect on the monotone day_index.
        weeks, rest = divmod(index, self._per_week)
        nth = next(r for r in range(7) if self._prefix[r + 1] > rest)
        guess = _EPOCH_ORDINAL + weeks * 7 + nth
        lo = guess - 7 * (len(self._extras) // self._per_week + 2)
        hi = guess + 7 * (len(self._holidays) // self._per_week + 2)
        while lo < hi:  # smallest day whose following day has index > ``index``
            mid = (lo + hi) // 2
            if self.day_index(date.fromordinal(mid + 1)) > index:
                hi = mid
            else:
                lo = mid + 1
        found = date.fromordinal(lo)
        self._date_cache[index] = found
        return found

    def add_working_days(self, day: date, days: int) -> date:
        """The working day ``days`` working days after ``day`` (from the next working day)."""
        return self.date_at(self.day_index(day) + days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``[start, end)``."""
        return self.day_index(end) - self.day_index(start)

    # -- instants on the working-time axis -------------------------------------------------------

    def _worked_before(self, minute_of_day: int) -> int:
        worked = 0
        for start, end in self.periods:
            if minute_of_day <= start:
                break
            worked += min(minute_of_day, end) - start
        return worked

    def to_point(
        self,
        value: date | datetime,
        *,
        finish: bool = False,
        field: str = "date",
        task_id: object = None,
    ) -> int:
        """Map an instant to the axis. A bare ``date`` means the day's first working minute,
        or with ``finish=True`` its last (a deadline "on the 5th" means the end of the 5th)."""
        day = value.date() if isinstance(value, datetime) else value
        self.check_range(day, field, task_id)
        base = self.day_index(day) * self.minutes_per_day
        if not self.is_working_day(day):
            return base
        if isinstance(value, datetime):
            return base + self._worked_before(value.hour * 60 + value.minute)
        return base + self.minutes_per_day if finish else base

    def _clock(self, day: date, minutes: int, *, finish: bool) -> datetime:
        for start, end in self.periods:
            length = end - start
            if minutes < length or (finish and minutes == length):
                clock = start + minutes
                return datetime(day.year, day.month, day.day, clock // 60, clock % 60)
            minutes -= length
        clock = self.periods[-1][1]
        return datetime(day.year, day.month, day.day, clock // 60, clock % 60)

    def start_datetime(self, point: int) -> datetime:
        """Wall-clock instant of a point read as a start (08:00 rather than 17:00 the day
        before)."""
        index, minutes = divmod(point, self.minutes_per_day)
        return self._clock(self.date_at(index), minutes, finish=False)

    def finish_datetime(self, point: int) -> datetime:
        """Wall-clock instant of a point read as a finish (17:00 rather than 08:00 the day
        after), the way MS Project displays finishes."""
        index, minutes = divmod(point, self.minutes_per_day)
        if minutes == 0:
            index -= 1
            minutes = self.minutes_per_day
        return self._clock(self.date_at(index), minutes, finish=True)

    def datetimes(self, points: Iterable[int], *, finish: bool) -> dict[int, datetime]:
        """Convert many points at once (as starts, or as finishes): the working days they span
        are enumerated in one walk instead of one bisection per point."""
        # Created in time order, the datetimes of tasks with close dates (usually neighbours)
        # sit close together in memory.
        ordered = sorted(points)
        if not ordered:
            return {}
        mpd = self.minutes_per_day
        first = self._day_and_minutes(ordered[0], finish)[0]
        last = self._day_and_minutes(ordered[-1], finish)[0]
        days = self._walk(first, last - first + 1)
        clocks: dict[int, time] = {}
        out: dict[int, datetime] = {}
        for point in ordered:
            index, minutes = divmod(point, mpd)
            if finish and minutes == 0:
                index, minutes = index - 1, mpd
            clock = clocks.get(minutes)
            if clock is None:
                clock = clocks[minutes] = self._clock(date.min, minutes, finish=finish).time()
            out[point] = datetime.combine(days[index - first], clock)
        return out

    def _day_and_minutes(self, point: int, finish: bool) -> tuple[int, int]:
        index, minutes = divmod(point, self.minutes_per_day)
        if finish and minutes == 0:
            return index - 1, self.minutes_per_day
        return index, minutes

    def _walk(self, first_index: int, count: int) -> list[date]:
        """``count`` consecutive working days from the one with index ``first_index``."""
        start = self.date_at(first_index).toordinal()
        ordinals: list[int] = []
        while len(ordinals) < count:
            end = start + 7 * ((count - len(ordinals)) // self._per_week + 1)
            ordinals.extend(self._working_ordinals(start, end))
            start = end
        return list(map(date.fromordinal, ordinals[:count]))

    def _working_ordinals(self, start: int, end: int) -> list[int]:
        """Ordinals of the working days in ``[start, end)``: the weekly pattern, then the few
        exceptions (a day-by-day test costs a method call per day)."""
        week = [r in self.working_weekdays for r in range(7)]
        shift = (start - _EPOCH_ORDINAL) % 7
        found = list(compress(range(start, end), cycle(week[shift:] + week[:shift])))
        if bisect_left(self._holidays, start) < bisect_left(self._holidays, end):
            holidays = self._holiday_set
            found = [o for o in found if o not in holidays]
        extras = self._extras[bisect_left(self._extras, start) : bisect_left(self._extras, end)]
        return sorted(found + extras) if extras else found
