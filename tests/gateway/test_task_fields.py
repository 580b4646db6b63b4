"""The tasks connection asks the projects service only for the task fields the query
selects (``fields=``), through fragments and aliases, and still answers every field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import httpx

from services.gateway.tasks.types import TASK_WIRE_FIELDS, task_wire_fields
from services.projects.tasks.schemas import TASK_FIELDS
from shared.clients.projects import ProjectsClient
from shared.clients.projects.planning import DependencyCreate
from shared.clients.projects.projects import ProjectCreate
from shared.clients.projects.tasks import TaskCreate, TaskDTO, TaskFieldsDTO
from tests.gateway.conftest import Gateway, Seed, unique

TREE = """
query($id: ID!) {
  portfolio(id: $id) { projects(first: 10) { edges { node { code
    tasks(first: 2) { edges { node { id name percentComplete } } pageInfo { hasNextPage } }
  } } } }
}"""


def task_requests(gateway: Gateway) -> list[httpx.Request]:
    return [r for r in gateway.transports["projects"].requests if "tasks" in r.url.path]


def fields_sent(request: httpx.Request) -> set[str] | None:
    raw = request.url.params.get("fields")
    return None if raw is None else set(filter(None, raw.split(",")))


def task_nodes(answer: dict[str, Any]) -> list[dict[str, Any]]:
    assert "errors" not in answer, answer
    return [e["node"] for e in answer["data"]["project"]["tasks"]["edges"]]


async def test_tree_query_sends_only_the_selected_fields(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    portfolio, projects = await seed_portfolio(projects=3, tasks=3)
    gateway.reset_calls()
    answer = await gateway.query(TREE, {"id": str(portfolio.id)})
    assert "errors" not in answer, answer
    [request] = task_requests(gateway)
    assert request.url.path == "/v1/tasks/first-pages"
    assert request.url.params["fields"] == "name,percent_complete"
    assert gateway.calls() == 3
    edges = answer["data"]["portfolio"]["projects"]["edges"]
    assert [e["node"]["code"] for e in edges] == [p.code for p in projects]
    for edge in edges:
        tasks = edge["node"]["tasks"]
        assert [(t["node"]["name"], t["node"]["percentComplete"]) for t in tasks["edges"]] == [
            ("Task 0", 50.0),
            ("Task 1", 50.0),
        ]
        assert tasks["pageInfo"]["hasNextPage"] is True


async def test_fragments_and_aliases(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1, tasks=2)
    query = """
    query($id: ID!) { project(id: $id) { ...Plan } }
    fragment Plan on Project { tasks(first: 5) { ...Edges } }
    fragment Edges on TaskConnection {
      edges { node { ...Bits done: percentComplete ... on Task { starts: startDate } } }
    }
    fragment Bits on Task { id title: name wbsCode }
    """
    gateway.reset_calls()
    nodes = task_nodes(await gateway.query(query, {"id": str(project.id)}))
    [request] = task_requests(gateway)
    assert fields_sent(request) == {"name", "percent_complete", "wbs_code", "start_date"}
    assert [(n["title"], n["done"], n["wbsCode"], n["starts"]) for n in nodes] == [
        ("Task 0", 50.0, "1", "2025-01-06"),
        ("Task 1", 50.0, "2", "2025-01-06"),
    ]


async def test_merged_selections_of_one_field(gateway: Gateway, seed_portfolio: Seed) -> None:
    """The same response key selected twice (here once in a fragment) is one field whose
    selections add up."""
    _, [project] = await seed_portfolio(projects=1, tasks=1)
    query = """query($id: ID!) { project(id: $id) {
      tasks(first: 1) { edges { node { name } } } ...More } }
    fragment More on Project { tasks(first: 1) { edges { node { finishDate } } } }"""
    gateway.reset_calls()
    nodes = task_nodes(await gateway.query(query, {"id": str(project.id)}))
    [request] = task_requests(gateway)
    assert fields_sent(request) == {"name", "finish_date"}
    assert nodes == [{"name": "Task 0", "finishDate": "2025-01-10"}]


async def test_two_selections_of_one_page_share_one_call(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    """Aliased connections of the same size differ only in fields: one call fetches both."""
    _, [project] = await seed_portfolio(projects=1, tasks=2)
    query = """query($id: ID!) { project(id: $id) {
      a: tasks(first: 2) { edges { node { name } } }
      b: tasks(first: 2) { edges { node { durationDays createdAt } } } } }"""
    gateway.reset_calls()
    answer = await gateway.query(query, {"id": str(project.id)})
    assert "errors" not in answer, answer
    [request] = task_requests(gateway)
    assert fields_sent(request) == {"name", "duration_days", "created_at"}
    a, b = answer["data"]["project"]["a"], answer["data"]["project"]["b"]
    assert [e["node"]["name"] for e in a["edges"]] == ["Task 0", "Task 1"]
    assert all(e["node"]["durationDays"] == 5.0 for e in b["edges"])
    assert all(e["node"]["createdAt"] for e in b["edges"])


async def test_ids_only_sends_an_empty_fieldset(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1, tasks=2)
    gateway.reset_calls()
    query = "query($id: ID!) { project(id: $id) { tasks { edges { node { id position } } } } }"
    nodes = task_nodes(await gateway.query(query, {"id": str(project.id)}))
    [request] = task_requests(gateway)
    assert fields_sent(request) == set()
    assert [n["position"] for n in nodes] == [0, 1]


async def test_resumed_page_sends_fields(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1, tasks=3)
    query = """query($id: ID!, $after: String) { project(id: $id) {
      tasks(first: 2, after: $after) { edges { node { name } } pageInfo { endCursor } } } }"""
    first = await gateway.query(query, {"id": str(project.id)})
    after = first["data"]["project"]["tasks"]["pageInfo"]["endCursor"]
    gateway.reset_calls()
    nodes = task_nodes(await gateway.query(query, {"id": str(project.id), "after": after}))
    [request] = task_requests(gateway)
    assert request.url.path == f"/v1/projects/{project.id}/tasks"
    assert fields_sent(request) == {"name"}
    assert nodes == [{"name": "Task 2"}]


async def test_planning_fields_and_predecessors(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    project = await projects_client.create_project(
        ProjectCreate(code=unique("SF"), name="Sparse", start_date=date(2025, 1, 6))
    )
    a, b, _ = [
        await projects_client.add_task(project.id, TaskCreate(name=n, duration_days=Decimal(d)))
        for n, d in (("A", 3), ("B", 2), ("C", 1))
    ]
    await projects_client.add_dependency(
        project.id, DependencyCreate(predecessor_id=a.id, successor_id=b.id)
    )
    query = """query($id: ID!) { project(id: $id) { tasks(first: 10) { edges { node {
      earlyStart totalFloat critical predecessors { task { name } } } } } } }"""
    gateway.reset_calls()
    nodes = task_nodes(await gateway.query(query, {"id": str(project.id)}))
    first_pages = task_requests(gateway)[0]
    assert fields_sent(first_pages) == {"early_start", "total_float_days", "critical"}
    assert nodes == [
        {"earlyStart": "2025-01-06", "totalFloat": 0.0, "critical": True, "predecessors": []},
        {
            "earlyStart": "2025-01-09",
            "totalFloat": 0.0,
            "critical": True,
            "predecessors": [{"task": {"name": "A"}}],
        },
        {"earlyStart": "2025-01-06", "totalFloat": 4.0, "critical": False, "predecessors": []},
    ]


async def test_every_task_field_has_its_wire_fields(gateway: Gateway) -> None:
    """A Task field missing from the mapping would silently fetch every field."""
    answer = await gateway.query('{ __type(name: "Task") { fields { name } } }')
    graphql_fields = {f["name"] for f in answer["data"]["__type"]["fields"]}
    assert set(TASK_WIRE_FIELDS) - {"__typename"} == graphql_fields
    wire = {name for names in TASK_WIRE_FIELDS.values() for name in names}
    assert wire <= set(TASK_FIELDS)
    assert set(TaskFieldsDTO.model_fields) == set(TaskDTO.model_fields)


def test_an_unknown_field_asks_for_every_field() -> None:
    assert task_wire_fields({"name", "notInTheMapping"}) is None
    assert task_wire_fields({"name", "totalFloat", "project"}) == {"name", "total_float_days"}
