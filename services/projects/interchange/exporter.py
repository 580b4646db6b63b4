"""Write a stored project as an MSPDI (MS Project XML) document (pure, no I/O).

Element order follows what MS Project itself saves (its schema is a sequence). Durations are
written in an 8-hour day (480 minutes) as the calendar says; lags and slacks in tenths of a
minute; costs in hundredths of the currency unit.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, time
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from services.projects.interchange.export_progress import (
    exported_constraint,
    project_marks,
    write_definitions,
    write_marks,
    write_progress,
    write_progress_fields,
    write_status_options,
)
from services.projects.interchange.xml_write import add as _add
from services.projects.interchange.xml_write import duration_text
from services.projects.schedule.runner import working_times

NAMESPACE = "http://schemas.microsoft.com/project"
LINK_TYPE_CODES = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}
CONSTRAINT_CODES = {
    "ASAP": 0,
    "ALAP": 1,
    "MSO": 2,
    "MFO": 3,
    "SNET": 4,
    "SNLT": 5,
    "FNET": 6,
    "FNLT": 7,
}
LAG_FORMAT_DAYS = 7
_DAY_START = time(8, 0)

Row = Mapping[str, Any]


def _tenths_of_minutes(days: Decimal | float | None, minutes_per_day: int) -> int:
    return round(float(days or 0) * minutes_per_day * 10)


def _periods(hours_per_day: float) -> list[tuple[time, time]]:
    """The working periods the scheduler uses for such a day, so that MS Project reads the
    same working time (a finish at 15:30 is the end of a 7.5-hour day there too)."""
    return list(working_times(hours_per_day))


def _working_times(parent: Element, periods: list[tuple[time, time]]) -> None:
    times = SubElement(parent, "WorkingTimes")
    for start, end in periods:
        wt = SubElement(times, "WorkingTime")
        _add(wt, "FromTime", start.strftime("%H:%M:%S"))
        _add(wt, "ToTime", end.strftime("%H:%M:%S"))


def _calendar(parent: Element, calendar: Row | None, exceptions: Sequence[Row]) -> None:
    weekdays = set(calendar["working_weekdays"]) if calendar else {0, 1, 2, 3, 4}
    hours = float(calendar["hours_per_day"]) if calendar else 8.0
    el = SubElement(SubElement(parent, "Calendars"), "Calendar")
    _add(el, "UID", 1)
    _add(el, "Name", calendar["name"] if calendar else "Standard")
    _add(el, "IsBaseCalendar", True)
    _add(el, "IsBaselineCalendar", False)
    _add(el, "BaseCalendarUID", -1)
    week = SubElement(el, "WeekDays")
    for day_type in range(1, 8):  # 1 = Sunday
        wd = SubElement(week, "WeekDay")
        working = (day_type + 5) % 7 in weekdays
        _add(wd, "DayType", day_type)
        _add(wd, "DayWorking", working)
        if working:
            _working_times(wd, _periods(hours))
    if exceptions:
        holder = SubElement(el, "Exceptions")
        for ex in exceptions:
            item = SubElement(holder, "Exception")
            _add(item, "EnteredByOccurrences", False)
            period = SubElement(item, "TimePeriod")
            _add(period, "FromDate", datetime.combine(ex["day"], time(0)))
            _add(period, "ToDate", datetime.combine(ex["day"], time(23, 59)))
            _add(item, "Occurrences", 1)
            _add(item, "Name", ex["name"])  # optional in MSPDI: an unnamed day stays unnamed
            _add(item, "Type", 1)
            _add(item, "DayWorking", ex["working"])
            if ex["working"]:
                _working_times(item, _periods(hours))


def _outline(tasks: Sequence[Row]) -> dict[uuid.UUID, tuple[int, str]]:
    """Outline level and number of each task, in outline order: each task directly followed by
    its subtree, siblings in position order. MSPDI has no parent field (a reader takes a task's
    parent from the rows above it), so the file must list the tasks in this order; position
    order is not it when a subtask was added after later top-level tasks."""
    children: dict[uuid.UUID | None, list[uuid.UUID]] = defaultdict(list)
    for t in tasks:
        children[t["parent_id"]].append(t["id"])
    result: dict[uuid.UUID, tuple[int, str]] = {}

    def numbered(
        parent: uuid.UUID | None, level: int, prefix: str
    ) -> list[tuple[uuid.UUID, int, str]]:
        kids = enumerate(children.get(parent, []), start=1)
        return [(child, level, f"{prefix}{k}") for k, child in reversed(list(kids))]

    stack = numbered(None, 1, "")
    while stack:
        task, level, number = stack.pop()
        result[task] = (level, number)
        stack.extend(numbered(task, level + 1, f"{number}."))
    return result


def _task(
    parent: Element,
    t: Row,
    uids: Mapping[uuid.UUID, int],
    outline: tuple[int, str],
    links: Sequence[Row],
    baselines: Sequence[Row],
    project: Row,
    mpd: int,
) -> None:
    day = (_DAY_START, _periods(mpd / 60)[-1][1])
    constraint, constraint_date, marks = exported_constraint(t, project, day)
    el = SubElement(parent, "Task")
    uid = uids[t["id"]]
    _add(el, "UID", uid)
    _add(el, "ID", uid)
    _add(el, "Name", t["name"])
    _add(el, "Active", True)
    _add(el, "Manual", t["manual_start"] is not None)
    _add(el, "Type", 1)  # fixed duration
    _add(el, "IsNull", False)
    _add(el, "WBS", t["wbs_code"] or outline[1])
    _add(el, "OutlineNumber", outline[1])
    _add(el, "OutlineLevel", outline[0])
    start, finish = _planned(t, project)
    _add(el, "Start", start)
    _add(el, "Finish", finish)
    _add(el, "Duration", duration_text(t["duration_days"], mpd))
    _add(el, "ManualStart", t["manual_start"])
    _add(el, "DurationFormat", 7)
    write_progress_fields(el, t)
    milestone = t["milestone"] if t["milestone"] is not None else t["is_milestone"]
    _add(el, "Milestone", milestone)
    _add(el, "Summary", t["is_summary"])
    _add(el, "Critical", t["critical"])
    _add(el, "EarlyStart", t["early_start"])
    _add(el, "EarlyFinish", t["early_finish"])
    _add(el, "LateStart", t["late_start"])
    _add(el, "LateFinish", t["late_finish"])
    _add(el, "FreeSlack", _tenths_of_minutes(t["free_float_days"], mpd))
    _add(el, "TotalSlack", _tenths_of_minutes(t["total_float_days"], mpd))
    write_progress(el, t, mpd, day)
    _add(el, "ConstraintType", CONSTRAINT_CODES.get(constraint, 0))
    _add(el, "CalendarUID", -1)
    _add(el, "ConstraintDate", constraint_date)
    if t["deadline"] is not None:
        _add(el, "Deadline", datetime.combine(t["deadline"], day[1]))
    _predecessor_links(el, links, uids, mpd)
    write_marks(el, marks)
    _baselines(el, baselines, mpd)


def _planned(t: Row, project: Row) -> tuple[datetime | None, datetime | None]:
    """Where the task is planned (MSPDI's Start and Finish): its early dates, but an
    automatically scheduled ALAP task's late ones, as the scheduler plans it (engine
    ``alap_dates``): a started one keeps its start, and from the data date one whose late
    dates fall before its early ones keeps those."""
    early = (t["early_start"], t["early_finish"])
    if t["constraint_type"] != "ALAP" or t["is_summary"] or t["manual_start"] is not None:
        return early
    if t["late_start"] is None or t["late_finish"] is None or early[0] is None:
        return early
    if t["actual_start"] is not None or t["percent_complete"] or t["actual_duration_days"]:
        return early[0], max(t["late_finish"], early[1])
    behind = project["status_date"] is not None and project["progress_mode"] == "data_date"
    if behind and t["late_start"] < early[0]:
        return early
    return t["late_start"], t["late_finish"]


def _predecessor_links(
    el: Element, links: Sequence[Row], uids: Mapping[uuid.UUID, int], mpd: int
) -> None:
    # In predecessor order: the stored order is creation time, shared by a whole import.
    for link in sorted(links, key=lambda x: uids[x["predecessor_id"]]):
        pl = SubElement(el, "PredecessorLink")
        _add(pl, "PredecessorUID", uids[link["predecessor_id"]])
        _add(pl, "Type", LINK_TYPE_CODES[link["type"]])
        _add(pl, "CrossProject", False)
        _add(pl, "LinkLag", _tenths_of_minutes(link["lag_days"], mpd))
        _add(pl, "LagFormat", LAG_FORMAT_DAYS)


def _baselines(el: Element, baselines: Sequence[Row], mpd: int) -> None:
    for b in baselines:
        bl = SubElement(el, "Baseline")
        _add(bl, "Number", b["number"])
        _add(bl, "Start", b["start"])
        _add(bl, "Finish", b["finish"])
        _add(bl, "Duration", duration_text(b["duration_days"], mpd))
        _add(bl, "DurationFormat", 7)
        if b["cost"] is not None:
            _add(bl, "Cost", round(float(b["cost"]) * 100))


def _project_row(parent: Element, project: Row, mpd: int) -> None:
    """The project summary task (UID 0, outline level 0): MSPDI has no project deadline
    element, MS Project sets one as the deadline of this row; a data-date project's
    settings go into its custom field."""
    marks = project_marks(project)
    if project["deadline"] is None and not marks:
        return
    el = SubElement(parent, "Task")
    _add(el, "UID", 0)
    _add(el, "ID", 0)
    _add(el, "Name", project["name"])
    _add(el, "Type", 1)
    _add(el, "IsNull", False)
    _add(el, "WBS", 0)
    _add(el, "OutlineNumber", 0)
    _add(el, "OutlineLevel", 0)
    _add(el, "Start", project["scheduled_start"])
    _add(el, "Finish", project["scheduled_finish"])
    _add(el, "Summary", True)
    if project["deadline"] is not None:
        _add(el, "Deadline", datetime.combine(project["deadline"], _periods(mpd / 60)[-1][1]))
    write_marks(el, marks)


def _project_start(project: Row) -> datetime:
    """MSPDI's StartDate is the project's own start date (what its tasks are scheduled from,
    even if that is not a working day). Without one, the start it was scheduled from; a
    project without either (no tasks yet) still needs a StartDate to be importable."""
    if project["start_date"] is not None:
        return datetime.combine(project["start_date"], _DAY_START)
    if project["scheduled_start"] is not None:
        return project["scheduled_start"]  # type: ignore[no-any-return]
    return datetime.combine(project["created_at"].date(), _DAY_START)


def _header(root: Element, project: Row, calendar: Row | None) -> int:
    hours = float(calendar["hours_per_day"]) if calendar else 8.0
    mpd = round(hours * 60)
    working_days = len(calendar["working_weekdays"]) if calendar else 5
    _add(root, "SaveVersion", 14)
    _add(root, "Name", project["name"])
    _add(root, "Title", project["name"])
    _add(root, "ScheduleFromStart", True)
    _add(root, "StartDate", _project_start(project))
    _add(root, "FinishDate", project["scheduled_finish"])
    _add(root, "CriticalSlackLimit", round(float(project["critical_threshold_days"])))
    _add(root, "CalendarUID", 1)
    _add(root, "DefaultStartTime", "08:00:00")
    _add(root, "DefaultFinishTime", _periods(hours)[-1][1].strftime("%H:%M:%S"))
    _add(root, "MinutesPerDay", mpd)
    _add(root, "MinutesPerWeek", mpd * working_days)
    _add(root, "DaysPerMonth", 20)
    _add(root, "DurationFormat", 7)
    _add(root, "HonorConstraints", True)
    _add(root, "MultipleCriticalPaths", False)
    write_status_options(root, project, _periods(hours)[-1][1])
    write_definitions(root, project)
    return mpd


def write_mspdi(plan: Mapping[str, Any]) -> bytes:
    """``plan`` as loaded by the interchange repository: project, calendar, exceptions,
    tasks (position order), links and baseline entries."""
    root = Element("Project", xmlns=NAMESPACE)
    mpd = _header(root, plan["project"], plan["calendar"])
    _calendar(root, plan["calendar"], plan["exceptions"])
    outline = _outline(plan["tasks"])
    by_id = {t["id"]: t for t in plan["tasks"]}
    tasks = [by_id[task_id] for task_id in outline]
    uids = {t["id"]: k for k, t in enumerate(tasks, start=1)}
    links_of: dict[uuid.UUID, list[Row]] = defaultdict(list)
    for link in plan["links"]:
        links_of[link["successor_id"]].append(link)
    baselines_of: dict[uuid.UUID, list[Row]] = defaultdict(list)
    for b in plan["baselines"]:
        baselines_of[b["task_id"]].append(b)
    holder = SubElement(root, "Tasks")
    project = plan["project"]
    _project_row(holder, project, mpd)
    for t in tasks:
        tid = t["id"]
        _task(holder, t, uids, outline[tid], links_of[tid], baselines_of[tid], project, mpd)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + tostring(
        root, encoding="unicode"
    ).encode("utf-8")
