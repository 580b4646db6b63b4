"""Plans that never went through the scheduler (upgraded databases, rows loaded outside the
API) get their dates in the background after start; a plan that cannot be scheduled is
left alone without stopping the others."""

from __future__ import annotations

import uuid
from datetime import date

import structlog
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from services.projects.schedule import catch_up
from services.projects.schedule.catch_up import schedule_unscheduled

PROJECT = "INSERT INTO projects (id, code, name, status, priority, tags, version, start_date)"
TASK = "INSERT INTO tasks (id, project_id, name, position, duration_days, percent_complete,"


async def _plan(conn, code: str, cyclic: bool) -> tuple[uuid.UUID, list[uuid.UUID]]:
    project_id, tasks = uuid.uuid4(), [uuid.uuid4(), uuid.uuid4()]
    await conn.execute(
        text(f"{PROJECT} VALUES (:id, :code, 'Legacy', 'active', 'medium', '{{}}', 1, :start)"),
        {"id": project_id, "code": code, "start": date(2025, 1, 6)},
    )
    for position, task_id in enumerate(tasks):
        await conn.execute(
            text(f"{TASK} version, constraint_type) VALUES (:id, :p, 'T', :pos, 2, 0, 1, 'ASAP')"),
            {"id": task_id, "p": project_id, "pos": position},
        )
    pairs = [(tasks[0], tasks[1])] + ([(tasks[1], tasks[0])] if cyclic else [])
    for predecessor, successor in pairs:
        await conn.execute(
            text(
                "INSERT INTO dependencies (id, project_id, predecessor_id, successor_id, type,"
                " lag_days, version) VALUES (:id, :p, :a, :b, 'FS', 0, 1)"
            ),
            {"id": uuid.uuid4(), "p": project_id, "a": predecessor, "b": successor},
        )
    return project_id, tasks


async def test_unscheduled_plans_are_scheduled_and_a_broken_one_is_skipped(
    projects_app: FastAPI,
) -> None:
    async with projects_app.state.engine.connect() as conn:
        outer = await conn.begin()
        try:
            _, (first, second) = await _plan(conn, f"LEG-{uuid.uuid4().hex[:6]}", cyclic=False)
            _, broken = await _plan(conn, f"CYC-{uuid.uuid4().hex[:6]}", cyclic=True)
            sessionmaker = async_sessionmaker(
                bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
            )
            assert await schedule_unscheduled(sessionmaker) == 1
            rows = await conn.execute(
                text("SELECT id, early_start, early_finish FROM tasks WHERE id = ANY(:ids)"),
                {"ids": [first, second, *broken]},
            )
            dates = {row.id: (row.early_start, row.early_finish) for row in rows}
            assert str(dates[first][0]) == "2025-01-06 08:00:00"
            assert str(dates[second][0]) == "2025-01-08 08:00:00"  # after its 2-day predecessor
            assert all(dates[t] == (None, None) for t in broken)
            assert await schedule_unscheduled(sessionmaker) == 0  # nothing left, no loop
        finally:
            await outer.rollback()


async def test_a_catch_up_that_cannot_reach_the_database_logs_why_with_the_traceback() -> None:
    """Ops must see the cause (which host, which error) when the background job gives up,
    not only an exception's type name."""
    engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    try:
        with structlog.testing.capture_logs() as logs:
            await catch_up._run(async_sessionmaker(engine))
    finally:
        await engine.dispose()
    [skipped] = [e for e in logs if e["event"] == "catch_up_skipped"]
    assert skipped["log_level"] == "warning"
    assert skipped["exc_info"] is True  # rendered as the traceback by format_exc_info
