"""A webhook receiver for the fault tests and the load benchmark: a real HTTP server on a
free loopback port, in an event loop on a thread of its own (the load beside it does not
delay its clock), that verifies every delivery's Standard Webhooks signature and records
its ``webhook-id`` and arrival time. It answers 2xx to a verified delivery, 401 to any
other."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from shared.events.signing import WebhookSignatureInvalid, verify_webhook


@dataclass(frozen=True)
class Delivery:
    webhook_id: str
    event: dict[str, Any]
    received_at: float  # time.time() when it arrived


@dataclass
class Receiver:
    secret: str
    port: int = 0
    deliveries: list[Delivery] = field(default_factory=list)
    unverified: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        arrived = time.time()
        try:
            event = verify_webhook(body, dict(request.headers), [self.secret])
        except WebhookSignatureInvalid:
            with self._lock:
                self.unverified += 1
            return web.Response(status=401)
        with self._lock:
            self.deliveries.append(Delivery(request.headers["webhook-id"], event, arrived))
        return web.Response(status=204)

    def counts(self) -> Counter[str]:
        """Deliveries per webhook-id (the event's id)."""
        with self._lock:
            return Counter(d.webhook_id for d in self.deliveries)

    def first_arrivals(self) -> dict[str, Delivery]:
        with self._lock:
            found: dict[str, Delivery] = {}
            for delivery in self.deliveries:
                found.setdefault(delivery.webhook_id, delivery)
            return found

    async def wait_for(self, event_ids: set[str], within: float) -> set[str]:
        """The ids of ``event_ids`` still not delivered after at most ``within`` seconds."""
        deadline = time.monotonic() + within
        while True:
            missing = event_ids - set(self.counts())
            if not missing or time.monotonic() > deadline:
                return missing
            await asyncio.sleep(0.1)


class RunningReceiver:
    """Starts a :class:`Receiver` on its own thread; ``close()`` stops it."""

    def __init__(self, secret: str) -> None:
        self.receiver = Receiver(secret)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runner = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(30)

    async def _start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/hooks", self.receiver.handle)
        # The dispatchers keep their connections to it alive: at the end, close them
        # rather than wait aiohttp's default minute for them to go idle and close.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.receiver.port = sockets[0].getsockname()[1]
        return runner

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
