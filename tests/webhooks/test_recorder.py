"""The recorder writes the outcomes of the sends that finished together in one transaction,
each only where the lease is still the dispatcher's, and keeps retrying through a database
outage. The app's dispatcher is stopped meanwhile: the test claims the deliveries itself
(as a dispatcher would) and hands the recorder their outcomes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest
import structlog
from sqlalchemy import func, literal_column, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from services.projects.models import event_tables
from shared.reads import asyncpg_dsn
from shared.settings import asyncpg_url
from shared.webhooks import recorder as recorder_module
from shared.webhooks.dispatcher import Dispatcher
from shared.webhooks.recorder import Recorder
from shared.webhooks.sender import Answer, attempt_of, outcome_of
from tests.webhooks.conftest import webhook_settings
from tests.webhooks.helpers import (
    deliveries,
    hook_name,
    new_project,
    new_task,
    projects_repository,
    subscribe,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.asyncio(loop_scope="session")
ANSWERED = Answer(200, None, None, 3)


async def _claim(engine: AsyncEngine, url: str, target: str, count: int) -> list[dict[str, Any]]:
    """Fans the outbox out and claims the deliveries to ``target`` (releasing any other
    claimed on the way), until there are ``count``."""
    repository = projects_repository()
    fan_out = Dispatcher(engine, url, repository, webhook_settings(), "projects")
    mine: list[dict[str, Any]] = []
    deadline = time.monotonic() + 30
    while len(mine) < count and time.monotonic() < deadline:
        await fan_out.fan_out()
        async with engine.begin() as db:
            rows = await repository.claim(db, 30.0, 500)
            others = [(r["id"], r["leased_until"]) for r in rows if r["url"] != target]
            await repository.release(db, others)
        mine += [r for r in rows if r["url"] == target]
        await asyncio.sleep(0.05)
    assert len(mine) == count
    return mine


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """The recorder's log lines (a fresh logger: the module's may be cached, configured)."""
    with structlog.testing.capture_logs() as captured:
        monkeypatch.setattr(recorder_module, "log", structlog.get_logger("pmo.webhooks"))
        yield captured


def _answered(row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    now = datetime.now(UTC)
    return outcome_of(ANSWERED, row["attempts"], webhook_settings(), now), attempt_of(ANSWERED, now)


async def test_a_batch_records_the_kept_leases_and_logs_the_lost_one(
    engine: AsyncEngine,
    projects: httpx.AsyncClient,
    receiver: Receiver,
    webhook_databases: dict[str, str],
    logs: list[dict[str, Any]],
) -> None:
    project = await new_project(projects)
    target = receiver.url(hook_name())
    sub = await subscribe(projects, target, project_id=project["id"], event_types=["task.created"])
    for _ in range(3):
        await new_task(projects, project["id"])
    lost, *kept = await _claim(engine, webhook_databases["projects"], target, 3)
    table = event_tables.deliveries
    async with engine.begin() as db:  # its lease ran out and another replica claimed it
        await db.execute(
            update(table)
            .where(table.c.id == lost["id"])
            .values(leased_until=func.now() + text("interval '1 second'"))
        )
    recorder = Recorder(engine, projects_repository(), 16, "projects")
    recorder.start()
    try:
        await asyncio.gather(*(recorder.record(row, *_answered(row)) for row in [lost, *kept]))
    finally:
        await recorder.stop()

    log = {item["id"]: item for item in await deliveries(projects, sub["id"])}
    for row in kept:
        found = log[str(row["id"])]
        assert (found["status"], found["attempts"], len(found["attempt_log"])) == (
            "succeeded",
            1,
            1,
        )
    found = log[str(lost["id"])]  # left to the replica that holds it; the try is logged
    assert (found["status"], found["attempts"], len(found["attempt_log"])) == ("delivering", 0, 1)
    assert [e["delivery"] for e in logs if e["event"] == "webhooks_lease_lost"] == [str(lost["id"])]
    ids = [row["id"] for row in [lost, *kept]]
    attempts = event_tables.attempts
    async with engine.connect() as db:  # one transaction (xmin) wrote them all
        writers = await db.execute(
            select(literal_column("xmin::text")).where(attempts.c.delivery_id.in_(ids))
        )
        assert len(set(writers.scalars())) == 1


class Outage:
    """An engine whose every transaction connects anew, refused while ``down``."""

    def __init__(self, url: str) -> None:
        self.down = False
        self.refused = 0
        self.refused_twice = asyncio.Event()

        async def connect() -> asyncpg.Connection:
            if self.down:
                self.refused += 1
                if self.refused >= 2:
                    self.refused_twice.set()
                raise ConnectionRefusedError("the database is restarting")
            return await asyncpg.connect(asyncpg_dsn(url))

        self.engine = create_async_engine(
            asyncpg_url(url), poolclass=NullPool, async_creator=connect
        )


async def test_the_recorder_keeps_retrying_through_a_database_outage(
    engine: AsyncEngine,
    projects: httpx.AsyncClient,
    receiver: Receiver,
    webhook_databases: dict[str, str],
    logs: list[dict[str, Any]],
) -> None:
    url = webhook_databases["projects"]
    project = await new_project(projects)
    target = receiver.url(hook_name())
    sub = await subscribe(projects, target, project_id=project["id"], event_types=["task.created"])
    await new_task(projects, project["id"])
    [row] = await _claim(engine, url, target, 1)
    outage = Outage(url)
    recorder = Recorder(outage.engine, projects_repository(), 16, "projects")
    recorder.start()
    try:
        outage.down = True
        recording = asyncio.create_task(recorder.record(row, *_answered(row)))
        await asyncio.wait_for(outage.refused_twice.wait(), timeout=30)
        [during] = await deliveries(projects, sub["id"])
        outage.down = False
        await asyncio.wait_for(recording, timeout=30)
    finally:
        await recorder.stop()
        await outage.engine.dispose()
    assert (during["status"], during["attempt_log"]) == ("delivering", [])
    [after] = await deliveries(projects, sub["id"])
    assert (after["status"], after["attempts"], len(after["attempt_log"])) == ("succeeded", 1, 1)
    retries = [e for e in logs if e["event"] == "webhooks_record_retry"]
    assert len(retries) >= 2


async def test_a_row_the_database_refuses_is_skipped_and_the_others_are_recorded(
    engine: AsyncEngine,
    projects: httpx.AsyncClient,
    receiver: Receiver,
    webhook_databases: dict[str, str],
    logs: list[dict[str, Any]],
) -> None:
    """A permanent error in one row (here an answer's status code out of the column's range:
    a real DataError) fails the batch; the recorder does not retry it forever but writes the
    others one by one and skips the bad one (its lease runs out: sent again later)."""
    project = await new_project(projects)
    target = receiver.url(hook_name())
    sub = await subscribe(projects, target, project_id=project["id"], event_types=["task.created"])
    for _ in range(3):
        await new_task(projects, project["id"])
    bad, *good = await _claim(engine, webhook_databases["projects"], target, 3)
    recorder = Recorder(engine, projects_repository(), 16, "projects")
    recorder.start()
    outcome, attempt = _answered(bad)
    refused = ({**outcome, "last_status_code": 2**40}, {**attempt, "status_code": 2**40})
    try:
        recordings = [recorder.record(bad, *refused)]
        recordings += [recorder.record(row, *_answered(row)) for row in good]
        # A guard against the old recorder's endless retry, not a timing assertion.
        await asyncio.wait_for(asyncio.gather(*recordings), timeout=30)
    finally:
        await recorder.stop()
    log = {item["id"]: item for item in await deliveries(projects, sub["id"])}
    for row in good:
        assert (log[str(row["id"])]["status"], log[str(row["id"])]["attempts"]) == ("succeeded", 1)
    found = log[str(bad["id"])]  # still leased: due again when the lease runs out
    assert (found["status"], found["attempts"], found["attempt_log"]) == ("delivering", 0, [])
    failed = [e["delivery"] for e in logs if e["event"] == "webhooks_record_failed"]
    assert failed == [str(bad["id"])]
    assert not [e for e in logs if e["event"] == "webhooks_record_retry"]
