"""Mutations: typed payloads, and input the caller can fix comes back as userErrors."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import Gateway, Seed, global_id, unique

CREATE_PORTFOLIO = """
mutation($input: CreatePortfolioInput!) {
  createPortfolio(input: $input) { portfolio { id name } userErrors { field message } }
}
"""
CREATE_PROJECT = """
mutation($input: CreateProjectInput!) {
  createProject(input: $input) {
    project { id code status budget currency startDate version portfolio { id } }
    userErrors { field message }
  }
}
"""
UPDATE_PROJECT = """
mutation($input: UpdateProjectInput!) {
  updateProject(input: $input) { project { id status version } userErrors { field message } }
}
"""
ADD_TASK = """
mutation($input: AddTaskInput!) {
  addTask(input: $input) {
    task { id name durationDays percentComplete project { id } }
    userErrors { field message }
  }
}
"""


async def _mutate(gateway: Gateway, query: str, payload: str, **input: Any) -> dict[str, Any]:
    answer = await gateway.query(query, {"input": input})
    assert "errors" not in answer, answer
    return answer["data"][payload]


def _fields(payload: dict[str, Any]) -> set[str | None]:
    return {e["field"] for e in payload["userErrors"]}


async def test_create_portfolio_and_project(gateway: Gateway) -> None:
    # A project in dollars belongs in a portfolio that rolls up in dollars.
    portfolio = await _mutate(
        gateway, CREATE_PORTFOLIO, "createPortfolio", name=unique("GWP"), currency="USD"
    )
    assert portfolio["userErrors"] == []
    portfolio_id = portfolio["portfolio"]["id"]
    code = unique("GW")
    created = await _mutate(
        gateway,
        CREATE_PROJECT,
        "createProject",
        code=code,
        name="Made through GraphQL",
        portfolioId=portfolio_id,
        budget="2500.75",
        currency="USD",
        startDate="2025-03-01",
    )
    assert created["userErrors"] == []
    assert created["project"] == {
        "id": created["project"]["id"],
        "code": code,
        "status": "PROPOSED",
        "budget": "2500.75",
        "currency": "USD",
        "startDate": "2025-03-01",
        "version": 1,
        "portfolio": {"id": portfolio_id},
    }


async def test_create_project_invalid_code_is_a_user_error(gateway: Gateway) -> None:
    payload = await _mutate(gateway, CREATE_PROJECT, "createProject", code="-bad code!", name="x")
    assert payload["project"] is None
    assert _fields(payload) == {"code"}


async def test_create_project_bad_money_and_ids_are_user_errors(gateway: Gateway) -> None:
    payload = await _mutate(
        gateway,
        CREATE_PROJECT,
        "createProject",
        code=unique("GW"),
        name="x",
        budget="twelve",
        currency="EUR",
        portfolioId="not-a-uuid",
    )
    assert _fields(payload) == {"budget", "portfolioId"}
    assert gateway.calls() == 0


async def test_duplicate_code_is_a_user_error(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1)
    payload = await _mutate(gateway, CREATE_PROJECT, "createProject", code=project.code, name="x")
    assert payload["project"] is None
    assert _fields(payload) == {"code"}


async def test_update_project_with_expected_version(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1)
    ok = await _mutate(
        gateway,
        UPDATE_PROJECT,
        "updateProject",
        id=str(project.id),
        expectedVersion=project.version,
        status="CANCELLED",
    )
    assert ok["userErrors"] == []
    assert ok["project"]["status"] == "CANCELLED"
    assert ok["project"]["version"] == project.version + 1

    stale = await _mutate(
        gateway,
        UPDATE_PROJECT,
        "updateProject",
        id=str(project.id),
        expectedVersion=project.version,
        name="Renamed",
    )
    assert stale["project"] is None
    assert _fields(stale) == {"expectedVersion"}


async def test_invalid_status_transition_is_a_user_error(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    _, [project] = await seed_portfolio(projects=1)
    payload = await _mutate(
        gateway, UPDATE_PROJECT, "updateProject", id=str(project.id), status="COMPLETED"
    )
    assert payload["project"] is None
    [error] = payload["userErrors"]
    assert error["field"] == "status"
    assert "proposed" in error["message"] and "completed" in error["message"]


async def test_update_unknown_project_is_not_found(gateway: Gateway) -> None:
    answer = await gateway.query(
        UPDATE_PROJECT, {"input": {"id": "00000000-0000-4000-8000-000000000000", "name": "x"}}
    )
    assert answer["data"] == {"updateProject": None}
    assert answer["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_add_task(gateway: Gateway, seed_portfolio: Seed) -> None:
    _, [project] = await seed_portfolio(projects=1)
    payload = await _mutate(
        gateway,
        ADD_TASK,
        "addTask",
        projectId=str(project.id),
        name="Design",
        durationDays="2.5",
        percentComplete="10",
    )
    assert payload["userErrors"] == []
    task = payload["task"]
    assert (task["name"], task["durationDays"], task["percentComplete"]) == ("Design", 2.5, 10.0)
    assert task["project"]["id"] == global_id("Project", project.id)


async def test_add_task_with_dates_out_of_order_is_a_user_error(
    gateway: Gateway, seed_portfolio: Seed
) -> None:
    _, [project] = await seed_portfolio(projects=1)
    payload = await _mutate(
        gateway,
        ADD_TASK,
        "addTask",
        projectId=str(project.id),
        name="Backwards",
        startDate="2025-02-10",
        finishDate="2025-02-01",
    )
    assert payload["task"] is None
    assert payload["userErrors"]
    assert "finish_date" in payload["userErrors"][0]["message"]


async def test_member_without_rights_cannot_add_task(
    gateway: Gateway, seed_portfolio: Seed, make_token
) -> None:
    _, [project] = await seed_portfolio(projects=1)
    answer = await gateway.query(
        ADD_TASK,
        {"input": {"projectId": str(project.id), "name": "Sneaky"}},
        token=make_token("member"),
    )
    assert answer["data"] == {"addTask": None}
    assert answer["errors"][0]["extensions"]["code"] == "NOT_FOUND"
