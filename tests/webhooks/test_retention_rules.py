"""Retention's rules around replays, paused subscriptions and the races with replays and
feed readers: a first delivery with replays is pruned with them (never leaving a replay as
a second "first" delivery), one with a replay (or a replay's replay) still to send stays; a
paused subscription's pending deliveries do not hold event pruning back; a replay racing
retention either keeps its event or answers 404 (a range replay 409); a feed reader whose
events are pruned while it reads gets 410.

On databases of its own: retention works on the whole outbox. Retries wait an hour here, so a
failed delivery stays pending."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from shared.events.feed.repository import FeedRepository
from shared.testing.database import run_databases
from shared.webhooks.dispatcher import start_dispatcher, stop_dispatcher
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
from tests.webhooks.receiver import Receiver, always
from tests.webhooks.retention_support import projects_app, prune, repository, run_sql

pytestmark = pytest.mark.asyncio(loop_scope="session")
AGE_EVENTS = "UPDATE outbox_events SET occurred_at = now() - interval '90 days'"
SETTINGS = webhook_settings(
    events_retention_days=60, delivery_retention_days=30, retry_schedule_seconds=[3600.0]
)


@pytest.fixture(scope="module")
def rules_databases(database_server) -> Iterator[dict[str, str]]:
    with run_databases(database_server, "retention_rules") as urls:
        yield urls


@pytest.fixture(scope="module")
async def rules_app(rules_databases: dict[str, str]) -> AsyncIterator[FastAPI]:
    async with projects_app(rules_databases["projects"], SETTINGS) as app:
        yield app


async def _delivered_task(
    client: httpx.AsyncClient, receiver: Receiver
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A subscription and the succeeded delivery of one new task's event to it."""
    sub = await subscribe(client, receiver.url(hook_name()), event_types=["task.created"])
    await new_task(client, (await new_project(client))["id"])
    [first] = await wait_for_log(
        client, sub["id"], lambda log: [d["status"] for d in log] == ["succeeded"]
    )
    return sub, first


async def _replay(client: httpx.AsyncClient, delivery_id: str) -> httpx.Response:
    return await client.post(f"/v1/webhook-deliveries/{delivery_id}/replay")


async def _waiting_on_a_lock(app: FastAPI) -> None:
    """Returns once a session of this database waits for a row lock."""
    query = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(600):
        async with app.state.engine.connect() as db:
            if (await db.execute(text(query))).scalar_one():
                return
        await asyncio.sleep(0.05)
    raise AssertionError("nothing waited for the lock")


async def _event_ids(client: httpx.AsyncClient) -> list[str]:
    answer = await client.get("/v1/events", params={"limit": 500})
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


