"""Small factories of the governance tests: standards and their rules, through the API."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.governance.kinds import HAS_TAG


async def create_standard(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"key": f"std-{secrets.token_hex(4)}", "title": "Project hygiene", **fields}
    response = await client.post("/v1/standards", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def add_rule(client: httpx.AsyncClient, standard_id: str, **fields: Any) -> dict[str, Any]:
    body = {"kind": HAS_TAG, "params": {"tag": "erp"}, **fields}
    response = await client.post(f"/v1/standards/{standard_id}/rules", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def publish(client: httpx.AsyncClient, standard_id: str) -> dict[str, Any]:
    response = await client.post(f"/v1/standards/{standard_id}/publish")
    assert response.status_code == 200, response.text
    return response.json()


async def published_standard(client: httpx.AsyncClient, *rules: dict[str, Any]) -> dict[str, Any]:
    """A published standard holding ``rules`` (bodies of POST .../rules)."""
    standard = await create_standard(client)
    for rule in rules:
        await add_rule(client, standard["id"], **rule)
    return await publish(client, standard["id"])


async def create_portfolio(projects: httpx.AsyncClient) -> dict[str, Any]:
    response = await projects.post("/v1/portfolios", json={"name": f"P {secrets.token_hex(3)}"})
    assert response.status_code == 201, response.text
    return response.json()


async def create_project(
    projects: httpx.AsyncClient, *, tasks: int = 0, **fields: Any
) -> dict[str, Any]:
    """A project in the projects service (committed), with ``tasks`` one-day tasks."""
    body = {"code": f"EV-{secrets.token_hex(4)}", "name": "Evaluated", **fields}
    response = await projects.post("/v1/projects", json=body)
    assert response.status_code == 201, response.text
    project = response.json()
    for i in range(tasks):
        task = await projects.post(
            f"/v1/projects/{project['id']}/tasks", json={"name": f"T{i}", "duration_days": "1"}
        )
        assert task.status_code == 201, task.text
    return project


async def evaluate(client: httpx.AsyncClient, **target: Any) -> list[dict[str, Any]]:
    response = await client.post("/v1/evaluations", json=target)
    assert response.status_code == 201, response.text
    return response.json()["items"]
