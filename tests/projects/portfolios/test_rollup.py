"""The portfolio roll-up's percent complete: weighted by duration over leaf tasks, as MS
Project rolls up a summary task. Every expected figure is worked by hand in the test."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.factories import add_task, create_portfolio, create_project


async def _rollup(client: httpx.AsyncClient, portfolio_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/portfolios/{portfolio_id}/rollup")
    assert response.status_code == 200, response.text
    return response.json()


async def _task(client: httpx.AsyncClient, project_id: str, days: str, percent: str, **kw: Any):
    return await add_task(client, project_id, duration_days=days, percent_complete=percent, **kw)


async def test_weighted_by_duration_over_leaves(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    alpha = (await create_project(client, portfolio_id=portfolio["id"]))["id"]
    beta = (await create_project(client, portfolio_id=portfolio["id"]))["id"]
    # A summary's own percent complete (90) is not counted: its subtasks are.
    phase = await _task(client, alpha, "0", "90")
    await _task(client, alpha, "10", "50", parent_id=phase["id"])  # 5 days done
    await _task(client, alpha, "2", "100", parent_id=phase["id"])  # 2 days done
    await _task(client, alpha, "0", "100", parent_id=phase["id"])  # milestone: no weight
    await _task(client, alpha, "4", "25")  # 1 day done
    await _task(client, beta, "4", "0")  # 0 days done
    await _task(client, beta, "0", "0")  # milestone: no weight

    rollup = await _rollup(client, portfolio["id"])

    # (5 + 2 + 0 + 1 + 0) / (10 + 2 + 0 + 4 + 4 + 0) = 8 / 20
    assert rollup["task_percent_complete"] == 40.0
    # The counts keep counting every task: 7 rows, of which 2 at 100 %.
    assert (rollup["task_count"], rollup["tasks_completed"]) == (7, 2)


async def test_rounded_to_two_decimals(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    project = (await create_project(client, portfolio_id=portfolio["id"]))["id"]
    for percent in ("100", "0", "0"):
        await _task(client, project, "3", percent)
    # 3 / 9 = 33.333...
    assert (await _rollup(client, portfolio["id"]))["task_percent_complete"] == 33.33


async def test_only_milestones_average_their_percent(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    project = (await create_project(client, portfolio_id=portfolio["id"]))["id"]
    gates = await _task(client, project, "0", "0")  # a summary of milestones only
    for percent in ("100", "0", "100"):
        await _task(client, project, "0", percent, parent_id=gates["id"])
    # No leaf has a duration: (100 + 0 + 100) / 3, the summary's own 0 left out.
    assert (await _rollup(client, portfolio["id"]))["task_percent_complete"] == 66.67


async def test_no_tasks_is_null(client: httpx.AsyncClient) -> None:
    empty = await create_portfolio(client)
    assert (await _rollup(client, empty["id"]))["task_percent_complete"] is None
    with_projects = await create_portfolio(client)
    await create_project(client, portfolio_id=with_projects["id"])
    rollup = await _rollup(client, with_projects["id"])
    assert (rollup["task_percent_complete"], rollup["task_count"]) == (None, 0)


async def test_the_rule_is_in_the_api_description(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    field = schema["components"]["schemas"]["PortfolioRollup"]["properties"]
    description = field["task_percent_complete"]["description"]
    assert "sum(duration x percent complete) / sum(duration)" in description
    operation = schema["paths"]["/v1/portfolios/{portfolio_id}/rollup"]["get"]
    assert "weighted by duration over leaf tasks" in operation["description"]
