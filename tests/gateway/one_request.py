"""One GraphQL request to a gateway of its own, in a process of its own (for tests that
must be able to give up on a request that never ends: a thread cannot be stopped, a process
can). Reads ``{"settings": {...}, "body": {...}}`` as JSON on stdin and prints the answer's
status, JSON body and time taken as the last line of stdout (the logs come before it). No
upstream is reachable: for requests refused before any call."""

from __future__ import annotations

import asyncio
import sys
import time

import httpx
import orjson
from asgi_lifespan import LifespanManager

from services.gateway.config import GatewaySettings
from services.gateway.main import create_app

UNREACHABLE = {
    "projects_url": "http://projects.invalid",
    "governance_url": "http://governance.invalid",
    "reporting_url": "http://reporting.invalid",
    "upstream_retries": 0,
}


async def post(settings: dict[str, object], body: dict[str, object]) -> dict[str, object]:
    app = create_app(GatewaySettings(**{**UNREACHABLE, **settings}))  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    async with (
        LifespanManager(app),  # type: ignore[arg-type]
        httpx.AsyncClient(transport=transport, base_url="http://gateway") as http,
    ):
        started = time.perf_counter()
        response = await http.post("/graphql", json=body)
        seconds = time.perf_counter() - started
    return {"status": response.status_code, "body": response.json(), "seconds": seconds}


def main() -> None:
    request = orjson.loads(sys.stdin.buffer.read())
    answer = asyncio.run(post(request.get("settings", {}), request["body"]))
    sys.stdout.buffer.write(b"\n" + orjson.dumps(answer) + b"\n")


if __name__ == "__main__":
    main()
