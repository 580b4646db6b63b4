"""The plan's mutations through the gateway over the real services: tasks, links,
calendars, schedule settings and baselines. Each family: the happy path (with the
``changedTasks`` a client cache needs), a userError on the field at fault, a stale
``expectedVersion`` (code STALE) and an idempotent replay."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import Gateway, unique, uuid_of
from tests.gateway.mutation_calls import CHANGED, call, codes, ok


async def _plan(gateway: Gateway) -> tuple[str, dict[str, dict[str, Any]]]:
    """A project from Monday 6 January 2025 with A (2 days) -> B (1 day)."""
    created = await ok(
        gateway,
        "createProject",
        "project { id }",
        code=unique("PLN"),
        name="Plan",
        startDate="2025-01-06",
    )
    project_id = created["project"]["id"]
    await ok(
        gateway,
        "updateScheduleSettings",
        "project { id }",
        projectId=project_id,
        statusDate="2025-01-03",
    )
    tasks = {}
    for name, days in (("A", "2"), ("B", "1")):
        added = await ok(
            gateway,
            "addTask",
            "task { id version }",
            projectId=project_id,
            name=name,
            durationDays=days,
        )
        tasks[name] = added["task"]
    await ok(
        gateway,
        "addDependency",
        "dependency { id }",
        projectId=project_id,
        predecessorId=tasks["A"]["id"],
        successorId=tasks["B"]["id"],
    )
    return project_id, tasks


def _by_name(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {task["name"]: task for task in payload["changedTasks"]}


async def test_update_task_answers_the_tasks_it_moved(gateway: Gateway) -> None:
    _, tasks = await _plan(gateway)
    a = tasks["A"]
    longer = await ok(
        gateway,
        "updateTask",
        f"task {{ durationDays version }} {CHANGED}",
        id=a["id"],
        durationDays="4",
    )
    moved = _by_name(longer)
    assert longer["task"]["durationDays"] == 4
    assert moved["A"]["earlyFinish"] == "2025-01-09"
    assert moved["B"]["earlyStart"] == "2025-01-10"  # the successor, without a refetch

    bad = await call(
        gateway, "updateTask", "task { id } changedTasks { id }", id=a["id"], percentComplete="150"
    )
    assert [e["field"] for e in bad["userErrors"]] == ["percentComplete"]
    assert bad["task"] is None and bad["changedTasks"] == []
    stale = await call(
        gateway, "updateTask", "task { id }", id=a["id"], name="Late", expectedVersion=a["version"]
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    again = await ok(
        gateway,
        "updateTask",
        "task { name }",
        id=a["id"],
        name="Design",
        expectedVersion=longer["task"]["version"],
    )
    assert again["task"]["name"] == "Design"


async def test_move_and_delete_tasks_in_the_wbs(gateway: Gateway) -> None:
    project_id, tasks = await _plan(gateway)
    phase = await ok(gateway, "addTask", "task { id }", projectId=project_id, name="Phase")
    phase_id = phase["task"]["id"]
    moved = await ok(
        gateway,
        "moveTask",
        f"task {{ parentId wbsCode }} {CHANGED}",
        id=tasks["B"]["id"],
        parentId=phase_id,
    )
    assert moved["task"]["parentId"] == uuid_of(phase_id)
    assert _by_name(moved)["Phase"]["id"] == phase_id  # now a summary task
    top = await ok(gateway, "moveTask", "task { parentId }", id=tasks["B"]["id"])
    assert top["task"]["parentId"] is None
    stale = await call(
        gateway, "deleteTask", "deletedTaskId", id=tasks["A"]["id"], expectedVersion=1
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    # A has a successor (B): not deleted until confirmed, and the payload says what goes.
    impact = "impact { needsConfirmation dependencies { successorName } }"
    held = await call(gateway, "deleteTask", f"deletedTaskId {impact}", id=tasks["A"]["id"])
    assert codes(held) == {("cascade", "CONFLICT")}
    assert held["impact"]["needsConfirmation"] is True
    assert [d["successorName"] for d in held["impact"]["dependencies"]] == ["B"]
    gone = await ok(
        gateway, "deleteTask", f"deletedTaskId {CHANGED}", id=tasks["A"]["id"], cascade=True
    )
    assert gone["deletedTaskId"] == tasks["A"]["id"]
    assert _by_name(gone)["B"]["earlyStart"] == "2025-01-06"  # nothing to wait for now


async def test_dependency_mutations(gateway: Gateway) -> None:
    project_id, tasks = await _plan(gateway)
    a, b = tasks["A"]["id"], tasks["B"]["id"]
    phase = await ok(
        gateway, "addTask", "task { id }", projectId=project_id, name="C", durationDays="1"
    )
    key = unique("link")
    link = {"projectId": project_id, "predecessorId": b, "successorId": phase["task"]["id"]}
    first = await ok(
        gateway,
        "addDependency",
        f"dependency {{ id version }} {CHANGED}",
        idempotencyKey=key,
        **link,
    )
    replay = await ok(gateway, "addDependency", "dependency { id }", idempotencyKey=key, **link)
    assert replay["dependency"]["id"] == first["dependency"]["id"]
    assert _by_name(first)["C"]["earlyStart"] == "2025-01-09"

    link_id, version = first["dependency"]["id"], first["dependency"]["version"]
    bad = await call(
        gateway,
        "updateDependency",
        "dependency { id }",
        id=link_id,
        projectId=project_id,
        lagDays="soon",
    )
    assert [e["field"] for e in bad["userErrors"]] == ["lagDays"]
    lagged = await ok(
        gateway,
        "updateDependency",
        f"dependency {{ lag version }} {CHANGED}",
        id=link_id,
        projectId=project_id,
        lagDays="2",
        expectedVersion=version,
    )
    assert lagged["dependency"]["lag"] == 2
    assert _by_name(lagged)["C"]["earlyStart"] == "2025-01-13"
    stale = await call(
        gateway,
        "deleteDependency",
        "deletedDependencyId",
        id=link_id,
        projectId=project_id,
        expectedVersion=version,
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    gone = await ok(
        gateway,
        "deleteDependency",
        f"deletedDependencyId {CHANGED}",
        id=link_id,
        projectId=project_id,
    )
    assert _by_name(gone)["C"]["earlyStart"] == "2025-01-06"
    assert a  # A -> B is untouched


async def test_calendar_and_schedule_settings(gateway: Gateway) -> None:
    project_id, _ = await _plan(gateway)
    key = unique("cal")
    made = await ok(
        gateway,
        "createCalendar",
        "calendar { id version workingWeekdays }",
        projectId=project_id,
        name="Office",
        idempotencyKey=key,
    )
    replay = await ok(
        gateway,
        "createCalendar",
        "calendar { id }",
        projectId=project_id,
        name="Office",
        idempotencyKey=key,
    )
    assert replay["calendar"]["id"] == made["calendar"]["id"]
    assert made["calendar"]["workingWeekdays"] == [0, 1, 2, 3, 4]
    bad = await call(
        gateway,
        "createCalendar",
        "calendar { id }",
        projectId=project_id,
        name="Bad",
        hoursPerDay="30",
    )
    assert [e["field"] for e in bad["userErrors"]] == ["hoursPerDay"]

    calendar_id = made["calendar"]["id"]
    assigned = await ok(
        gateway,
        "updateScheduleSettings",
        f"project {{ id }} {CHANGED}",
        projectId=project_id,
        calendarId=calendar_id,
    )
    assert assigned["changedTasks"] == []  # the same working week: nothing moved
    holiday = await ok(
        gateway,
        "updateCalendar",
        f"calendar {{ exceptions {{ day working name }} }} {CHANGED}",
        id=calendar_id,
        projectId=project_id,
        expectedVersion=made["calendar"]["version"],
        exceptions=[{"day": "2025-01-06", "name": "Closed"}],
    )
    assert holiday["calendar"]["exceptions"] == [
        {"day": "2025-01-06", "working": False, "name": "Closed"}
    ]
    assert _by_name(holiday)["A"]["earlyStart"] == "2025-01-07"
    stale = await call(
        gateway,
        "updateCalendar",
        "calendar { id }",
        id=calendar_id,
        name="Old",
        expectedVersion=made["calendar"]["version"],
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    stale = await call(
        gateway,
        "updateScheduleSettings",
        "project { id }",
        projectId=project_id,
        deadline="2025-02-01",
        expectedVersion=1,
    )
    assert codes(stale) == {("expectedVersion", "STALE")}


async def test_set_and_clear_baselines(gateway: Gateway) -> None:
    project_id, _ = await _plan(gateway)
    key = unique("bl")
    first = await ok(
        gateway,
        "setBaseline",
        "baseline { id number version projectFinish }",
        projectId=project_id,
        number=3,
        name="Plan",
        idempotencyKey=key,
    )
    replay = await ok(
        gateway,
        "setBaseline",
        "baseline { id }",
        projectId=project_id,
        number=3,
        name="Plan",
        idempotencyKey=key,
    )
    assert replay["baseline"]["id"] == first["baseline"]["id"]
    assert first["baseline"]["projectFinish"] == "2025-01-08"
    taken = await call(gateway, "setBaseline", "baseline { id }", projectId=project_id, number=3)
    assert codes(taken) == {("number", "CONFLICT")}
    stale = await call(
        gateway,
        "clearBaseline",
        "clearedNumber",
        projectId=project_id,
        number=3,
        expectedVersion=first["baseline"]["version"] + 1,
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    cleared = await ok(
        gateway,
        "clearBaseline",
        "clearedNumber",
        projectId=project_id,
        number=3,
        expectedVersion=first["baseline"]["version"],
    )
    assert cleared["clearedNumber"] == 3


async def test_add_task_answers_the_summary_it_changed(gateway: Gateway) -> None:
    project_id, _ = await _plan(gateway)
    phase = await ok(
        gateway, "addTask", f"task {{ id }} {CHANGED}", projectId=project_id, name="Phase"
    )
    assert [t["name"] for t in phase["changedTasks"]] == ["Phase"]
    child = await ok(
        gateway,
        "addTask",
        f"task {{ id parentId }} {CHANGED}",
        projectId=project_id,
        name="Sub",
        durationDays="3",
        parentId=phase["task"]["id"],
    )
    moved = _by_name(child)
    assert set(moved) == {"Phase", "Sub"}
    assert moved["Phase"]["earlyFinish"] == "2025-01-08"  # the summary spans its child
    bad = await call(
        gateway,
        "addTask",
        "task { id } changedTasks { id }",
        projectId=project_id,
        name="Bad",
        durationDays="-1",
    )
    assert [e["field"] for e in bad["userErrors"]] == ["durationDays"]
