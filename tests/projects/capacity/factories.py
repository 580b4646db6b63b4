"""Plans for the capacity tests, everything through the API (the scheduler computes the
tasks' dates)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx


async def make_assignment(
    client: httpx.AsyncClient, task: dict[str, Any], resource: dict[str, Any], units: str
) -> None:
    """A resource on a task at ``units``, through the assignments API."""
    response = await client.post(
        f"/v1/tasks/{task['id']}/assignments",
        json={"resource_id": str(resource["id"]), "units": units},
    )
    assert response.status_code == 201, response.text


async def create_resource(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"kind": "person", "name": f"Person {secrets.token_hex(3)}", **fields}
    response = await client.post("/v1/resources", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def add_time_off(
    client: httpx.AsyncClient, resource: dict[str, Any], first: str, last: str
) -> None:
    response = await client.post(
        f"/v1/resources/{resource['id']}/time-off", json={"from_date": first, "to_date": last}
    )
    assert response.status_code == 201, response.text


async def create_calendar(client: httpx.AsyncClient, project_id: str, **fields: Any) -> dict:
    body = {"name": f"Calendar {secrets.token_hex(3)}", **fields}
    response = await client.post(f"/v1/projects/{project_id}/calendars", json=body)
    assert response.status_code == 201, response.text
    return response.json()
