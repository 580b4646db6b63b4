"""A resumed ``projectEvents`` subscription's catch-up: read a page at a time, refused when
the cursor is too far behind or older than the feeds keep. Through a real WebSocket to a
gateway served by uvicorn, over the real services (real PostgreSQL)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.gateway.live import cursor as live_cursor
from services.gateway.live import stream
from tests.gateway.conftest import unique
from tests.gateway.live_client import (
    FeedRewriting,
    LiveClient,
    ServedGateway,
    live_client,
    served_gateway,
)

ADD_TASK = """
mutation Add($input: AddTaskInput!) {
  addTask(input: $input) { task { databaseId } userErrors { message } }
}
"""


async def _project(projects_http: httpx.AsyncClient) -> str:
    created = await projects_http.post(
        "/v1/projects", json={"code": unique("CATCH"), "name": "Catch-up project"}
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def _add_tasks(gateway: ServedGateway, token: str, project: str, count: int) -> list[str]:
    ids = []
    for number in range(count):
        data = await gateway.query(
            token, ADD_TASK, input={"projectId": project, "name": f"Task {number}"}
        )
        ids.append(str(data["addTask"]["task"]["databaseId"]))
    return ids


async def _first_cursor(gateway: ServedGateway, token: str, project: str) -> str:
    """The cursor of a first event received live (the subscription then completed)."""
    async with live_client(gateway.url, token) as ws:
        await ws.subscribe("first", project)
        await gateway.subscribers_live(1)
        await _add_tasks(gateway, token, project, 1)
        cursor = str((await ws.next_event("first"))["cursor"])
        await ws.send({"id": "first", "type": "complete"})
    return cursor


async def test_a_resume_further_behind_than_the_limit_is_refused(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, admin_token: str
) -> None:
    project = await _project(projects_http)
    async with served_gateway(upstream_apps, live_max_catchup_events=3) as gateway:
        cursor = await _first_cursor(gateway, admin_token, project)
        await _add_tasks(gateway, admin_token, project, 4)
        async with live_client(gateway.url, admin_token) as ws:
            await ws.subscribe("1", project, after=cursor)
            error = await ws.error_of("1")
            assert error["extensions"]["code"] == "CATCHUP_TOO_LARGE", error
            assert "GET /v1/events" in error["message"]


class HeldAfterFirstPage(httpx.AsyncBaseTransport):
    """The projects service, whose catch-up reads (pages of ``size``) past the first, once
    ``armed``, wait until ``released``: a catch-up that sent nothing before reading its
    whole backlog would wait forever."""

    def __init__(self, app: FastAPI, size: int) -> None:
        self.inner = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self.size = str(size)
        self.armed = False
        self.released = asyncio.Event()
        self.pages = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if self.armed and "project_id" in params and params.get("limit") == self.size:
            self.pages += 1
            if self.pages > 1:
                await self.released.wait()
        return await self.inner.handle_async_request(request)


async def _events_until(ws: LiveClient, op_id: str, ids: set[str]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while not ids <= {e["entityId"] for e in events}:
        events.append(await ws.next_event(op_id))
    return events


async def test_a_catch_up_is_sent_page_by_page_then_live_without_loss_or_repeat(
    upstream_apps: dict[str, FastAPI],
    projects_http: httpx.AsyncClient,
    admin_token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stream, "CATCH_UP_LIMIT", 2)
    project = await _project(projects_http)
    held = HeldAfterFirstPage(upstream_apps["projects"], size=2)
    async with served_gateway(upstream_apps, {"projects": held}) as gateway:
        cursor = await _first_cursor(gateway, admin_token, project)
        missed = await _add_tasks(gateway, admin_token, project, 5)
        held.armed = True
        async with live_client(gateway.url, admin_token) as ws:
            await ws.subscribe("1", project, after=cursor)
            first = await ws.next_event("1")  # sent while the next pages are held
            held.released.set()
            caught = [first, *await _events_until(ws, "1", set(missed[1:]))]
            assert [e["entityId"] for e in caught] == missed
            assert held.pages >= 3  # five events, two a page
            await gateway.subscribers_live(1)
            [live] = await _add_tasks(gateway, admin_token, project, 1)
            after_seam = await ws.next_event("1")
            assert after_seam["entityId"] == live
            assert len({e["id"] for e in [*caught, after_seam]}) == 6


class Pruned:
    """Governance's feed as retention pruning makes it: a read after an ``expired`` cursor
    answers 410 cursor-expired."""

    def __init__(self) -> None:
        self.expired: set[str] = set()

    def __call__(self, request: httpx.Request, page: dict[str, Any]) -> httpx.Response | None:
        if request.url.params.get("after") not in self.expired:
            return None
        return _cursor_expired()


def _cursor_expired() -> httpx.Response:
    problem = {
        "type": "https://pmo.example/problems/cursor-expired",
        "title": "Cursor expired",
        "status": 410,
        "detail": "This feed no longer keeps the events after the cursor.",
    }
    return httpx.Response(410, json=problem, headers={"content-type": "application/problem+json"})


async def test_a_cursor_older_than_the_feeds_keep_is_cursor_expired(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, admin_token: str
) -> None:
    project = await _project(projects_http)
    pruned = Pruned()
    governance = {"governance": FeedRewriting(upstream_apps["governance"], pruned)}
    async with served_gateway(upstream_apps, governance) as gateway:
        cursor = await _first_cursor(gateway, admin_token, project)
        pruned.expired.add(live_cursor.decode(cursor)["governance"])
        async with live_client(gateway.url, admin_token) as ws:
            await ws.subscribe("1", project, after=cursor)
            error = await ws.error_of("1")
            assert error["extensions"]["code"] == "CURSOR_EXPIRED", error
            assert error["extensions"]["status"] == 410
