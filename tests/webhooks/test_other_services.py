"""The governance and reporting services serve the same webhook API and dispatch their own
events; their project scopes are checked with the projects service."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from shared.auth import mint_integration_token
from shared.events.signing import verify_webhook
from tests.conftest import JWT_SECRET
from tests.webhooks.conftest import client_of
from tests.webhooks.helpers import (
    SUBSCRIPTIONS,
    auth,
    hook_name,
    new_project,
    subscribe,
    wait_for_log,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture
async def reporting(
    hooked_reporting_app: FastAPI, admin_token: str
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(hooked_reporting_app, admin_token) as http:
        yield http


async def test_governance_delivers_its_events(
    governance: httpx.AsyncClient, receiver: Receiver
) -> None:
    name = hook_name()
    sub = await subscribe(governance, receiver.url(name), event_types=["standard.created"])
    body = {"key": f"std-{secrets.token_hex(4)}", "title": "Hooked standard"}
    created = await governance.post("/v1/standards", json=body)
    assert created.status_code == 201, created.text
    [got] = await receiver.wait_for(name, 1)
    event = verify_webhook(got.body, got.headers, [sub["secret"]])
    assert (event["service"], event["type"]) == ("governance", "standard.created")
    assert event["entity"]["id"] == created.json()["id"]
    # The outcome is written after the answer (by the recorder, a moment later).
    log = await wait_for_log(
        governance, sub["id"], lambda items: items[0]["status"] != "delivering"
    )
    assert [d["status"] for d in log] == ["succeeded"]


async def test_governance_checks_project_scopes_with_the_projects_service(
    governance: httpx.AsyncClient, projects: httpx.AsyncClient, make_token, receiver: Receiver
) -> None:
    project = await new_project(projects)
    manager, member = "mgr-" + hook_name(), "mem-" + hook_name()
    for user, role in ((manager, "manager"), (member, "member")):
        added = await projects.post(
            f"/v1/projects/{project['id']}/members", json={"user_id": user, "role": role}
        )
        assert added.status_code == 201, added.text
    body = {"url": receiver.url(hook_name()), "project_id": project["id"]}
    for user, status in ((manager, 201), (member, 403), ("out-" + hook_name(), 404)):
        answer = await governance.post(
            SUBSCRIPTIONS, json=body, headers=auth(make_token("member", sub=user))
        )
        assert answer.status_code == status, (user, answer.text)
    strange = {"url": receiver.url(hook_name()), "portfolio_id": project["id"]}
    assert (await governance.post(SUBSCRIPTIONS, json=strange)).status_code == 404


async def test_reporting_delivers_its_events(
    reporting: httpx.AsyncClient, projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    portfolio = (await projects.post("/v1/portfolios", json={"name": "Reported"})).json()
    name = hook_name()
    sub = await subscribe(reporting, receiver.url(name), portfolio_id=portfolio["id"])
    policy = await reporting.put(
        f"/v1/portfolios/{portfolio['id']}/health-policy",
        json={"thresholds": {"cpi": {"amber": "0.9", "red": "0.8"}}},
        headers={"if-match": '"0"'},
    )
    assert policy.status_code == 200, policy.text
    [got] = await receiver.wait_for(name, 1)
    event = verify_webhook(got.body, got.headers, [sub["secret"]])
    assert event["service"] == "reporting"
    assert event["type"].startswith("health_policy.")
    assert event["portfolio_id"] == portfolio["id"]


async def test_a_service_token_subscribes_to_a_project_of_its_limits_in_reporting(
    reporting: httpx.AsyncClient, projects: httpx.AsyncClient, receiver: Receiver
) -> None:
    mine, other = await new_project(projects), await new_project(projects)
    token = auth(
        mint_integration_token(
            JWT_SECRET,
            name="bi-" + hook_name(),
            scope="projects:read webhooks:write",
            project_ids=[mine["id"]],
        )
    )
    url = receiver.url(hook_name())
    for project, status in ((mine, 201), (other, 404)):
        answer = await reporting.post(
            SUBSCRIPTIONS, json={"url": url, "project_id": project["id"]}, headers=token
        )
        assert answer.status_code == status, answer.text
    everything = await reporting.post(SUBSCRIPTIONS, json={"url": url}, headers=token)
    assert everything.status_code == 403, everything.text
