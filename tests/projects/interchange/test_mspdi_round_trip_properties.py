"""Property: a random plan built through the API, exported as MSPDI and imported again, is the
same plan with the same computed schedule; exporting the import gives the same document.

Plans have a summary hierarchy, durations (fractional, zero), links of all four types with
lags and leads, every constraint type, deadlines, progress (percent complete, actual and
remaining durations, actual dates with and without times), manual starts, costs, a project
calendar with exceptions, a status date, a critical threshold, both progress modes and
every combination of MS Project's status-date options.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import httpx
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st

from services.projects.schedule.runner import working_times
from shared.testing.asgi import transactional_client
from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, create_project
from tests.projects.interchange.test_mspdi_import import all_tasks, import_file

START = date(2025, 1, 6)
NS = "{http://schemas.microsoft.com/project}"
LINK_TYPES = ("FS", "SS", "FF", "SF")
DATED = ("SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO")
MAX_DEPTH = 3
# Fields the plan is made of, and fields the engine computes from it.
STRUCTURE = (
    "duration_days",
    "milestone",
    "constraint_type",
    "constraint_date",
    "deadline",
    "percent_complete",
    "actual_start",
    "actual_finish",
    "actual_duration_days",
    "remaining_duration_days",
    "manual_start",
    "cost",
)
# A summary's own actual and remaining duration: MSPDI carries a summary's rolled-up ones.
SUMMARY_OWN = ("actual_duration_days", "remaining_duration_days")
SCHEDULE = (
    "wbs_code",
    "is_summary",
    "is_milestone",
    "start_date",
    "finish_date",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float_days",
    "free_float_days",
    "critical",
    "stop",
    "resume",
    "is_split",
)
PROGRESS_SETTINGS = (
    "progress_mode",
    "move_completed_ends_back",
    "move_remaining_starts_back",
    "move_remaining_starts_forward",
    "move_completed_ends_forward",
    "split_in_progress_tasks",
)
PROJECT = (
    "name",
    "start_date",
    "scheduled_start",
    "scheduled_finish",
    "status_date",
    "deadline",
    "critical_threshold_days",
    *PROGRESS_SETTINGS,
)

# Whole, quarter and hundredth days (the API keeps two decimals); zero makes milestones.
DURATIONS = st.one_of(
    st.integers(1, 40).map(lambda q: Decimal(q) / 4),
    st.integers(1, 999).map(lambda c: Decimal(c) / 100),
    st.just(Decimal(0)),
)
# Lags and leads (negative), in half and hundredth days.
LAGS = st.one_of(
    st.integers(-12, 12).map(lambda h: Decimal(h) / 2),
    st.integers(-300, 300).map(lambda c: Decimal(c) / 100),
)
OFFSETS = st.integers(min_value=-3, max_value=40)
TIMES = st.sampled_from([time(8), time(10, 30), time(12), time(13), time(17)])


@dataclass(frozen=True)
class TaskSpec:
    parent: int | None
    fields: dict[str, Any]


@dataclass(frozen=True)
class LinkSpec:
    predecessor: int
    successor: int
    type: str
    lag_days: Decimal


@dataclass(frozen=True)
class PlanSpec:
    start: date | None
    settings: dict[str, Any]
    calendar: dict[str, Any] | None
    tasks: list[TaskSpec]
    creation_order: list[int]
    links: list[LinkSpec]


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


@st.composite
def _constraint(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(("ASAP", "ASAP", "ALAP", *DATED)))
    if kind not in DATED:
        return {"constraint_type": kind}
    day = _day(draw(OFFSETS))
    # A bare date means the start of the working day for start constraints, its end for
    # finish ones; a date-time is taken as it is.
    when = day if draw(st.booleans()) else datetime.combine(day, draw(TIMES))
    return {"constraint_type": kind, "constraint_date": when.isoformat()}


def _actual_date(draw: st.DrawFn, day: date) -> str:
    """A bare date (the day's first or last working minute) or a date-time as MS Project
    records it (17:00 and 08:00 the next morning are not the same day for a milestone)."""
    return (day if draw(st.booleans()) else datetime.combine(day, draw(TIMES))).isoformat()


@st.composite
def _progress(draw: st.DrawFn, summary: bool) -> dict[str, Any]:
    """Progress entered one way or another; a summary's only by percent (its own actual
    and remaining durations are not what MSPDI carries)."""
    kinds = ["none", "none", "percent"] + ([] if summary else ["actual", "remaining", "done"])
    kind = draw(st.sampled_from(kinds))
    if kind == "none":
        return {}
    started = _day(draw(st.integers(0, 10)))
    fields: dict[str, Any] = {}
    if kind == "done" or draw(st.booleans()):
        fields["actual_start"] = _actual_date(draw, started)
    if kind == "percent":
        # MSPDI's PercentComplete is a whole number: fractional percentages are not entered.
        fields["percent_complete"] = str(draw(st.sampled_from((25, 50, 100)) | st.integers(0, 100)))
    elif kind == "done":
        finished = started + timedelta(days=draw(st.integers(0, 5)))
        # A bare date is the end of that day: never before a start on the same day.
        fields["actual_finish"] = (
            finished.isoformat()
            if draw(st.booleans())
            else datetime.combine(finished, time(17)).isoformat()
        )
    else:
        fields["actual_duration_days"] = str(draw(DURATIONS))
        if kind == "remaining":
            fields["remaining_duration_days"] = str(draw(DURATIONS))
    return fields


@st.composite
def _task_fields(draw: st.DrawFn, summary: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {"duration_days": str(draw(DURATIONS))}
    if draw(st.integers(0, 5)) == 0:
        fields["milestone"] = draw(st.booleans())  # also a milestone with a duration
    fields.update(draw(_constraint()))
    if draw(st.integers(0, 4)) == 0:
        fields["deadline"] = _day(draw(OFFSETS)).isoformat()
    fields.update(draw(_progress(summary)))
    if draw(st.integers(0, 6)) == 0:
        fields["manual_start"] = datetime.combine(_day(draw(OFFSETS)), draw(TIMES)).isoformat()
    if draw(st.booleans()):
        fields["cost"] = str(Decimal(draw(st.integers(0, 10**7))) / 100)
    return fields


def _tree(draw: st.DrawFn, n: int) -> list[int | None]:
    """Parents in outline order: each task hangs under one of the tasks on the path to the
    previous one, so every subtree is a contiguous run of indexes."""
    parents: list[int | None] = []
    path: list[int] = []
    for i in range(n):
        depth = draw(st.integers(0, min(len(path), MAX_DEPTH - 1)))
        parents.append(path[depth - 1] if depth else None)
        path = [*path[:depth], i]
    return parents


def _creation_order(draw: st.DrawFn, parents: list[int | None]) -> list[int]:
    """Any order that creates a parent before its children, so that the stored positions
    (creation order) need not be the outline order."""
    order: list[int] = []
    waiting = list(range(len(parents)))
    while waiting:
        ready = [i for i in waiting if parents[i] is None or parents[i] in order]
        chosen = draw(st.sampled_from(ready))
        order.append(chosen)
        waiting.remove(chosen)
    return order


def _ancestors(parents: list[int | None], i: int) -> set[int]:
    found: set[int] = set()
    current = parents[i]
    while current is not None:
        found.add(current)
        current = parents[current]
    return found


def _links(draw: st.DrawFn, parents: list[int | None]) -> list[LinkSpec]:
    """Links from a lower to a higher index, never between a summary and its own subtasks.
    With contiguous subtrees this keeps the plan acyclic even through summary roll-ups."""
    n = len(parents)
    candidates = [(p, s) for s in range(n) for p in range(s) if p not in _ancestors(parents, s)]
    if not candidates:
        return []
    # Links to or from summaries stand for links to or from their subtasks, so two links here
    # may join the same two tasks; the stored link order need not survive the round trip,
    # which the schedule does not depend on.
    pairs = draw(st.lists(st.sampled_from(candidates), max_size=2 * n, unique=True))
    return [LinkSpec(p, s, draw(st.sampled_from(LINK_TYPES)), draw(LAGS)) for p, s in pairs]


@st.composite
def _calendar(draw: st.DrawFn) -> dict[str, Any] | None:
    if draw(st.booleans()):
        return None
    weekdays = draw(
        st.sampled_from([[0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 5], [0, 1, 2, 3]])
        | st.sets(st.integers(0, 6), min_size=1).map(sorted)
    )
    days = draw(st.lists(st.integers(-2, 40), max_size=5, unique=True))
    exceptions = [
        {
            "day": _day(d).isoformat(),
            "working": draw(st.booleans()),
            "name": draw(st.none() | st.sampled_from(["Holiday", "Works day", "Closed"])),
        }
        for d in days
    ]
    hours = draw(st.sampled_from(["8", "7.5", "6", "10", "7.3"]))
    return {
        "name": "Plan calendar",
        "working_weekdays": weekdays,
        "hours_per_day": hours,
        "exceptions": exceptions,
    }


@st.composite
def _settings(draw: st.DrawFn) -> dict[str, Any]:
    # MSPDI's CriticalSlackLimit is a whole number of days: fractional thresholds are not
    # generated.
    result: dict[str, Any] = {"critical_threshold_days": str(draw(st.integers(0, 2)))}
    if draw(st.integers(0, 3)):
        result["status_date"] = _day(draw(st.integers(0, 15))).isoformat()
    result["progress_mode"] = draw(st.sampled_from(["data_date", "ms_project"]))
    for name in PROGRESS_SETTINGS[1:]:
        result[name] = draw(st.booleans())
    if draw(st.integers(0, 3)) == 0:
        result["deadline"] = _day(draw(st.integers(5, 40))).isoformat()
    return result


@st.composite
def plans(draw: st.DrawFn) -> PlanSpec:
    n = draw(st.integers(min_value=0, max_value=12))
    parents = _tree(draw, n)
    return PlanSpec(
        start=draw(st.none() | st.integers(0, 6).map(_day)),  # a week: weekends too
        settings=draw(_settings()),
        calendar=draw(_calendar()),
        tasks=[TaskSpec(parents[i], draw(_task_fields(i in parents))) for i in range(n)],
        creation_order=_creation_order(draw, parents),
        links=_links(draw, parents),
    )


async def _build(client: httpx.AsyncClient, plan: PlanSpec) -> str:
    start = {"start_date": plan.start.isoformat()} if plan.start else {}
    project = await create_project(client, name="Round trip", **start)
    pid = project["id"]
    body = dict(plan.settings)
    if plan.calendar is not None:
        response = await client.post(f"/v1/projects/{pid}/calendars", json=plan.calendar)
        assert response.status_code == 201, response.text
        body["calendar_id"] = response.json()["id"]
    response = await client.patch(f"/v1/projects/{pid}/schedule-settings", json=body)
    assert response.status_code == 200, response.text
    created: dict[int, dict[str, Any]] = {}
    for i in plan.creation_order:
        spec = plan.tasks[i]
        parent = {"parent_id": created[spec.parent]["id"]} if spec.parent is not None else {}
        created[i] = await add_task(client, pid, name=f"T{i}", **parent, **spec.fields)
    for ln in plan.links:
        await link(
            client,
            pid,
            created[ln.predecessor],
            created[ln.successor],
            type=ln.type,
            lag_days=str(ln.lag_days),
        )
    return pid


async def _get(client: httpx.AsyncClient, url: str, **params: Any) -> Any:
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


async def _calendar_of(client: httpx.AsyncClient, project: dict[str, Any]) -> dict[str, Any]:
    """The project calendar's content. A project without one schedules on the default
    Mon-Fri, 8-hour calendar, which the export writes out as a "Standard" calendar."""
    if project["calendar_id"] is None:
        return {
            "name": "Standard",
            "working_weekdays": [0, 1, 2, 3, 4],
            "hours_per_day": Decimal(8),
            "exceptions": [],
        }
    page = await _get(client, f"/v1/projects/{project['id']}/calendars")
    (calendar,) = [c for c in page["items"] if c["id"] == project["calendar_id"]]
    return {
        "name": calendar["name"],
        "working_weekdays": sorted(calendar["working_weekdays"]),
        "hours_per_day": Decimal(calendar["hours_per_day"]),
        "exceptions": sorted((e["day"], e["working"], e["name"]) for e in calendar["exceptions"]),
    }


def _instant(value: str | None, day: tuple[time, time], finish: bool) -> str | None:
    """An actual date as the export writes it: a bare one (stored at midnight) at the first
    working minute of its day for a start, the last for a finish."""
    if value is None or not value.endswith("T00:00:00"):
        return value
    return datetime.combine(date.fromisoformat(value[:10]), day[finish]).isoformat()


def _task_view(
    task: dict[str, Any], names: dict[str, str], day: tuple[time, time]
) -> dict[str, Any]:
    view = {k: task[k] for k in (*STRUCTURE, *SCHEDULE)}
    numbers = ("percent_complete", "actual_duration_days", "remaining_duration_days")
    for k in ("duration_days", "cost", "total_float_days", "free_float_days", *numbers):
        view[k] = _number(view[k])
    view["actual_start"] = _instant(view["actual_start"], day, False)
    view["actual_finish"] = _instant(view["actual_finish"], day, True)
    if task["is_summary"]:
        for k in SUMMARY_OWN:
            del view[k]
    # MSPDI's Milestone is a plain flag: "a milestone exactly when the duration is zero" (no
    # flag, null) is written as what it currently means and comes back as that flag.
    if view["milestone"] is None:
        view["milestone"] = task["is_milestone"]
    view["parent"] = names.get(task["parent_id"])
    return view


async def _snapshot(client: httpx.AsyncClient, pid: str) -> dict[str, Any]:
    """The plan and its schedule with every id replaced by a task name. Positions are left
    out: in a plan built through the API they are the creation order, in an import the file's
    outline order; the WBS code (compared) is what they mean."""
    project = await _get(client, f"/v1/projects/{pid}")
    tasks = await all_tasks(client, pid)
    names = {t["id"]: t["name"] for t in tasks}
    links = await _get(client, f"/v1/projects/{pid}/dependencies", limit=500)
    assert links["next_cursor"] is None
    view = {k: project[k] for k in PROJECT}
    # MSPDI always has a StartDate: a project without a start date is written with the start
    # it was scheduled from (or, with no tasks, the day it was created) and comes back with it.
    if view["start_date"] is None:
        start = project["scheduled_start"] or project["created_at"]
        view["start_date"] = start[:10]
    calendar = await _calendar_of(client, project)
    periods = working_times(float(calendar["hours_per_day"]))
    day = (periods[0][0], periods[-1][1])
    return {
        "project": view,
        "calendar": calendar,
        "tasks": {t["name"]: _task_view(t, names, day) for t in tasks},
        "links": sorted(
            (
                names[x["predecessor_id"]],
                names[x["successor_id"]],
                x["type"],
                Decimal(x["lag_days"]),
            )
            for x in links["items"]
        ),
    }


async def _export(client: httpx.AsyncClient, pid: str) -> bytes:
    response = await client.get(f"/v1/projects/{pid}/export/mspdi")
    assert response.status_code == 200, response.text
    return response.content


async def _import(client: httpx.AsyncClient, data: bytes) -> str:
    response = await import_file(client, data)
    assert response.status_code == 201, response.text
    # Nothing in our own export is approximated on the way back in.
    assert response.json()["warnings"] == []
    return str(response.json()["id"])


def _outline(data: bytes) -> list[tuple[str, str]]:
    """Every element's path and text, in document order."""
    root = ElementTree.fromstring(data)
    rows: list[tuple[str, str]] = []

    def walk(el: ElementTree.Element, path: str) -> None:
        here = f"{path}/{el.tag.removeprefix(NS)}"
        rows.append((here, (el.text or "").strip()))
        for child in el:
            walk(child, here)

    walk(root, "")
    return rows


def _differences(first: Sequence[object], second: Sequence[object]) -> list[str]:
    return [f"{a} != {b}" for a, b in zip(first, second, strict=False) if a != b][:10]


@settings(max_examples=40, deadline=None)
@given(plan=plans())
async def test_export_then_import_is_the_same_plan_and_schedule(
    projects_app: FastAPI, admin_token: str, plan: PlanSpec
) -> None:
    # Session-scoped fixtures only: each example gets its own rolled-back transaction.
    async with transactional_client(projects_app, admin_token) as client:
        original = await _build(client, plan)
        exported = await _export(client, original)
        imported = await _import(client, exported)

        before, after = await _snapshot(client, original), await _snapshot(client, imported)
        assert after["project"] == before["project"]
        assert after["calendar"] == before["calendar"]
        assert after["links"] == before["links"]
        assert after["tasks"].keys() == before["tasks"].keys()
        for name, task in before["tasks"].items():
            assert after["tasks"][name] == task, name

        # Export -> import -> export writes the same document: UIDs are outline positions and
        # the export carries no GUIDs or timestamps, so nothing needs masking.
        again = await _export(client, imported)
        first, second = _outline(exported), _outline(again)
        assert _differences(first, second) == []
        assert len(first) == len(second)
