"""A project manager's subscription is re-checked before its deliveries go out: an owner
demoted or removed from the project gets it suspended (nothing sent, the reason shown), a
PATCH by someone who may subscribe reactivates it from then on, and while the projects
service cannot answer the deliveries wait instead of being lost."""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.webhooks.helpers import (
    SUBSCRIPTIONS,
    auth,
    deliveries,
    hook_name,
    new_project,
    new_task,
    wait_for_log,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def _managed_project(projects: httpx.AsyncClient) -> tuple[dict[str, Any], str, str]:
    """A project, its manager's user id and that membership's id."""
    project = await new_project(projects)
    manager = "mgr-" + hook_name()
    added = await projects.post(
        f"/v1/projects/{project['id']}/members", json={"user_id": manager, "role": "manager"}
    )
    assert added.status_code == 201, added.text
    return project, manager, added.json()["id"]


async def _wait_for_status(
    client: httpx.AsyncClient, subscription_id: str, status: str, within: float = 30.0
) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while True:
        row: dict[str, Any] = (await client.get(f"{SUBSCRIPTIONS}/{subscription_id}")).json()
        if row["status"] == status or time.monotonic() > deadline:
            return row
        await asyncio.sleep(0.1)


async def test_a_demoted_manager_s_subscription_is_suspended_and_sends_nothing(
    projects: httpx.AsyncClient, make_token, receiver: Receiver
) -> None:
    project, manager, membership = await _managed_project(projects)
    as_manager = auth(make_token("member", sub=manager))
    name, watch = hook_name(), hook_name()
    body = {"url": receiver.url(name), "project_id": project["id"], "event_types": ["task.created"]}
    # The admin's subscription to the same events shows when the fan-out has passed one.
    await projects.post(SUBSCRIPTIONS, json={**body, "url": receiver.url(watch)})
    created = await projects.post(SUBSCRIPTIONS, json=body, headers=as_manager)
    assert created.status_code == 201, created.text
    sub = created.json()
    assert (sub["owner_kind"], sub["status"]) == ("project_manager", "active")
    await new_task(projects, project["id"])
    assert len(await receiver.wait_for(name, 1)) == 1

    demoted = await projects.patch(
        f"/v1/projects/{project['id']}/members/{membership}", json={"role": "member"}
    )
    assert demoted.status_code == 200, demoted.text
    unsent = await new_task(projects, project["id"])
    row = await _wait_for_status(projects, sub["id"], "suspended")
    assert row["status"] == "suspended", row
    assert manager in row["suspended_reason"] and "manager" in row["suspended_reason"]
    assert row["suspended_at"] is not None
    log = await deliveries(projects, sub["id"])
    late = [d for d in log if d["status"] == "dead"]
    assert len(late) == 1 and "suspended" in late[0]["last_error"], log
    assert late[0]["attempts"] == 0  # never sent
    await new_task(projects, project["id"])  # while suspended: no delivery at all
    assert len(await receiver.wait_for(watch, 3)) == 3
    replay = await projects.post(f"/v1/webhook-deliveries/{late[0]['id']}/replay")
    assert replay.status_code == 409, replay.text
    assert len(await deliveries(projects, sub["id"])) == 2
    sent = [r.body for r in receiver.delivered(name)]
    assert len(sent) == 1 and unsent["id"].encode() not in sent[0]


async def test_a_patch_by_someone_who_may_subscribe_reactivates_from_then_on(
    projects: httpx.AsyncClient, make_token, receiver: Receiver
) -> None:
    project, manager, membership = await _managed_project(projects)
    as_manager = auth(make_token("member", sub=manager))
    name = hook_name()
    body = {"url": receiver.url(name), "project_id": project["id"], "event_types": ["task.created"]}
    sub = (await projects.post(SUBSCRIPTIONS, json=body, headers=as_manager)).json()
    removed = await projects.delete(f"/v1/projects/{project['id']}/members/{membership}")
    assert removed.status_code == 204, removed.text
    await new_task(projects, project["id"])
    row = await _wait_for_status(projects, sub["id"], "suspended")
    assert row["status"] == "suspended", row
    one = f"{SUBSCRIPTIONS}/{sub['id']}"
    # The former manager may not reactivate it: the project is hidden from them now.
    refused = await projects.patch(one, json={"description": "again"}, headers=as_manager)
    assert refused.status_code == 404, refused.text
    missed = await new_task(projects, project["id"])  # while suspended

    again = await projects.patch(one, json={"description": "vouched for by pmo"})
    assert again.status_code == 200, again.text
    assert (again.json()["status"], again.json()["suspended_reason"]) == ("active", None)
    assert again.json()["owner_kind"] == "global"  # the admin who reactivated owns it now
    after = await new_task(projects, project["id"])
    [got] = await receiver.wait_for(name, 1)
    assert after["id"].encode() in got.body
    assert missed["id"].encode() not in got.body


async def test_the_owner_s_global_role_is_checked_again_on_every_change(
    projects: httpx.AsyncClient, make_token, receiver: Receiver
) -> None:
    owner = "pmo-" + hook_name()
    as_pmo = auth(make_token("pmo", sub=owner))
    created = await projects.post(
        SUBSCRIPTIONS, json={"url": receiver.url(hook_name())}, headers=as_pmo
    )
    assert created.status_code == 201, created.text
    assert created.json()["owner_kind"] == "global"
    one = f"{SUBSCRIPTIONS}/{created.json()['id']}"
    as_former_pmo = auth(make_token("member", sub=owner))
    refused = await projects.patch(one, json={"description": "x"}, headers=as_former_pmo)
    assert refused.status_code == 403, refused.text


async def test_a_manager_removed_in_the_projects_service_loses_a_governance_subscription(
    governance: httpx.AsyncClient, projects: httpx.AsyncClient, make_token, receiver: Receiver
) -> None:
    project, manager, membership = await _managed_project(projects)
    as_manager = auth(make_token("member", sub=manager))
    name = hook_name()
    body = {"url": receiver.url(name), "project_id": project["id"]}
    created = await governance.post(SUBSCRIPTIONS, json=body, headers=as_manager)
    assert created.status_code == 201, created.text
    sub = created.json()
    await _add_deliverable(governance, project["id"])
    assert len(await receiver.wait_for(name, 1)) == 1
    removed = await projects.delete(f"/v1/projects/{project['id']}/members/{membership}")
    assert removed.status_code == 204, removed.text
    await _add_deliverable(governance, project["id"])
    row = await _wait_for_status(governance, sub["id"], "suspended")
    assert row["status"] == "suspended", row
    assert manager in row["suspended_reason"]
    assert len(receiver.delivered(name)) == 1


async def test_while_the_projects_service_is_down_deliveries_wait_and_go_out_after(
    hooked_governance_app: FastAPI,
    governance: httpx.AsyncClient,
    projects: httpx.AsyncClient,
    make_token,
    receiver: Receiver,
) -> None:
    project, manager, _ = await _managed_project(projects)
    as_manager = auth(make_token("member", sub=manager))
    name = hook_name()
    body = {"url": receiver.url(name), "project_id": project["id"]}
    sub = (await governance.post(SUBSCRIPTIONS, json=body, headers=as_manager)).json()
    await _add_deliverable(governance, project["id"])
    [first] = await wait_for_log(governance, sub["id"], lambda log: len(log) == 1)
    link = hooked_governance_app.state.test_projects_link
    link.down = True
    try:
        replay = await governance.post(f"/v1/webhook-deliveries/{first['id']}/replay")
        assert replay.status_code == 201, replay.text
        # The dispatcher cannot confirm the owner: the replay waits, untried, not dead.
        for _ in range(20):
            await asyncio.sleep(0.1)
            log = await deliveries(governance, sub["id"])
            waiting = [d for d in log if d["id"] == replay.json()["id"]]
            assert [(d["status"], d["attempts"]) for d in waiting] == [("pending", 0)], log
        assert len(receiver.delivered(name)) == 1
        row = (await governance.get(f"{SUBSCRIPTIONS}/{sub['id']}")).json()
        assert row["status"] == "active"
    finally:
        link.down = False
    assert len(await receiver.wait_for(name, 2)) == 2
    log = await wait_for_log(
        governance, sub["id"], lambda log: all(d["status"] == "succeeded" for d in log)
    )
    assert [d["status"] for d in log] == ["succeeded", "succeeded"]


async def _add_deliverable(governance: httpx.AsyncClient, project_id: str) -> None:
    key = f"d-{secrets.token_hex(4)}"
    added = await governance.post(
        f"/v1/projects/{project_id}/deliverables", json={"key": key, "name": "Charter"}
    )
    assert added.status_code == 201, added.text
