"""A project priced in its portfolio's currency, ready for cost entries."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.factories import create_portfolio, create_project


async def costed_project(client: httpx.AsyncClient, currency: str = "EUR") -> dict[str, Any]:
    portfolio = await create_portfolio(client, currency=currency)
    return await create_project(client, portfolio_id=portfolio["id"])


async def record_cost(client: httpx.AsyncClient, project_id: str, **fields: Any) -> dict[str, Any]:
    body = {"incurred_on": "2026-03-02", "amount": "100.00", "currency": "EUR", **fields}
    response = await client.post(f"/v1/projects/{project_id}/actual-costs", json=body)
    assert response.status_code == 201, response.text
    return response.json()
