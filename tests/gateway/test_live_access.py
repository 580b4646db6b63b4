"""A running ``projectEvents`` subscription keeps checking its caller's access: through a
real WebSocket to a gateway served by uvicorn, over the real services (real PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import httpx
from fastapi import FastAPI

from tests.conftest import TokenFactory
from tests.gateway.conftest import global_id, unique
from tests.gateway.live_client import (
    FeedRewriting,
    LiveClient,
    live_client,
    served_gateway,
    until,
)

ADD_TASK = """
mutation Add($input: AddTaskInput!) {
  addTask(input: $input) { task { databaseId } userErrors { message } }
}
"""


@asynccontextmanager
async def _projects_as(app: FastAPI, token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://projects",
        headers={"authorization": f"Bearer {token}"},
    ) as http:
        yield http


async def _team_project(projects_http: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    """A project with a manager and a member: its id, and each one's subject → member id."""
    created = await projects_http.post(
        "/v1/projects", json={"code": unique("LIVEACL"), "name": "Live access"}
    )
    assert created.status_code == 201, created.text
    project = str(created.json()["id"])
    members = {}
    for role in ("manager", "member"):
        subject = unique(role)
        added = await projects_http.post(
            f"/v1/projects/{project}/members", json={"user_id": subject, "role": role}
        )
        assert added.status_code == 201, added.text
        members[role] = subject
        members[f"{role}_id"] = str(added.json()["id"])
    return project, members


async def _add_task(gateway: Any, token: str, project: str, name: str) -> str:
    data = await gateway.query(token, ADD_TASK, input={"projectId": project, "name": name})
    return str(data["addTask"]["task"]["databaseId"])


async def test_a_member_removed_by_the_manager_gets_not_found_and_no_later_event(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, make_token: TokenFactory
) -> None:
    project, team = await _team_project(projects_http)
    manager = make_token("member", sub=team["manager"])
    member = make_token("member", sub=team["member"])
    async with served_gateway(upstream_apps) as gateway, live_client(gateway.url, member) as ws:
        await ws.subscribe("1", global_id("Project", project))
        await gateway.subscribers_live(1)
        task = await _add_task(gateway, manager, project, "Seen by the member")
        assert (await ws.next_event("1"))["entityId"] == task
        async with _projects_as(upstream_apps["projects"], manager) as http:
            removed = await http.delete(f"/v1/projects/{project}/members/{team['member_id']}")
            assert removed.status_code == 204, removed.text
        await _add_task(gateway, manager, project, "After the removal")
        # The next message is the error: neither the removal nor the task after it came.
        error = await ws.error_of("1")
        assert error["extensions"]["code"] == "NOT_FOUND", error
        assert error["extensions"]["status"] == 404
        await until(lambda: gateway.hub.subscriber_count == 0)


async def test_archiving_the_project_ends_its_members_streams(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, make_token: TokenFactory
) -> None:
    project, team = await _team_project(projects_http)
    member = make_token("member", sub=team["member"])
    async with served_gateway(upstream_apps) as gateway, live_client(gateway.url, member) as ws:
        await ws.subscribe("1", project)
        await gateway.subscribers_live(1)
        archived = await projects_http.delete(f"/v1/projects/{project}")
        assert archived.status_code == 204, archived.text
        error = await ws.error_of("1")
        assert error["extensions"]["code"] == "NOT_FOUND", error


async def test_a_stream_ends_unauthenticated_when_its_token_expires(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, make_token: TokenFactory
) -> None:
    project, team = await _team_project(projects_http)
    short_lived = make_token("member", sub=team["member"], ttl_seconds=3)
    async with (
        served_gateway(upstream_apps) as gateway,
        live_client(gateway.url, short_lived) as ws,
    ):
        await ws.subscribe("1", project)
        # Nothing happens in the project: the token's expiry alone ends the stream (the
        # services would still accept the token for their 30 s of leeway).
        error = await ws.error_of("1")
        assert error["extensions"]["code"] == "UNAUTHENTICATED", error
        assert error["extensions"]["status"] == 401
        # Then the connection itself goes: it never outlives its token.
        closed = await ws.ws.receive(timeout=15)
        assert closed.type == aiohttp.WSMsgType.CLOSE and closed.data == 4401, closed
        await until(lambda: gateway.hub.subscriber_count == 0)


