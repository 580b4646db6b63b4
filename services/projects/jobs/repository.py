"""All SQL of the jobs: the row, and the queue entry that hands it to a worker (pgqueuer's
table, written through pgqueuer on the caller's connection so both commit together)."""

from __future__ import annotations

import uuid
from typing import Any

from pgqueuer.adapters.persistence.queries import Queries
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Job


async def enqueue(session: AsyncSession, job_id: uuid.UUID, queue: str) -> None:
    """The queue entry for ``job_id``, in the caller's transaction: a rolled-back request
    leaves no entry behind, a committed one always has it."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    queries = Queries.from_asyncpg_connection(raw.driver_connection)
    await queries.enqueue(queue, job_id.bytes)


async def get(session: AsyncSession, job_id: uuid.UUID, *, lock: bool = False) -> Job | None:
    query = select(Job).where(Job.id == job_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def set_state(session: AsyncSession, job_id: uuid.UUID, **values: Any) -> None:
    """Any columns of the row, its version moved (the ETag changes as the job advances)."""
    await session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(version=Job.version + 1, updated_at=func.now(), **values)
        .execution_options(synchronize_session=False)
    )
