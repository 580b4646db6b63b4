"""Resources, capacity and levelling end to end, through the gateway only (issue 11's
acceptance): a portfolio and a project are planned, people with rates are put on its tasks,
the over-allocation shows; a levelling preview is queued, polled until it succeeds and
changes nothing; applied, it moves the finish, the float and the cost as worked out by
hand below, and the over-allocation is gone.

The plan (Monday-to-Friday calendar, 8 h a day, from Monday 6 January 2025):
- Backend design, 2 days, Alice (80/h): 6-7 January; then Build API, 3 days, Bruno: 8-10.
- UI design, 3 days, Carol (90/h): 6-8 January; then Build UI, 2 days, Bruno: 9-10.
Finish Friday 10 January; every task critical (float 0).
Bruno (full time) is asked for 16 h on Thursday 9 and Friday 10 January: over-allocated
2 days, 8 h too many each.

Levelling: Build API first then Build UI finishes on Tuesday 14 January; Build UI first
(9-10) then Build API (13-15) finishes a day later. So Build UI waits 2 working days, to
Monday 13 - Tuesday 14 January; nothing else moves; the finish moves 2 working days to
Tuesday 14 January. Afterwards Build UI ends the project (float 0); Build API and Backend
design could slip to the 14th: 2 days of float each; UI design too (the backward pass works
from Build UI's levelled start, Monday 13: UI design may finish as late as Friday 10).

Cost: Bruno costs 100/h, 150/h from Monday 13 January (a raise inside the shifted span).
- Before: Backend design 16 h x 80 = 1,280; UI design 24 h x 90 = 2,160; Build API
  24 h x 100 = 2,400; Build UI 16 h x 100 = 1,600. Total 7,440.
- After: Build UI 16 h x 150 = 2,400 (+800). Total 8,240, the BAC of the baseline the
  levelling is applied with (no fixed costs).
"""

from __future__ import annotations

import secrets
import time
from decimal import Decimal
from typing import Any

from tests.e2e.conftest import GraphQL

PORTFOLIO = """
mutation ($name: String!) {
  createPortfolio(input: {name: $name, currency: "EUR"}) {
    portfolio { id } userErrors { field message }
  }
}
"""
PROJECT = """
mutation ($input: CreateProjectInput!) {
  createProject(input: $input) { project { id } userErrors { field message } }
}
"""
TASK = """
mutation ($input: AddTaskInput!) {
  addTask(input: $input) { task { id: databaseId } userErrors { field message } }
}
"""
LINK = """
mutation ($input: AddDependencyInput!) {
  addDependency(input: $input) { dependency { type } userErrors { field message } }
}
"""
PERSON = """
mutation ($input: CreateResourceInput!) {
  createResource(input: $input) { resource { id } userErrors { field message } }
}
"""
RATE = """
mutation ($input: AddResourceRateInput!) {
  addResourceRate(input: $input) { rate { id } userErrors { field message } }
}
"""
ASSIGN = """
mutation ($input: AssignResourceInput!) {
  assignResource(input: $input) {
    assignment { units workHours cost resource { name } } userErrors { field message }
  }
}
"""
PLAN = """
query ($id: ID!) {
  project(id: $id) {
    projectFinish
    overAllocations {
      name from to days peakExcessHours excessHours tasks { taskName units }
    }
    tasks(first: 10) { edges { node {
      id name earlyStart earlyFinish totalFloat levellingDelayDays resourceCost budget
    } } }
    evm(statusDate: "2025-01-06") { bac }
  }
}
"""
CAPACITY = """
query ($id: ID!) {
  portfolio(id: $id) {
    capacity(from: "2025-01-06", to: "2025-01-17", grain: WEEK, by: RESOURCE) {
      rows { name demandHours capacityHours overAllocatedDays
             buckets { start demandHours overAllocatedDays } }
    }
    overAllocations(from: "2025-01-06", to: "2025-01-17") { name from to days }
  }
}
"""
LEVEL = """
mutation ($id: ID!) {
  levelProject(input: {projectId: $id}) { job { id state } userErrors { field message } }
}
"""
JOB = "query ($id: ID!) { job(id: $id) { state progress result error } }"
APPLY = """
mutation ($id: ID!) {
  applyLevelling(input: {jobId: $id, setBaseline: true, baselineName: "Levelled"}) {
    applied { tasksChanged projects { scheduledFinish baselineNumber } }
    userErrors { field message }
  }
}
"""
# Worked out by hand in the module docstring.
PEOPLE = {"Alice": ("80.00", None), "Bruno": ("100.00", "150.00"), "Carol": ("90.00", None)}
TASKS = {  # name: (days, after, who)
    "Backend design": ("2", None, "Alice"),
    "UI design": ("3", None, "Carol"),
    "Build API": ("3", "Backend design", "Bruno"),
    "Build UI": ("2", "UI design", "Bruno"),
}
BEFORE = {  # name: (start, finish, total float, resource cost)
    "Backend design": ("2025-01-06", "2025-01-07", 0.0, "1280.00"),
    "UI design": ("2025-01-06", "2025-01-08", 0.0, "2160.00"),
    "Build API": ("2025-01-08", "2025-01-10", 0.0, "2400.00"),
    "Build UI": ("2025-01-09", "2025-01-10", 0.0, "1600.00"),
}
AFTER = {
    "Backend design": ("2025-01-06", "2025-01-07", 2.0, "1280.00"),
    "UI design": ("2025-01-06", "2025-01-08", 2.0, "2160.00"),
    "Build API": ("2025-01-08", "2025-01-10", 2.0, "2400.00"),
    "Build UI": ("2025-01-13", "2025-01-14", 0.0, "2400.00"),
}
BRUNO_OVER = {
    "name": "Bruno",
    "from": "2025-01-09",
    "to": "2025-01-10",
    "days": 2,
    "peakExcessHours": 8.0,
    "excessHours": 16.0,
}


