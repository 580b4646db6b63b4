"""Faults in the middle of a burst of writes: nothing acknowledged is lost, no event is lost
or delivered twice.

The projects service runs as a real process with its dispatcher on; a receiver on loopback
(:mod:`tests.faults.receiver`) is subscribed to every event and verifies each signature.
Concurrent clients push bulk task upserts, each with its own ``Idempotency-Key``; when a
third of them are acknowledged the fault strikes: SIGKILL of the service (then a restart
on the same database), or a restart of PostgreSQL itself. Every write not acknowledged is
sent again with the same key until it is. Then every acknowledged task is read back
through the API (once each), and every event in the outbox reaches the receiver.

Counted per event id (``webhook-id``): *lost* is an outbox event never delivered;
*duplicates* are successful tries the dispatcher recorded beyond the first for an event (it
knowingly sent a delivered event again); *retransmissions* are deliveries the receiver got
that no try recorded: a send the fault cut off between the receiver's answer and the
dispatcher writing it down, sent again when its lease ran out. No sender can rule those
out over HTTP (Standard Webhooks: at least once, receivers dedupe by ``webhook-id``); they
are at most one batch of sends in flight at the fault, and reported apart.

Bounded: 120 writes of 5 tasks, 16 clients, recovery waits of a few seconds
(:data:`tests.faults.harness.FAST_RECOVERY`)."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from shared.events.signing import generate_secret
from shared.postgres import DatabaseServer, start_embedded, stop_embedded
from shared.settings import platform_settings
from shared.testing.database import run_databases
from tests.faults.harness import (
    FAST_RECOVERY,
    Burst,
    Figures,
    ServiceProcess,
    outbox_ids,
    recorded_successes,
    subscribe,
    task_external_ids,
)
from tests.faults.receiver import RunningReceiver

pytestmark = pytest.mark.e2e

REQUESTS = int(os.environ.get("PMO_FAULT_REQUESTS", "120"))
ITEMS = 5
CLIENTS = 16
IN_FLIGHT_SENDS = int(FAST_RECOVERY["PMO_WEBHOOKS_BATCH_SIZE"])

Fault = Callable[[ServiceProcess], Awaitable[None]]


async def _burst_with_fault(urls: dict[str, str], token: str, log: Path, fault: Fault) -> Figures:
    running = RunningReceiver(generate_secret())
    service = ServiceProcess("projects", urls, log)
    started = time.monotonic()
    service.start()
    try:
        await service.wait_ready()
        phases = {"start": time.monotonic() - started}
        headers = {"authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=service.url, headers=headers, timeout=30) as http:
            subscription = await subscribe(http, running.receiver.url, running.receiver.secret)
            before = await outbox_ids(urls["projects"])
            body = {"code": f"F-{secrets.token_hex(3)}", "name": "Faults"}
            project = await http.post("/v1/projects", json=body)
            assert project.status_code == 201, project.text
            burst = Burst.plan(project.json()["id"], REQUESTS, ITEMS)
            mark = time.monotonic()
            await burst.run(http, CLIENTS, REQUESTS // 3, lambda: fault(service))
            phases["burst+fault"] = time.monotonic() - mark
            mark = time.monotonic()
            await burst.settle(http)
            phases["retries"] = time.monotonic() - mark
            mark = time.monotonic()
            found = await _measure(http, burst, running, urls["projects"], subscription, before)
            phases["deliveries"] = time.monotonic() - mark
            return replace(found, seconds=phases)
    finally:
        service.stop()
        running.close()


async def _measure(
    http: httpx.AsyncClient,
    burst: Burst,
    running: RunningReceiver,
    database_url: str,
    subscription: str,
    before: set[str],
) -> Figures:
    expected = {item["external_id"] for w in burst.writes for item in w.items}
    tasks = await task_external_ids(http, burst.project_id)
    events = await outbox_ids(database_url) - before
    receiver = running.receiver
    missing = await receiver.wait_for(events, within=60)
    await asyncio.sleep(1.0)  # a late retransmission would show now
    received = receiver.counts()
    recorded = await recorded_successes(database_url, subscription)
    return Figures(
        requests=len(burst.writes),
        sent=burst.sent,
        acknowledged=burst.acknowledged,
        answers=dict(burst.answers),
        tasks_expected=len(expected),
        tasks_found=len(expected & set(tasks)),
        tasks_duplicated=sum(n - 1 for n in tasks.values() if n > 1),
        events=len(events),
        delivered=len(events & set(received)),
        lost=len(missing),
        deliveries_received=sum(received[e] for e in events),
        duplicates=sum(n - 1 for e, n in recorded.items() if e in events and n > 1),
        retransmissions=sum(max(0, received[e] - recorded[e]) for e in events),
        unverified=receiver.unverified,
    )


def _check(found: Figures) -> None:
    assert found.acknowledged == found.requests
    assert found.tasks_found == found.tasks_expected
    assert found.tasks_duplicated == 0
    assert found.events >= found.tasks_expected  # a task.created each, at least
    assert found.lost == 0
    assert found.delivered == found.events
    assert found.duplicates == 0
    assert found.retransmissions <= IN_FLIGHT_SENDS
    assert found.unverified == 0


@pytest.fixture(scope="module")
def fault_databases(database_server) -> Iterator[dict[str, str]]:
    with run_databases(database_server, "faults_kill") as urls:
        yield urls


async def test_sigkill_of_the_service_mid_burst_loses_nothing(
    fault_databases: dict[str, str], admin_token: str, figures, tmp_path: Path
) -> None:
    async def kill_and_restart(service: ServiceProcess) -> None:
        service.kill()
        service.start()  # on the same database; the burst goes on meanwhile
        await service.wait_ready()

    found = await _burst_with_fault(
        fault_databases, admin_token, tmp_path / "projects.log", kill_and_restart
    )
    figures["SIGKILL of projects mid-burst, restarted on the same database"] = found.lines()
    _check(found)


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[DatabaseServer]:
    """A PostgreSQL of this test's own (embedded), so it can be stopped and started."""
    folder = platform_settings().state_dir / f"pgdata-faults-{os.getpid()}"
    server = start_embedded(folder)
    try:
        yield server
    finally:
        stop_embedded(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def own_databases(own_postgres: DatabaseServer) -> Iterator[dict[str, str]]:
    with run_databases(own_postgres, "faults_pg") as urls:
        yield urls


async def test_postgres_restart_mid_burst_loses_nothing(
    own_postgres: DatabaseServer,
    own_databases: dict[str, str],
    admin_token: str,
    figures,
    tmp_path: Path,
) -> None:
    assert own_postgres.pgdata is not None
    pgdata: Path = own_postgres.pgdata

    async def restart_postgres(_service: ServiceProcess) -> None:
        await asyncio.to_thread(stop_embedded, pgdata)
        await asyncio.sleep(1.0)
        await asyncio.to_thread(start_embedded, pgdata)

    found = await _burst_with_fault(
        own_databases, admin_token, tmp_path / "projects.log", restart_postgres
    )
    figures["PostgreSQL restarted mid-burst"] = found.lines()
    _check(found)
