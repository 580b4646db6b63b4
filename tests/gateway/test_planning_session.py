"""A whole planning session through GraphQL alone: a project, a WBS with links, a holiday
in its calendar, a baseline, a risk, a change request approved with a re-baseline, a status
update; then the critical path and the variance against both baselines."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import Gateway, unique, uuid_of
from tests.gateway.mutation_calls import CHANGED, call, codes, ok

PLAN = """
query($id: ID!) {
  project(id: $id) {
    projectFinish
    criticalPath { name earlyFinish }
    baselines { edges { node { number projectFinish
      variance { finishVarianceCalendarDays baselineFinish currentFinish } } } }
    risks { edges { node { title score } } }
    changeRequests { edges { node { status baselineNumber } } }
    statusUpdates { edges { node { overallRag narrative } } }
  }
}
"""


async def _wbs(gateway: Gateway, project_id: str) -> dict[str, dict[str, Any]]:
    """A summary task over design (3 days) -> build (2) -> test (1), and docs (2) beside."""
    tasks: dict[str, dict[str, Any]] = {}
    for name, days in (("Phase", "0"), ("Design", "3"), ("Build", "2"), ("Test", "1")):
        added = await ok(
            gateway,
            "addTask",
            "task { id version }",
            projectId=project_id,
            name=name,
            durationDays=days,
        )
        tasks[name] = added["task"]
    docs = await ok(
        gateway, "addTask", "task { id }", projectId=project_id, name="Docs", durationDays="2"
    )
    tasks["Docs"] = docs["task"]
    for name in ("Design", "Build", "Test"):
        moved = await ok(
            gateway,
            "moveTask",
            f"task {{ id parentId }} {CHANGED}",
            id=tasks[name]["id"],
            parentId=tasks["Phase"]["id"],
        )
        assert moved["task"]["parentId"] == uuid_of(tasks["Phase"]["id"])
    for before, after in (("Design", "Build"), ("Build", "Test")):
        linked = await ok(
            gateway,
            "addDependency",
            f"dependency {{ id type }} {CHANGED}",
            projectId=project_id,
            predecessorId=tasks[before]["id"],
            successorId=tasks[after]["id"],
        )
        # The successor (and the summary above it) moved: the client's cache gets them.
        assert tasks[after]["id"] in {t["id"] for t in linked["changedTasks"]}
    return tasks


async def test_a_planning_session_through_graphql_alone(gateway: Gateway) -> None:
    created = await ok(
        gateway,
        "createProject",
        "project { id version }",
        code=unique("SES"),
        name="Session",
        startDate="2025-01-06",
        budget="1000.00",
        currency="EUR",
    )
    project_id = created["project"]["id"]
    tasks = await _wbs(gateway, project_id)

    # Tuesday 7 January is a holiday: design (3 days from Monday 6) ends on Thursday 9.
    calendar = await ok(
        gateway,
        "createCalendar",
        "calendar { id exceptions { day working } }",
        projectId=project_id,
        name="With holiday",
        exceptions=[{"day": "2025-01-07", "name": "Holiday"}],
    )
    settings = await ok(
        gateway,
        "updateScheduleSettings",
        f"project {{ id version }} {CHANGED}",
        projectId=project_id,
        calendarId=calendar["calendar"]["id"],
        statusDate="2025-01-03",
    )
    moved = {t["name"]: t for t in settings["changedTasks"]}
    assert moved["Design"]["earlyFinish"] == "2025-01-09"
    assert {"Build", "Test"} <= set(moved)

    baseline = await ok(
        gateway,
        "setBaseline",
        "baseline { number projectFinish }",
        projectId=project_id,
        number=0,
        name="Approved plan",
    )
    assert baseline["baseline"]["projectFinish"] == "2025-01-14"
    risk = await ok(
        gateway,
        "createRisk",
        "risk { id score version }",
        projectId=project_id,
        title="Build slips",
        probability=3,
        impact=4,
        taskIds=[tasks["Build"]["id"]],
    )
    assert risk["risk"]["score"] == 12

    # The risk happens: build takes two days more, through change control.
    change = await ok(
        gateway,
        "createChangeRequest",
        "changeRequest { id status version }",
        projectId=project_id,
        title="Longer build",
        scheduleImpactDays="2",
    )
    change_id = change["changeRequest"]["id"]
    submitted = await ok(
        gateway, "submitChangeRequest", "changeRequest { status version }", id=change_id
    )
    assert submitted["changeRequest"]["status"] == "submitted"
    build = await ok(
        gateway,
        "updateTask",
        f"task {{ id durationDays }} {CHANGED}",
        id=tasks["Build"]["id"],
        durationDays="4",
    )
    assert {t["name"] for t in build["changedTasks"]} >= {"Build", "Test"}
    stale = await call(
        gateway,
        "approveChangeRequest",
        "changeRequest { id }",
        id=change_id,
        expectedVersion=submitted["changeRequest"]["version"] - 1,
        setBaseline=1,
    )
    assert codes(stale) == {("expectedVersion", "STALE")}
    approved = await ok(
        gateway,
        "approveChangeRequest",
        "changeRequest { status baselineNumber }",
        id=change_id,
        expectedVersion=submitted["changeRequest"]["version"],
        setBaseline=1,
        note="Accepted",
    )
    assert approved["changeRequest"] == {"status": "approved", "baselineNumber": 1}
    await ok(
        gateway,
        "postStatusUpdate",
        "statusUpdate { id }",
        projectId=project_id,
        asOf="2025-01-10",
        overallRag="AMBER",
        scheduleRag="AMBER",
        costRag="GREEN",
        scopeRag="GREEN",
        riskRag="AMBER",
        narrative="Build runs two days longer.",
    )

    plan = (await gateway.query(PLAN, {"id": project_id}))["data"]["project"]
    assert [t["name"] for t in plan["criticalPath"]] == ["Design", "Build", "Test"]
    assert plan["projectFinish"] == "2025-01-16"
    variance = {
        edge["node"]["number"]: edge["node"]["variance"] for edge in plan["baselines"]["edges"]
    }
    assert variance[0]["finishVarianceCalendarDays"] == 2
    assert variance[0]["baselineFinish"] == "2025-01-14"
    assert variance[1]["finishVarianceCalendarDays"] == 0
    assert [e["node"]["score"] for e in plan["risks"]["edges"]] == [12]
    assert plan["changeRequests"]["edges"][0]["node"]["baselineNumber"] == 1
    assert plan["statusUpdates"]["edges"][0]["node"]["overallRag"] == "AMBER"
