"""The planning surface of a project through the gateway (issue 3, GraphQL acceptance): the
computed schedule of its tasks with their predecessors, the critical path, baselines, the
RAID log and change requests, over the real projects service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

import httpx

from shared.clients.projects import ProjectsClient
from shared.clients.projects.planning import BaselineCapture, DependencyCreate, LinkType
from shared.clients.projects.projects import ProjectCreate, ProjectDTO
from shared.clients.projects.records import (
    AssumptionCreate,
    ChangeRequestCreate,
    DecisionCreate,
    IssueCreate,
    RiskCreate,
)
from shared.clients.projects.tasks import TaskCreate, TaskDTO
from tests.gateway.conftest import Gateway, unique

MONDAY = date(2025, 1, 6)

PLAN = """
query($id: ID!, $first: Int, $after: String) {
  project(id: $id) {
    tasks(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node {
        name earlyStart earlyFinish lateStart lateFinish totalFloat freeFloat critical
        predecessors { type lag task { name } }
      } }
    }
    criticalPath { name wbsCode earlyStart earlyFinish totalFloat }
    projectFinish
    baselines { edges { node { number name capturedBy taskCount projectStart projectFinish } } }
    risks { edges { node { title probability impact score responseStrategy owner status } } }
    issues { edges { node { title severity status } } }
    assumptions { edges { node { title validatedBy } } }
    decisions { edges { node { title decision decidedBy } } }
    changeRequests { edges { node {
      title status scheduleImpactDays costImpact currency requestedBy
    } } }
  }
}
"""


async def new_project(client: ProjectsClient) -> ProjectDTO:
    return await client.create_project(
        ProjectCreate(code=unique("PLAN"), name="Planning", start_date=MONDAY)
    )


async def add_tasks(
    client: ProjectsClient, project: ProjectDTO, durations: dict[str, int]
) -> dict[str, TaskDTO]:
    return {
        name: await client.add_task(project.id, TaskCreate(name=name, duration_days=Decimal(days)))
        for name, days in durations.items()
    }


async def link(
    client: ProjectsClient,
    project: ProjectDTO,
    before: TaskDTO,
    after: TaskDTO,
    kind: LinkType = LinkType.FS,
    lag: str = "0",
) -> None:
    await client.add_dependency(
        project.id,
        DependencyCreate(
            predecessor_id=before.id, successor_id=after.id, type=kind, lag_days=Decimal(lag)
        ),
    )


RECORD_LISTS = ("baselines", "risks", "issues", "assumptions", "decisions", "changeRequests")


def listed(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def nodes(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert "errors" not in answer, answer
    edges = answer["data"]["project"]["tasks"]["edges"]
    return {e["node"]["name"]: e["node"] for e in edges}


async def test_schedule_of_a_finish_to_start_chain(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    """A (3d) -> B (2d) -> C (4d, after a 1-day lag), and D (2d) on its own, from Monday
    6 Jan 2025 on the default Mon-Fri calendar."""
    project = await new_project(projects_client)
    t = await add_tasks(projects_client, project, {"A": 3, "B": 2, "C": 4, "D": 2})
    await link(projects_client, project, t["A"], t["B"])
    await link(projects_client, project, t["B"], t["C"], lag="1")

    answer = await gateway.query(PLAN, {"id": str(project.id), "first": 10})
    tasks = nodes(answer)
    schedule = {
        name: (
            n["earlyStart"],
            n["earlyFinish"],
            n["lateStart"],
            n["lateFinish"],
            n["totalFloat"],
            n["freeFloat"],
            n["critical"],
        )
        for name, n in tasks.items()
    }
    assert schedule == {
        "A": ("2025-01-06", "2025-01-08", "2025-01-06", "2025-01-08", 0.0, 0.0, True),
        "B": ("2025-01-09", "2025-01-10", "2025-01-09", "2025-01-10", 0.0, 0.0, True),
        # Monday the 13th is the lag.
        "C": ("2025-01-14", "2025-01-17", "2025-01-14", "2025-01-17", 0.0, 0.0, True),
        # Free to slip until the project's finish: 8 working days.
        "D": ("2025-01-06", "2025-01-07", "2025-01-16", "2025-01-17", 8.0, 8.0, False),
    }
    assert tasks["A"]["predecessors"] == []
    assert tasks["B"]["predecessors"] == [{"type": "FS", "lag": 0.0, "task": {"name": "A"}}]
    assert tasks["C"]["predecessors"] == [{"type": "FS", "lag": 1.0, "task": {"name": "B"}}]
    assert tasks["D"]["predecessors"] == []

    project_answer = answer["data"]["project"]
    assert [c["name"] for c in project_answer["criticalPath"]] == ["A", "B", "C"]
    assert project_answer["criticalPath"][0] == {
        "name": "A",
        "wbsCode": "1",
        "earlyStart": "2025-01-06",
        "earlyFinish": "2025-01-08",
        "totalFloat": 0.0,
    }
    assert project_answer["projectFinish"] == "2025-01-17"
    assert {name: listed(project_answer[name]) for name in RECORD_LISTS} == {
        name: [] for name in RECORD_LISTS
    }


async def test_predecessors_of_all_link_types_across_pages(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    """A predecessor on another page of tasks still resolves; every link type and a lead."""
    project = await new_project(projects_client)
    t = await add_tasks(projects_client, project, {"P": 2, "Q": 3, "R": 2, "S": 1, "T": 4})
    await link(projects_client, project, t["P"], t["T"], LinkType.SS, "1")
    await link(projects_client, project, t["Q"], t["T"], LinkType.FF, "-0.5")
    await link(projects_client, project, t["R"], t["S"], LinkType.SF)

    first = await gateway.query(PLAN, {"id": str(project.id), "first": 3})
    page = first["data"]["project"]["tasks"]
    assert [e["node"]["name"] for e in page["edges"]] == ["P", "Q", "R"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = nodes(
        await gateway.query(
            PLAN, {"id": str(project.id), "first": 3, "after": page["pageInfo"]["endCursor"]}
        )
    )
    assert list(rest) == ["S", "T"]
    assert rest["S"]["predecessors"] == [{"type": "SF", "lag": 0.0, "task": {"name": "R"}}]
    assert sorted(rest["T"]["predecessors"], key=lambda p: p["task"]["name"]) == [
        {"type": "SS", "lag": 1.0, "task": {"name": "P"}},
        {"type": "FF", "lag": -0.5, "task": {"name": "Q"}},
    ]


async def test_baselines_raid_and_change_requests(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    project = await new_project(projects_client)
    t = await add_tasks(projects_client, project, {"Design": 5, "Build": 10})
    await link(projects_client, project, t["Design"], t["Build"])
    await projects_client.set_baseline(project.id, 0, BaselineCapture(name="Approved plan"))
    await projects_client.set_baseline(project.id, 1)
    await projects_client.create_risk(
        project.id,
        RiskCreate(
            title="Vendor late",
            probability=4,
            impact=3,
            response_strategy="mitigate",
            owner="alice",
            task_ids=[t["Build"].id],
        ),
    )
    await projects_client.create_issue(
        project.id, IssueCreate(title="Test rig broken", severity="high")
    )
    await projects_client.create_assumption(
        project.id, AssumptionCreate(title="Team of five", validated_by="bob")
    )
    await projects_client.create_decision(
        project.id,
        DecisionCreate(title="Stack", decision="Use PostgreSQL", decided_by="carol"),
    )
    await projects_client.create_change_request(
        project.id,
        ChangeRequestCreate(
            title="Add reporting",
            schedule_impact_days=Decimal("3.5"),
            cost_impact=Decimal("1250.00"),
            currency="EUR",
        ),
    )

    answer = await gateway.query(PLAN, {"id": str(project.id)})
    assert "errors" not in answer, answer
    data = answer["data"]["project"]
    assert data["projectFinish"] == "2025-01-24"
    assert [c["name"] for c in data["criticalPath"]] == ["Design", "Build"]
    baselines = {b["number"]: b for b in listed(data["baselines"])}
    assert sorted(baselines) == [0, 1]
    assert baselines[0]["name"] == "Approved plan"
    assert baselines[0]["taskCount"] == 2
    assert (baselines[0]["projectStart"], baselines[0]["projectFinish"]) == (
        "2025-01-06",
        "2025-01-24",
    )
    assert baselines[1]["capturedBy"]
    assert listed(data["risks"]) == [
        {
            "title": "Vendor late",
            "probability": 4,
            "impact": 3,
            "score": 12,
            "responseStrategy": "mitigate",
            "owner": "alice",
            "status": "open",
        }
    ]
    assert listed(data["issues"]) == [
        {"title": "Test rig broken", "severity": "high", "status": "open"}
    ]
    assert listed(data["assumptions"]) == [{"title": "Team of five", "validatedBy": "bob"}]
    assert listed(data["decisions"]) == [
        {"title": "Stack", "decision": "Use PostgreSQL", "decidedBy": "carol"}
    ]
    [change] = listed(data["changeRequests"])
    assert change["title"] == "Add reporting"
    assert change["status"] == "draft"
    assert (change["scheduleImpactDays"], change["costImpact"], change["currency"]) == (
        3.5,
        "1250.00",
        "EUR",
    )
    assert change["requestedBy"]


async def test_upstream_calls_do_not_grow_with_the_tasks(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    """5 or 30 linked tasks: the same upstream calls, one per relation kind."""
    counts, paths = [], []
    for size in (5, 30):
        project = await new_project(projects_client)
        t = await add_tasks(projects_client, project, {f"T{i:02}": 1 for i in range(size)})
        chain = list(t.values())
        for before, after in pairwise(chain):
            await link(projects_client, project, before, after)
        gateway.reset_calls()
        answer = await gateway.query(PLAN, {"id": str(project.id), "first": 100})
        tasks = nodes(answer)
        assert len(tasks) == size
        assert tasks[f"T{size - 1:02}"]["predecessors"] == [
            {"type": "FS", "lag": 0.0, "task": {"name": f"T{size - 2:02}"}}
        ]
        assert len(answer["data"]["project"]["criticalPath"]) == size
        counts.append(gateway.calls())
        paths.append(
            sorted(
                p.replace(str(project.id), "{id}") for p in gateway.transports["projects"].paths()
            )
        )
    assert counts[0] == counts[1]
    assert paths[0] == paths[1]
    assert paths[1] == sorted(
        [
            "/v1/projects/{id}",
            "/v1/tasks/first-pages",  # the page of tasks
            "/v1/dependencies",  # the links into the tasks of the page
            "/v1/tasks",  # the far ends of those links, by id
            "/v1/projects/{id}/critical-path",
            # The project's lists, through their batch endpoints.
            "/v1/baselines",
            "/v1/risks/first-pages",
            "/v1/issues/first-pages",
            "/v1/assumptions/first-pages",
            "/v1/decisions/first-pages",
            "/v1/change-requests/first-pages",
        ]
    )


async def test_upstream_calls_do_not_grow_with_the_project(
    gateway: Gateway, projects_client: ProjectsClient, projects_http
) -> None:
    """A page of 20 tasks of a 600-task chain costs the calls a 5-task project costs: the
    predecessors and their tasks are read for the page only, not for the whole plan."""
    project = await new_project(projects_client)
    url = f"/v1/projects/{project.id}"
    tasks = [
        {"external_source": "x", "external_id": f"T{i:03}", "name": f"T{i:03}", "duration_days": 1}
        for i in range(600)
    ]
    links = [
        {
            "external_source": "x",
            "external_id": f"L{i:03}",
            "predecessor_external_id": f"T{i - 1:03}",
            "successor_external_id": f"T{i:03}",
        }
        for i in range(1, 600)
    ]
    for path, items in (("tasks:bulk", tasks), ("dependencies:bulk", links)):
        response = await projects_http.post(f"{url}/{path}", json={"items": items})
        assert response.status_code == 200, response.text
    gateway.reset_calls()
    answer = await gateway.query(PLAN, {"id": str(project.id), "first": 20})
    assert "errors" not in answer, answer
    page = nodes(answer)
    assert len(page) == 20
    assert page["T019"]["predecessors"] == [{"type": "FS", "lag": 0.0, "task": {"name": "T018"}}]
    assert page["T000"]["predecessors"] == []
    assert answer["data"]["project"]["tasks"]["pageInfo"]["hasNextPage"]
    assert gateway.calls() == 11  # as for 5 or 30 tasks above


PROGRESS = """
query($id: ID!) {
  project(id: $id) {
    statusDate
    progressSettings {
      mode moveCompletedEndsBack moveRemainingStartsBack moveRemainingStartsForward
      moveCompletedEndsForward splitInProgressTasks
    }
    tasks(first: 10) { edges { node {
      name percentComplete actualDuration remainingDuration stop resume isSplit earlyFinish
    } } }
  }
}
"""


async def test_progress_and_a_split_task(
    gateway: Gateway, projects_client: ProjectsClient, projects_http: httpx.AsyncClient
) -> None:
    """A 4-day task, 1 day done, behind schedule at the status date (Wed 8 Jan) in
    MS Project mode with its remaining work moved forward: split, resuming Thursday."""
    project = await new_project(projects_client)
    await projects_client.add_task(
        project.id, TaskCreate(name="Build", duration_days=Decimal(4), percent_complete=25)
    )
    settings = {
        "status_date": "2025-01-08",
        "progress_mode": "ms_project",
        "move_remaining_starts_forward": True,
    }
    response = await projects_http.patch(
        f"/v1/projects/{project.id}/schedule-settings", json=settings
    )
    assert response.status_code == 200, response.text
    answer = await gateway.query(PROGRESS, {"id": str(project.id)})
    assert "errors" not in answer, answer
    data = answer["data"]["project"]
    assert data["statusDate"] == "2025-01-08"
    assert data["progressSettings"] == {
        "mode": "MS_PROJECT",
        "moveCompletedEndsBack": False,
        "moveRemainingStartsBack": False,
        "moveRemainingStartsForward": True,
        "moveCompletedEndsForward": False,
        "splitInProgressTasks": True,
    }
    assert nodes(answer)["Build"] == {
        "name": "Build",
        "percentComplete": 25.0,
        "actualDuration": 1.0,
        "remainingDuration": 3.0,
        "stop": "2025-01-06",
        "resume": "2025-01-09",
        "isSplit": True,
        "earlyFinish": "2025-01-13",
    }


ADD_DEPENDENCY = """
mutation($input: AddDependencyInput!) {
  addDependency(input: $input) {
    dependency { type lag task { name } }
    userErrors { field message }
  }
}
"""
SCHEDULE = """
query($id: ID!) {
  project(id: $id) {
    tasks(first: 10) { edges { node { name earlyStart levellingDelayDays } } }
  }
}
"""


async def test_add_dependency_reschedules_and_a_cycle_is_a_user_error(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    """A (3d) -> B (2d) with a 1-day lag, linked through GraphQL: B starts Friday 10 Jan
    (Thursday the 9th is the lag); linking B -> A back is a cycle, a userError, no link."""
    project = await new_project(projects_client)
    t = await add_tasks(projects_client, project, {"A": 3, "B": 2})
    link = {
        "projectId": str(project.id),
        "predecessorId": str(t["A"].id),
        "successorId": str(t["B"].id),
        "lagDays": "1",
    }
    answer = await gateway.query(ADD_DEPENDENCY, {"input": link})
    assert "errors" not in answer, answer
    payload = answer["data"]["addDependency"]
    assert payload == {
        "dependency": {"type": "FS", "lag": 1.0, "task": {"name": "A"}},
        "userErrors": [],
    }
    tasks = nodes(await gateway.query(SCHEDULE, {"id": str(project.id)}))
    assert tasks["B"] == {"name": "B", "earlyStart": "2025-01-10", "levellingDelayDays": 0.0}

    back = {**link, "predecessorId": str(t["B"].id), "successorId": str(t["A"].id)}
    del back["lagDays"]
    answer = await gateway.query(ADD_DEPENDENCY, {"input": back})
    assert "errors" not in answer, answer
    refused = answer["data"]["addDependency"]
    assert refused["dependency"] is None and refused["userErrors"], refused
    links = await projects_client.list_dependencies(project.id)
    assert len(links.items) == 1


async def test_add_dependency_with_a_bad_id_is_a_user_error(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    project = await new_project(projects_client)
    t = await add_tasks(projects_client, project, {"A": 1})
    link = {"projectId": str(project.id), "predecessorId": "nope", "successorId": str(t["A"].id)}
    answer = await gateway.query(ADD_DEPENDENCY, {"input": link})
    assert "errors" not in answer, answer
    payload = answer["data"]["addDependency"]
    assert payload["dependency"] is None
    assert [e["field"] for e in payload["userErrors"]] == ["predecessorId"]
