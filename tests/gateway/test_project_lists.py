"""A project's lists as Relay connections (baselines, the RAID log, change requests, status
updates, members): ``first``/``after`` paging, at most 100 a page, and the upstream calls
they cost, over the real projects service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from shared.clients.projects import ProjectsClient
from shared.clients.projects.costs import ActualCostCreate
from shared.clients.projects.members import MemberCreate, ProjectRole
from shared.clients.projects.planning import BaselineCapture
from shared.clients.projects.projects import ProjectCreate, ProjectDTO
from shared.clients.projects.records import (
    AssumptionCreate,
    ChangeRequestCreate,
    DecisionCreate,
    IssueCreate,
    Rag,
    RiskCreate,
    StatusUpdateCreate,
)
from tests.gateway.conftest import Gateway, Seed, unique

PAGE = """
query($id: ID!, $first: Int, $after: String) {
  project(id: $id) {
    %s(first: $first, after: $after) {
      edges { cursor node { %s } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}
"""

Add = Callable[[ProjectsClient, ProjectDTO, int], Awaitable[object]]


def _status_update(client: ProjectsClient, project: ProjectDTO, i: int) -> Awaitable[object]:
    rags = dict.fromkeys(
        ("overall_rag", "schedule_rag", "cost_rag", "scope_rag", "risk_rag"), Rag.green
    )
    return client.create_status_update(
        project.id, StatusUpdateCreate(as_of=date(2025, 1, 6 + i), narrative=f"week {i}", **rags)
    )


# GraphQL field -> (node field shown, how to add the i-th entry, its value in the list).
LISTS: dict[str, tuple[str, Add, Callable[[int], Any]]] = {
    "risks": (
        "title",
        lambda c, p, i: c.create_risk(p.id, RiskCreate(title=f"R{i}", probability=2, impact=3)),
        lambda i: f"R{i}",
    ),
    "issues": (
        "title",
        lambda c, p, i: c.create_issue(p.id, IssueCreate(title=f"I{i}")),
        lambda i: f"I{i}",
    ),
    "assumptions": (
        "title",
        lambda c, p, i: c.create_assumption(p.id, AssumptionCreate(title=f"A{i}")),
        lambda i: f"A{i}",
    ),
    "decisions": (
        "title",
        lambda c, p, i: c.create_decision(p.id, DecisionCreate(title=f"D{i}", decision="go")),
        lambda i: f"D{i}",
    ),
    "changeRequests": (
        "title",
        lambda c, p, i: c.create_change_request(
            p.id, ChangeRequestCreate(title=f"C{i}", cost_impact=Decimal("10.00"), currency="EUR")
        ),
        lambda i: f"C{i}",
    ),
    # Newest first: the last one added reports on the latest date.
    "statusUpdates": ("asOf", _status_update, lambda i: date(2025, 1, 6 + i).isoformat()),
    "baselines": (
        "number",
        lambda c, p, i: c.set_baseline(p.id, i, BaselineCapture(name=f"B{i}")),
        lambda i: i,
    ),
    # By the day incurred, oldest first.
    "actualCosts": (
        "amount",
        lambda c, p, i: c.create_actual_cost(
            p.id,
            ActualCostCreate(incurred_on=date(2025, 2, 1 + i), amount=Decimal(i), currency="EUR"),
        ),
        lambda i: f"{i}.00",
    ),
    # The creator (admin, as manager) comes first.
    "members": (
        "userId",
        lambda c, p, i: c.add_member(p.id, MemberCreate(user_id=f"m{i}", role=ProjectRole.viewer)),
        lambda i: f"m{i}",
    ),
}


async def _project(client: ProjectsClient) -> ProjectDTO:
    # Priced in a currency: actual costs are recorded in it.
    return await client.create_project(
        ProjectCreate(code=unique("LIST"), name="Lists", currency="EUR")
    )


async def _page(
    gateway: Gateway, name: str, project: ProjectDTO, first: int, after: str | None = None
) -> dict[str, Any]:
    answer = await gateway.query(
        PAGE % (name, LISTS[name][0]), {"id": str(project.id), "first": first, "after": after}
    )
    assert "errors" not in answer, answer
    return answer["data"]["project"][name]


def _shown(connection: dict[str, Any], name: str) -> list[Any]:
    return [edge["node"][LISTS[name][0]] for edge in connection["edges"]]


@pytest.mark.parametrize("name", list(LISTS))
async def test_a_project_list_pages_with_first_and_after(
    name: str, gateway: Gateway, projects_client: ProjectsClient
) -> None:
    project = await _project(projects_client)
    _, add, value = LISTS[name]
    for i in range(5):
        await add(projects_client, project, i)
    expected = [value(i) for i in range(5)]
    if name == "statusUpdates":
        expected.reverse()
    if name == "members":
        expected.insert(0, "admin")

    seen: list[Any] = []
    after = None
    for _ in range(3):
        gateway.reset_calls()
        page = await _page(gateway, name, project, 2, after)
        # The project, then one read of the list.
        assert gateway.calls() == 2
        seen += _shown(page, name)
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]
        after = info["endCursor"]
        if not info["hasNextPage"]:
            break
    assert seen == expected
    assert len(page["edges"]) == len(expected) - 4


async def test_first_pages_default_to_twenty(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    project = await _project(projects_client)
    for i in range(21):
        await projects_client.create_issue(project.id, IssueCreate(title=f"I{i:02}"))
    answer = await gateway.query(
        "query($id: ID!) { project(id: $id) { issues { edges { node { title } } "
        "pageInfo { hasNextPage } } } }",
        {"id": str(project.id)},
    )
    issues = answer["data"]["project"]["issues"]
    assert [e["node"]["title"] for e in issues["edges"]] == [f"I{i:02}" for i in range(20)]
    assert issues["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("name", list(LISTS))
async def test_more_than_100_a_page_is_refused_before_any_upstream_call(
    name: str, gateway: Gateway, projects_client: ProjectsClient
) -> None:
    project = await _project(projects_client)
    gateway.reset_calls()
    answer = await gateway.query(
        PAGE % (name, LISTS[name][0]), {"id": str(project.id), "first": 101}
    )
    assert answer["data"] == {"project": {name: None}}
    [error] = answer["errors"]
    assert error["path"] == ["project", name]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["fieldErrors"] == [
        {"field": "first", "message": "between 1 and 100"}
    ]
    # Only the project itself was read.
    assert gateway.transports["projects"].paths() == [f"/v1/projects/{project.id}"]


async def test_a_cursor_from_elsewhere_is_refused(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    project = await _project(projects_client)
    answer = await gateway.query(
        PAGE % ("risks", "title"), {"id": str(project.id), "first": 2, "after": "%%%"}
    )
    assert answer["data"] == {"project": {"risks": None}}
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


EVERY_LIST = """
query($id: ID!) {
  portfolio(id: $id) {
    projects(first: 50) { edges { node {
      code
      baselines(first: 10) { edges { node { number } } }
      risks(first: 2) { edges { node { title } } pageInfo { hasNextPage } }
      issues(first: 2) { edges { node { title } } pageInfo { hasNextPage } }
      assumptions(first: 2) { edges { node { title } } pageInfo { hasNextPage } }
      decisions(first: 2) { edges { node { title } } pageInfo { hasNextPage } }
      changeRequests(first: 2) { edges { node { title } } pageInfo { hasNextPage } }
      statusUpdates(first: 2) { edges { node { asOf } } pageInfo { hasNextPage } }
      members(first: 2) { edges { node { userId role } } pageInfo { hasNextPage } }
      actualCosts(first: 2) { edges { node { amount } } pageInfo { hasNextPage } }
    } } }
  }
}
"""

# The batch endpoint behind each list: every first page of a query, in one call.
BATCH_PATHS = {
    "baselines": "/v1/baselines",
    "risks": "/v1/risks/first-pages",
    "issues": "/v1/issues/first-pages",
    "assumptions": "/v1/assumptions/first-pages",
    "decisions": "/v1/decisions/first-pages",
    "changeRequests": "/v1/change-requests/first-pages",
    "statusUpdates": "/v1/status-updates/first-pages",
    "members": "/v1/members/first-pages",
    "actualCosts": "/v1/actual-costs/first-pages",
}


def _expected(name: str, entries: int, first: int) -> list[Any]:
    """What a project with ``entries`` of each list shows of ``name`` in its first page."""
    value = LISTS[name][2]
    shown = [value(i) for i in range(entries)]
    if name == "statusUpdates":
        shown.reverse()
    if name == "members":
        shown.insert(0, "admin")
    return shown if name == "baselines" else shown[:first]


@pytest.mark.parametrize("projects", [3, 12])
async def test_each_list_costs_one_call_whatever_the_number_of_projects(
    projects: int, gateway: Gateway, projects_client: ProjectsClient, seed_portfolio: Seed
) -> None:
    """DESIGN §4: the nine lists of a page of projects cost one upstream call each (their
    batch endpoints), next to the portfolio and its page of projects: 11 calls for 3
    projects as for 12 (one call per list and project before: 2 + 9 x 12 = 110 for 12)."""
    portfolio, created = await seed_portfolio(projects=projects)
    # Project n has n % 4 entries of each list: some none, some more than a page (of 2).
    for n, project in enumerate(created):
        for _, add, _ in LISTS.values():
            for i in range(n % 4):
                await add(projects_client, project, i)
    gateway.reset_calls()

    answer = await gateway.query(EVERY_LIST, {"id": str(portfolio.id)})

    assert "errors" not in answer, answer
    nodes = [e["node"] for e in answer["data"]["portfolio"]["projects"]["edges"]]
    assert [node["code"] for node in nodes] == [p.code for p in created]
    for n, node in enumerate(nodes):
        for name in LISTS:
            assert _shown(node[name], name) == _expected(name, n % 4, 2), (n, name)
            if name != "baselines":
                total = n % 4 + (name == "members")
                assert node[name]["pageInfo"]["hasNextPage"] is (total > 2), (n, name)
    paths = gateway.transports["projects"].paths()
    assert sorted(p for p in paths if p in BATCH_PATHS.values()) == sorted(BATCH_PATHS.values())
    assert gateway.calls() == 2 + len(LISTS)


async def test_pages_after_the_first_resume_in_each_projects_list(
    gateway: Gateway, projects_client: ProjectsClient, seed_portfolio: Seed
) -> None:
    """The cursor of a batched first page continues in the project's own list: one call
    per page resumed, the first pages still one call per list."""
    portfolio, created = await seed_portfolio(projects=3)
    for project in created:
        for i in range(3):
            await projects_client.create_risk(
                project.id, RiskCreate(title=f"R{i}", probability=1, impact=1)
            )
    first = await gateway.query(
        "query($id: ID!) { portfolio(id: $id) { projects(first: 3) { edges { node { "
        "risks(first: 2) { pageInfo { endCursor } } } } } } }",
        {"id": str(portfolio.id)},
    )
    cursors = [
        e["node"]["risks"]["pageInfo"]["endCursor"]
        for e in first["data"]["portfolio"]["projects"]["edges"]
    ]
    gateway.reset_calls()
    pages = [
        await _page(gateway, "risks", project, 2, cursor)
        for project, cursor in zip(created, cursors, strict=True)
    ]
    assert [_shown(page, "risks") for page in pages] == [["R2"]] * 3
    risk_paths = [p for p in gateway.transports["projects"].paths() if "risks" in p]
    assert risk_paths == [f"/v1/projects/{p.id}/risks" for p in created]


async def test_the_same_page_asked_twice_is_read_once(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    project = await _project(projects_client)
    await projects_client.create_risk(project.id, RiskCreate(title="Once", probability=1, impact=1))
    gateway.reset_calls()
    answer = await gateway.query(
        "query($id: ID!) { project(id: $id) { a: risks(first: 5) { edges { node { title } } } "
        "b: risks(first: 5) { edges { node { score } } } } }",
        {"id": str(project.id)},
    )
    assert answer["data"]["project"] == {
        "a": {"edges": [{"node": {"title": "Once"}}]},
        "b": {"edges": [{"node": {"score": 1}}]},
    }
    assert gateway.transports["projects"].paths().count("/v1/risks/first-pages") == 1
