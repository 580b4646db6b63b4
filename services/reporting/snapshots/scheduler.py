"""The daily snapshot of every project, taken once a day across all replicas.

Every replica checks every ``snapshot_check_seconds`` whether today's run is due (past
``snapshot_time``, UTC, and not yet done). The one that takes the PostgreSQL advisory lock
(``pg_try_advisory_lock``, held by a dedicated connection for the run) reads the
"last run day" row again, takes the snapshots (a transaction per batch of projects) and
records the day; the others skip it, and a replica that gets the lock afterwards finds the
day done. A run that fails records nothing, so the next check takes the day again (its
rows are replaced, never duplicated).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from datetime import date

import structlog
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from services.reporting.clock import Clock
from services.reporting.config import ReportingSettings
from services.reporting.corrective_actions.register import queue_options
from services.reporting.health.sources import HealthSources
from services.reporting.identity import REPORTING
from services.reporting.snapshots import repository
from services.reporting.snapshots.service import (
    SnapshotCounts,
    batches,
    portfolio_project_ids,
    snapshot_batch,
)
from shared.errors import ProblemError
from shared.service_identity import ServiceIdentity, service_identity

log = structlog.get_logger("pmo.reporting.scheduler")
JOB = "daily-snapshots"
# One key for the job across the reporting database ("PMO-SNAP" in ASCII).
LOCK_KEY = 0x504D4F2D534E4150


@dataclass
class SnapshotScheduler:
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    sources: HealthSources
    identity: ServiceIdentity
    clock: Clock
    settings: ReportingSettings

    def due(self) -> bool:
        # The clock is in UTC, as the setting is.
        return self.clock.now().time() >= self.settings.snapshot_time

    async def run_if_due(self) -> bool:
        """One check: True when this instance took today's snapshots."""
        if not self.due():
            return False
        day = self.clock.today()
        async with self.engine.connect() as lock:
            if await self._done(day) or not await self._try_lock(lock):
                return False
            try:
                if await self._done(day):  # another replica finished while we waited
                    return False
                await self._run(day)
                return True
            finally:
                await self._unlock(lock)

    async def _done(self, day: date) -> bool:
        async with self.engine.connect() as connection:
            last = await repository.last_run_day(connection, JOB)
        return last is not None and last >= day

    async def _try_lock(self, connection: AsyncConnection) -> bool:
        # A session-level lock: it outlives the transaction and is held by this dedicated
        # connection until released (or until the connection closes).
        got = await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
        await connection.commit()
        return bool(got)

    async def _unlock(self, connection: AsyncConnection) -> None:
        try:
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            await connection.commit()
        except Exception:
            # A lock that could not be released must not outlive the run: closing the
            # connection (instead of pooling it) releases it.
            await connection.invalidate()
            raise

    async def _run(self, day: date) -> None:
        started = self.clock.now()
        with self.identity.acting():
            ids = await portfolio_project_ids(self.sources.projects, None)
        counts = await self.refresh(ids)
        async with self.engine.begin() as connection:
            await repository.save_run(
                connection, JOB, started.date(), started, self.clock.now(), counts.projects
            )
        log.info("daily_snapshots_taken", day=str(day), projects=counts.projects)

    async def refresh(self, project_ids: list[uuid.UUID]) -> SnapshotCounts:
        """Today's snapshot of these projects, taken again (a transaction per batch), as
        reporting itself; projects it cannot read (archived, purged) are left out."""
        counts = SnapshotCounts()
        with self.identity.acting():
            for batch in batches(project_ids):
                async with self.sessionmaker() as session, session.begin():
                    taken = await snapshot_batch(session, self.sources, batch, self.clock)
                counts += taken
                await queue_options(self.sessionmaker, self.sources.projects, taken.proposed)
        return counts

    async def loop(self) -> None:
        while True:
            try:
                await self.run_if_due()
            except ProblemError as error:
                # An upstream not up yet (every process starts at once) or failing: the next
                # check takes the day again.
                log.warning("daily_snapshots_failed", detail=error.detail, status=error.status)
            except Exception:
                log.warning("daily_snapshots_failed", exc_info=True)
            await asyncio.sleep(self.settings.snapshot_check_seconds)


def scheduler_of(app: FastAPI) -> SnapshotScheduler:
    """The scheduler of a running app, on its engine, clients and clock."""
    return SnapshotScheduler(
        engine=app.state.engine,
        sessionmaker=app.state.sessionmaker,
        sources=HealthSources(app.state.projects_client, app.state.governance_client),
        identity=service_identity(REPORTING),
        clock=app.state.clock,
        settings=app.state.settings,
    )


async def start_scheduler(app: FastAPI) -> None:
    settings: ReportingSettings = app.state.settings
    app.state.snapshot_task = None
    if settings.scheduler_enabled():
        app.state.snapshot_task = asyncio.create_task(scheduler_of(app).loop())


async def stop_scheduler(app: FastAPI) -> None:
    task: asyncio.Task[None] | None = getattr(app.state, "snapshot_task", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
