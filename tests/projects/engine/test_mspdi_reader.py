"""Reading MSPDI safely: structure, units, calendars, and clear errors on bad files."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from services.projects.engine import ConstraintType, LinkType, ProgressMode, schedule
from services.projects.interchange import MspdiError, read_mspdi, to_schedule_input

NS = "http://schemas.microsoft.com/project"


def _doc(tasks: str, calendars: str = "", extra: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="{NS}">
  <Name>demo</Name><StartDate>2025-01-06T08:00:00</StartDate>
  <StatusDate>2025-01-08T17:00:00</StatusDate>
  <MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>{extra}
  <Calendars>{calendars}</Calendars>
  <Tasks>{tasks}</Tasks>
</Project>""".encode()


_HOURS = """<WorkingTimes>
  <WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
  <WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>
</WorkingTimes>"""
_WEEK = "".join(
    f"<WeekDay><DayType>{d}</DayType><DayWorking>1</DayWorking>{_HOURS}</WeekDay>"
    for d in range(2, 7)  # Monday .. Friday
)
CALENDAR = f"""<Calendar><UID>1</UID><Name>Standard</Name><BaseCalendarUID>-1</BaseCalendarUID>
  <WeekDays>
    <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
    <WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>{_WEEK}
  </WeekDays>
  <Exceptions><Exception><TimePeriod><FromDate>2025-01-09T00:00:00</FromDate>
    <ToDate>2025-01-10T23:59:00</ToDate></TimePeriod><Type>1</Type>
    <DayWorking>0</DayWorking></Exception></Exceptions>
</Calendar>"""

TASKS = """
<Task><UID>0</UID><OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>
<Task><UID>1</UID><Name>Phase</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>
<Task><UID>2</UID><Name>Dig</Name><OutlineLevel>2</OutlineLevel><Duration>PT16H0M0S</Duration>
  <ConstraintType>4</ConstraintType><ConstraintDate>2025-01-07T08:00:00</ConstraintDate>
  <PercentComplete>50</PercentComplete><ActualStart>2025-01-07T08:00:00</ActualStart>
  <Baseline><Number>0</Number><Start>2025-01-06T08:00:00</Start>
    <Finish>2025-01-07T17:00:00</Finish><Duration>PT16H0M0S</Duration><Cost>12345</Cost>
  </Baseline>
</Task>
<Task><UID>3</UID><Name>Pour</Name><OutlineLevel>2</OutlineLevel><Duration>PT4H0M0S</Duration>
  <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>3</Type><LinkLag>2400</LinkLag>
    <LagFormat>7</LagFormat></PredecessorLink>
</Task>
<Task><UID>4</UID><Name>Done</Name><OutlineLevel>1</OutlineLevel><Duration>PT0H0M0S</Duration>
  <Milestone>1</Milestone>
  <PredecessorLink><PredecessorUID>3</PredecessorUID><Type>1</Type><LinkLag>-24000</LinkLag>
    <LagFormat>9</LagFormat></PredecessorLink>
</Task>"""


def test_reads_outline_units_links_progress_and_baselines() -> None:
    project = read_mspdi(_doc(TASKS, CALENDAR))
    tasks = {t.uid: t for t in project.tasks}
    assert project.start_date == datetime(2025, 1, 6, 8, 0)
    assert [tasks[u].parent_uid for u in (1, 2, 3, 4)] == [0, 1, 1, 0]
    dig, pour, done = tasks[2], tasks[3], tasks[4]
    assert dig.duration_days == 2
    assert dig.constraint == ConstraintType.SNET
    assert dig.percent_complete == 50
    assert dig.actual_start == datetime(2025, 1, 7, 8, 0)
    assert dig.baselines[0].cost == 123.45
    assert dig.baselines[0].duration_days == 2
    assert pour.predecessors[0].type == LinkType.SS
    assert pour.predecessors[0].lag_days == 0.5  # LinkLag is in tenths of minutes
    assert done.milestone and done.predecessors[0].lag_days == -5  # a one-week lead
    assert project.warnings == ()