async def test_a_first_delivery_goes_with_its_finished_replays_and_stays_for_others(
    rules_app: FastAPI, admin_token: str, receiver: Receiver
) -> None:
    async with client_of(rules_app, admin_token) as client:
        sub, first = await _delivered_task(client, receiver)
        for _ in range(2):
            assert (await _replay(client, first["id"])).status_code == 201
        log = await wait_for_log(
            client, sub["id"], lambda log: [d["status"] for d in log] == ["succeeded"] * 3
        )
        assert sorted(str(d["replay_of"]) for d in log) == sorted([first["id"]] * 2 + ["None"])

        # The first delivery is old, its replays are not: it stays (were it deleted, its
        # replays would both become "first" deliveries of the event: a unique violation).
        await run_sql(
            rules_app,
            "UPDATE webhook_deliveries SET created_at = now() - interval '45 days' WHERE id = :id",
            id=first["id"],
        )
        await prune(rules_app, SETTINGS)
        assert len(await deliveries(client, sub["id"])) == 3

        # All old and finished: they go together.
        await run_sql(
            rules_app,
            "UPDATE webhook_deliveries SET created_at = now() - interval '45 days' "
            "WHERE subscription_id = :sub",
            sub=sub["id"],
        )
        await prune(rules_app, SETTINGS)
        assert await deliveries(client, sub["id"]) == []

        # Old deliveries stay while a replay is still to be sent: one of a replay (deleting
        # the first would delete its replay, and that one's replay), then one of the first.
        sub, first = await _delivered_task(client, receiver)
        replay = (await _replay(client, first["id"])).json()
        await wait_for_log(
            client, sub["id"], lambda log: [d["status"] for d in log] == ["succeeded"] * 2
        )
        await stop_dispatcher(rules_app)
        try:
            pending = [(await _replay(client, replay["id"])).json()]
            assert pending[0]["replay_of"] == replay["id"]
            for turn in range(2):
                await run_sql(
                    rules_app,
                    "UPDATE webhook_deliveries SET created_at = now() - interval '45 days' "
                    "WHERE subscription_id = :sub",
                    sub=sub["id"],
                )
                await prune(rules_app, SETTINGS)
                kept = {d["id"]: d["status"] for d in await deliveries(client, sub["id"])}
                assert kept == {
                    first["id"]: "succeeded",
                    replay["id"]: "succeeded",
                    **{d["id"]: "pending" for d in pending},
                }, turn
                pending.append((await _replay(client, first["id"])).json())
        finally:
            await start_dispatcher(rules_app, repository(), "projects")
        await wait_for_log(
            client, sub["id"], lambda log: all(d["status"] == "succeeded" for d in log)
        )


async def test_a_paused_subscriptions_pending_delivery_does_not_hold_pruning_back(
    rules_app: FastAPI, admin_token: str, receiver: Receiver
) -> None:
    async with client_of(rules_app, admin_token) as client:
        name = hook_name()
        receiver.plans[name] = always(500)
        paused = await subscribe(client, receiver.url(name), event_types=["task.created"])
        sub, first = await _delivered_task(client, receiver)
        [pending] = await wait_for_log(
            client, paused["id"], lambda log: len(log) == 1 and log[0]["attempts"] == 1
        )
        assert pending["status"] == "pending"  # the retry is an hour away
        answer = await client.patch(
            f"{SUBSCRIPTIONS}/{paused['id']}", json={"enabled": False}, headers={"if-match": '"1"'}
        )
        assert answer.status_code == 200, answer.text
        assert first["event_id"] in await _event_ids(client)

        await run_sql(rules_app, AGE_EVENTS)
        await prune(rules_app, SETTINGS)
        assert first["event_id"] not in await _event_ids(client)
        assert await deliveries(client, paused["id"]) == []

        # An enabled subscription's pending delivery still holds its event.
        sub = await subscribe(client, receiver.url(name), event_types=["task.created"])
        await new_task(client, (await new_project(client))["id"])
        [held] = await wait_for_log(
            client, sub["id"], lambda log: len(log) == 1 and log[0]["attempts"] == 1
        )
        await run_sql(rules_app, AGE_EVENTS)
        await prune(rules_app, SETTINGS)
        assert held["event_id"] in await _event_ids(client)
        assert [d["id"] for d in await deliveries(client, sub["id"])] == [held["id"]]
        await run_sql(rules_app, "DELETE FROM webhook_subscriptions WHERE id = :id", id=sub["id"])


async def test_a_replay_that_comes_first_keeps_its_event(
    rules_app: FastAPI, admin_token: str, receiver: Receiver
) -> None:
    """The replay's insert is not yet committed when retention judges the event: retention
    waits for it, then sees the replay and keeps the event (it deleted both before)."""
    async with client_of(rules_app, admin_token) as client:
        sub, first = await _delivered_task(client, receiver)
        await run_sql(rules_app, AGE_EVENTS)
        await stop_dispatcher(rules_app)  # the replay stays pending
        try:
            replay = await _replay_while_pruning(rules_app, first)
            assert first["event_id"] in await _event_ids(client)
            kept = {d["id"] for d in await deliveries(client, sub["id"])}
            assert kept == {first["id"], str(replay)}
        finally:
            await start_dispatcher(rules_app, repository(), "projects")
        await wait_for_log(
            client, sub["id"], lambda log: all(d["status"] == "succeeded" for d in log)
        )


