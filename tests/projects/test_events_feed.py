"""The projects service's change feed (``GET /v1/events``) through the API, on committed
data: every write appears once, in commit order, and a transaction that commits late with
a smaller position is not skipped."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from services.projects.models import Portfolio
from tests.projects.factories import add_task, auth, create_project
from tests.shared.feed_checks import (
    assert_bad_parameters,
    assert_event_shape,
    assert_invalid_cursors,
    assert_long_poll_answers,
    assert_member_scope,
    feed,
    now,
    of_entity,
    read_until_quiet,
)


@pytest.fixture
async def http(projects_app: FastAPI, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    """Commits for real (no rolled-back outer transaction): the feed reads final rows only."""
    transport = httpx.ASGITransport(app=projects_app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://projects", headers=auth(admin_token), timeout=30
    ) as client:
        yield client


async def test_a_write_appears_and_a_cursor_reads_only_what_is_newer(
    http: httpx.AsyncClient,
) -> None:
    start = await now(http)
    project = await create_project(http)
    items, cursor = await read_until_quiet(http, start)
    created = of_entity(items, project["id"])
    assert [e["type"] for e in created] == ["project.created"]
    assert_event_shape(created[0], "projects")
    assert created[0]["project_id"] == project["id"] and created[0]["actor"] == "admin"

    response = await http.patch(
        f"/v1/projects/{project['id']}", json={"name": "Renamed"}, headers={"if-match": '"1"'}
    )
    assert response.status_code == 200, response.text
    task = await add_task(http, project["id"])
    newer, _ = await read_until_quiet(http, cursor)
    assert [e["type"] for e in of_entity(newer, project["id"])] == ["project.updated"]
    assert [e["type"] for e in of_entity(newer, task["id"])] == ["task.created"]

    # An item's own cursor resumes just after it; the events keep their order.
    ours = [e for e in newer if e["project_id"] == project["id"]]
    after_first, _ = await read_until_quiet(http, ours[0]["cursor"])
    assert [e["id"] for e in after_first if e["project_id"] == project["id"]] == [
        e["id"] for e in ours[1:]
    ]
    # The whole feed from its start holds our events too, each once.
    everything, _ = await read_until_quiet(http, None, limit=7)
    ids = [e["id"] for e in everything]
    assert len(ids) == len(set(ids))
    assert {e["id"] for e in created + ours} <= set(ids)


async def test_nothing_new_answers_a_cursor_to_resume_from(http: httpx.AsyncClient) -> None:
    start = await now(http)
    body = await feed(http, after=start, types="nothing.happened", wait=0.5)
    assert body["items"] == [] and body["next_cursor"]
    again = await feed(http, after=body["next_cursor"], types="nothing.happened")
    assert again["items"] == []


async def test_a_transaction_committing_late_is_not_skipped(
    projects_app: FastAPI, http: httpx.AsyncClient
) -> None:
    """T1 writes an event and stays open; T2 writes and commits; the feed shows T2's event
    only once T1 has ended, and after T1 commits both are read, each exactly once."""
    start = await now(http)
    async with projects_app.state.sessionmaker() as early:
        late = Portfolio(name=f"Late {secrets.token_hex(3)}")
        early.add(late)
        await early.flush()  # the outbox row exists, with a smaller position than T2's
        second = await create_project(http)

        seen, cursor = await read_until_quiet(http, start)
        # The open transaction holds the horizon: nothing at or after it is read yet,
        # T2's event included, so no cursor can move past T1's event.
        assert of_entity(seen, str(late.id)) == []
        assert of_entity(seen, second["id"]) == []
        await early.commit()

    after, _ = await read_until_quiet(http, cursor)
    events = seen + after
    assert [e["type"] for e in of_entity(events, str(late.id))] == ["portfolio.created"]
    assert [e["type"] for e in of_entity(events, second["id"])] == ["project.created"]
    late_event = of_entity(events, str(late.id))[0]
    assert late_event["actor"]  # the audit listener names an actor even outside a request
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids))


async def test_a_long_poll_answers_when_a_write_commits(http: httpx.AsyncClient) -> None:
    async def write() -> str:
        return str((await create_project(http))["id"])

    await assert_long_poll_answers(http, "projects", write)


async def test_cursors_the_feed_never_issued_are_400(http: httpx.AsyncClient) -> None:
    await assert_invalid_cursors(http)
    await assert_bad_parameters(http)


async def test_a_member_reads_only_their_projects_events(
    http: httpx.AsyncClient, make_token
) -> None:
    start = await now(http)
    user = f"member-{secrets.token_hex(4)}"
    mine, other = await create_project(http), await create_project(http)
    added = await http.post(
        f"/v1/projects/{mine['id']}/members", json={"user_id": user, "role": "viewer"}
    )
    assert added.status_code == 201, added.text
    hidden = await add_task(http, other["id"])
    task = await add_task(http, mine["id"])
    await assert_member_scope(
        http,
        (make_token("member", sub=user), make_token("executive")),
        start,
        (mine["id"], other["id"]),
        ({mine["id"], task["id"], added.json()["id"]}, {other["id"], hidden["id"]}),
    )