def _ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def _people(graphql: GraphQL) -> dict[str, str]:
    """Alice, Bruno and Carol, full time, with their rates (Bruno's raise on 13 January)."""
    ids = {}
    for name, (rate, raised) in PEOPLE.items():
        person = {"kind": "PERSON", "name": f"{name}", "maxUnits": "1.00"}
        ids[name] = _ok(graphql(PERSON, input=person)["createResource"])["resource"]["id"]
        for day, amount in (("2025-01-01", rate), ("2025-01-13", raised)):
            if amount is not None:
                rate_input = {
                    "resourceId": ids[name],
                    "effectiveFrom": day,
                    "ratePerHour": amount,
                    "currency": "EUR",
                }
                _ok(graphql(RATE, input=rate_input)["addResourceRate"])
    return ids


def _plan(graphql: GraphQL) -> dict[str, str]:
    """The portfolio, the project, its tasks and links, the people on them: GraphQL only."""
    name = f"E2E resources {secrets.token_hex(3)}"
    portfolio = _ok(graphql(PORTFOLIO, name=name)["createPortfolio"])["portfolio"]["id"]
    project = {
        "code": f"E2E-L-{secrets.token_hex(3)}".upper(),
        "name": name,
        "portfolioId": portfolio,
        "startDate": "2025-01-06",
        "currency": "EUR",
    }
    project_id = _ok(graphql(PROJECT, input=project)["createProject"])["project"]["id"]
    people = _people(graphql)
    ids: dict[str, str] = {"portfolio": portfolio, "project": project_id}
    for task_name, (days, after, who) in TASKS.items():
        task = {"projectId": project_id, "name": task_name, "durationDays": days}
        ids[task_name] = _ok(graphql(TASK, input=task)["addTask"])["task"]["id"]
        if after is not None:
            link = {
                "projectId": project_id,
                "predecessorId": ids[after],
                "successorId": ids[task_name],
            }
            _ok(graphql(LINK, input=link)["addDependency"])
        assignment = {"taskId": ids[task_name], "resourceId": people[who], "units": "1.00"}
        made = _ok(graphql(ASSIGN, input=assignment)["assignResource"])["assignment"]
        hours = Decimal(days) * 8
        assert (made["resource"]["name"], Decimal(made["workHours"])) == (who, hours)
    return ids


