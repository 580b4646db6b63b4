"""What goes wrong around a send: a lease too short for a POST is refused at start-up, a
send abandoned on shutdown is released (due again at once), and a send that raises before
it has an answer is recorded as a failed try instead of staying ``delivering``."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import update

from shared.db import make_engine
from shared.webhooks.dispatcher import Dispatcher, start_dispatcher, stop_dispatcher
from shared.webhooks.settings import WebhookSettings
from tests.webhooks.conftest import webhook_settings
from tests.webhooks.helpers import (
    deliveries,
    hook_name,
    new_project,
    new_task,
    projects_repository,
    subscribe,
    wait_for_log,
)
from tests.webhooks.receiver import Receiver

ON_THE_SESSION_LOOP = pytest.mark.asyncio(loop_scope="session")


@pytest.mark.parametrize(("timeout", "lease"), [(10.0, 10.0), (10.0, 15.0), (30.0, 20.0)])
def test_a_lease_not_outliving_a_send_is_refused(timeout: float, lease: float) -> None:
    with pytest.raises(ValidationError, match="lease_seconds"):
        WebhookSettings(timeout_seconds=timeout, lease_seconds=lease)


def test_the_lease_check_applies_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMO_WEBHOOKS_TIMEOUT_SECONDS", "60")
    with pytest.raises(ValueError, match="lease_seconds"):  # the default lease is 60
        WebhookSettings()
    monkeypatch.setenv("PMO_WEBHOOKS_LEASE_SECONDS", "65.5")
    assert WebhookSettings().lease_seconds == 65.5


@ON_THE_SESSION_LOOP
async def test_a_send_cancelled_on_stop_is_released_and_sent_at_once_by_the_next(
    hooked_projects_app: FastAPI,
    projects: httpx.AsyncClient,
    receiver: Receiver,
    webhook_databases: dict[str, str],
) -> None:
    url = webhook_databases["projects"]
    await stop_dispatcher(hooked_projects_app)  # the only dispatchers are the test's
    engine = make_engine(url, pool_size=2)
    # A lease far longer than the test: only the release can make the delivery due again.
    hanging = webhook_settings(
        timeout_seconds=60.0, lease_seconds=300.0, shutdown_grace_seconds=0.2
    )
    first = Dispatcher(engine, url, projects_repository(), hanging, "projects")
    await first.start()
    try:
        project = await new_project(projects)
        name = hook_name()
        receiver.delays[name] = 120.0  # the receiver hangs
        sub = await subscribe(
            projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
        )
        await new_task(projects, project["id"])
        assert len(await receiver.wait_for(name, 1, ok_only=False)) == 1
        [delivery] = await deliveries(projects, sub["id"])
        assert delivery["status"] == "delivering"
        await first.stop()
        [delivery] = await deliveries(projects, sub["id"])
        assert (delivery["status"], delivery["attempts"]) == ("pending", 0)
        assert delivery["attempt_log"] == []
        assert datetime.fromisoformat(delivery["next_attempt_at"]) <= datetime.now(UTC)

        del receiver.delays[name]  # answers at once from now on
        second = Dispatcher(engine, url, projects_repository(), hanging, "projects")
        started = time.monotonic()
        await second.start()
        try:
            got = await receiver.wait_for(name, 1, within=10.0)
            assert len(got) == 1
            assert time.monotonic() - started < 10.0
            [delivery] = await wait_for_log(
                projects, sub["id"], lambda items: items[0]["status"] == "succeeded", within=10.0
            )
        finally:
            await second.stop()
        assert (delivery["status"], delivery["attempts"]) == ("succeeded", 1)
        # at-least-once: the receiver saw the same webhook-id twice and dedupes by it
        ids = {r.headers["webhook-id"] for r in receiver.requests[name]}
        assert ids == {delivery["event_id"]}
        assert len(receiver.requests[name]) == 2
    finally:
        receiver.delays.pop(name, None)
        await engine.dispose()
        await start_dispatcher(hooked_projects_app, projects_repository(), "projects")


@ON_THE_SESSION_LOOP
async def test_a_send_that_raises_is_a_failed_try_not_a_stuck_delivery(
    projects: httpx.AsyncClient, receiver: Receiver, webhook_databases: dict[str, str]
) -> None:
    project = await new_project(projects)
    name = hook_name()
    sub = await subscribe(
        projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
    )
    subscriptions = projects_repository().t.subscriptions
    engine = make_engine(webhook_databases["projects"], pool_size=1)
    try:  # corrupted behind the API's back: signing with it raises
        async with engine.begin() as db:
            await db.execute(
                update(subscriptions)
                .where(subscriptions.c.id == sub["id"])
                .values(secret="whsec_!!!not-base64")
            )
    finally:
        await engine.dispose()
    await new_task(projects, project["id"])
    [delivery] = await wait_for_log(
        projects, sub["id"], lambda items: bool(items) and items[0]["status"] == "dead"
    )
    tries = len(webhook_settings().retry_schedule_seconds) + 1
    assert (delivery["status"], delivery["attempts"]) == ("dead", tries)
    assert delivery["last_status_code"] is None
    assert "Error" in delivery["last_error"] and "base64" in delivery["last_error"]
    assert len(delivery["attempt_log"]) == tries
    for attempt in delivery["attempt_log"]:
        assert attempt["status_code"] is None
        assert attempt["error"] == delivery["last_error"]
    await asyncio.sleep(0.2)
    assert receiver.requests[name] == []
