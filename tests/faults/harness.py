"""The fault tests' pieces: the projects service as a real process that can be killed and
started again, a burst of bulk upserts with idempotency keys, and the figures read back
(through the API for the writes, from the outbox and the delivery log for the events)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from pmo.runner import LOOPBACK_WEBHOOK_CIDRS, free_port, system_env
from shared.reads import asyncpg_dsn
from shared.settings import PROJECT_ROOT
from tests.projects.interchange.test_mspdi_import import all_tasks

# Short waits so a fault heals within seconds: a lease of a killed dispatcher runs out in
# 10 s (longer than a send and its record under load: a lease that runs out mid-send
# makes another claim send it again; the settings require it to exceed the 4 s POST
# timeout by more than 5 s), a claimed idempotency key of a killed request is taken over
# after 2 s.
FAST_RECOVERY = {
    "PMO_WEBHOOKS_ALLOWED_CIDRS": LOOPBACK_WEBHOOK_CIDRS,
    "PMO_WEBHOOKS_POLL_INTERVAL_SECONDS": "0.2",
    "PMO_WEBHOOKS_LEASE_SECONDS": "10",
    "PMO_WEBHOOKS_TIMEOUT_SECONDS": "4",
    "PMO_WEBHOOKS_RETRY_SCHEDULE_SECONDS": "[0.2, 0.5, 1, 1, 2, 2, 3, 3, 5, 5]",
    "PMO_WEBHOOKS_SHUTDOWN_GRACE_SECONDS": "2",
    "PMO_WEBHOOKS_BATCH_SIZE": "32",
    "PROJECTS_IDEMPOTENCY_LOCK_SECONDS": "2",
    "PROJECTS_JOBS_WORKER": "false",
    "PMO_LOG_LEVEL": "WARNING",
}


class ServiceProcess:
    """One service (``pmo serve``) on a free loopback port."""

    def __init__(self, service: str, urls: dict[str, str], log_file: Path, **env: str) -> None:
        self.service = service
        self.port = free_port()
        ports = {"projects": free_port(), "governance": free_port(), "reporting": free_port()}
        ports[service] = self.port
        self.env = {**system_env(urls, ports), **FAST_RECOVERY, **env}
        self.log_file = log_file
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "pmo.cli", "serve", self.service]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, connections dropped mid-request."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    async def wait_ready(self, within: float = 120.0) -> None:
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2.0) as http:
            while True:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.service} exited: {self.log_tail()}")
                try:
                    if (await http.get(f"{self.url}/readyz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.service} not ready: {self.log_tail()}")
                await asyncio.sleep(0.2)

    def log_tail(self) -> str:
        return self.log_file.read_text(errors="replace")[-3000:] if self.log_file.exists() else ""


@dataclass
class Write:
    """One bulk upsert: its idempotency key and body, sent until acknowledged (200, or 409
    ``already-applied`` when its answer was lost after it was committed)."""

    key: str
    items: list[dict[str, Any]]
    acknowledged: bool = False
    sends: int = 0


@dataclass
class Burst:
    project_id: str
    writes: list[Write]
    answers: Counter[str] = field(default_factory=Counter)
    progress: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    def plan(cls, project_id: str, requests: int, items: int) -> Burst:
        run = uuid.uuid4().hex[:8]
        writes = [
            Write(
                key=str(uuid.uuid4()),
                items=[
                    {
                        "external_source": "faults",
                        "external_id": f"{run}-{r}-{i}",
                        "name": f"Burst {r}.{i}",
                    }
                    for i in range(items)
                ],
            )
            for r in range(requests)
        ]
        return cls(project_id, writes)

    @property
    def sent(self) -> int:
        return sum(w.sends for w in self.writes)

    @property
    def acknowledged(self) -> int:
        return sum(w.acknowledged for w in self.writes)

    async def send(self, http: httpx.AsyncClient, write: Write) -> None:
        write.sends += 1
        try:
            response = await http.post(
                f"/v1/projects/{self.project_id}/tasks:bulk",
                json={"items": write.items},
                headers={"idempotency-key": write.key},
            )
        except httpx.HTTPError as error:
            self.answers[type(error).__name__] += 1
            return
        self.answers[str(response.status_code)] += 1
        if response.status_code == 200:
            assert response.json()["counts"]["error"] == 0, response.text
            write.acknowledged = True
            self.progress.set()
        elif response.status_code == 409 and _already_applied(response):
            # Committed before its answer was lost (the fault struck between the COMMIT
            # and the stored answer): acknowledged, and not applied a second time.
            self.answers["409 already-applied"] += 1
            write.acknowledged = True
            self.progress.set()

    async def run(
        self,
        http: httpx.AsyncClient,
        clients: int,
        fault_after: int,
        fault: Callable[[], Awaitable[None]],
    ) -> None:
        """Every write once, ``clients`` at a time; ``fault`` runs when ``fault_after``
        writes are acknowledged, while the others are in flight."""
        pending = list(reversed(self.writes))

        async def client() -> None:
            while pending:
                await self.send(http, pending.pop())

        async def trigger() -> None:
            while self.acknowledged < fault_after and pending:
                self.progress.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.progress.wait(), 0.5)
            await fault()

        await asyncio.gather(trigger(), *(client() for _ in range(clients)))

    async def settle(self, http: httpx.AsyncClient, within: float = 90.0) -> None:
        """Sends every unacknowledged write again, with its own key, until all are."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            missing = [w for w in self.writes if not w.acknowledged]
            if not missing:
                return
            await asyncio.gather(*(self.send(http, w) for w in missing[:16]))
            if any(not w.acknowledged for w in missing[:16]):
                await asyncio.sleep(0.3)
        raise AssertionError(f"{len(self.writes) - self.acknowledged} writes never acknowledged")


