"""Several dispatchers on one database deliver every event once; a stopping dispatcher
finishes and records what it is sending."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from shared.db import make_engine
from shared.webhooks.dispatcher import Dispatcher, start_dispatcher, stop_dispatcher
from tests.webhooks.conftest import webhook_settings
from tests.webhooks.helpers import (
    deliveries,
    hook_name,
    new_project,
    new_task,
    projects_repository,
    subscribe,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.asyncio(loop_scope="session")
TASKS = 60


async def test_three_dispatchers_deliver_each_event_exactly_once(
    projects: httpx.AsyncClient, receiver: Receiver, webhook_databases: dict[str, str]
) -> None:
    url = webhook_databases["projects"]
    engines = [make_engine(url, pool_size=4) for _ in range(2)]
    replicas = [
        Dispatcher(engine, url, projects_repository(), webhook_settings(batch_size=4), "projects")
        for engine in engines
    ]
    for replica in replicas:  # besides the app's own
        await replica.start()
    try:
        project = await new_project(projects)
        name = hook_name()
        await subscribe(
            projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
        )
        limit = asyncio.Semaphore(8)

        async def one() -> dict:
            async with limit:
                return await new_task(projects, project["id"])

        tasks = await asyncio.gather(*(one() for _ in range(TASKS)))
        got = await receiver.wait_for(name, TASKS, within=60)
        await asyncio.sleep(0.5)  # time for a duplicate to show
    finally:
        for replica in replicas:
            await replica.stop()
        for engine in engines:
            await engine.dispose()
    ids = [r.headers["webhook-id"] for r in receiver.requests[name]]
    duplicates = len(ids) - len(set(ids))
    print(f"\nwebhooks: 3 dispatchers, events={TASKS} requests={len(ids)} duplicates={duplicates}")
    assert duplicates == 0
    assert len(got) == TASKS
    assert {r.event["entity"]["id"] for r in got} == {t["id"] for t in tasks}


async def test_stopping_finishes_and_records_the_sends_in_flight(
    hooked_projects_app: FastAPI,
    projects: httpx.AsyncClient,
    receiver: Receiver,
    webhook_databases: dict[str, str],
) -> None:
    url = webhook_databases["projects"]
    await stop_dispatcher(hooked_projects_app)  # the only dispatcher is the one stopped
    engine = make_engine(url, pool_size=2)
    dispatcher = Dispatcher(engine, url, projects_repository(), webhook_settings(), "projects")
    await dispatcher.start()
    try:
        project = await new_project(projects)
        name = hook_name()
        receiver.delays[name] = 1.0
        sub = await subscribe(
            projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
        )
        await new_task(projects, project["id"])
        await receiver.wait_for(name, 1, ok_only=False)
        await dispatcher.stop()
        [delivery] = await deliveries(projects, sub["id"])
        assert (delivery["status"], delivery["attempts"]) == ("succeeded", 1)
        assert len(receiver.requests[name]) == 1
    finally:
        await engine.dispose()
        await start_dispatcher(hooked_projects_app, projects_repository(), "projects")


async def test_a_subscription_deleted_during_a_send_does_not_stall_the_dispatcher(
    projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    project = await new_project(projects)
    slow, after = hook_name(), hook_name()
    receiver.delays[slow] = 1.0
    doomed = await subscribe(
        projects, receiver.url(slow), project_id=project["id"], event_types=["task.created"]
    )
    await new_task(projects, project["id"])
    await receiver.wait_for(slow, 1, ok_only=False)
    deleted = await projects.delete(f"/v1/webhook-subscriptions/{doomed['id']}")
    assert deleted.status_code == 204
    await subscribe(
        projects, receiver.url(after), project_id=project["id"], event_types=["task.created"]
    )
    await new_task(projects, project["id"])
    assert len(await receiver.wait_for(after, 1)) == 1
    assert len(receiver.requests[slow]) == 1
