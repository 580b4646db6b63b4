"""A priced project (EUR, from Monday 2 March 2026) with a ten-day task and a person whose
rate rises from 100 to 120 an hour on Monday 9 March, all through the API."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.projects.factories import add_task, create_portfolio, create_project

PROBLEM = "application/problem+json"


async def create_person(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"kind": "person", "name": f"Person {secrets.token_hex(3)}", **fields}
    response = await client.post("/v1/resources", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def add_rate(
    client: httpx.AsyncClient, resource_id: str, day: str, rate: str, currency: str = "EUR"
) -> None:
    body = {"effective_from": day, "rate_per_hour": rate, "currency": currency}
    response = await client.post(f"/v1/resources/{resource_id}/rates", json=body)
    assert response.status_code == 201, response.text


async def priced_plan(client: httpx.AsyncClient) -> dict[str, Any]:
    portfolio = await create_portfolio(client, currency="EUR")
    project = await create_project(client, portfolio_id=portfolio["id"], start_date="2026-03-02")
    task = await add_task(client, project["id"], name="Build", duration_days="10", cost="1000.00")
    person = await create_person(client)
    await add_rate(client, person["id"], "2026-01-01", "100.00")
    await add_rate(client, person["id"], "2026-03-09", "120.00")
    return {"project": project, "task": task, "person": person}


async def assign(
    client: httpx.AsyncClient, task_id: str, resource_id: str, **fields: Any
) -> dict[str, Any]:
    body = {"resource_id": resource_id, **fields}
    if "units" not in fields and "work_hours" not in fields:
        body["units"] = "1"
    response = await client.post(f"/v1/tasks/{task_id}/assignments", json=body)
    assert response.status_code == 201, response.text
    return response.json()
