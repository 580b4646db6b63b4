"""Factories for the dependencies API, on top of the project factories."""

from __future__ import annotations

from typing import Any

import httpx


async def link(
    client: httpx.AsyncClient, project_id: str, predecessor: dict, successor: dict, **fields: Any
) -> dict[str, Any]:
    body = {"predecessor_id": predecessor["id"], "successor_id": successor["id"], **fields}
    response = await client.post(f"/v1/projects/{project_id}/dependencies", json=body)
    assert response.status_code == 201, response.text
    return response.json()
