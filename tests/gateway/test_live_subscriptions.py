"""``projectEvents`` over graphql-transport-ws, end to end: a real WebSocket to gateways
served by uvicorn, over the real services (real PostgreSQL); the events come from the
services' change feeds that each gateway tails."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import aiohttp
import httpx
from fastapi import FastAPI

from tests.gateway.conftest import global_id, unique
from tests.gateway.live_client import live_client, served_gateway, until

ADD_TASK = """
mutation Add($input: AddTaskInput!) {
  addTask(input: $input) { task { databaseId } userErrors { message } }
}
"""


async def _project(projects_http: httpx.AsyncClient) -> str:
    created = await projects_http.post(
        "/v1/projects", json={"code": unique("LIVE"), "name": "Live project"}
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_a_subscriber_receives_the_events_of_its_project(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, admin_token: str
) -> None:
    project, other = await _project(projects_http), await _project(projects_http)
    async with (
        served_gateway(upstream_apps) as gateway,
        live_client(gateway.url, admin_token) as ws,
    ):
        await ws.subscribe("1", global_id("Project", project))
        await gateway.subscribers_live(1)
        await gateway.query(admin_token, ADD_TASK, input={"projectId": other, "name": "Not ours"})
        started = time.perf_counter()
        data = await gateway.query(
            admin_token, ADD_TASK, input={"projectId": project, "name": "Live task"}
        )
        task_id = data["addTask"]["task"]["databaseId"]
        event = await ws.next_event("1")
        latency = time.perf_counter() - started
        print(f"\nprojectEvents: the event arrived {latency * 1000:.0f} ms after the mutation")
        assert event["type"] == "task.created" and event["service"] == "projects"
        assert event["entityType"] == "task" and event["entityId"] == task_id
        assert event["projectId"] == project and event["actor"] == "admin"
        assert datetime.fromisoformat(event["occurredAt"]).utcoffset() is not None
        assert event["data"]["changes"]["name"]["new"] == "Live task"
        assert event["cursor"].startswith("live1:")

        # Another service's event of the project comes through the same subscription.
        override = await _override(upstream_apps["reporting"], admin_token, project)
        event = await ws.next_event("1")
        assert event["service"] == "reporting" and event["entityId"] == override
        assert event["type"] == "health_override.created"
        await ws.send({"id": "1", "type": "complete"})
        await until(lambda: gateway.hub.subscriber_count == 0)
        assert gateway.hub.tails == {}  # the last subscriber left: the tails stopped


async def _override(reporting: FastAPI, token: str, project: str) -> str:
    body = {
        "rag": "amber",
        "justification": "Recovery plan",
        "expires_at": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
    }
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=reporting),
        base_url="http://reporting",
        headers={"authorization": f"Bearer {token}"},
    ) as http:
        created = await http.post(f"/v1/projects/{project}/health-overrides", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_a_project_the_caller_cannot_see_is_an_error(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, make_token
) -> None:
    project = await _project(projects_http)
    outsider = make_token("member", sub=unique("outsider"))
    async with served_gateway(upstream_apps) as gateway, live_client(gateway.url, outsider) as ws:
        await ws.subscribe("1", global_id("Project", project))
        error = await ws.error_of("1")
        assert error["extensions"]["code"] == "NOT_FOUND", error
        await ws.subscribe("2", global_id("Project", project), after="not-a-cursor")
        error = await ws.error_of("2")
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert gateway.hub.subscriber_count == 0


async def test_a_connection_without_a_token_is_refused(
    upstream_apps: dict[str, FastAPI],
) -> None:
    async with served_gateway(upstream_apps) as gateway, live_client(gateway.url, None) as ws:
        message = await ws.ws.receive(timeout=10)
        assert message.type == aiohttp.WSMsgType.CLOSE and message.data == 4403, message


async def test_two_gateway_replicas_each_deliver_to_their_own_subscribers(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, admin_token: str
) -> None:
    project = await _project(projects_http)
    async with (
        served_gateway(upstream_apps) as first,
        served_gateway(upstream_apps) as second,
        live_client(first.url, admin_token) as one,
        live_client(second.url, admin_token) as two,
    ):
        await one.subscribe("a", project)
        await two.subscribe("b", global_id("Project", project))
        await first.subscribers_live(1)
        await second.subscribers_live(1)
        # The write goes through one replica; both replicas' subscribers get the event.
        data = await first.query(admin_token, ADD_TASK, input={"projectId": project, "name": "X"})
        task_id = data["addTask"]["task"]["databaseId"]
        got = await asyncio.gather(one.next_event("a"), two.next_event("b"))
        assert [e["entityId"] for e in got] == [task_id, task_id]
        assert got[0]["id"] == got[1]["id"]
        assert first.hub.tails and second.hub.tails  # each replica tails the feeds itself


async def test_a_subscriber_resumes_after_its_last_event(
    upstream_apps: dict[str, FastAPI], projects_http: httpx.AsyncClient, admin_token: str
) -> None:
    project = await _project(projects_http)
    async with served_gateway(upstream_apps) as gateway:
        async with live_client(gateway.url, admin_token) as ws:
            await ws.subscribe("1", project)
            await gateway.subscribers_live(1)
            await gateway.query(admin_token, ADD_TASK, input={"projectId": project, "name": "1"})
            first = await ws.next_event("1")
        # Written while nobody listens: a resumed subscription gets them first, in order.
        missed = [
            (await gateway.query(admin_token, ADD_TASK, input={"projectId": project, "name": n}))[
                "addTask"
            ]["task"]["databaseId"]
            for n in ("2", "3")
        ]
        async with live_client(gateway.url, admin_token) as ws:
            await ws.subscribe("2", project, after=first["cursor"])
            caught = [await ws.next_event("2"), await ws.next_event("2")]
            assert [e["entityId"] for e in caught] == missed
            await gateway.subscribers_live(1)
            data = await gateway.query(
                admin_token, ADD_TASK, input={"projectId": project, "name": "4"}
            )
            live = await ws.next_event("2")
            assert live["entityId"] == data["addTask"]["task"]["databaseId"]
            assert len({first["id"], *(e["id"] for e in caught), live["id"]}) == 4


async def test_a_quiet_long_poll_ends_before_the_tails_deadline() -> None:
    """A tail's long poll waits TAIL_WAIT_SECONDS when nothing happens; a feed client whose
    whole-call deadline were shorter (the default 15 s) would end every quiet poll as a
    timeout, and five of them would open the upstream's circuit breaker."""
    from services.gateway.config import GatewaySettings
    from services.gateway.live.clients import feed_hub
    from services.gateway.live.hub import TAIL_WAIT_SECONDS

    hub = feed_hub(GatewaySettings())
    try:
        for client in hub.clients.values():
            assert client.total_timeout > TAIL_WAIT_SECONDS + 5  # type: ignore[attr-defined]
    finally:
        await asyncio.gather(*(client.aclose() for client in hub.clients.values()))
