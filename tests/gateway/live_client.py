"""A small graphql-transport-ws client (aiohttp's WebSocket) and a gateway served by
uvicorn on a free local port, over the real services in-process: subscriptions need a
real WebSocket, which an ASGI test transport does not carry."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import httpx
import uvicorn
from fastapi import FastAPI

from services.gateway.config import GatewaySettings
from services.gateway.live.hub import FeedHub, Subscriber
from services.gateway.main import GatewayApp
from services.gateway.main import create_app as create_gateway_app

PROTOCOL = "graphql-transport-ws"

PROJECT_EVENTS = """
subscription Live($projectId: ID!, $after: String) {
  projectEvents(projectId: $projectId, after: $after) {
    id type service occurredAt entityType entityId projectId actor data cursor
  }
}
"""


WAIT_SECONDS = 15.0


async def until(condition: Callable[[], bool]) -> None:
    """Polls ``condition`` (state of the gateway in this process) for up to WAIT_SECONDS."""
    async with asyncio.timeout(WAIT_SECONDS):
        while not condition():  # noqa: ASYNC110 (no event to wait on: another task's state)
            await asyncio.sleep(0.01)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServedGateway:
    url: str
    app: GatewayApp

    @property
    def hub(self) -> FeedHub:
        hub: FeedHub = self.app.state.feed_hub
        return hub

    async def subscribers_live(self, count: int) -> None:
        """Waits until ``count`` subscribers have caught up and wait for live events."""
        await until(lambda: sum(s.live.is_set() for s in self.subscribers()) >= count)

    def subscribers(self) -> list[Subscriber]:
        return [s for group in self.hub.subscribers.values() for s in group]

    async def query(self, token: str, query: str, **variables: Any) -> dict[str, Any]:
        async with httpx.AsyncClient(base_url=self.url, timeout=30) as http:
            response = await http.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"authorization": f"Bearer {token}"},
            )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body["data"]


@asynccontextmanager
async def served_gateway(
    upstream_apps: dict[str, FastAPI],
    transports: dict[str, httpx.AsyncBaseTransport] | None = None,
    **settings_values: Any,
) -> AsyncIterator[ServedGateway]:
    """``transports``: the upstreams to reach otherwise than directly (by name);
    ``settings_values``: GatewaySettings fields to set (live limits, say)."""
    transports = {
        name: httpx.ASGITransport(app=app, raise_app_exceptions=False)
        for name, app in upstream_apps.items()
    } | (transports or {})
    settings = GatewaySettings(
        projects_url="http://projects",
        governance_url="http://governance",
        reporting_url="http://reporting",
        upstream_retries=0,
        **settings_values,
    )
    app = create_gateway_app(settings, transports=transports)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        await until(lambda: server.started)
        yield ServedGateway(url=f"http://127.0.0.1:{port}", app=app)
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)


class LiveClient:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send_json(message)

    async def receive(self) -> dict[str, Any]:
        message = await self.ws.receive(timeout=WAIT_SECONDS)
        assert message.type == aiohttp.WSMsgType.TEXT, (message.type, message.data, message.extra)
        body: dict[str, Any] = message.json()
        return body

    async def subscribe(self, op_id: str, project_id: str, after: str | None = None) -> None:
        variables: dict[str, Any] = {"projectId": project_id}
        if after:
            variables["after"] = after
        payload = {"query": PROJECT_EVENTS, "variables": variables}
        await self.send({"id": op_id, "type": "subscribe", "payload": payload})

    async def next_event(self, op_id: str) -> dict[str, Any]:
        while True:
            message = await self.receive()
            if message["type"] == "ping":
                await self.send({"type": "pong"})
                continue
            assert message["type"] == "next" and message["id"] == op_id, message
            assert "errors" not in message["payload"], message
            event: dict[str, Any] = message["payload"]["data"]["projectEvents"]
            return event

    async def error_of(self, op_id: str) -> dict[str, Any]:
        """The error that ends an operation (a ``next`` with errors and no data, then
        ``complete``; or an ``error`` message): the operation's next message must be it."""
        message = await self.receive()
        assert message["id"] == op_id, message
        if message["type"] == "error":
            return dict(message["payload"][0])
        assert message["type"] == "next" and message["payload"]["data"] is None, message
        [error] = message["payload"]["errors"]
        assert (await self.receive()) == {"id": op_id, "type": "complete"}
        return dict(error)


FeedRewrite = Callable[[httpx.Request, dict[str, Any]], httpx.Response | None]


class FeedRewriting(httpx.AsyncBaseTransport):
    """A real service whose ``GET /v1/events`` answers pass through ``rewrite`` first (it
    edits the page in place, or returns an answer of its own): for a feed change another
    branch brings (retention's 410) or an access change that no event announces."""

    def __init__(self, app: FastAPI, rewrite: FeedRewrite) -> None:
        self.inner = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self.rewrite = rewrite

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path != "/v1/events":
            return response
        await response.aread()
        if response.status_code != 200:
            return response
        page: dict[str, Any] = response.json()
        own = self.rewrite(request, page)
        return own if own is not None else httpx.Response(200, json=page)


@asynccontextmanager
async def live_client(url: str, token: str | None) -> AsyncIterator[LiveClient]:
    """Connected and acknowledged (``connection_init`` carrying ``token``)."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{url}/graphql", protocols=(PROTOCOL,)) as ws,
    ):
        assert ws.protocol == PROTOCOL
        client = LiveClient(ws)
        payload = {"authorization": f"Bearer {token}"} if token else {}
        await client.send({"type": "connection_init", "payload": payload})
        if token:
            ack = await client.receive()
            assert ack["type"] == "connection_ack", ack
        yield client
