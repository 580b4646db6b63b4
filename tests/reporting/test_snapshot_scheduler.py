"""The daily snapshot scheduler: two instances on the same database (two replicas, each
with its own engine) take one snapshot per project per day between them; the advisory lock
and the "last run day" row keep the others out; nothing runs before the time of day."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.clock import FixedClock
from services.reporting.health.sources import HealthSources
from services.reporting.identity import REPORTING
from services.reporting.snapshots.scheduler import JOB, LOCK_KEY, SnapshotScheduler
from shared.db import make_engine, make_sessionmaker
from shared.service_identity import service_identity
from shared.settings import asyncpg_url
from tests.projects.factories import create_project
from tests.reporting.conftest import reporting_settings

RUN_AT = datetime(2027, 1, 15, 2, 30, tzinfo=UTC)


@pytest.fixture
async def engines(database_urls: dict[str, str]) -> AsyncIterator[list[AsyncEngine]]:
    """One engine per replica."""
    made = [make_engine(asyncpg_url(database_urls["reporting"]), pool_size=2) for _ in range(2)]
    # Each test starts with no run recorded (the job's row is the scheduler's memory).
    async with made[0].begin() as connection:
        await connection.execute(text("DELETE FROM snapshot_runs WHERE job = :job"), {"job": JOB})
    yield made
    for engine in made:
        await engine.dispose()


def _scheduler(
    engine: AsyncEngine, app: FastAPI, database_urls: dict[str, str], clock: FixedClock
) -> SnapshotScheduler:
    return SnapshotScheduler(
        engine=engine,
        sessionmaker=make_sessionmaker(engine),
        sources=HealthSources(app.state.projects_client, app.state.governance_client),
        identity=service_identity(REPORTING),
        clock=clock,
        settings=reporting_settings(database_urls),
    )


async def _rows(engine: AsyncEngine, project_ids: list[str]) -> list[tuple]:
    async with engine.connect() as connection:
        result = await connection.execute(
            text(
                "SELECT project_id::text, day, taken_at FROM project_snapshots "
                "WHERE project_id = ANY(CAST(:ids AS uuid[])) ORDER BY project_id, day"
            ),
            {"ids": project_ids},
        )
        return [tuple(row) for row in result]


async def test_two_replicas_take_one_snapshot_per_project_per_day(
    projects, reporting_app, database_urls, engines
) -> None:
    ids = [(await create_project(projects))["id"] for _ in range(3)]
    clock = FixedClock(RUN_AT)
    replicas = [_scheduler(e, reporting_app, database_urls, clock) for e in engines]

    ran = await asyncio.gather(*(r.run_if_due() for r in replicas))
    assert sorted(ran) == [False, True]
    rows = await _rows(engines[0], ids)
    assert sorted(r[0] for r in rows) == sorted(ids)
    assert {r[1] for r in rows} == {RUN_AT.date()}
    async with engines[0].connect() as connection:
        run = (
            await connection.execute(
                text("SELECT last_day, projects FROM snapshot_runs WHERE job = :job"), {"job": JOB}
            )
        ).one()
    assert run.last_day == RUN_AT.date() and run.projects >= 3

    # Later checks the same day find it done: nothing is taken again.
    clock.moment = RUN_AT.replace(hour=20)
    assert await asyncio.gather(*(r.run_if_due() for r in replicas)) == [False, False]
    assert await _rows(engines[0], ids) == rows

    # The next day, one of them takes it.
    clock.moment = RUN_AT.replace(day=16)
    ran = await asyncio.gather(*(r.run_if_due() for r in replicas))
    assert sorted(ran) == [False, True]
    days = [r[1] for r in await _rows(engines[0], ids)]
    assert sorted(days) == sorted([RUN_AT.date(), RUN_AT.replace(day=16).date()] * 3)


async def test_a_held_lock_keeps_a_replica_out(
    projects, reporting_app, database_urls, engines
) -> None:
    project_id = (await create_project(projects))["id"]
    clock = FixedClock(RUN_AT.replace(month=2))
    replica = _scheduler(engines[0], reporting_app, database_urls, clock)
    async with engines[1].connect() as other:
        await other.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
        assert await replica.run_if_due() is False
        await other.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
    assert await _rows(engines[0], [project_id]) == []
    assert await replica.run_if_due() is True
    assert len(await _rows(engines[0], [project_id])) == 1


async def test_nothing_runs_before_the_time_of_day(
    projects, reporting_app, database_urls, engines
) -> None:
    project_id = (await create_project(projects))["id"]
    clock = FixedClock(datetime(2027, 3, 1, 0, 59, tzinfo=UTC))
    replica = _scheduler(engines[0], reporting_app, database_urls, clock)
    assert replica.settings.snapshot_time == time(1, 0)
    assert await replica.run_if_due() is False
    assert await _rows(engines[0], [project_id]) == []
    clock.moment = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)
    assert await replica.run_if_due() is True
    assert len(await _rows(engines[0], [project_id])) == 1


def test_the_scheduler_is_off_in_tests_unless_asked(database_urls) -> None:
    settings = reporting_settings(database_urls)
    assert settings.scheduler_enabled() is False
    default = settings.model_copy(update={"snapshot_scheduler_enabled": None})
    assert default.scheduler_enabled() is False  # PMO_ENVIRONMENT=test
    assert settings.model_copy(update={"snapshot_scheduler_enabled": True}).scheduler_enabled()