def _without_member_events(request: httpx.Request, page: dict[str, Any]) -> None:
    """The gateway's own tail (no project filter) never sees a membership change."""
    if "project_id" not in request.url.params:
        page["items"] = [e for e in page["items"] if e["entity"]["type"] != "project_member"]


@asynccontextmanager
async def _member_streaming_unaware_of_removals(
    upstream_apps: dict[str, FastAPI],
    projects_http: httpx.AsyncClient,
    make_token: TokenFactory,
    recheck_seconds: float,
) -> AsyncIterator[tuple[LiveClient, str, Callable[[], Awaitable[None]]]]:
    """A member's live stream (operation "1") through a gateway whose projects tail never
    sees a membership change; with the call that removes the member."""
    project, team = await _team_project(projects_http)
    member = make_token("member", sub=team["member"])
    silent: dict[str, httpx.AsyncBaseTransport] = {
        "projects": FeedRewriting(upstream_apps["projects"], _without_member_events)
    }
    async with (
        served_gateway(
            upstream_apps, silent, live_access_recheck_seconds=recheck_seconds
        ) as gateway,
        live_client(gateway.url, member) as ws,
    ):
        await ws.subscribe("1", project)
        await gateway.subscribers_live(1)

        async def remove() -> None:
            path = f"/v1/projects/{project}/members/{team['member_id']}"
            removed = await projects_http.delete(path)
            assert removed.status_code == 204, removed.text

        yield ws, project, remove


async def test_access_is_checked_again_periodically(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, make_token: TokenFactory
) -> None:
    """An access change no event announces still ends the stream, at the next periodic
    check (GATEWAY_LIVE_ACCESS_RECHECK_SECONDS)."""
    async with _member_streaming_unaware_of_removals(
        upstream_apps, projects_http, make_token, recheck_seconds=0.2
    ) as (ws, _, remove):
        await remove()
        error = await ws.error_of("1")
        assert error["extensions"]["code"] == "NOT_FOUND", error


async def test_another_services_event_after_a_removal_never_reaches_the_removed_member(
    upstream_apps: dict[str, FastAPI],
    projects_http: httpx.AsyncClient,
    admin_token: str,
    make_token: TokenFactory,
) -> None:
    """Governance's feed may run ahead of the projects feed that announces the removal:
    its event goes out only after an access check made once it had arrived. Here the
    gateway's projects tail never sees the removal and the periodic check is a minute away,
    so only that check can end the stream."""
    async with (
        _member_streaming_unaware_of_removals(
            upstream_apps, projects_http, make_token, recheck_seconds=60
        ) as (ws, project, remove),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=upstream_apps["governance"]),
            base_url="http://governance",
            headers={"authorization": f"Bearer {admin_token}"},
        ) as governance,
    ):
        path = f"/v1/projects/{project}/deliverables"
        first = await governance.post(path, json={"key": "charter", "name": "Charter"})
        assert first.status_code == 201, first.text
        assert (await ws.next_event("1"))["entityId"] == first.json()["id"]
        await remove()
        after = await governance.post(path, json={"key": "plan", "name": "Plan, after"})
        assert after.status_code == 201, after.text
        error = await ws.error_of("1")
        assert error["extensions"]["code"] == "NOT_FOUND", error


def test_which_events_call_for_an_access_check() -> None:
    """Membership, archiving, and the project's own updates that move it out of reach."""
    import uuid
    from datetime import UTC, datetime

    from services.gateway.live.access import concerns_access
    from shared.clients.events import EventDTO, EventEntityDTO

    def event(kind: str, changes: dict[str, Any]) -> EventDTO:
        entity, _, _ = kind.partition(".")
        return EventDTO(
            id=uuid.uuid4(),
            type=kind,
            service="projects",
            occurred_at=datetime.now(UTC),
            entity=EventEntityDTO(type=entity, id=uuid.uuid4()),
            project_id=uuid.uuid4(),
            actor="admin",
            data={"changes": changes},
            cursor="c",
        )

    moved = {"portfolio_id": {"old": None, "new": str(uuid.uuid4())}}
    renamed = {"name": {"old": "A", "new": "B"}}
    assert concerns_access(event("project_member.deleted", {}))
    assert concerns_access(event("project_member.updated", {"role": {"new": "viewer"}}))
    assert concerns_access(event("project.archived", {}))
    assert concerns_access(event("project.updated", moved))
    assert not concerns_access(event("project.updated", renamed))
    assert not concerns_access(event("task.created", moved))