async def _replay_while_pruning(app: FastAPI, original: dict[str, Any]) -> uuid.UUID:
    hooks = repository()
    async with app.state.engine.connect() as replaying:
        transaction = await replaying.begin()
        row = await hooks.delivery(replaying, uuid.UUID(original["id"]))
        assert row is not None
        replay = await hooks.replay_one(replaying, row)
        pruning = asyncio.create_task(prune(app, SETTINGS))
        await _waiting_on_a_lock(app)
        await transaction.commit()
        await pruning
    return replay


async def test_a_replay_after_retention_took_its_event_is_a_404(
    rules_app: FastAPI, admin_token: str, receiver: Receiver
) -> None:
    """Retention has deleted the event (not yet committed) when the replay inserts: the
    replay waits, then finds the event gone: 404 (it was a 422 naming a foreign key)."""
    async with client_of(rules_app, admin_token) as client:
        _sub, first = await _delivered_task(client, receiver)
        async with rules_app.state.engine.connect() as pruning:
            transaction = await pruning.begin()
            await repository().retention.delete_events(pruning, [uuid.UUID(first["event_id"])])
            replaying = asyncio.create_task(_replay(client, first["id"]))
            await _waiting_on_a_lock(rules_app)
            await transaction.commit()
            answer = await replaying
        assert answer.status_code == 404, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "pruned" in answer.json()["detail"]


async def test_a_feed_reader_whose_events_are_pruned_while_it_reads_gets_410(
    rules_app: FastAPI, admin_token: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with client_of(rules_app, admin_token) as client:
        sub = await subscribe(client, receiver.url(hook_name()), event_types=["task.created"])
        project = await new_project(client)
        tasks = [await new_task(client, project["id"]) for _ in range(3)]
        await wait_for_log(
            client,
            sub["id"],
            lambda log: len(log) == 3 and all(d["status"] == "succeeded" for d in log),
        )
        answer = await client.get("/v1/events", params={"limit": 500})
        items = answer.json()["items"]
        cursor = next(i["cursor"] for i in items if i["entity"]["id"] == tasks[0]["id"])
        await run_sql(rules_app, AGE_EVENTS)

        checked = FeedRepository.check

        async def check_then_prune(self: FeedRepository, *args: Any, **kwargs: Any) -> Any:
            result = await checked(self, *args, **kwargs)
            await prune(rules_app, SETTINGS)  # between the cursor's check and the page
            return result

        monkeypatch.setattr(FeedRepository, "check", check_then_prune)
        expired = await client.get("/v1/events", params={"after": cursor, "limit": 500})
        assert expired.status_code == 410, expired.text
        assert expired.json()["type"].endswith("/cursor-expired")


async def test_a_range_replay_after_retention_took_an_event_is_a_409(
    rules_app: FastAPI, admin_token: str, receiver: Receiver
) -> None:
    async with client_of(rules_app, admin_token) as client:
        sub, first = await _delivered_task(client, receiver)
        window = {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}
        async with rules_app.state.engine.connect() as pruning:
            transaction = await pruning.begin()
            await repository().retention.delete_events(pruning, [uuid.UUID(first["event_id"])])
            replaying = asyncio.create_task(
                client.post(f"{SUBSCRIPTIONS}/{sub['id']}/replay", json=window)
            )
            await _waiting_on_a_lock(rules_app)
            await transaction.commit()
            answer = await replaying
        assert answer.status_code == 409, answer.text
        assert "pruned" in answer.json()["detail"]
        assert await deliveries(client, sub["id"]) == []
