"""A real HTTP receiver of webhooks on a free loopback port, for the tests: it keeps every
request per path name and answers as each path's plan says."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web

# A plan: the answer (status, headers) to the n-th request (1-based) to a path.
Plan = Callable[[int], tuple[int, dict[str, str]]]


def always(status: int) -> Plan:
    return lambda _n: (status, {})


def failing(times: int, status: int = 500, headers: dict[str, str] | None = None) -> Plan:
    return lambda n: (status, headers or {}) if n <= times else (200, {})


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float
    status: int

    @property
    def event(self) -> dict[str, Any]:
        parsed: dict[str, Any] = orjson.loads(self.body)
        return parsed


@dataclass
class Receiver:
    port: int = 0
    requests: dict[str, list[Received]] = field(default_factory=lambda: defaultdict(list))
    plans: dict[str, Plan] = field(default_factory=dict)
    # Seconds a path takes to answer (the request is recorded when it arrives).
    delays: dict[str, float] = field(default_factory=dict)
    # Requests being answered now, and the most at once (a test resets it).
    answering: int = 0
    peak: int = 0

    def url(self, name: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}/hooks/{name}"

    async def handle(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        body = await request.read()
        seen = self.requests[name]
        status, headers = self.plans.get(name, always(200))(len(seen) + 1)
        seen.append(Received(dict(request.headers), body, time.monotonic(), status))
        self.answering += 1
        self.peak = max(self.peak, self.answering)
        try:
            if name in self.delays:
                await asyncio.sleep(self.delays[name])
        finally:
            self.answering -= 1
        return web.Response(status=status, headers=headers)

    def delivered(self, name: str) -> list[Received]:
        """The requests to ``name`` answered 2xx."""
        return [r for r in self.requests[name] if 200 <= r.status < 300]

    async def wait_for(
        self, name: str, count: int, *, within: float = 30.0, ok_only: bool = True
    ) -> list[Received]:
        deadline = time.monotonic() + within
        while True:
            found = self.delivered(name) if ok_only else self.requests[name]
            if len(found) >= count or time.monotonic() > deadline:
                return list(found)
            await asyncio.sleep(0.05)

    async def wait_for_types(
        self, name: str, types: Iterable[str], *, within: float = 30.0
    ) -> list[Received]:
        wanted = set(types)
        deadline = time.monotonic() + within
        while True:
            found = self.delivered(name)
            if wanted <= {r.event["type"] for r in found} or time.monotonic() > deadline:
                return found
            await asyncio.sleep(0.05)


async def start_receiver() -> tuple[Receiver, web.AppRunner]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/hooks/{name}", receiver.handle)
    # The dispatchers keep their connections to it alive: at the end, close them
    # rather than wait aiohttp's default minute for them to go idle and close.
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None
    sockets = getattr(server, "sockets", None) or []
    receiver.port = sockets[0].getsockname()[1]
    return receiver, runner
