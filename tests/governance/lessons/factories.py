"""Small async factories for the lessons API (through HTTP, like any client)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx


def auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def record_lesson(
    client: httpx.AsyncClient, headers: dict[str, str] | None = None, **fields: Any
) -> dict[str, Any]:
    body = {"title": f"Lesson {secrets.token_hex(3)}", "category": "other", **fields}
    response = await client.post("/v1/lessons", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def create_project(projects: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"code": f"L-{secrets.token_hex(4)}", "name": "Project", **fields}
    response = await projects.post("/v1/projects", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def search(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    response = await client.get("/v1/lessons", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def titles(items: list[dict[str, Any]]) -> list[str]:
    return [item["title"] for item in items]
