"""Helpers of the change-feed tests (``GET /v1/events``) of every service, on committed data:
the services run their own transactions, so each test creates its own rows and reads the
feed from a cursor taken when it starts (``after=now``)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import httpx

from shared.events.feed.cursor import FeedPoint

PROBLEM = "application/problem+json"


async def feed(http: httpx.AsyncClient, token: str | None = None, **params: Any) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await http.get("/v1/events", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"items", "next_cursor"} and body["next_cursor"]
    return body


async def now(http: httpx.AsyncClient, **params: Any) -> str:
    body = await feed(http, after="now", **params)
    assert body["items"] == []
    cursor: str = body["next_cursor"]
    return cursor


async def read_until_quiet(
    http: httpx.AsyncClient, after: str | None, **params: Any
) -> tuple[list[dict[str, Any]], str]:
    """Every event after ``after`` (None: from the start), page by page, and the cursor to
    go on from."""
    items: list[dict[str, Any]] = []
    params.setdefault("limit", 100)
    while True:
        where = {"after": after} if after is not None else {}
        body = await feed(http, **where, **params)
        items += body["items"]
        after = body["next_cursor"]
        if not body["items"]:
            return items, after


def of_entity(items: list[dict[str, Any]], entity_id: str) -> list[dict[str, Any]]:
    return [item for item in items if item["entity"]["id"] == entity_id]


def assert_event_shape(item: dict[str, Any], service: str) -> None:
    assert item["service"] == service
    assert set(item) == {
        "id",
        "type",
        "service",
        "occurred_at",
        "entity",
        "project_id",
        "portfolio_id",
        "actor",
        "data",
        "cursor",
    }
    assert datetime.fromisoformat(item["occurred_at"]).utcoffset() is not None
    assert "." in item["type"] and isinstance(item["data"], dict)


async def assert_invalid_cursors(http: httpx.AsyncClient) -> None:
    """Malformed cursors and cursors the feed never issued are 400 invalid-cursor problems."""
    never_issued = [
        "not a cursor",
        "djEueC55",  # base64url of "v1.x.y"
        FeedPoint(2**62, 0).encode(),  # a horizon far ahead of the feed's
        FeedPoint(1, 2**62).encode(),  # an event that does not exist
        FeedPoint(2**64, 1).encode(),  # beyond xid8
    ]
    for cursor in never_issued:
        response = await http.get("/v1/events", params={"after": cursor})
        assert response.status_code == 400, (cursor, response.text)
        assert response.headers["content-type"] == PROBLEM
        problem = response.json()
        assert problem["type"].endswith("/invalid-cursor"), problem
        assert problem["errors"][0]["field"] == "after"


async def assert_bad_parameters(http: httpx.AsyncClient) -> None:
    for params in ({"limit": 501}, {"limit": 0}, {"wait": 26}, {"types": "Not A Type"}):
        response = await http.get("/v1/events", params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"] == PROBLEM
        field = next(iter(params))
        assert any(field in e["field"] for e in response.json()["errors"]), response.text


async def assert_long_poll_answers(
    http: httpx.AsyncClient, service: str, write: Callable[[], Awaitable[str]], **params: Any
) -> float:
    """Starts a long poll (wait=20) from now, then runs ``write()`` (which answers the id of
    the entity it wrote): the poll answers with its event, promptly. Prints and answers the
    seconds from the write's answer to the poll's."""
    start = await now(http, **params)
    poll = asyncio.create_task(feed(http, after=start, wait=20, **params))
    await asyncio.sleep(0.3)
    assert not poll.done(), "the long poll answered before anything was written"
    entity_id = await write()
    written = time.perf_counter()
    body = await asyncio.wait_for(poll, 20)
    latency = time.perf_counter() - written
    print(f"\n{service} feed: long poll answered {latency * 1000:.1f} ms after the write")
    assert of_entity(body["items"], entity_id) and latency < 2.0
    return latency


async def assert_member_scope(
    http: httpx.AsyncClient,
    tokens: tuple[str, str],
    start: str,
    projects: tuple[str, str],
    entities: tuple[set[str], set[str]],
) -> None:
    """``tokens``: a member of the first project (only) and an executive; ``entities``: the
    ids of the events written since ``start`` in each project. The member reads the first
    project's events only, is refused every project's (403) and the other's (404, as for
    an unknown project); the executive reads both."""
    member, executive = tokens
    mine, other = projects
    headers = {"authorization": f"Bearer {member}"}
    assert (await http.get("/v1/events", headers=headers)).status_code == 403
    for project_id in (other, str(uuid.uuid4())):
        hidden = await http.get("/v1/events", params={"project_id": project_id}, headers=headers)
        assert hidden.status_code == 404, hidden.text
        assert hidden.headers["content-type"] == PROBLEM
    body = await feed(http, member, after=start, project_id=mine, limit=500)
    assert {e["project_id"] for e in body["items"]} == {mine}
    assert {e["entity"]["id"] for e in body["items"]} >= entities[0]
    seen = await feed(http, executive, after=start, limit=500)
    assert entities[0] | entities[1] <= {e["entity"]["id"] for e in seen["items"]}
