"""Schedules the projects whose tasks were never scheduled: plans written before the
scheduler existed (databases upgraded from migration 0001) or loaded outside the API.

Runs once in the background after the service starts, one project per transaction, so a
large backlog neither delays readiness nor holds locks for long. A plan that cannot be
scheduled (a cycle in old data) is logged and left as it is; it is tried again at the
next start and gets its dates on its next edit through the API.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable

import structlog
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.projects.schedule.service import never_scheduled, reschedule
from shared.errors import ProblemError

log = structlog.get_logger("pmo.projects.catch_up")
BATCH = 500


async def schedule_unscheduled(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """Reschedule every unscheduled project; answers how many were scheduled."""
    scheduled = 0
    failed: set[uuid.UUID] = set()
    while True:
        async with sessionmaker() as session:
            pending = [
                p for p in await never_scheduled(session, BATCH + len(failed)) if p not in failed
            ]
        if not pending:
            return scheduled
        for project_id in pending:
            try:
                async with sessionmaker() as session, session.begin():
                    await reschedule(session, project_id)
                scheduled += 1
            except ProblemError as error:
                failed.add(project_id)
                log.warning("catch_up_failed", project_id=str(project_id), error=error.detail)


def start_catch_up() -> tuple[
    Callable[[FastAPI], Awaitable[None]], Callable[[FastAPI], Awaitable[None]]
]:
    """The startup and shutdown hooks that run :func:`schedule_unscheduled` in the background."""

    async def start(app: FastAPI) -> None:
        app.state.catch_up = asyncio.create_task(_run(app.state.sessionmaker))

    async def stop(app: FastAPI) -> None:
        task: asyncio.Task[None] = app.state.catch_up
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    return start, stop


async def _run(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    try:
        count = await schedule_unscheduled(sessionmaker)
    except Exception:  # the database may be down or not migrated yet: /readyz says so
        log.warning("catch_up_skipped", exc_info=True)
        return
    if count:
        log.info("catch_up_done", projects=count)
