"""Replays are limited per subscription: at most ``max_replays_per_hour`` events replayed
(single and range replays together) in any hour; beyond it a 429 problem with Retry-After,
and nothing is replayed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from tests.webhooks.conftest import client_of, webhook_settings
from tests.webhooks.helpers import (
    SUBSCRIPTIONS,
    deliveries,
    hook_name,
    new_project,
    new_task,
    subscribe,
    wait_for_log,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.asyncio(loop_scope="session")
QUOTA = 3


@pytest.fixture(scope="module")
async def quota_app(webhook_databases: dict[str, str]) -> AsyncIterator[FastAPI]:
    """The projects API with a small replay quota (the session's dispatcher sends)."""
    hooks = webhook_settings(max_replays_per_hour=QUOTA, dispatcher_enabled=False)
    settings = ProjectsSettings(database_url=webhook_databases["projects"], webhooks=hooks)
    app = create_app(settings)
    async with LifespanManager(app):
        yield app


def _assert_over_quota(answer: httpx.Response) -> None:
    assert answer.status_code == 429, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["status"] == 429
    assert 1 <= int(answer.headers["retry-after"]) <= 3600


async def test_replays_beyond_the_hourly_quota_are_429_with_retry_after(
    quota_app: FastAPI, hooked_projects_app: FastAPI, admin_token: str, receiver: Receiver
) -> None:
    async with client_of(quota_app, admin_token) as client:
        project = await new_project(client)
        sub = await subscribe(
            client,
            receiver.url(hook_name()),
            project_id=project["id"],
            event_types=["task.created"],
        )
        for _ in range(2):
            await new_task(client, project["id"])
        log = await wait_for_log(
            client, sub["id"], lambda log: len(log) == 2 and log[0]["status"] == "succeeded"
        )
        first = log[-1]["id"]
        for _ in range(2):
            replayed = await client.post(f"/v1/webhook-deliveries/{first}/replay")
            assert replayed.status_code == 201, replayed.text
        now = datetime.now(UTC)
        window = {"from": (now - timedelta(hours=1)).isoformat(), "to": now.isoformat()}
        # Two events more would make four replays this hour: refused, nothing replayed.
        _assert_over_quota(await client.post(f"{SUBSCRIPTIONS}/{sub['id']}/replay", json=window))
        assert len(await deliveries(client, sub["id"])) == 4
        replayed = await client.post(f"/v1/webhook-deliveries/{first}/replay")
        assert replayed.status_code == 201, replayed.text
        _assert_over_quota(await client.post(f"/v1/webhook-deliveries/{first}/replay"))
        assert len(await deliveries(client, sub["id"])) == 5
        # The quota is the subscription's: another one still replays.
        other = await subscribe(
            client,
            receiver.url(hook_name()),
            project_id=project["id"],
            event_types=["task.created"],
        )
        await new_task(client, project["id"])
        [delivery] = await wait_for_log(client, other["id"], lambda log: len(log) == 1)
        again = await client.post(f"/v1/webhook-deliveries/{delivery['id']}/replay")
        assert again.status_code == 201, again.text
