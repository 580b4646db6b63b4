"""Programs and actual costs through GraphQL: the portfolio -> program -> project tree in
a bounded number of upstream calls, the mutations with their userErrors, and a project's
actual costs as a connection."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from shared.clients.projects import ProjectsClient
from shared.clients.projects.costs import ActualCostCreate, CostCategory
from shared.clients.projects.members import MemberCreate, ProjectRole
from shared.clients.projects.portfolios import PortfolioCreate
from shared.clients.projects.programs import ProgramCreate
from shared.clients.projects.projects import ProjectCreate
from shared.clients.projects.tasks import TaskCreate
from tests.gateway.conftest import Gateway, Seed, global_id, unique

TREE = """
query($id: ID!) {
  portfolio(id: $id) {
    name currency
    programs(first: 10) {
      edges { node {
        name manager portfolio { id }
        projects(first: 10) { edges { node { code program { name } } } pageInfo { hasNextPage } }
      } }
      pageInfo { hasNextPage }
    }
  }
}
"""
CREATE_PROGRAM = """
mutation($input: CreateProgramInput!) {
  createProgram(input: $input) {
    program { id name description manager version portfolio { id currency } }
    userErrors { field message }
  }
}
"""
UPDATE_PROGRAM = """
mutation($input: UpdateProgramInput!) {
  updateProgram(input: $input) { program { id name version } userErrors { field message } }
}
"""
DELETE_PROGRAM = """
mutation($input: DeleteProgramInput!) {
  deleteProgram(input: $input) { deletedProgramId userErrors { field message } }
}
"""
UPDATE_PROJECT = """
mutation($input: UpdateProjectInput!) {
  updateProject(input: $input) { project { id program { id } } userErrors { field message } }
}
"""
RECORD_COST = """
mutation($input: RecordActualCostInput!) {
  recordActualCost(input: $input) {
    actualCost { id incurredOn amount currency category description task { name } version }
    userErrors { field message }
  }
}
"""
UPDATE_COST = """
mutation($input: UpdateActualCostInput!) {
  updateActualCost(input: $input) {
    actualCost { id amount category task { name } version } userErrors { field message }
  }
}
"""
DELETE_COST = """
mutation($input: DeleteActualCostInput!) {
  deleteActualCost(input: $input) { deletedActualCostId userErrors { field message } }
}
"""
COSTS = """
query($id: ID!) {
  project(id: $id) {
    currency portfolio { currency }
    actualCosts(first: 10) {
      edges { node { incurredOn amount currency category externalSource externalId } }
    }
  }
}
"""


async def _mutate(gateway: Gateway, query: str, payload: str, **input: Any) -> dict[str, Any]:
    answer = await gateway.query(query, {"input": input})
    assert "errors" not in answer, answer
    return answer["data"][payload]


def _fields(payload: dict[str, Any]) -> set[str | None]:
    return {e["field"] for e in payload["userErrors"]}


async def test_the_tree_costs_three_calls_whatever_its_size(
    gateway: Gateway, projects_client: ProjectsClient
) -> None:
    portfolio = await projects_client.create_portfolio(
        PortfolioCreate(name=unique("TREE"), currency="CHF")
    )
    programs = [
        await projects_client.create_program(
            ProgramCreate(portfolio_id=portfolio.id, name=f"P{i}", manager=f"m{i}")
        )
        for i in range(3)
    ]
    codes: dict[str, list[str]] = {}
    for n, program in enumerate(programs):
        codes[program.name] = []
        for _ in range(n + 1):
            project = await projects_client.create_project(
                ProjectCreate(
                    code=unique("TREE"),
                    name="Tree",
                    portfolio_id=portfolio.id,
                    program_id=program.id,
                )
            )
            codes[program.name].append(project.code)
    gateway.reset_calls()

    answer = await gateway.query(TREE, {"id": str(portfolio.id)})

    assert "errors" not in answer, answer
    tree = answer["data"]["portfolio"]
    assert tree["currency"] == "CHF"
    nodes = [edge["node"] for edge in tree["programs"]["edges"]]
    assert [(n["name"], n["manager"]) for n in nodes] == [("P0", "m0"), ("P1", "m1"), ("P2", "m2")]
    for node in nodes:
        assert node["portfolio"]["id"] == global_id("Portfolio", portfolio.id)
        shown = [e["node"] for e in node["projects"]["edges"]]
        assert sorted(p["code"] for p in shown) == sorted(codes[node["name"]])
        assert {p["program"]["name"] for p in shown} == {node["name"]}
    # The portfolio, its programs' first page, their projects' first pages: the programs
    # and the portfolio the nodes point back to are already in the request's loaders.
    assert gateway.transports["projects"].paths() == [
        f"/v1/portfolios/{portfolio.id}",
        "/v1/programs/first-pages",
        "/v1/projects/first-pages-by-program",
    ]


async def test_program_mutations(gateway: Gateway, seed_portfolio: Seed, make_token) -> None:
    portfolio, [project] = await seed_portfolio(projects=1)
    created = await _mutate(
        gateway,
        CREATE_PROGRAM,
        "createProgram",
        portfolioId=str(portfolio.id),
        name="Platforms",
        description="Shared platforms",
        manager="dana",
    )
    assert created["userErrors"] == []
    program = created["program"]
    assert (program["name"], program["manager"], program["version"]) == ("Platforms", "dana", 1)
    assert program["portfolio"] == {"id": global_id("Portfolio", portfolio.id), "currency": "EUR"}

    duplicate = await _mutate(
        gateway, CREATE_PROGRAM, "createProgram", portfolioId=str(portfolio.id), name="Platforms"
    )
    assert duplicate["program"] is None and _fields(duplicate) == {"name"}
    unknown = await _mutate(
        gateway,
        CREATE_PROGRAM,
        "createProgram",
        portfolioId="00000000-0000-4000-8000-000000000000",
        name="Nowhere",
    )
    assert _fields(unknown) == {"portfolioId"}
    forbidden = await gateway.query(
        CREATE_PROGRAM,
        {"input": {"portfolioId": str(portfolio.id), "name": "Mine"}},
        token=make_token("member"),
    )
    assert forbidden["data"] == {"createProgram": None}
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    renamed = await _mutate(
        gateway, UPDATE_PROGRAM, "updateProgram", id=program["id"], expectedVersion=1, name="Core"
    )
    assert (renamed["program"]["name"], renamed["program"]["version"]) == ("Core", 2)
    stale = await _mutate(
        gateway, UPDATE_PROGRAM, "updateProgram", id=program["id"], expectedVersion=1, name="X"
    )
    assert _fields(stale) == {"expectedVersion"}

    joined = await _mutate(
        gateway, UPDATE_PROJECT, "updateProject", id=str(project.id), programId=program["id"]
    )
    assert joined["project"]["program"] == {"id": program["id"]}
    refused = await _mutate(gateway, DELETE_PROGRAM, "deleteProgram", id=program["id"])
    assert refused["deletedProgramId"] is None and _fields(refused) == {"id"}
    assert "project" in refused["userErrors"][0]["message"]
    await _mutate(gateway, UPDATE_PROJECT, "updateProject", id=str(project.id), programId=None)
    deleted = await _mutate(gateway, DELETE_PROGRAM, "deleteProgram", id=program["id"])
    assert deleted == {"deletedProgramId": program["id"], "userErrors": []}


async def test_a_program_of_another_portfolio_is_a_user_error(
    gateway: Gateway, seed_portfolio: Seed, projects_client: ProjectsClient
) -> None:
    _, [project] = await seed_portfolio(projects=1)
    other, _ = await seed_portfolio(projects=0)
    foreign = await projects_client.create_program(
        ProgramCreate(portfolio_id=other.id, name=unique("F"))
    )
    payload = await _mutate(
        gateway, UPDATE_PROJECT, "updateProject", id=str(project.id), programId=str(foreign.id)
    )
    assert payload["project"] is None
    assert payload["userErrors"] == [
        {"field": "programId", "message": "the program belongs to another portfolio"}
    ]


async def test_actual_cost_mutations(
    gateway: Gateway, seed_portfolio: Seed, projects_client: ProjectsClient
) -> None:
    _, [project, other] = await seed_portfolio(projects=2)
    task = await projects_client.add_task(project.id, TaskCreate(name="Build"))
    foreign = await projects_client.add_task(other.id, TaskCreate(name="Elsewhere"))
    base = {"projectId": str(project.id), "incurredOn": "2025-02-03", "currency": "EUR"}
    recorded = await _mutate(
        gateway,
        RECORD_COST,
        "recordActualCost",
        **base,
        amount="1250.5",
        category="LABOUR",
        taskId=str(task.id),
        description="Week 1",
    )
    assert recorded["userErrors"] == []
    cost = recorded["actualCost"]
    assert {k: cost[k] for k in ("incurredOn", "amount", "currency", "category", "task")} == {
        "incurredOn": "2025-02-03",
        "amount": "1250.50",
        "currency": "EUR",
        "category": "LABOUR",
        "task": {"name": "Build"},
    }

    bad = [
        ({"amount": "-1.00"}, {"amount"}),
        ({"amount": "lots"}, {"amount"}),
        ({"amount": "1.00", "currency": "USD"}, {"currency"}),
        ({"amount": "1.00", "taskId": str(foreign.id)}, {"taskId"}),
    ]
    for change, fields in bad:
        payload = await _mutate(gateway, RECORD_COST, "recordActualCost", **{**base, **change})
        assert payload["actualCost"] is None and _fields(payload) == fields, change
    other_currency = await _mutate(
        gateway, RECORD_COST, "recordActualCost", **{**base, "amount": "1", "currency": "USD"}
    )
    assert "exchange rates" in other_currency["userErrors"][0]["message"]

    updated = await _mutate(
        gateway,
        UPDATE_COST,
        "updateActualCost",
        id=cost["id"],
        expectedVersion=1,
        amount="1300.00",
        taskId=None,
        category="SERVICES",
    )
    assert updated["actualCost"] == {
        "id": cost["id"],
        "amount": "1300.00",
        "category": "SERVICES",
        "task": None,
        "version": 2,
    }
    stale = await _mutate(
        gateway, UPDATE_COST, "updateActualCost", id=cost["id"], expectedVersion=1, amount="1"
    )
    assert _fields(stale) == {"expectedVersion"}
    deleted = await _mutate(gateway, DELETE_COST, "deleteActualCost", id=cost["id"])
    assert deleted == {"deletedActualCostId": cost["id"], "userErrors": []}
    gone = await gateway.query(DELETE_COST, {"input": {"id": cost["id"]}})
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_viewer_reads_costs_but_cannot_record_them(
    gateway: Gateway, seed_portfolio: Seed, projects_client: ProjectsClient, make_token
) -> None:
    _, [project] = await seed_portfolio(projects=1)
    await projects_client.create_actual_cost(
        project.id,
        ActualCostCreate(
            incurred_on=date(2025, 1, 31),
            amount=Decimal("99.90"),
            currency="EUR",
            category=CostCategory.services,
            external_source="erp",
            external_id="INV-7",
        ),
    )
    await projects_client.add_member(
        project.id, MemberCreate(user_id="cost-viewer", role=ProjectRole.viewer)
    )
    viewer = make_token("member", sub="cost-viewer")
    read = await gateway.query(COSTS, {"id": str(project.id)}, token=viewer)
    assert "errors" not in read, read
    data = read["data"]["project"]
    assert (data["currency"], data["portfolio"]["currency"]) == ("EUR", "EUR")
    assert [e["node"] for e in data["actualCosts"]["edges"]] == [
        {
            "incurredOn": "2025-01-31",
            "amount": "99.90",
            "currency": "EUR",
            "category": "SERVICES",
            "externalSource": "erp",
            "externalId": "INV-7",
        }
    ]
    refused = await gateway.query(
        RECORD_COST,
        {
            "input": {
                "projectId": str(project.id),
                "incurredOn": "2025-02-01",
                "amount": "1.00",
                "currency": "EUR",
            }
        },
        token=viewer,
    )
    assert refused["data"] == {"recordActualCost": None}
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