def _already_applied(response: httpx.Response) -> bool:
    return str(response.json().get("type", "")).endswith("/already-applied")


async def task_external_ids(http: httpx.AsyncClient, project_id: str) -> Counter[str]:
    """external_id -> number of tasks with it, read through the API."""
    tasks = await all_tasks(http, project_id)
    return Counter(t["external_id"] for t in tasks if t.get("external_id"))


async def outbox_ids(database_url: str) -> set[str]:
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows = await connection.fetch("SELECT id FROM outbox_events")
    finally:
        await connection.close()
    return {str(r["id"]) for r in rows}


async def recorded_successes(database_url: str, subscription_id: str) -> Counter[str]:
    """event id -> successful tries the dispatcher recorded for the subscription."""
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows = await connection.fetch(
            """SELECT d.event_id, count(a.id) AS n FROM webhook_deliveries d
               JOIN webhook_attempts a ON a.delivery_id = d.id
               WHERE d.subscription_id = $1 AND a.status_code BETWEEN 200 AND 299
               GROUP BY d.event_id""",
            uuid.UUID(subscription_id),
        )
    finally:
        await connection.close()
    return Counter({str(r["event_id"]): int(r["n"]) for r in rows})


async def subscribe(http: httpx.AsyncClient, url: str, secret: str) -> str:
    response = await http.post(
        "/v1/webhook-subscriptions", json={"url": url, "secret": secret, "description": "faults"}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@dataclass(frozen=True)
class Figures:
    requests: int
    sent: int
    acknowledged: int
    answers: dict[str, int]
    tasks_expected: int
    tasks_found: int
    tasks_duplicated: int
    events: int
    delivered: int
    lost: int
    deliveries_received: int
    duplicates: int
    retransmissions: int
    unverified: int
    seconds: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [
            f"requests: {self.requests} bulk upserts, sent {self.sent} times in all "
            f"(answers: {json.dumps(self.answers, sort_keys=True)}), acknowledged "
            f"{self.acknowledged}",
            f"writes: {self.tasks_expected} tasks acknowledged, {self.tasks_found} read back, "
            f"{self.tasks_duplicated} applied twice",
            f"events: {self.events} in the outbox, delivered {self.delivered} distinct ids "
            f"in {self.deliveries_received} deliveries, lost {self.lost}, duplicates "
            f"{self.duplicates}, retransmissions {self.retransmissions}, bad signatures "
            f"{self.unverified}",
            "seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()),
        ]
