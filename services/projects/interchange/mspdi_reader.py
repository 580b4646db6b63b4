"""Read an MSPDI (MS Project XML) document from bytes, safely.

The XML is parsed by defusedxml with DTDs, entities and external references forbidden, so a
hostile file (billion laughs, XXE) is rejected before any expansion happens. Every value is
checked while it is read; the first bad one raises :class:`MspdiError` naming the element and
the task it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import replace
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from services.projects.engine.model import ConstraintType, LinkType
from services.projects.interchange.calendars import read_calendars
from services.projects.interchange.mspdi_model import (
    MspdiBaseline,
    MspdiComputed,
    MspdiError,
    MspdiLink,
    MspdiProject,
    MspdiStatusOptions,
    MspdiTask,
)
from services.projects.interchange.progress_marks import MARK_ALIASES, restore_data_date
from services.projects.interchange.xml_values import Reader

MAX_BYTES = 64 * 1024 * 1024
_LINK_TYPES = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
_CONSTRAINTS = dict(
    enumerate(
        [
            ConstraintType.ASAP,
            ConstraintType.ALAP,
            ConstraintType.MSO,
            ConstraintType.MFO,
            ConstraintType.SNET,
            ConstraintType.SNLT,
            ConstraintType.FNET,
            ConstraintType.FNLT,
        ]
    )
)
# LagFormat codes (the "estimated" variants add 32). Working-time units need no calendar to
# convert; elapsed units count wall-clock time and can only be approximated in working days.
_ELAPSED_FORMATS = frozenset({4, 6, 8, 10, 12})
_PERCENT_FORMATS = frozenset({19, 20})
_NAMESPACE = re.compile(r"^\{[^}]*\}")


def read_mspdi(data: bytes) -> MspdiProject:
    """Parse an MSPDI document. Raises :class:`MspdiError` on anything malformed."""
    root = _parse(data)
    r = Reader(root)
    minutes_per_day = r.integer(root, "MinutesPerDay", default=480)
    if minutes_per_day <= 0:
        raise MspdiError("MinutesPerDay must be positive", field="MinutesPerDay")
    warnings: list[str] = []
    start = r.instant(root, "StartDate")
    if start is None:
        raise MspdiError("the project has no StartDate", field="StartDate")
    calendars = read_calendars(r, root, warnings)
    aliases = _mark_fields(r, root)
    tasks = _read_tasks(r, root, minutes_per_day, warnings, aliases)
    project = MspdiProject(
        name=r.text(root, "Name") or r.text(root, "Title") or "",
        start_date=start,
        finish_date=r.instant(root, "FinishDate"),
        status_date=r.instant(root, "StatusDate"),
        minutes_per_day=minutes_per_day,
        calendar_uid=r.integer(root, "CalendarUID", default=None),
        critical_slack_limit_days=r.integer(root, "CriticalSlackLimit", default=0) or 0,
        calendars=calendars,
        tasks=tasks,
        warnings=tuple(warnings),
        deadline=next((t.deadline for t in tasks if t.outline_level == 0), None),
        status_options=_read_status_options(r, root),
    )
    return restore_data_date(project)


def _read_status_options(r: Reader, root: Element) -> MspdiStatusOptions:
    return MspdiStatusOptions(
        move_completed_ends_back=r.flag(root, "MoveCompletedEndsBack"),
        move_remaining_starts_back=r.flag(root, "MoveRemainingStartsBack"),
        move_remaining_starts_forward=r.flag(root, "MoveRemainingStartsForward"),
        move_completed_ends_forward=r.flag(root, "MoveCompletedEndsForward"),
        split_in_progress_tasks=r.flag(root, "SplitsInProgressTasks", default=True),
    )


def _parse(data: bytes) -> Element:
    if not isinstance(data, bytes | bytearray):
        raise MspdiError("an MSPDI document must be given as bytes", field="file")
    if len(data) > MAX_BYTES:
        raise MspdiError(f"the file is larger than {MAX_BYTES} bytes", field="file")
    try:
        root = safe_xml.fromstring(
            bytes(data), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise MspdiError(f"forbidden XML construct: {exc}", field="file") from exc
    except ParseError as exc:
        raise MspdiError(f"not well-formed XML: {exc}", field="file") from exc
    if _NAMESPACE.sub("", root.tag) != "Project":
        raise MspdiError(
            f"the root element is <{_NAMESPACE.sub('', root.tag)}>, not <Project>", field="file"
        )
    return root


def _mark_fields(r: Reader, root: Element) -> dict[str, str]:
    """FieldID -> alias of the custom fields of ours the file defines."""
    fields = {}
    for definition in r.children(root, "ExtendedAttributes", "ExtendedAttribute"):
        alias, field_id = r.text(definition, "Alias"), r.text(definition, "FieldID")
        if alias in MARK_ALIASES and field_id is not None:
            fields[field_id] = alias
    return fields


def _read_marks(r: Reader, el: Element, aliases: dict[str, str]) -> dict[str, str]:
    if not aliases:
        return {}
    marks = {}
    for value in r.children(el, "ExtendedAttribute"):
        alias = aliases.get(r.text(value, "FieldID") or "")
        text = r.text(value, "Value")
        if alias is not None and text is not None:
            marks[alias] = text
    return marks


def _read_tasks(
    r: Reader, root: Element, minutes_per_day: int, warnings: list[str], aliases: dict[str, str]
) -> tuple[MspdiTask, ...]:
    tasks: list[MspdiTask] = []
    parents: dict[int, int] = {}  # outline level -> UID of the last task seen at that level
    seen: set[int] = set()
    for element in r.children(root, "Tasks", "Task"):
        uid = r.integer(element, "UID")
        if uid in seen:
            raise MspdiError(f"task UID {uid} appears twice", field="Task.UID", task_id=uid)
        seen.add(uid)
        level = r.integer(element, "OutlineLevel", default=1, task=uid)
        if level < 0 or (level > 1 and level - 1 not in parents):
            raise MspdiError(
                f"task UID {uid} jumps to outline level {level}",
                field="Task.OutlineLevel",
                task_id=uid,
            )
        parent = parents.get(level - 1)
        for deeper in [lv for lv in parents if lv >= level]:
            del parents[deeper]
        parents[level] = uid
        task = _read_task(r, element, uid, level, parent, minutes_per_day, warnings)
        marks = _read_marks(r, element, aliases)
        tasks.append(replace(task, marks=marks) if marks else task)
    _check_links(tasks)
    return tuple(tasks)


def _read_task(
    r: Reader,
    el: Element,
    uid: int,
    level: int,
    parent: int | None,
    minutes_per_day: int,
    warnings: list[str],
) -> MspdiTask:
    duration = r.minutes(el, "Duration", task=uid)
    manual = r.flag(el, "Manual", task=uid)
    start = r.instant(el, "Start", task=uid)
    constraint = r.integer(el, "ConstraintType", default=0, task=uid)
    if constraint not in _CONSTRAINTS:
        raise MspdiError(
            f"task UID {uid} has unknown ConstraintType {constraint}",
            field="Task.ConstraintType",
            task_id=uid,
        )
    return MspdiTask(
        uid=uid,
        id=r.integer(el, "ID", default=None, task=uid),
        name=r.text(el, "Name") or "",
        outline_level=level,
        outline_number=r.text(el, "OutlineNumber") or "",
        wbs=r.text(el, "WBS") or "",
        parent_uid=parent,
        summary=r.flag(el, "Summary", task=uid),
        milestone=r.flag(el, "Milestone", task=uid),
        manual=manual,
        active=r.flag(el, "Active", default=True, task=uid) and not r.flag(el, "IsNull", task=uid),
        duration_days=(duration or 0.0) / minutes_per_day,
        constraint=_CONSTRAINTS[constraint],
        constraint_date=r.instant(el, "ConstraintDate", task=uid),
        deadline=r.instant(el, "Deadline", task=uid),
        percent_complete=float(r.integer(el, "PercentComplete", default=0, task=uid)),
        cost=_cost(r, el, "Task.Cost", uid),
        start=start,
        finish=r.instant(el, "Finish", task=uid),
        manual_start=(r.instant(el, "ManualStart", task=uid) or start) if manual else None,
        actual_start=r.instant(el, "ActualStart", task=uid),
        actual_finish=r.instant(el, "ActualFinish", task=uid),
        calendar_uid=r.integer(el, "CalendarUID", default=None, task=uid),
        predecessors=tuple(
            _read_link(r, link, uid, minutes_per_day, warnings)
            for link in r.children(el, "PredecessorLink")
            if not r.flag(link, "CrossProject", task=uid)
        ),
        baselines=tuple(
            _read_baseline(r, b, uid, minutes_per_day) for b in r.children(el, "Baseline")
        ),
        computed=_read_computed(r, el, uid, minutes_per_day),
        actual_duration_days=_days(r, el, "ActualDuration", uid, minutes_per_day),
        remaining_duration_days=_days(r, el, "RemainingDuration", uid, minutes_per_day),
        stop=r.instant(el, "Stop", task=uid),
        resume=r.instant(el, "Resume", task=uid),
    )


def _days(r: Reader, el: Element, tag: str, uid: int, minutes_per_day: int) -> float | None:
    minutes = r.minutes(el, tag, task=uid)
    return None if minutes is None else minutes / minutes_per_day


def _read_link(
    r: Reader, el: Element, uid: int, minutes_per_day: int, warnings: list[str]
) -> MspdiLink:
    kind = r.integer(el, "Type", default=1, task=uid)
    if kind not in _LINK_TYPES:
        raise MspdiError(
            f"task UID {uid} has a link of unknown Type {kind}",
            field="PredecessorLink.Type",
            task_id=uid,
        )
    lag_format = r.integer(el, "LagFormat", default=7, task=uid)
    lag_minutes = r.integer(el, "LinkLag", default=0, task=uid) / 10  # stored in tenths of minutes
    base_format = lag_format - 32 if lag_format > 32 else lag_format
    if base_format in _PERCENT_FORMATS and lag_minutes:
        raise MspdiError(
            f"task UID {uid} has a percentage lag, which is not supported",
            field="PredecessorLink.LagFormat",
            task_id=uid,
        )
    lag_days = lag_minutes / minutes_per_day
    if base_format in _ELAPSED_FORMATS and lag_minutes:
        # Elapsed time runs through nights and weekends; a 5-of-7 ratio is the best a
        # working-day engine can do without knowing where the lag falls.
        lag_days = lag_minutes / (24 * 60) * 5 / 7
        warnings.append(f"task UID {uid}: elapsed lag approximated as {lag_days:g} working days")
    return MspdiLink(
        predecessor_uid=r.integer(el, "PredecessorUID", task=uid),
        type=_LINK_TYPES[kind],
        lag_days=lag_days,
        lag_format=lag_format,
    )


def _read_baseline(r: Reader, el: Element, uid: int, minutes_per_day: int) -> MspdiBaseline:
    duration = r.minutes(el, "Duration", task=uid)
    return MspdiBaseline(
        number=r.integer(el, "Number", default=0, task=uid),
        start=r.instant(el, "Start", task=uid),
        finish=r.instant(el, "Finish", task=uid),
        duration_days=None if duration is None else duration / minutes_per_day,
        cost=_cost(r, el, "Baseline.Cost", uid),
    )


def _cost(r: Reader, el: Element, field: str, uid: int) -> float | None:
    """MSPDI stores costs in hundredths of the currency unit."""
    cost = r.text(el, "Cost")
    return None if cost is None else r.number(cost, field, uid) / 100


def _read_computed(r: Reader, el: Element, uid: int, minutes_per_day: int) -> MspdiComputed:
    def slack(tag: str) -> float:  # tenths of minutes; absent means zero
        return r.integer(el, tag, default=0, task=uid) / 10 / minutes_per_day

    return MspdiComputed(
        early_start=r.instant(el, "EarlyStart", task=uid),
        early_finish=r.instant(el, "EarlyFinish", task=uid),
        late_start=r.instant(el, "LateStart", task=uid),
        late_finish=r.instant(el, "LateFinish", task=uid),
        total_slack_days=slack("TotalSlack"),
        free_slack_days=slack("FreeSlack"),
        critical=r.flag(el, "Critical", task=uid),
    )


def _check_links(tasks: list[MspdiTask]) -> None:
    uids = {t.uid for t in tasks}
    for task in tasks:
        for link in task.predecessors:
            if link.predecessor_uid not in uids:
                raise MspdiError(
                    f"task UID {task.uid} has a predecessor with unknown UID "
                    f"{link.predecessor_uid}",
                    field="PredecessorLink.PredecessorUID",
                    task_id=task.uid,
                )
