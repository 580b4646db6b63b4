"""Reads through the gateway over the real projects service."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from shared.clients.projects import ProjectsClient
from shared.clients.projects.portfolios import PortfolioCreate
from shared.clients.projects.projects import (
    ProjectCreate,
    ProjectPhaseChange,
    ProjectStatus,
)
from shared.service_identity import GOVERNANCE, ServiceIdentity
from tests.gateway.conftest import Gateway, Seed, global_id, unique

PORTFOLIO_TREE = """
query($id: ID!, $first: Int, $tasks: Int) {
  portfolio(id: $id) {
    id name
    projects(first: $first) {
      edges { cursor node {
        id code name status budget currency
        tasks(first: $tasks) {
          edges { node { id name percentComplete startDate finishDate } }
          pageInfo { hasNextPage endCursor }
        }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""

PROJECTS = """
query($first: Int, $after: String, $status: [ProjectStatus!], $portfolioId: ID, $search: String) {
  projects(first: $first, after: $after, status: $status, portfolioId: $portfolioId,
           search: $search) {
    edges { cursor node { id code status } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""


def codes(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["code"] for edge in connection["edges"]]


async def test_portfolio_tree(gateway: Gateway, seed_portfolio: Seed) -> None:
    portfolio, projects = await seed_portfolio(projects=3, tasks=3)
    answer = await gateway.query(PORTFOLIO_TREE, {"id": str(portfolio.id), "tasks": 2})
    assert "errors" not in answer
    tree = answer["data"]["portfolio"]
    assert tree["name"] == portfolio.name
    assert codes(tree["projects"]) == [p.code for p in projects]
    node = tree["projects"]["edges"][0]["node"]
    assert (node["status"], node["budget"], node["currency"]) == ("PROPOSED", "1000.50", "EUR")
    tasks = node["tasks"]
    assert [e["node"]["name"] for e in tasks["edges"]] == ["Task 0", "Task 1"]
    first_task = tasks["edges"][0]["node"]
    assert first_task["percentComplete"] == 50.0
    assert (first_task["startDate"], first_task["finishDate"]) == ("2025-01-06", "2025-01-10")
    assert tasks["pageInfo"]["hasNextPage"] is True


async def test_upstream_calls_bounded_by_depth_not_list_size(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    counts = []
    for size in (5, 50):
        portfolio, _ = await seed_portfolio(projects=size, tasks=2)
        gateway.reset_calls()
        answer = await gateway.query(
            PORTFOLIO_TREE, {"id": str(portfolio.id), "first": 100, "tasks": 10}
        )
        assert "errors" not in answer
        edges = answer["data"]["portfolio"]["projects"]["edges"]
        assert len(edges) == size
        assert all(len(e["node"]["tasks"]["edges"]) == 2 for e in edges)
        counts.append(gateway.calls())
    # One call per level: the portfolio, its projects page, the tasks of all those projects.
    assert counts == [3, 3]
    paths = gateway.transports["projects"].paths()
    assert paths == [
        f"/v1/portfolios/{portfolio.id}",
        "/v1/projects/first-pages",
        "/v1/tasks/first-pages",
    ]


PORTFOLIOS_TREE = """
query($first: Int!, $after: String) {
  portfolios(first: $first, after: $after) {
    edges { node { id name projects(first: 5) { edges { node { code
      tasks(first: 5) { edges { node { name } } } } } } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def test_portfolio_list_calls_bounded_by_depth(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    """A page of portfolios with their projects and tasks: three calls however many."""
    for _ in range(12):
        await seed_portfolio(projects=2, tasks=1)
    counts, seen, after = [], 0, None
    for size in (3, 12):
        gateway.reset_calls()
        answer = await gateway.query(PORTFOLIOS_TREE, {"first": size, "after": after})
        assert "errors" not in answer, answer
        edges = answer["data"]["portfolios"]["edges"]
        assert len(edges) == size
        seen += sum(len(e["node"]["projects"]["edges"]) for e in edges)
        after = answer["data"]["portfolios"]["pageInfo"]["endCursor"]
        counts.append(gateway.calls())
    assert counts == [3, 3]
    assert gateway.transports["projects"].paths() == [
        "/v1/portfolios",
        "/v1/projects/first-pages",
        "/v1/tasks/first-pages",
    ]
    assert seen > 0


async def test_project_by_id(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1)
    answer = await gateway.query(
        "query($id: ID!){ project(id: $id) { id code name status portfolio { id } } }",
        {"id": str(project.id)},
    )
    assert answer["data"]["project"] == {
        "id": global_id("Project", project.id),
        "code": project.code,
        "name": project.name,
        "status": "PROPOSED",
        "portfolio": {"id": global_id("Portfolio", project.portfolio_id)},
    }


async def test_projects_filters_and_cursor_paging(
    gateway: Gateway, seed_portfolio: Seed, projects_app: FastAPI, governance_token: str
) -> None:
    portfolio, projects = await seed_portfolio(projects=5)
    # Approved as its gate review approves it: by the governance service, as itself.
    transport = httpx.ASGITransport(app=projects_app)
    async with ProjectsClient("http://projects", transport=transport) as as_governance:
        with ServiceIdentity(GOVERNANCE, token=governance_token).acting():
            approved_project = await as_governance.set_project_phase(
                projects[0].id, ProjectPhaseChange(phase="Planning", status=ProjectStatus.approved)
            )
    assert (approved_project.phase, approved_project.status) == ("Planning", "approved")
    scope = {"portfolioId": str(portfolio.id)}

    approved = await gateway.query(PROJECTS, {**scope, "status": ["APPROVED"]})
    assert codes(approved["data"]["projects"]) == [projects[0].code]
    found = await gateway.query(PROJECTS, {**scope, "search": projects[3].code})
    assert codes(found["data"]["projects"]) == [projects[3].code]

    page1 = (await gateway.query(PROJECTS, {**scope, "first": 2}))["data"]["projects"]
    assert page1["pageInfo"]["hasNextPage"] is True
    assert page1["pageInfo"]["endCursor"] == page1["edges"][-1]["cursor"]
    after = {**scope, "first": 2, "after": page1["pageInfo"]["endCursor"]}
    page2 = (await gateway.query(PROJECTS, after))["data"]["projects"]
    assert codes(page2) == [p.code for p in projects[2:4]]
    assert page2["pageInfo"]["hasPreviousPage"] is True
    # A cursor from the middle of a page resumes right after that edge, too.
    middle = {**scope, "first": 10, "after": page1["edges"][0]["cursor"]}
    rest = (await gateway.query(PROJECTS, middle))["data"]["projects"]
    assert codes(rest) == [p.code for p in projects[1:]]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_task_pages_resume_from_end_cursor(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1, tasks=5)
    query = """query($id: ID!, $after: String) { project(id: $id) {
      tasks(first: 3, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } }
    } }"""
    first = (await gateway.query(query, {"id": str(project.id)}))["data"]["project"]["tasks"]
    cursor = first["pageInfo"]["endCursor"]
    second = await gateway.query(query, {"id": str(project.id), "after": cursor})
    tasks = second["data"]["project"]["tasks"]
    assert [e["node"]["name"] for e in tasks["edges"]] == ["Task 3", "Task 4"]
    assert tasks["pageInfo"]["hasNextPage"] is False


async def test_unknown_project_is_not_found(gateway: Gateway) -> None:
    answer = await gateway.query('{ project(id: "00000000-0000-4000-8000-000000000000") { id } }')
    assert answer["data"] == {"project": None}
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["status"] == 404
    assert error["path"] == ["project"]


async def test_malformed_id_is_bad_input_without_upstream_call(gateway: Gateway) -> None:
    answer = await gateway.query('{ project(id: "nope") { id } }')
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert gateway.calls() == 0


async def test_relations_of_a_list_are_batched(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    marker = unique("batch")
    portfolios = [
        await projects_client.create_portfolio(PortfolioCreate(name=marker)) for _ in "abc"
    ]
    for portfolio in portfolios:
        for _ in range(2):
            await projects_client.create_project(
                ProjectCreate(portfolio_id=portfolio.id, code=unique("GW"), name=marker)
            )
    gateway.reset_calls()
    answer = await gateway.query(
        """query($q: String) { projects(first: 10, search: $q) {
             edges { node { portfolio { id name } } } } }""",
        {"q": marker},
    )
    names = [e["node"]["portfolio"]["name"] for e in answer["data"]["projects"]["edges"]]
    assert names == [marker] * 6
    assert gateway.transports["projects"].paths() == ["/v1/projects", "/v1/portfolios"]
