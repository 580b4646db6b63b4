"""A new subscription receives only events from after it was created, even when the
dispatcher is behind and fans the older ones out after the subscription exists."""

from __future__ import annotations

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from services.projects.models import event_tables
from services.projects.models.base import Base
from shared.reads import asyncpg_dsn
from shared.webhooks.dispatcher import start_dispatcher, stop_dispatcher
from shared.webhooks.repository import WebhookRepository
from tests.webhooks.helpers import (
    SUBSCRIPTIONS,
    hook_name,
    new_project,
    new_task,
    subscribe,
    wait_for_log,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_events_from_before_a_subscription_are_not_delivered_to_it(
    hooked_projects_app: FastAPI, projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    project = await new_project(projects)
    await stop_dispatcher(hooked_projects_app)  # the fan-out falls behind
    try:
        before = await new_task(projects, project["id"])
        name = hook_name()
        sub = await subscribe(
            projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
        )
        after = await new_task(projects, project["id"])
    finally:
        repository = WebhookRepository(event_tables, Base.metadata.tables["projects"])
        await start_dispatcher(hooked_projects_app, repository, "projects")
    [got] = await receiver.wait_for(name, 1)
    assert got.event["entity"]["id"] == after["id"]
    log = await wait_for_log(
        projects, sub["id"], lambda log: bool(log) and log[0]["status"] == "succeeded"
    )
    assert len(log) == 1, log  # no delivery of the task created before it was made at all
    assert before["id"] != after["id"]


async def test_a_change_to_an_active_subscription_keeps_its_start(
    hooked_projects_app: FastAPI, projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    """Only creation and reactivation move the start: a plain change loses no event that
    the dispatcher has not fanned out yet."""
    project = await new_project(projects)
    name = hook_name()
    sub = await subscribe(
        projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
    )
    await stop_dispatcher(hooked_projects_app)
    try:
        pending = await new_task(projects, project["id"])
        changed = await projects.patch(
            f"{SUBSCRIPTIONS}/{sub['id']}", json={"description": "renamed"}
        )
        assert changed.status_code == 200, changed.text
    finally:
        repository = WebhookRepository(event_tables, Base.metadata.tables["projects"])
        await start_dispatcher(hooked_projects_app, repository, "projects")
    [got] = await receiver.wait_for(name, 1)
    assert got.event["entity"]["id"] == pending["id"]


async def test_a_long_transaction_open_does_not_make_committed_events_new(
    hooked_projects_app: FastAPI,
    projects: httpx.AsyncClient,
    receiver: Receiver,
    webhook_databases: dict[str, str],
) -> None:
    """The start is the snapshot at creation, not the horizon: while a transaction that began
    earlier is still open, an event committed before the subscription is history to it."""
    project = await new_project(projects)
    long = await asyncpg.connect(asyncpg_dsn(webhook_databases["projects"]))
    try:
        running = long.transaction()
        await running.start()
        await long.fetchval("SELECT pg_current_xact_id()")  # holds the horizon back
        before = await new_task(projects, project["id"])
        name = hook_name()
        sub = await subscribe(
            projects, receiver.url(name), project_id=project["id"], event_types=["task.created"]
        )
        await running.rollback()
    finally:
        await long.close()
    after = await new_task(projects, project["id"])
    [got] = await receiver.wait_for(name, 1)
    assert got.event["entity"]["id"] == after["id"]
    log = await wait_for_log(
        projects, sub["id"], lambda log: bool(log) and log[0]["status"] == "succeeded"
    )
    assert len(log) == 1, log  # the task committed before it was made: no delivery at all
    assert before["id"] != after["id"]
