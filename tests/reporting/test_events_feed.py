"""The reporting service's change feed (``GET /v1/events``) through the API, on committed
data; a project's events are read with the projects service's rules."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import httpx

from tests.projects.factories import create_project
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


async def _override(reporting: httpx.AsyncClient, project_id: str) -> str:
    body = {
        "rag": "amber",
        "justification": "Recovery plan approved",
        "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
    }
    created = await reporting.post(f"/v1/projects/{project_id}/health-overrides", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_a_write_appears_and_a_cursor_reads_only_what_is_newer(
    projects: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    start = await now(reporting)
    project = await create_project(projects)
    first = await _override(reporting, project["id"])
    items, cursor = await read_until_quiet(reporting, start)
    [event] = of_entity(items, first)
    assert event["type"] == "health_override.created" and event["project_id"] == project["id"]
    assert_event_shape(event, "reporting")

    revoked = await reporting.delete(f"/v1/health-overrides/{first}", headers={"if-match": '"1"'})
    assert revoked.status_code == 200, revoked.text
    newer, _ = await read_until_quiet(reporting, cursor)
    assert [e["type"] for e in of_entity(newer, first)] == ["health_override.updated"]


async def test_a_long_poll_answers_when_a_write_commits(
    projects: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    project = await create_project(projects)

    async def write() -> str:
        return await _override(reporting, project["id"])

    await assert_long_poll_answers(reporting, "reporting", write, project_id=project["id"])


async def test_cursors_the_feed_never_issued_are_400(reporting: httpx.AsyncClient) -> None:
    await assert_invalid_cursors(reporting)
    await assert_bad_parameters(reporting)


async def test_a_member_reads_only_their_projects_events(
    projects: httpx.AsyncClient, reporting: httpx.AsyncClient, make_token
) -> None:
    start = await now(reporting)
    user = f"member-{secrets.token_hex(4)}"
    mine, other = await create_project(projects), await create_project(projects)
    added = await projects.post(
        f"/v1/projects/{mine['id']}/members", json={"user_id": user, "role": "viewer"}
    )
    assert added.status_code == 201, added.text
    hidden = await _override(reporting, other["id"])
    override = await _override(reporting, mine["id"])
    await assert_member_scope(
        reporting,
        (make_token("member", sub=user), make_token("executive")),
        start,
        (mine["id"], other["id"]),
        ({override}, {hidden}),
    )
