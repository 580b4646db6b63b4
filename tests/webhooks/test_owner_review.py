"""The owners' review runs apart from the sends: a projects service slow to answer whether
an owner still manages the project holds up only that manager's deliveries (which wait for
the answer, as before), never an admin's or a service's deliveries."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from fastapi import FastAPI

from shared.db import make_engine
from shared.webhooks.dispatcher import start_dispatcher, stop_dispatcher
from tests.webhooks.helpers import (
    SUBSCRIPTIONS,
    auth,
    hook_name,
    new_project,
    new_task,
    projects_repository,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.asyncio(loop_scope="session")


class SlowProjects:
    """An owner check (the projects service's answer) that answers only when released."""

    def __init__(self) -> None:
        self.asked = asyncio.Event()
        self.released = asyncio.Event()

    async def __call__(self, owner: str, project_id: uuid.UUID) -> str | None:
        self.asked.set()
        await self.released.wait()
        return None  # still the project's manager


async def test_a_slow_owner_check_does_not_hold_up_other_subscriptions(
    hooked_projects_app: FastAPI, projects: httpx.AsyncClient, make_token, receiver: Receiver
) -> None:
    project = await new_project(projects)
    manager = "mgr-" + hook_name()
    added = await projects.post(
        f"/v1/projects/{project['id']}/members", json={"user_id": manager, "role": "manager"}
    )
    assert added.status_code == 201, added.text
    managers, admins = hook_name(), hook_name()
    body = {"project_id": project["id"], "event_types": ["task.created"]}
    as_manager = auth(make_token("member", sub=manager))
    made = await projects.post(
        SUBSCRIPTIONS, json={**body, "url": receiver.url(managers)}, headers=as_manager
    )
    assert made.status_code == 201 and made.json()["owner_kind"] == "project_manager", made.text
    made = await projects.post(SUBSCRIPTIONS, json={**body, "url": receiver.url(admins)})
    assert made.status_code == 201, made.text

    slow = SlowProjects()
    await stop_dispatcher(hooked_projects_app)
    await start_dispatcher(hooked_projects_app, projects_repository(), "projects", owners=slow)
    try:
        task = await new_task(projects, project["id"])
        await asyncio.wait_for(slow.asked.wait(), timeout=30)  # the review is waiting
        [got] = await receiver.wait_for(admins, 1)  # the admin's went out meanwhile
        assert got.event["entity"]["id"] == task["id"]
        assert receiver.delivered(managers) == []  # unconfirmed: it waits
        slow.released.set()
        [got] = await receiver.wait_for(managers, 1)  # confirmed: sent
        assert got.event["entity"]["id"] == task["id"]
    finally:
        slow.released.set()
        await stop_dispatcher(hooked_projects_app)
        await start_dispatcher(hooked_projects_app, projects_repository(), "projects")


async def test_owners_whose_check_just_failed_do_not_take_the_review_s_places(
    hooked_projects_app: FastAPI,
    projects: httpx.AsyncClient,
    make_token,
    receiver: Receiver,
    webhook_databases: dict[str, str],
) -> None:
    """The review takes the longest unconfirmed subscriptions first, leaving out the owners
    in back-off after a failed check: those cannot starve the others of the pass's places."""
    manager = "mgr-" + hook_name()
    as_manager = auth(make_token("member", sub=manager))
    slow = SlowProjects()  # nobody gets confirmed while the test looks
    await stop_dispatcher(hooked_projects_app)
    await start_dispatcher(hooked_projects_app, projects_repository(), "projects", owners=slow)
    engine = make_engine(webhook_databases["projects"], pool_size=1)
    try:
        subs, project_ids = [], []
        for _ in range(2):
            project = await new_project(projects)
            added = await projects.post(
                f"/v1/projects/{project['id']}/members",
                json={"user_id": manager, "role": "manager"},
            )
            assert added.status_code == 201, added.text
            body = {"url": receiver.url(hook_name()), "project_id": project["id"]}
            made = await projects.post(SUBSCRIPTIONS, json=body, headers=as_manager)
            assert made.status_code == 201, made.text
            subs.append(made.json()["id"])
            project_ids.append(uuid.UUID(project["id"]))
        for project_id in project_ids:
            await new_task(projects, str(project_id))
        await asyncio.wait_for(slow.asked.wait(), timeout=30)
        owners = projects_repository().owners
        async with engine.connect() as db:  # other tests' may wait too: look at ours
            _, rows = await owners.unconfirmed(db, 100)
            every = [str(row["id"]) for row in rows]
            _, rows = await owners.unconfirmed(db, 100, [(manager, project_ids[0])])
            others = [str(row["id"]) for row in rows]
        assert every.index(subs[0]) < every.index(subs[1])  # the longest unconfirmed first
        assert subs[0] not in others and subs[1] in others
    finally:
        slow.released.set()
        await engine.dispose()
        await stop_dispatcher(hooked_projects_app)
        await start_dispatcher(hooked_projects_app, projects_repository(), "projects")
