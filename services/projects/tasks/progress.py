"""Actuals kept consistent the way MS Project keeps them (pure, no I/O).

A task's duration, percent complete, actual and remaining duration and actual dates describe
one thing, so entering one updates the others. The fields a request gives are applied one
after another in :data:`PROGRESS_FIELDS` order, as if typed into MS Project in that order;
a date cleared by a rule is kept when the same request gives it. The rules, also written in
the API description (:data:`RULES`):

* duration: the actual duration is kept (at most the new duration), remaining = duration -
  actual, percent = actual / duration; a complete task stays complete.
* actual start: a date starts the task; null clears all progress.
* percent complete: actual = percent x duration, remaining = duration - actual; 0 clears the
  actual dates, below 100 the actual finish.
* actual duration: percent = actual / duration, remaining = duration - actual; an actual
  duration of at least the duration makes it the duration, and the task complete.
* remaining duration: duration = actual + remaining (to two decimals, the remaining duration
  then being what is left of it), percent = actual / duration; 0 after some work completes
  the task.
* actual finish: the task is complete: 100 %, actual = duration, remaining 0.

The actual start of a task with progress but none entered, and the actual finish of a
complete task without one, are where the task was scheduled: the scheduler fills them in
(``schedule/actuals.py``), since only it knows where that is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PROGRESS_FIELDS = (
    "duration_days",
    "actual_start",
    "percent_complete",
    "actual_duration_days",
    "remaining_duration_days",
    "actual_finish",
)
_CENT = Decimal("0.01")  # percent and duration: two decimals
_WORK = Decimal("0.0001")  # actual and remaining duration: four (see models.task)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_ALMOST = Decimal("99.99")

RULES = (
    "Progress is kept consistent as MS Project keeps it: entering one of duration_days, "
    "actual_start, percent_complete, actual_duration_days, remaining_duration_days and "
    "actual_finish updates the others (given together, they are applied in that order, as "
    "if typed one after another). Duration: the actual duration is kept, remaining = "
    "duration - actual, percent = actual / duration (a complete task stays complete). "
    "Actual start: starts the task; null clears all progress. Percent complete: actual = "
    "percent x duration, remaining = duration - actual; 0 clears the actual dates, below "
    "100 the actual finish. Actual duration: percent and remaining follow; at least the "
    "duration makes it the duration and the task complete. Remaining duration: duration = "
    "actual + remaining, percent = actual / duration; 0 after some work completes the task. "
    "Actual finish: 100 % complete, actual = duration, remaining 0. A task with progress but "
    "no actual start takes its scheduled start as actual start, and a 100 % complete one "
    "without an actual finish its scheduled finish, as MS Project does; from then on they "
    "stay put. An actual date after the status date is allowed, as in MS Project."
)


@dataclass(frozen=True, slots=True)
class Progress:
    duration_days: Decimal = Decimal(0)
    percent_complete: Decimal = Decimal(0)
    actual_duration_days: Decimal = Decimal(0)
    remaining_duration_days: Decimal = Decimal(0)
    actual_start: datetime | None = None
    actual_finish: datetime | None = None

    @property
    def complete(self) -> bool:
        return self.percent_complete >= _HUNDRED

    @property
    def started(self) -> bool:
        return self.percent_complete > 0 or self.actual_duration_days > 0

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PROGRESS_FIELDS}


def as_instant(value: date | datetime | None) -> datetime | None:
    """A project-local naive datetime; a bare date is stored at midnight (see models.task)."""
    if value is None or isinstance(value, datetime):
        return value.replace(tzinfo=None) if value is not None else None
    return datetime.combine(value, datetime.min.time())


def finish_before_start(start: datetime | None, finish: datetime | None) -> bool:
    """Whether an actual finish precedes the actual start. Midnight is a bare date: the
    start of that day for a start, its end for a finish (so a finish on the 7th is before a
    start on the 8th, although in working time the evening of one is the morning of the
    other)."""
    if start is None or finish is None:
        return False
    if finish.time() == datetime.min.time():
        finish += timedelta(days=1) - timedelta.resolution
    return finish < start


def percent_of(done: Decimal, duration: Decimal) -> Decimal:
    """Percent of ``duration`` done, to two decimals; a task not done is never shown as
    100 %. ``duration`` must be positive."""
    share = (done / duration * _HUNDRED).quantize(_CENT, ROUND_HALF_UP)
    return min(share, _ALMOST) if done < duration else _HUNDRED


def _percent(done: Decimal, duration: Decimal, fallback: Decimal) -> Decimal:
    return fallback if duration <= 0 else percent_of(done, duration)


def _duration(p: Progress, value: Decimal) -> Progress:
    if p.complete:
        return replace(
            p, duration_days=value, actual_duration_days=value, remaining_duration_days=_ZERO
        )
    done = min(p.actual_duration_days, value)
    return replace(
        p,
        duration_days=value,
        actual_duration_days=done,
        remaining_duration_days=value - done,
        percent_complete=_percent(done, value, p.percent_complete),
    )


def _actual_start(p: Progress, value: datetime | None) -> Progress:
    if value is not None:
        return replace(p, actual_start=value)
    return Progress(duration_days=p.duration_days, remaining_duration_days=p.duration_days)


def _percent_complete(p: Progress, value: Decimal) -> Progress:
    done = p.duration_days if value >= _HUNDRED else (p.duration_days * value / _HUNDRED)
    done = done.quantize(_WORK, ROUND_HALF_UP)
    result = replace(
        p,
        percent_complete=value,
        actual_duration_days=done,
        remaining_duration_days=p.duration_days - done,
    )
    if value <= 0:
        result = replace(result, actual_start=None)
    return result


def _completed(p: Progress, done: Decimal) -> Progress:
    """All work done: it took ``done`` days (the duration keeps two decimals)."""
    duration = done.quantize(_CENT, ROUND_HALF_UP)
    return replace(
        p,
        duration_days=duration,
        actual_duration_days=duration,
        remaining_duration_days=_ZERO,
        percent_complete=_HUNDRED,
    )


def _actual_duration(p: Progress, value: Decimal) -> Progress:
    if value > 0 and value >= p.duration_days:
        return _completed(p, value)
    return replace(
        p,
        actual_duration_days=value,
        remaining_duration_days=p.duration_days - value,
        percent_complete=_percent(value, p.duration_days, p.percent_complete),
    )


def _remaining_duration(p: Progress, value: Decimal) -> Progress:
    if value <= 0 and p.actual_duration_days > 0:
        return _completed(p, p.actual_duration_days)
    # The duration keeps two decimals; the remaining duration is what is left of it.
    duration = (p.actual_duration_days + value).quantize(_CENT, ROUND_HALF_UP)
    done = min(p.actual_duration_days, duration)
    return replace(
        p,
        duration_days=duration,
        actual_duration_days=done,
        remaining_duration_days=duration - done,
        percent_complete=_percent(done, duration, p.percent_complete),
    )


def _actual_finish(p: Progress, value: datetime | None) -> Progress:
    if value is None:
        return replace(p, actual_finish=None)
    return replace(
        p,
        actual_finish=value,
        percent_complete=_HUNDRED,
        actual_duration_days=p.duration_days,
        remaining_duration_days=_ZERO,
    )


_RULES: dict[str, Callable[[Progress, Any], Progress]] = {
    "duration_days": _duration,
    "actual_start": _actual_start,
    "percent_complete": _percent_complete,
    "actual_duration_days": _actual_duration,
    "remaining_duration_days": _remaining_duration,
    "actual_finish": _actual_finish,
}


def apply_progress(current: Progress, changes: Mapping[str, Any]) -> Progress:
    """``current`` after the progress fields among ``changes``, each applied by its rule."""
    result = current
    for name in PROGRESS_FIELDS:
        if name in changes:
            result = _RULES[name](result, changes[name])
            if not result.complete:
                result = replace(result, actual_finish=None)
    # A date the request gives is never cleared by a rule applied after it.
    for name in ("actual_start", "actual_finish"):
        if changes.get(name) is not None and getattr(result, name) is None:
            result = replace(result, **{name: changes[name]})
    return result
