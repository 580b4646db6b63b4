"""Progress in an MSPDI export (pure): the status date and MS Project's options for it, each
task's actual fields, and for a ``data_date`` project what makes MS Project compute the same
dates.

A ``data_date`` project is written the way MS Project gets its dates:
* "move start of remaining parts before status date forward to status date" on, the other
  options and "split in-progress tasks" off: remaining work starts no earlier than the status
  date and follows its completed part otherwise, which is the data-date rule for tasks in
  progress;
* each task not started yet gets a start-no-earlier-than constraint at the status date (what
  MS Project's "Update Project > Reschedule uncompleted work to start after" does), when it
  is as-soon-as-possible or has an earlier SNET. A task has one constraint in MS Project, so
  an ALAP, SNLT, FNLT or FNET task not started yet keeps its own, and MS Project may plan it
  before the status date where we hold it after.
The project's own settings and the rewritten tasks' own constraints go into two custom
fields (``progress_marks.py``), so our import gives back the same project.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import Element, SubElement

from services.projects.interchange.progress_marks import (
    CONSTRAINT_ALIAS,
    FIELDS,
    SETTING_NAMES,
    SETTINGS_ALIAS,
    encode_constraint,
    encode_settings,
)
from services.projects.interchange.xml_write import add, seconds, seconds_text, whole_percent

Row = Mapping[str, Any]
_MIDNIGHT = time(0)
# MS Project's options for a data-date project, in SETTING_NAMES order after the mode.
_DATA_DATE_OPTIONS = (False, False, True, False, False)
_OPTION_TAGS = (
    "MoveCompletedEndsBack",
    "MoveRemainingStartsBack",
    "MoveRemainingStartsForward",
    "MoveCompletedEndsForward",
)


def is_data_date(project: Row) -> bool:
    return bool(project["progress_mode"] == "data_date")


def write_status_options(root: Element, project: Row, day_end: time) -> None:
    """SplitsInProgressTasks, the four Move* options and StatusDate, in MSPDI's order (with
    elements we do not write in between). The status date is the end of its working day."""
    options = (
        _DATA_DATE_OPTIONS
        if is_data_date(project)
        else tuple(bool(project[name]) for name in SETTING_NAMES[1:])
    )
    add(root, "SplitsInProgressTasks", options[-1])
    for tag, value in zip(_OPTION_TAGS, options[:4], strict=True):
        add(root, tag, value)
    if project["status_date"] is not None:
        add(root, "StatusDate", datetime.combine(project["status_date"], day_end))


def write_definitions(root: Element, project: Row) -> None:
    """The two custom fields a data-date project needs (before the calendars)."""
    if not is_data_date(project):
        return
    holder = SubElement(root, "ExtendedAttributes")
    for alias, (field_id, field_name) in FIELDS.items():
        definition = SubElement(holder, "ExtendedAttribute")
        add(definition, "FieldID", field_id)
        add(definition, "FieldName", field_name)
        add(definition, "Alias", alias)


def project_marks(project: Row) -> dict[str, str]:
    return {SETTINGS_ALIAS: encode_settings(project)} if is_data_date(project) else {}


def write_marks(el: Element, values: Mapping[str, str]) -> None:
    for alias, value in values.items():
        mark = SubElement(el, "ExtendedAttribute")
        add(mark, "FieldID", FIELDS[alias][0])
        add(mark, "Value", value)


def _not_started(t: Row) -> bool:
    return (
        not t["is_summary"]
        and t["manual_start"] is None
        and t["actual_start"] is None
        and t["actual_finish"] is None
        and not t["percent_complete"]
        and not t["actual_duration_days"]
    )


def exported_constraint(
    t: Row, project: Row, day: tuple[time, time]
) -> tuple[str, datetime | None, dict[str, str]]:
    """The constraint to write for task ``t`` and, when it is rewritten to hold the task
    after the data date, the custom field that keeps its own."""
    kind, when = t["constraint_type"], t["constraint_date"]
    status = project["status_date"]
    if status is None or not is_data_date(project) or not _not_started(t):
        return kind, when, {}
    hold = datetime.combine(status, day[1])
    if kind == "SNET" and when is not None:
        start = datetime.combine(when.date(), day[0]) if when.time() == _MIDNIGHT else when
        if start > hold:
            return kind, when, {}
    elif kind != "ASAP":
        return kind, when, {}
    return "SNET", hold, {CONSTRAINT_ALIAS: encode_constraint(kind, when)}


def write_progress_fields(el: Element, t: Row) -> None:
    """Stop and Resume of a task in progress (after DurationFormat in MSPDI's order)."""
    add(el, "Stop", t["stop"])
    add(el, "Resume", t["resume"])


def write_progress(el: Element, t: Row, mpd: int, day: tuple[time, time]) -> None:
    """PercentComplete, Cost, the actual dates and ActualDuration and RemainingDuration."""
    add(el, "PercentComplete", whole_percent(t["percent_complete"]))
    if t["cost"] is not None:
        add(el, "Cost", round(float(t["cost"]) * 100))
    # An actual date stored from a bare date (midnight) is its day's first working minute
    # for the start, its last for the finish; any other is written as it is.
    start, finish = t["actual_start"], t["actual_finish"]
    if start is not None and start.time() == _MIDNIGHT:
        start = datetime.combine(start.date(), day[0])
    if finish is not None and finish.time() == _MIDNIGHT:
        finish = datetime.combine(finish.date(), day[1])
    add(el, "ActualStart", start)
    add(el, "ActualFinish", finish)
    actual, remaining = _actual_and_remaining(t, mpd)
    add(el, "ActualDuration", actual)
    add(el, "RemainingDuration", remaining)


def _actual_and_remaining(t: Row, mpd: int) -> tuple[str, str]:
    """ActualDuration and RemainingDuration as MS Project writes them on every task, summary,
    milestone and unstarted ones included (MPXJ's scheduler refuses a task without them),
    adding up to Duration to the second. A task's own actual duration; a summary's follows
    its percent complete (its duration is rolled up, its own actuals are not kept)."""
    total = seconds(t["duration_days"], mpd)
    percent = Decimal(t["percent_complete"])
    if percent >= 100:
        actual = total
    elif t["is_summary"]:
        actual = round(total * float(percent) / 100)
    else:
        actual = min(seconds(t["actual_duration_days"], mpd), total)
    return seconds_text(actual), seconds_text(total - actual)
