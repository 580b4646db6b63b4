"""A real local HTTP server that misbehaves on cue, standing in for an upstream in the unit
tests of :mod:`shared.http` (only there: integration tests use our real services).

Each test scripts the answers: ``upstream.script = [(503, {"retry-after": "1"}), (200, {})]``
answers the first request 503 and every later one 200 (the last entry repeats); ``hang``
makes every request wait that many seconds before answering. Every request is recorded with
its arrival time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import orjson
from aiohttp import web

from pmo.runner import free_port


@dataclass
class Seen:
    method: str
    path: str
    at: float
    headers: dict[str, str]


@dataclass
class MisbehavingUpstream:
    port: int
    script: list[tuple[int, dict[str, str]]] = field(default_factory=lambda: [(200, {})])
    hang: float = 0.0
    seen: list[Seen] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answers(self, *script: tuple[int, dict[str, str]]) -> None:
        self.script = list(script)
        self.seen.clear()

    async def handle(self, request: web.Request) -> web.Response:
        index = len(self.seen)
        self.seen.append(
            Seen(request.method, request.path, time.monotonic(), _lower(request.headers))
        )
        await request.read()
        if self.hang:
            await asyncio.sleep(self.hang)
        status, headers = self.script[min(index, len(self.script) - 1)]
        if status >= 400:
            body = {"title": "scripted", "status": status, "detail": f"scripted {status}"}
            kind = "application/problem+json"
        else:
            body, kind = {"ok": True, "attempt": index + 1}, "application/json"
        return web.Response(
            status=status, body=orjson.dumps(body), headers={**headers, "content-type": kind}
        )


@asynccontextmanager
async def misbehaving_upstream() -> AsyncIterator[MisbehavingUpstream]:
    upstream = MisbehavingUpstream(port=free_port())
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", upstream.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", upstream.port)
    await site.start()
    try:
        yield upstream
    finally:
        await runner.cleanup()


def _lower(headers: object) -> dict[str, str]:
    return {name.lower(): value for name, value in dict(headers).items()}  # type: ignore[call-overload]
