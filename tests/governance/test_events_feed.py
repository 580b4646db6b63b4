"""The governance service's change feed (``GET /v1/events``) through the API and its typed
client, on committed data; a project's events are read with the projects service's rules."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from shared.clients.governance import GovernanceClient
from tests.governance.factories import create_project, create_standard
from tests.projects.factories import auth
from tests.shared.feed_checks import (
    assert_bad_parameters,
    assert_event_shape,
    assert_invalid_cursors,
    assert_long_poll_answers,
    assert_member_scope,
    now,
    of_entity,
    read_until_quiet,
)


@pytest.fixture
async def http(governance_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=governance_app),
        base_url="http://governance",
        headers=auth(admin_token),
        timeout=30,
    ) as client:
        yield client


async def _deliverable(http: httpx.AsyncClient, project_id: str) -> str:
    created = await http.post(
        f"/v1/projects/{project_id}/deliverables",
        json={"key": f"d-{secrets.token_hex(3)}", "name": "Charter"},
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_writes_appear_in_order_and_the_client_resumes(
    governance_app: FastAPI, http: httpx.AsyncClient, projects, admin_token: str
) -> None:
    start = await now(http)
    standard = await create_standard(http)
    project = await create_project(projects)
    deliverable = await _deliverable(http, project["id"])
    items, cursor = await read_until_quiet(http, start)
    assert [e["type"] for e in of_entity(items, standard["id"])] == ["standard.created"]
    [event] = of_entity(items, deliverable)
    assert event["type"] == "deliverable.created" and event["project_id"] == project["id"]
    assert_event_shape(event, "governance")

    later = await create_standard(http)
    client = GovernanceClient(
        "http://governance", transport=httpx.ASGITransport(app=governance_app), token=admin_token
    )
    async with client:
        page = await client.list_events(after=cursor, types=["standard.created"])
        assert [str(e.entity.id) for e in page.items] == [later["id"]]
        assert page.items[0].service == "governance" and page.next_cursor
        quiet = await client.list_events(after=page.next_cursor, wait=0.2)
        assert quiet.items == [] and quiet.next_cursor


async def test_a_long_poll_answers_when_a_write_commits(http: httpx.AsyncClient) -> None:
    async def write() -> str:
        return str((await create_standard(http))["id"])

    await assert_long_poll_answers(http, "governance", write)


async def test_cursors_the_feed_never_issued_are_400(http: httpx.AsyncClient) -> None:
    await assert_invalid_cursors(http)
    await assert_bad_parameters(http)


async def test_a_member_reads_only_their_projects_events(
    http: httpx.AsyncClient, projects, make_token
) -> None:
    start = await now(http)
    user = f"member-{secrets.token_hex(4)}"
    mine, other = await create_project(projects), await create_project(projects)
    added = await projects.post(
        f"/v1/projects/{mine['id']}/members", json={"user_id": user, "role": "viewer"}
    )
    assert added.status_code == 201, added.text
    hidden = await _deliverable(http, other["id"])
    deliverable = await _deliverable(http, mine["id"])
    await create_standard(http)  # of no project: the member never sees it
    await assert_member_scope(
        http,
        (make_token("member", sub=user), make_token("executive")),
        start,
        (mine["id"], other["id"]),
        ({deliverable}, {hidden}),
    )
