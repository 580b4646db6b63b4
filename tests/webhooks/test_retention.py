"""Retention prunes old outbox events and finished deliveries (with their tries), keeps
recent ones and every event the dispatcher's fan-out has not passed, and the change feed
answers a cursor from before the pruned watermark with 410 cursor-expired.

On databases of its own: retention works on the whole outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI

from shared.testing.database import run_databases
from shared.webhooks.dispatcher import start_dispatcher, stop_dispatcher
from tests.webhooks.conftest import client_of, webhook_settings
from tests.webhooks.helpers import (
    deliveries,
    hook_name,
    new_project,
    new_task,
    subscribe,
    wait_for_log,
)
from tests.webhooks.receiver import Receiver
from tests.webhooks.retention_support import projects_app, prune, repository, run_sql

pytestmark = pytest.mark.asyncio(loop_scope="session")
SETTINGS = webhook_settings(events_retention_days=60, delivery_retention_days=30)


@pytest.fixture(scope="module")
def retention_databases(database_server) -> Iterator[dict[str, str]]:
    with run_databases(database_server, "retention") as urls:
        yield urls


@pytest.fixture(scope="module")
async def retention_app(retention_databases: dict[str, str]) -> AsyncIterator[FastAPI]:
    async with projects_app(retention_databases["projects"], SETTINGS) as app:
        yield app


async def _feed(client: httpx.AsyncClient, after: str | None = None) -> httpx.Response:
    params = {"limit": 500, **({"after": after} if after else {})}
    return await client.get("/v1/events", params=params)


async def test_retention_prunes_old_rows_keeps_recent_and_unsent_ones(
    retention_app: FastAPI, admin_token: str, receiver: Receiver
) -> None:
    async with client_of(retention_app, admin_token) as client:
        name = hook_name()
        sub = await subscribe(client, receiver.url(name), event_types=["task.created"])
        project = await new_project(client)
        tasks = [await new_task(client, project["id"]) for _ in range(3)]
        await wait_for_log(
            client,
            sub["id"],
            lambda log: len(log) == 3 and all(d["status"] == "succeeded" for d in log),
        )
        await stop_dispatcher(retention_app)  # the next event is not fanned out
        try:
            unsent = await new_task(client, project["id"])
            everything = (await _feed(client)).json()["items"]
            assert everything[-1]["entity"]["id"] == unsent["id"]

            # Deliveries past their retention go (the newest stays); events are kept.
            newest = (await deliveries(client, sub["id"]))[0]
            await run_sql(
                retention_app,
                "UPDATE webhook_deliveries SET created_at = now() - interval '45 days' "
                "WHERE id <> :newest",
                newest=newest["id"],
            )
            await run_sql(
                retention_app,
                "UPDATE outbox_events SET occurred_at = now() - interval '45 days'",
            )
            await prune(retention_app, SETTINGS)
            assert [d["id"] for d in await deliveries(client, sub["id"])] == [newest["id"]]
            assert len((await _feed(client)).json()["items"]) == len(everything)

            # Events past their retention go up to the first recent one.
            recent = next(e for e in everything if e["entity"]["id"] == tasks[1]["id"])
            await run_sql(
                retention_app,
                "UPDATE outbox_events SET occurred_at = now() - interval '90 days' "
                "WHERE id <> :recent",
                recent=recent["id"],
            )
            await prune(retention_app, SETTINGS)
            kept = [e["id"] for e in (await _feed(client)).json()["items"]]
            assert kept == [e["id"] for e in everything[everything.index(recent) :]]
            expired = await _feed(client, everything[0]["cursor"])
            assert expired.status_code == 410, expired.text
            assert expired.json()["type"].endswith("/cursor-expired")
            assert expired.headers["content-type"].startswith("application/problem+json")
            watermark = everything[everything.index(recent) - 1]["cursor"]
            resumed = await _feed(client, watermark)  # the last pruned event's cursor
            assert resumed.status_code == 200, resumed.text
            assert [e["id"] for e in resumed.json()["items"]] == kept

            # Old, but not yet fanned out: kept.
            await run_sql(
                retention_app, "UPDATE outbox_events SET occurred_at = now() - interval '90 days'"
            )
            await prune(retention_app, SETTINGS)
            [left] = (await _feed(client)).json()["items"]
            assert left["entity"]["id"] == unsent["id"]
        finally:
            await start_dispatcher(retention_app, repository(), "projects")
        delivered = await receiver.wait_for(name, 4)
        assert delivered[-1].event["entity"]["id"] == unsent["id"]
