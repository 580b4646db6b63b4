"""Events under load (issue 13 acceptance): 50 concurrent clients push bulk task upserts
with idempotency keys into a real projects process for 60 s while its dispatcher delivers
every event to a signature-checking receiver on loopback; then the backlog drains.

    uv run python tests/perf/bench_events.py [--seconds 60] [--clients 50] [--items 5]
        [--batch-size N]

Each client owns a project and sends upserts of ``--items`` new tasks, each with a fresh
``Idempotency-Key``; one request in three is sent again with the same key (a client retry:
replayed, no new event). Counted per event id (``webhook-id``): lost (in the outbox, never
delivered), duplicated (delivered more than once). Delivery lag = arrival at the receiver -
the event's ``occurred_at`` (its transaction's time), over each event's first arrival;
"delivered while the load ran" counts the first arrivals before the last client stopped
(a dispatcher starved by the requests delivers little until the load ends).

The dispatcher runs with the service's default ``PMO_WEBHOOKS_BATCH_SIZE`` unless
``--batch-size`` is given (before that default went from 16 to 256 the bench ran with the
fault tests' 32). Loopback only; bounded by ``--seconds`` plus at most ``--drain`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

import httpx

from shared.auth import mint_token
from shared.events.signing import generate_secret
from shared.testing.database import run_database_server, run_databases
from shared.webhooks.settings import WebhookSettings
from tests.faults.harness import ServiceProcess, outbox_ids, subscribe
from tests.faults.receiver import Receiver, RunningReceiver


class Load:
    def __init__(self) -> None:
        self.sent = 0
        self.acknowledged = 0
        self.replayed = 0
        self.failed = 0
        self.ended_at = 0.0  # time.time() when the last client stopped

    async def client(self, http: httpx.AsyncClient, items: int, until: float) -> None:
        created = await http.post(
            "/v1/projects", json={"code": f"B-{secrets.token_hex(4)}", "name": "Bench"}
        )
        assert created.status_code == 201, created.text
        path = f"/v1/projects/{created.json()['id']}/tasks:bulk"
        n = 0
        while time.monotonic() < until:
            n += 1
            body = {
                "items": [
                    {"external_source": "bench", "external_id": f"{n}-{i}", "name": f"T {n}.{i}"}
                    for i in range(items)
                ]
            }
            key = str(uuid.uuid4())
            await self.send(http, path, body, key)
            if n % 3 == 0:
                await self.send(http, path, body, key)

    async def send(self, http: httpx.AsyncClient, path: str, body: dict, key: str) -> None:
        self.sent += 1
        try:
            response = await http.post(path, json=body, headers={"idempotency-key": key})
        except httpx.HTTPError:
            self.failed += 1
            return
        if response.status_code != 200:
            self.failed += 1
            return
        self.acknowledged += 1
        if response.headers.get("idempotency-replayed") == "true":
            self.replayed += 1


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _lags(receiver: Receiver, events: set[str]) -> list[float]:
    lags = []
    for event_id, delivery in receiver.first_arrivals().items():
        if event_id in events:
            occurred = datetime.fromisoformat(delivery.event["occurred_at"]).timestamp()
            lags.append(delivery.received_at - occurred)
    return lags


async def main(
    urls: dict[str, str],
    seconds: float,
    clients: int,
    items: int,
    drain: float,
    batch_size: int | None,
) -> int:
    token = mint_token(os.environ["PMO_AUTH_JWT_SECRET"], subject="bench", roles=["admin"])
    running = RunningReceiver(generate_secret())
    log = Path(tempfile.mkdtemp(prefix="bench-events-")) / "projects.log"
    service = ServiceProcess(
        "projects",
        urls,
        log,
        PROJECTS_DB_POOL_SIZE="20",
        PROJECTS_DB_MAX_OVERFLOW="20",
        PMO_WEBHOOKS_LEASE_SECONDS="60",  # the default
        # the service's default unless given (not the fault tests' FAST_RECOVERY value)
        PMO_WEBHOOKS_BATCH_SIZE=str(batch_size or WebhookSettings().batch_size),
    )
    service.start()
    try:
        await service.wait_ready()
        limits = httpx.Limits(max_connections=clients + 5)
        headers = {"authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            base_url=service.url, headers=headers, timeout=60, limits=limits
        ) as http:
            await subscribe(http, running.receiver.url, running.receiver.secret)
            before = await outbox_ids(urls["projects"])
            load = Load()
            started = time.monotonic()
            await asyncio.gather(
                *(load.client(http, items, started + seconds) for _ in range(clients))
            )
            elapsed = time.monotonic() - started
            load.ended_at = time.time()
            events = await outbox_ids(urls["projects"]) - before
            missing = await running.receiver.wait_for(events, within=drain)
            drained = time.monotonic() - started
        return _report(load, running.receiver, events, missing, elapsed, drained, clients)
    finally:
        service.stop()
        running.close()


def _report(
    load: Load,
    receiver: Receiver,
    events: set[str],
    missing: set[str],
    elapsed: float,
    drained: float,
    clients: int,
) -> int:
    counts = receiver.counts()
    duplicated = sum(n - 1 for e, n in counts.items() if e in events and n > 1)
    lags = _lags(receiver, events)
    delivered = len(events) - len(missing)
    arrivals = receiver.first_arrivals()
    during = sum(1 for e, d in arrivals.items() if e in events and d.received_at <= load.ended_at)
    print(f"\n{clients} clients for {elapsed:.1f} s; backlog drained at {drained:.1f} s\n")
    print("| figure | value |")
    print("|---|---:|")
    rows = [
        ("requests sent (bulk upserts)", f"{load.sent}"),
        ("acknowledged (200)", f"{load.acknowledged}"),
        ("of which idempotent replays", f"{load.replayed}"),
        ("failed", f"{load.failed}"),
        ("events in the outbox", f"{len(events)}"),
        ("events delivered (distinct webhook-id)", f"{delivered}"),
        ("lost", f"{len(missing)}"),
        ("duplicated", f"{duplicated}"),
        ("bad signatures", f"{receiver.unverified}"),
        ("delivery lag p50 s", f"{_percentile(lags, 50):.3f}"),
        ("delivery lag p99 s", f"{_percentile(lags, 99):.3f}"),
        ("delivery lag max s", f"{max(lags, default=float('nan')):.3f}"),
        ("requests / s", f"{load.sent / elapsed:.1f}"),
        ("events / s written", f"{len(events) / elapsed:.1f}"),
        ("events / s delivered (to drain)", f"{delivered / drained:.1f}"),
        ("events delivered while the load ran", f"{during}"),
        ("events / s delivered while the load ran", f"{during / elapsed:.1f}"),
    ]
    for name, value in rows:
        print(f"| {name} | {value} |")
    print(f"\nmedian lag over the run: {statistics.median(lags) if lags else float('nan'):.3f} s")
    ok = not missing and duplicated == 0 and receiver.unverified == 0 and load.failed == 0
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("PMO_BENCH_EVENTS_SECONDS", "60"))
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--drain", type=float, default=120.0)
    parser.add_argument("--batch-size", type=int, default=None, help="PMO_WEBHOOKS_BATCH_SIZE")
    args = parser.parse_args()
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    with run_database_server() as server, run_databases(server, "bench_events") as urls:
        code = asyncio.run(
            main(urls, args.seconds, args.clients, args.items, args.drain, args.batch_size)
        )
    sys.exit(code)
