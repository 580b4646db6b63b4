"""The queue consumer: takes queued jobs from pgqueuer and runs each kind's handler.

Every replica of the projects service runs one in its lifespan (``PROJECTS_JOBS_WORKER``,
on by default), or ``pmo worker`` runs one alone. A queued entry is taken by whichever
worker is free (pgqueuer's dequeue skips locked rows); a worker that dies stops its
heartbeat, and after ``heartbeat_timeout`` another worker takes the entry again: the job
runs once more, up to ``MAX_ATTEMPTS``, then fails with a problem saying so.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
import structlog
from fastapi import FastAPI
from pgqueuer.adapters.persistence.queries import Queries
from pgqueuer.core.qm import QueueManager
from pgqueuer.domain.models import Job as QueueEntry
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.projects.jobs import repository
from services.projects.jobs.sandbox import Limits
from services.projects.jobs.schemas import FINISHED, JobState
from shared.errors import ProblemError

log = structlog.get_logger("pmo.projects.jobs")
MAX_ATTEMPTS = 2


@dataclass(frozen=True)
class WorkerSettings:
    queue: str = "pmo_job"
    concurrency: int = 2
    heartbeat_seconds: float = 30.0
    memory_mb: int = 4096
    hard_timeout_margin_seconds: float = 30.0


@dataclass(frozen=True)
class JobContext:
    """What a handler gets: the job's identity and parameters, a way to report progress,
    sessions, and the limits of the child process it should compute in."""

    job_id: uuid.UUID
    kind: str
    params: dict[str, Any]
    project_id: uuid.UUID | None
    portfolio_id: uuid.UUID | None
    sessionmaker: async_sessionmaker[AsyncSession]
    settings: WorkerSettings

    def limits(self, time_limit_seconds: float) -> Limits:
        return Limits(
            hard_timeout_seconds=time_limit_seconds + self.settings.hard_timeout_margin_seconds,
            memory_bytes=self.settings.memory_mb * 1024 * 1024,
        )

    async def progress(self, progress: float, message: str) -> None:
        async with self.sessionmaker() as session, session.begin():
            await repository.set_state(
                session, self.job_id, progress=max(0.0, min(1.0, progress)), message=message
            )


Handler = Callable[[JobContext], Awaitable[dict[str, Any]]]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


def _problem(status: int, title: str, detail: str, code: str) -> dict[str, Any]:
    return {"type": "about:blank", "title": title, "status": status, "detail": detail, "code": code}


async def _begin(
    sessionmaker: async_sessionmaker[AsyncSession], job_id: uuid.UUID, settings: WorkerSettings
) -> JobContext | None:
    """Mark the job running (one more attempt) and answer its context; None if there is
    nothing to run (finished, cancelled, unknown, or out of attempts: then failed)."""
    async with sessionmaker() as session, session.begin():
        job = await repository.get(session, job_id, lock=True)
        if job is None or JobState(job.state) in FINISHED:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            detail = f"the job's worker stopped {job.attempts} times before it finished"
            await repository.set_state(
                session,
                job_id,
                state=JobState.failed,
                finished_at=func.now(),
                error=_problem(500, "Job abandoned", detail, "worker_lost"),
            )
            return None
        await repository.set_state(
            session,
            job_id,
            state=JobState.running,
            attempts=job.attempts + 1,
            started_at=func.now(),
            message="started",
        )
        return JobContext(
            job_id, job.kind, job.params, job.project_id, job.portfolio_id, sessionmaker, settings
        )


async def _finish(context: JobContext, **values: Any) -> None:
    async with context.sessionmaker() as session, session.begin():
        job = await repository.get(session, context.job_id, lock=True)
        if job is None or job.state != JobState.running:
            return  # cancelled meanwhile: the cancellation stands
        await repository.set_state(session, context.job_id, finished_at=func.now(), **values)


async def execute(
    sessionmaker: async_sessionmaker[AsyncSession], job_id: uuid.UUID, settings: WorkerSettings
) -> None:
    """Run one job to its end state; never raises (the job row records what happened)."""
    context = await _begin(sessionmaker, job_id, settings)
    if context is None:
        return
    run = HANDLERS.get(context.kind)
    try:
        if run is None:
            raise RuntimeError(f"no handler for jobs of kind {context.kind!r}")
        result = await run(context)
    except ProblemError as error:
        await _finish(context, state=JobState.failed, error=error.to_problem(), message="failed")
    except Exception as error:
        log.exception("job_failed", job_id=str(job_id), kind=context.kind)
        problem = _problem(500, "Job failed", str(error) or type(error).__name__, "job_failed")
        await _finish(context, state=JobState.failed, error=problem, message="failed")
    else:
        await _finish(
            context, state=JobState.succeeded, result=result, progress=1.0, message="done"
        )


def plain_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def consume(
    database_url: str,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: WorkerSettings,
    stop: asyncio.Event,
) -> None:
    """Take and run jobs until ``stop`` is set."""
    connection = await asyncpg.connect(plain_dsn(database_url))
    try:
        manager = QueueManager(Queries.from_asyncpg_connection(connection))

        @manager.entrypoint(settings.queue)
        async def run(entry: QueueEntry) -> None:
            assert entry.payload is not None
            await execute(sessionmaker, uuid.UUID(bytes=entry.payload), settings)

        async def stopper() -> None:
            await stop.wait()
            manager.shutdown.set()

        watcher = asyncio.create_task(stopper())
        try:
            await manager.run(
                dequeue_timeout=timedelta(seconds=5),
                batch_size=1,
                max_concurrent_tasks=max(2, settings.concurrency),
                heartbeat_timeout=timedelta(seconds=settings.heartbeat_seconds),
            )
        finally:
            watcher.cancel()
    finally:
        await connection.close()


def lifespan_hooks() -> tuple[
    Callable[[FastAPI], Awaitable[None]], Callable[[FastAPI], Awaitable[None]]
]:
    """Start and stop hooks running :func:`consume` inside the service when its settings
    enable the worker."""

    async def start(app: FastAPI) -> None:
        settings = app.state.settings
        app.state.jobs_worker = None
        if not getattr(settings, "jobs_worker", False):
            return
        stop = asyncio.Event()
        task = asyncio.create_task(
            _guarded(settings.database_url, app.state.sessionmaker, worker_settings(settings), stop)
        )
        app.state.jobs_worker = (stop, task)

    async def finish(app: FastAPI) -> None:
        if app.state.jobs_worker is None:
            return
        stop, task = app.state.jobs_worker
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=10)
        except (TimeoutError, asyncio.CancelledError):
            task.cancel()

    return start, finish


def worker_settings(settings: Any) -> WorkerSettings:
    return WorkerSettings(
        queue=settings.jobs_queue,
        concurrency=settings.jobs_concurrency,
        heartbeat_seconds=settings.jobs_heartbeat_seconds,
        memory_mb=settings.jobs_memory_mb,
        hard_timeout_margin_seconds=settings.jobs_hard_timeout_margin_seconds,
    )


async def _guarded(
    url: str,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: WorkerSettings,
    stop: asyncio.Event,
) -> None:
    try:
        await consume(url, sessionmaker, settings, stop)
    except Exception:  # the database may be down or not migrated yet: /readyz says so
        log.warning("jobs_worker_stopped", exc_info=True)
