"""Small async factories for the projects API (through HTTP, like any client)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx


def auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def create_portfolio(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"name": f"Portfolio {secrets.token_hex(3)}", **fields}
    response = await client.post("/v1/portfolios", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def create_project(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"code": f"P-{secrets.token_hex(4)}", "name": "Project", **fields}
    headers = fields.pop("headers", None)
    body.pop("headers", None)
    response = await client.post("/v1/projects", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def add_task(client: httpx.AsyncClient, project_id: str, **fields: Any) -> dict[str, Any]:
    body = {"name": f"Task {secrets.token_hex(3)}", **fields}
    response = await client.post(f"/v1/projects/{project_id}/tasks", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def get_task(client: httpx.AsyncClient, task: dict) -> dict[str, Any]:
    response = await client.get(f"/v1/tasks/{task['id']}")
    assert response.status_code == 200, response.text
    return response.json()


async def through_gate(
    client: httpx.AsyncClient,
    project_id: str,
    governance_token: str,
    status: str | None = "approved",
    phase: str = "Planning",
) -> dict[str, Any]:
    """Move a project as a gate review does (the only way to approve a proposed one): with
    the governance service's token (the ``governance_token`` fixture)."""
    response = await client.post(
        f"/v1/projects/{project_id}/phase",
        json={"phase": phase, "status": status},
        headers=auth(governance_token),
    )
    assert response.status_code == 200, response.text
    return response.json()
