"""Assignments through GraphQL: a project's tasks with their people, resource cost and
budget in one upstream call per relation whatever the number of tasks; the mutations with
their userErrors and expectedVersion."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from shared.clients.projects import ProjectsClient
from shared.clients.projects.assignments import AssignmentCreate
from shared.clients.projects.portfolios import PortfolioCreate
from shared.clients.projects.projects import ProjectCreate, ProjectDTO
from shared.clients.projects.resources import RateCreate, ResourceCreate, ResourceDTO, ResourceKind
from shared.clients.projects.tasks import TaskCreate, TaskDTO
from tests.gateway.conftest import Gateway, unique

TASKS = """
query($id: ID!) {
  project(id: $id) {
    tasks(first: 100) { edges { node {
      name resourceCost budget
      assignments { units workHours cost currency resource { name } task { name } }
    } } }
  }
}
"""
RESOURCE = """
query($id: ID!) { resource(id: $id) { name assignments { units task { name } } } }
"""
ASSIGN = """
mutation($input: AssignResourceInput!) {
  assignResource(input: $input) {
    assignment { id version units workHours cost } userErrors { field message }
  }
}
"""
UPDATE = """
mutation($input: UpdateAssignmentInput!) {
  updateAssignment(input: $input) {
    assignment { id version units workHours cost } userErrors { field message }
  }
}
"""
UNASSIGN = """
mutation($input: UnassignResourceInput!) {
  unassignResource(input: $input) { deletedAssignmentId userErrors { field message } }
}
"""


async def _plan(client: ProjectsClient, tasks: int) -> tuple[ProjectDTO, list[TaskDTO]]:
    portfolio = await client.create_portfolio(PortfolioCreate(name=unique("AS"), currency="EUR"))
    project = await client.create_project(
        ProjectCreate(
            portfolio_id=portfolio.id,
            code=unique("AS"),
            name="Staffed",
            start_date=date(2026, 3, 2),
        )
    )
    made = [
        await client.add_task(
            project.id,
            TaskCreate(name=f"T{i:02}", duration_days=Decimal(5), cost=Decimal("100.00")),
        )
        for i in range(tasks)
    ]
    return project, made


async def _person(client: ProjectsClient, rate: str = "50.00") -> ResourceDTO:
    person = await client.create_resource(
        ResourceCreate(kind=ResourceKind.person, name=unique("Person"))
    )
    await client.add_resource_rate(
        person.id,
        RateCreate(effective_from=date(2026, 1, 1), rate_per_hour=Decimal(rate), currency="EUR"),
    )
    return person


async def test_tasks_with_assignments_in_one_call(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    counts = []
    for size in (3, 12):
        project, tasks = await _plan(projects_client, size)
        person = await _person(projects_client)
        for task in tasks:
            await projects_client.assign_resource(
                task.id, AssignmentCreate(resource_id=person.id, units=Decimal("0.5"))
            )
        gateway.reset_calls()
        answer = await gateway.query(TASKS, {"id": str(project.id)})
        assert "errors" not in answer, answer
        nodes = [e["node"] for e in answer["data"]["project"]["tasks"]["edges"]]
        assert len(nodes) == size
        # 5 days x 8 h x 0.5 = 20 h at 50 = 1,000; the budget adds the fixed 100.
        assert nodes[0]["resourceCost"] == "1000.00"
        assert nodes[0]["budget"] == "1100.00"
        [assigned] = nodes[0]["assignments"]
        assert assigned == {
            "units": "0.50",
            "workHours": "20.00",
            "cost": "1000.00",
            "currency": "EUR",
            "resource": {"name": person.name},
            "task": {"name": "T00"},
        }
        assert gateway.transports["projects"].paths().count("/v1/assignments") == 1
        counts.append(gateway.calls())
    assert counts[0] == counts[1]

    mine = await gateway.query(RESOURCE, {"id": str(person.id)})
    assert "errors" not in mine, mine
    assert len(mine["data"]["resource"]["assignments"]) == 12


async def _mutate(gateway: Gateway, query: str, payload: str, **input: Any) -> dict[str, Any]:
    answer = await gateway.query(query, {"input": input})
    assert "errors" not in answer, answer
    return answer["data"][payload]


async def test_assignment_mutations(gateway: Gateway, projects_client: ProjectsClient) -> None:
    _, [task] = await _plan(projects_client, 1)
    person = await _person(projects_client)
    made = await _mutate(
        gateway, ASSIGN, "assignResource", taskId=str(task.id), resourceId=str(person.id), units="1"
    )
    assert made["userErrors"] == []
    assignment = made["assignment"]
    assert (assignment["units"], assignment["workHours"], assignment["cost"]) == (
        "1.00",
        "40.00",
        "2000.00",
    )
    again = await _mutate(
        gateway, ASSIGN, "assignResource", taskId=str(task.id), resourceId=str(person.id), units="1"
    )
    assert again["assignment"] is None
    assert [e["field"] for e in again["userErrors"]] == ["resourceId"]
    both = await _mutate(
        gateway,
        ASSIGN,
        "assignResource",
        taskId=str(task.id),
        resourceId=str(person.id),
        units="1",
        workHours="8",
    )
    assert both["assignment"] is None and both["userErrors"]

    stale = await _mutate(
        gateway, UPDATE, "updateAssignment", id=assignment["id"], expectedVersion=7, workHours="20"
    )
    assert [e["field"] for e in stale["userErrors"]] == ["expectedVersion"]
    updated = await _mutate(
        gateway, UPDATE, "updateAssignment", id=assignment["id"], expectedVersion=1, workHours="20"
    )
    assert updated["userErrors"] == []
    assert (updated["assignment"]["units"], updated["assignment"]["version"]) == ("0.50", 2)

    gone = await _mutate(
        gateway, UNASSIGN, "unassignResource", id=assignment["id"], expectedVersion=2
    )
    assert gone == {"deletedAssignmentId": assignment["id"], "userErrors": []}
    assert (await projects_client.list_task_assignments(task.id)).items == []