def _schedule(project: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    tasks = [edge["node"] for edge in project["tasks"]["edges"]]
    for task in tasks:  # no fixed costs: the budget is the resource cost
        assert task["budget"] == task["resourceCost"], task
    return {
        t["name"]: (t["earlyStart"], t["earlyFinish"], t["totalFloat"], t["resourceCost"])
        for t in tasks
    }


def _assert_over_allocated(graphql: GraphQL, plan: dict[str, str], project: dict[str, Any]) -> None:
    [over] = project["overAllocations"]
    tasks = sorted((t["taskName"], t["units"]) for t in over.pop("tasks"))
    assert over == BRUNO_OVER
    assert tasks == [("Build API", "1.00"), ("Build UI", "1.00")]
    portfolio = graphql(CAPACITY, id=plan["portfolio"])["portfolio"]
    rows = {row["name"]: row for row in portfolio["capacity"]["rows"]}
    bruno = rows["Bruno"]
    # 5 days x 8 h asked in the first week of the two (40 h each).
    assert (bruno["demandHours"], bruno["capacityHours"], bruno["overAllocatedDays"]) == (
        40.0,
        80.0,
        2,
    )
    assert [(b["start"], b["demandHours"], b["overAllocatedDays"]) for b in bruno["buckets"]] == [
        ("2025-01-06", 40.0, 2),
        ("2025-01-13", 0.0, 0),
    ]
    assert (rows["Alice"]["overAllocatedDays"], rows["Carol"]["overAllocatedDays"]) == (0, 0)
    assert portfolio["overAllocations"] == [
        {k: BRUNO_OVER[k] for k in ("name", "from", "to", "days")}
    ]


def _preview(graphql: GraphQL, plan: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """Queue the levelling preview, poll the job until it has finished: its result."""
    job = _ok(graphql(LEVEL, id=plan["project"])["levelProject"])["job"]
    assert job["state"] in ("QUEUED", "RUNNING", "SUCCEEDED")
    deadline = time.monotonic() + 60
    while True:
        polled = graphql(JOB, id=job["id"])["job"]
        if polled["state"] not in ("QUEUED", "RUNNING"):
            break
        assert time.monotonic() < deadline, polled
        time.sleep(0.2)
    assert polled["state"] == "SUCCEEDED", polled["error"]
    assert polled["progress"] == 1.0
    return job["id"], polled["result"]


def _assert_preview(result: dict[str, Any], plan: dict[str, str]) -> None:
    assert result["status"] == "optimal"
    assert (result["old_finish"][:10], result["new_finish"][:10]) == ("2025-01-10", "2025-01-14")
    assert result["delay_days"] == 2
    [moved] = result["moved_tasks"]
    assert (moved["task_id"], moved["name"]) == (plan["Build UI"], "Build UI")
    assert (moved["old_start"][:10], moved["old_finish"][:10]) == ("2025-01-09", "2025-01-10")
    assert (moved["new_start"][:10], moved["new_finish"][:10]) == ("2025-01-13", "2025-01-14")
    assert moved["levelling_delay_days"] == 2.0
    assert result["delays"] == {plan["Build UI"]: 2.0}


def test_levelling_resolves_an_over_allocation_and_moves_finish_float_and_cost(
    graphql: GraphQL,
) -> None:
    plan = _plan(graphql)
    project = graphql(PLAN, id=plan["project"])["project"]
    assert project["projectFinish"] == "2025-01-10"
    assert _schedule(project) == BEFORE
    assert project["evm"] == {"bac": "0.00"}  # no baseline yet
    _assert_over_allocated(graphql, plan, project)

    job_id, result = _preview(graphql, plan)
    _assert_preview(result, plan)
    unchanged = graphql(PLAN, id=plan["project"])["project"]
    assert unchanged["projectFinish"] == "2025-01-10"
    assert _schedule(unchanged) == BEFORE
    assert len(unchanged["overAllocations"]) == 1

    applied = _ok(graphql(APPLY, id=job_id)["applyLevelling"])["applied"]
    assert applied["tasksChanged"] == 1
    [levelled] = applied["projects"]
    assert (levelled["scheduledFinish"][:10], levelled["baselineNumber"]) == ("2025-01-14", 0)

    project = graphql(PLAN, id=plan["project"])["project"]
    assert project["projectFinish"] == "2025-01-14"
    assert _schedule(project) == AFTER
    delays = {e["node"]["name"]: e["node"]["levellingDelayDays"] for e in project["tasks"]["edges"]}
    assert delays == {"Backend design": 0.0, "UI design": 0.0, "Build API": 0.0, "Build UI": 2.0}
    assert sum(Decimal(row[3]) for row in AFTER.values()) == Decimal("8240.00")
    assert project["evm"]["bac"] == "8240.00"
    assert project["overAllocations"] == []
    portfolio = graphql(CAPACITY, id=plan["portfolio"])["portfolio"]
    assert portfolio["overAllocations"] == []
    [bruno] = [row for row in portfolio["capacity"]["rows"] if row["name"] == "Bruno"]
    assert [(b["start"], b["demandHours"]) for b in bruno["buckets"]] == [
        ("2025-01-06", 24.0),
        ("2025-01-13", 16.0),
    ]