def test_maps_to_engine_input_with_calendar_exceptions() -> None:
    project = read_mspdi(_doc(TASKS, CALENDAR))
    inp = to_schedule_input(project)
    assert [t.id for t in inp.tasks] == [1, 2, 3, 4]  # the project summary row is dropped
    assert inp.tasks[1].parent_id == 1 and inp.tasks[0].parent_id is None
    assert not inp.calendar.is_working_day(date(2025, 1, 9))
    assert not inp.calendar.is_working_day(date(2025, 1, 11))
    assert inp.calendar.is_working_day(date(2025, 1, 8))
    assert inp.calendar.minutes_per_day == 480
    assert inp.progress_mode == ProgressMode.MS_PROJECT
    result = schedule(inp)
    assert result.tasks[2].early_start == datetime(2025, 1, 7, 8, 0)  # actual start
    # Every status-date option is off (absent): the remaining half follows the done half.
    assert result.tasks[2].early_finish == datetime(2025, 1, 8, 17, 0)


def test_reads_the_status_date_options_and_the_progress_fields() -> None:
    options = (
        "<MoveRemainingStartsForward>1</MoveRemainingStartsForward>"
        "<SplitsInProgressTasks>0</SplitsInProgressTasks>"
    )
    tasks = TASKS.replace(
        "<PercentComplete>50</PercentComplete>",
        "<PercentComplete>50</PercentComplete><ActualDuration>PT8H0M0S</ActualDuration>"
        "<RemainingDuration>PT8H0M0S</RemainingDuration>",
    )
    project = read_mspdi(_doc(tasks, CALENDAR, options))
    dig = next(t for t in project.tasks if t.uid == 2)
    assert (dig.actual_duration_days, dig.remaining_duration_days) == (1, 1)
    inp = to_schedule_input(project)
    assert inp.move_remaining_starts_forward and not inp.move_completed_ends_back
    assert not inp.split_in_progress_tasks
    assert inp.tasks[1].remaining_duration_days == 1
    dig_dates = schedule(inp).tasks[2]
    # Behind schedule: the remaining half moves to the status date (Wed 8th, evening), and the
    # 9th and 10th are holidays; the done half still stops on the 7th.
    assert dig_dates.early_finish == datetime(2025, 1, 13, 17, 0)
    assert (dig_dates.stop, dig_dates.resume) == (
        datetime(2025, 1, 7, 17, 0),
        datetime(2025, 1, 13, 8, 0),
    )


def test_elapsed_lags_are_approximated_with_a_warning() -> None:
    tasks = TASKS.replace("<LagFormat>7</LagFormat>", "<LagFormat>8</LagFormat>")
    project = read_mspdi(_doc(tasks, CALENDAR))
    assert project.warnings and "elapsed" in project.warnings[0]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"<Project><Tasks>", "not well-formed"),
        (
            b"<?xml version='1.0'?><!DOCTYPE p [<!ENTITY a 'aaaa'>]><Project>&a;</Project>",
            "forbidden",
        ),
        (
            b"<?xml version='1.0'?><!DOCTYPE p [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            b"<Project>&x;</Project>",
            "forbidden",
        ),
        (b"<Plan/>", "not <Project>"),
        (_doc("").replace(b"<StartDate>2025-01-06T08:00:00</StartDate>", b""), "StartDate"),
        (
            _doc(
                TASKS.replace(
                    "PT16H0M0S</Duration>\n  <Constraint", "two days</Duration>\n  <Constraint"
                )
            ),
            "task UID 2: Duration",
        ),
        (_doc(TASKS.replace("<Type>3</Type>", "<Type>9</Type>")), "unknown Type 9"),
        (_doc(TASKS.replace("<PredecessorUID>2<", "<PredecessorUID>99<")), "unknown UID 99"),
        (_doc(TASKS.replace("<ConstraintType>4<", "<ConstraintType>12<")), "ConstraintType"),
        (_doc(TASKS.replace("<UID>3</UID>", "<UID>2</UID>")), "appears twice"),
        (
            _doc(
                TASKS.replace(
                    "<OutlineLevel>2</OutlineLevel><Duration>PT4H",
                    "<OutlineLevel>5</OutlineLevel><Duration>PT4H",
                )
            ),
            "outline level",
        ),
        (
            _doc(TASKS.replace("<LagFormat>7</LagFormat>", "<LagFormat>19</LagFormat>")),
            "percentage lag",
        ),
        (_doc(TASKS, CALENDAR.replace("2025-01-10T23", "2045-01-10T23")), "exception"),
        ("<Project/>", "bytes"),
    ],
)
def test_malformed_or_hostile_files_raise_a_clear_error(data: bytes, needle: str) -> None:
    with pytest.raises(MspdiError) as info:
        read_mspdi(data)  # type: ignore[arg-type]
    assert needle in str(info.value)
    assert info.value.code == "invalid_mspdi"
