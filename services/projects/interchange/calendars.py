"""MSPDI calendars: reading them, and resolving one into the engine's WorkCalendar."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta
from xml.etree.ElementTree import Element

from services.projects.engine.calendar import DEFAULT_WORKING_TIMES, WorkCalendar
from services.projects.interchange.mspdi_model import MspdiCalendar, MspdiError
from services.projects.interchange.xml_values import Reader

Periods = tuple[tuple[time, time], ...]
# An exception is a date range; anything longer is a damaged or hostile file, not a holiday.
MAX_EXCEPTION_DAYS = 3660


def _python_weekday(day_type: int) -> int:
    return (day_type + 5) % 7  # MSPDI DayType: 1 = Sunday .. 7 = Saturday


def _periods(r: Reader, el: Element, working: bool) -> Periods:
    if not working:
        return ()
    periods = []
    for wt in r.children(el, "WorkingTimes", "WorkingTime"):
        start, end = r.text(wt, "FromTime"), r.text(wt, "ToTime")
        if start is None or end is None:
            continue
        try:
            a, b = time.fromisoformat(start), time.fromisoformat(end)
        except ValueError:
            raise MspdiError(
                f"working time {start!r}-{end!r} is not HH:MM:SS", field="WorkingTime"
            ) from None
        periods.append((a, time(23, 59) if b == time(0) else b))  # 00:00 ends at midnight
    return tuple(periods) or DEFAULT_WORKING_TIMES


def _date_range(r: Reader, el: Element) -> list[date]:
    period = r.child(el, "TimePeriod")
    if period is None:
        return []
    start, end = r.instant(period, "FromDate"), r.instant(period, "ToDate")
    if start is None or end is None:
        return []
    days = (end.date() - start.date()).days + 1
    if days < 1 or days > MAX_EXCEPTION_DAYS:
        raise MspdiError(
            f"calendar exception {start:%Y-%m-%d}..{end:%Y-%m-%d} is not a valid "
            f"range of at most {MAX_EXCEPTION_DAYS} days",
            field="TimePeriod",
        )
    return [start.date() + timedelta(days=k) for k in range(days)]


def _read_calendar(r: Reader, el: Element, warnings: list[str]) -> MspdiCalendar:
    uid = r.integer(el, "UID")
    weekdays: dict[int, Periods] = {}
    idle: list[date] = []
    extra: list[date] = []
    names: dict[date, str] = {}
    for wd in r.children(el, "WeekDays", "WeekDay"):
        day_type, working = r.integer(wd, "DayType"), r.flag(wd, "DayWorking")
        if day_type == 0:  # pre-2007 files put exceptions here
            (extra if working else idle).extend(_date_range(r, wd))
        elif 1 <= day_type <= 7:
            weekdays[_python_weekday(day_type)] = _periods(r, wd, working)
    for ex in r.children(el, "Exceptions", "Exception"):
        if r.integer(ex, "Type", default=1) != 1:
            warnings.append(f"calendar UID {uid}: recurring exception read as a date range")
        days = _date_range(r, ex)
        (extra if r.flag(ex, "DayWorking") else idle).extend(days)
        name = r.text(ex, "Name")
        if name is not None:
            names.update(dict.fromkeys(days, name))
    if r.children(el, "WorkWeeks", "WorkWeek"):
        warnings.append(f"calendar UID {uid}: work weeks are ignored")
    base = r.integer(el, "BaseCalendarUID", default=-1)
    return MspdiCalendar(
        uid=uid,
        name=r.text(el, "Name") or "",
        base_uid=None if base < 0 else base,
        weekdays=weekdays,
        non_working_dates=tuple(idle),
        working_dates=tuple(extra),
        exception_names=names,
    )


def read_calendars(r: Reader, root: Element, warnings: list[str]) -> tuple[MspdiCalendar, ...]:
    return tuple(
        _read_calendar(r, el, warnings) for el in r.children(root, "Calendars", "Calendar")
    )


def _chain(calendars: dict[int, MspdiCalendar], uid: int) -> list[MspdiCalendar]:
    """The calendar and its bases, most specific first."""
    chain: list[MspdiCalendar] = []
    current: int | None = uid
    while current is not None and current in calendars:
        if len(chain) > len(calendars):
            raise MspdiError(f"calendar UID {uid} inherits from itself", field="BaseCalendarUID")
        chain.append(calendars[current])
        current = calendars[current].base_uid
    return chain


def to_work_calendar(
    calendars: tuple[MspdiCalendar, ...], uid: int | None, warnings: list[str]
) -> WorkCalendar:
    """The engine calendar for ``uid`` with inherited weekdays and all exceptions. The engine
    uses one set of hours for every working day: the most common set wins."""
    by_uid = {c.uid: c for c in calendars}
    chain = _chain(by_uid, uid) if uid is not None else []
    if not chain:
        return WorkCalendar()
    weekdays: dict[int, Periods] = {}
    for calendar in reversed(chain):  # bases first, so derived calendars override
        weekdays.update(calendar.weekdays)
    working = {d: p for d, p in weekdays.items() if p}
    if not weekdays:
        working = {d: DEFAULT_WORKING_TIMES for d in range(5)}
    hours = Counter(working.values()).most_common(1)[0][0] if working else DEFAULT_WORKING_TIMES
    if len(set(working.values())) > 1:
        warnings.append("weekdays with different working hours: the most common hours are used")
    return WorkCalendar(
        working_weekdays=working.keys(),
        non_working_dates=[d for c in chain for d in c.non_working_dates],
        working_dates=[d for c in chain[:1] for d in c.working_dates],
        working_times=hours,
    )


def calendar_exceptions(
    calendars: tuple[MspdiCalendar, ...], uid: int | None
) -> tuple[list[date], list[date], dict[date, str]]:
    """Holidays (inherited from base calendars too) and extra working days of ``uid``, the
    same dates :func:`to_work_calendar` schedules with, and the names of exception days."""
    chain = _chain({c.uid: c for c in calendars}, uid) if uid is not None else []
    idle = sorted({d for c in chain for d in c.non_working_dates})
    extra = sorted({d for c in chain[:1] for d in c.working_dates} - set(idle))
    names: dict[date, str] = {}
    for calendar in reversed(chain):  # a derived calendar's name for a day wins
        names.update(calendar.exception_names)
    return idle, extra, names
