"""Plans with baselines, progress and actual costs for the earned value tests, all written
through the API (actual costs in the project's currency, EUR; programs through
``POST /v1/programs`` and a project update)."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, create_project


async def add_actual_cost(
    client: httpx.AsyncClient,
    project_id: str,
    amount: str,
    incurred_on: date,
    task_id: str | None = None,
) -> dict[str, Any]:
    """An actual cost entry in EUR, the currency of every project these tests make."""
    body = {
        "incurred_on": incurred_on.isoformat(),
        "amount": amount,
        "currency": "EUR",
        "category": "labour",
        "task_id": task_id,
    }
    return await post(client, f"/v1/projects/{project_id}/actual-costs", body)


async def add_program(client: httpx.AsyncClient, portfolio_id: str, *project_ids: str) -> str:
    """A program of the portfolio, holding ``project_ids`` (each joins it by an update)."""
    program = await post(client, "/v1/programs", {"portfolio_id": portfolio_id, "name": "Program"})
    for project_id in project_ids:
        await patch(client, f"/v1/projects/{project_id}", {"program_id": program["id"]})
    return str(program["id"])


async def post(client: httpx.AsyncClient, path: str, body: Any = None) -> dict[str, Any]:
    response = await client.post(path, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def patch(client: httpx.AsyncClient, path: str, body: Any) -> dict[str, Any]:
    response = await client.patch(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def reference_plan(client: httpx.AsyncClient, **project: Any) -> dict[str, Any]:
    """From Monday 6 January 2025 (Monday to Friday): a phase of A (10 days, 10,000) then
    B (10 days, 20,000), then a milestone M (1,000) at the end of B on Friday 31 January.
    Baseline 0 is set on that plan; then the status date moves to Friday 24 January with A
    done and B 20 % done."""
    pid = (await create_project(client, start_date="2025-01-06", currency="EUR", **project))["id"]
    phase = await add_task(client, pid, name="Phase")
    a = await add_task(
        client, pid, name="A", duration_days="10", cost="10000.00", parent_id=phase["id"]
    )
    b = await add_task(
        client, pid, name="B", duration_days="10", cost="20000.00", parent_id=phase["id"]
    )
    m = await add_task(client, pid, name="M", duration_days="0", cost="1000.00")
    await link(client, pid, a, b)
    await link(client, pid, b, m)
    await post(client, f"/v1/projects/{pid}/baselines/0", {"name": "Plan"})
    await patch(client, f"/v1/projects/{pid}/schedule-settings", {"status_date": "2025-01-24"})
    await patch(client, f"/v1/tasks/{a['id']}", {"percent_complete": "100"})
    await patch(client, f"/v1/tasks/{b['id']}", {"percent_complete": "20"})
    return {"id": pid, "phase": phase, "a": a, "b": b, "m": m}


async def reference_costs(client: httpx.AsyncClient, plan: dict[str, Any]) -> None:
    """9,000 on A, 500 on the project as a whole, 6,000 on B, and 1,000 on B after the
    status date (not counted at it): AC 15,500 on 24 January."""
    pid = plan["id"]
    await add_actual_cost(client, pid, "9000.00", date(2025, 1, 10), plan["a"]["id"])
    await add_actual_cost(client, pid, "500.00", date(2025, 1, 15))
    await add_actual_cost(client, pid, "6000.00", date(2025, 1, 22), plan["b"]["id"])
    await add_actual_cost(client, pid, "1000.00", date(2025, 1, 27), plan["b"]["id"])
