"""What an MSPDI (MS Project XML) file says, as plain frozen dataclasses.

Units are already converted: durations, lags and slacks are in working days of the file's
``MinutesPerDay``; dates are naive datetimes as written in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from services.projects.engine.errors import SchedulingError
from services.projects.engine.model import ConstraintType, LinkType, ProgressMode


class MspdiError(SchedulingError):
    """The file is not a readable MSPDI document; the message names the first problem."""

    code = "invalid_mspdi"


@dataclass(frozen=True, slots=True)
class MspdiCalendar:
    uid: int
    name: str
    base_uid: int | None
    # Python weekday (0 = Monday) -> working periods; a weekday absent here is inherited from
    # the base calendar, an empty tuple means "not working".
    weekdays: dict[int, tuple[tuple[time, time], ...]]
    non_working_dates: tuple[date, ...]
    working_dates: tuple[date, ...]
    exception_names: dict[date, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MspdiLink:
    predecessor_uid: int
    type: LinkType
    lag_days: float
    lag_format: int


@dataclass(frozen=True, slots=True)
class MspdiBaseline:
    number: int
    start: datetime | None
    finish: datetime | None
    duration_days: float | None
    cost: float | None


@dataclass(frozen=True, slots=True)
class MspdiComputed:
    """The schedule MS Project (or the tool that saved the file) computed."""

    early_start: datetime | None
    early_finish: datetime | None
    late_start: datetime | None
    late_finish: datetime | None
    total_slack_days: float
    free_slack_days: float
    critical: bool


@dataclass(frozen=True, slots=True)
class MspdiTask:
    uid: int
    id: int | None
    name: str
    outline_level: int
    outline_number: str
    wbs: str
    parent_uid: int | None
    summary: bool
    milestone: bool
    manual: bool
    active: bool
    duration_days: float
    constraint: ConstraintType
    constraint_date: datetime | None
    deadline: datetime | None
    percent_complete: float
    cost: float | None
    start: datetime | None
    finish: datetime | None
    # Manually scheduled: where the user put the task (ManualStart, else Start).
    manual_start: datetime | None
    actual_start: datetime | None
    actual_finish: datetime | None
    calendar_uid: int | None
    predecessors: tuple[MspdiLink, ...]
    baselines: tuple[MspdiBaseline, ...]
    computed: MspdiComputed
    # Progress in working days (ActualDuration, RemainingDuration), None when absent, and
    # where the work of a split task stopped and resumes (Stop, Resume).
    actual_duration_days: float | None = None
    remaining_duration_days: float | None = None
    stop: datetime | None = None
    resume: datetime | None = None
    # Our own custom fields on the task, by alias (see progress_marks.py).
    marks: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MspdiStatusOptions:
    """MS Project's status-date options (Move*) and "split in-progress tasks", as saved in the
    file; absent elements take MS Project's defaults."""

    move_completed_ends_back: bool = False
    move_remaining_starts_back: bool = False
    move_remaining_starts_forward: bool = False
    move_completed_ends_forward: bool = False
    split_in_progress_tasks: bool = True


@dataclass(frozen=True, slots=True)
class MspdiProject:
    name: str
    start_date: datetime
    finish_date: datetime | None
    status_date: datetime | None
    minutes_per_day: int
    calendar_uid: int | None
    critical_slack_limit_days: float
    calendars: tuple[MspdiCalendar, ...]
    tasks: tuple[MspdiTask, ...]
    # Things read approximately (elapsed lags, per-day hours the engine cannot represent).
    warnings: tuple[str, ...]
    # The project summary task's (outline level 0) deadline: MSPDI's project deadline.
    deadline: datetime | None = None
    status_options: MspdiStatusOptions = MspdiStatusOptions()
    # A file is MS Project's by nature; only our export of a data-date project says otherwise
    # (progress_marks.py), and then ``status_options`` are that project's own.
    progress_mode: ProgressMode = ProgressMode.MS_PROJECT
