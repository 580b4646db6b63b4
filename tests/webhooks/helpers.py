"""Calls of the webhook API the tests share."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from typing import Any

import httpx

from services.projects.models import event_tables
from services.projects.models.base import Base
from shared.webhooks.repository import WebhookRepository

SUBSCRIPTIONS = "/v1/webhook-subscriptions"


def auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def subscribe(client: httpx.AsyncClient, url: str, **fields: Any) -> dict[str, Any]:
    headers = fields.pop("headers", None)
    body = {"url": url, **{k: str(v) if k.endswith("_id") else v for k, v in fields.items()}}
    answer = await client.post(SUBSCRIPTIONS, json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    assert created["secret"].startswith("whsec_")
    return created


async def deliveries(
    client: httpx.AsyncClient, subscription_id: str, **params: Any
) -> list[dict[str, Any]]:
    answer = await client.get(f"{SUBSCRIPTIONS}/{subscription_id}/deliveries", params=params)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def wait_for_log(
    client: httpx.AsyncClient,
    subscription_id: str,
    done: Callable[[list[dict[str, Any]]], bool],
    within: float = 30.0,
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + within
    while True:
        items = await deliveries(client, subscription_id, limit=500)
        if done(items) or time.monotonic() > deadline:
            return items
        await asyncio.sleep(0.1)


async def new_project(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"code": f"W-{secrets.token_hex(4)}", "name": "Hooked project", **fields}
    answer = await client.post("/v1/projects", json=body)
    assert answer.status_code == 201, answer.text
    project: dict[str, Any] = answer.json()
    return project


async def new_task(client: httpx.AsyncClient, project_id: str) -> dict[str, Any]:
    body = {"name": f"Task {secrets.token_hex(3)}"}
    answer = await client.post(f"/v1/projects/{project_id}/tasks", json=body)
    assert answer.status_code == 201, answer.text
    task: dict[str, Any] = answer.json()
    return task


def hook_name() -> str:
    return secrets.token_hex(6)


def projects_repository() -> WebhookRepository:
    """The projects service's webhook repository, as its app builds it."""
    return WebhookRepository(event_tables, Base.metadata.tables["projects"])
