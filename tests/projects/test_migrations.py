"""The projects migrations upgrade a database that already holds data, and go back down."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from shared.migrate import upgrade
from shared.postgres import ensure_databases
from shared.reads import asyncpg_dsn
from shared.testing.database import run_prefix


async def test_planning_migration_upgrades_populated_data(database_server) -> None:
    name = f"{run_prefix('test')}_migration"
    await ensure_databases(database_server, [name], fresh=True)
    url = database_server.database_url(name)
    await asyncio.to_thread(upgrade, "projects", url, "0001")
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        project_id, task_id = uuid.uuid4(), uuid.uuid4()
        await conn.execute(
            "INSERT INTO projects (id, code, name, status, priority, tags, version)"
            " VALUES ($1, 'MIG', 'Migrated', 'active', 'medium', '{}', 1)",
            project_id,
        )
        await conn.execute(
            "INSERT INTO tasks (id, project_id, name, position, duration_days,"
            " percent_complete, version) VALUES ($1, $2, 'Existing', 0, 3, 0, 1)",
            task_id,
            project_id,
        )
        await asyncio.to_thread(upgrade, "projects", url, "head")
        row = await conn.fetchrow(
            "SELECT constraint_type, is_summary, critical FROM tasks WHERE id = $1", task_id
        )
        assert dict(row) == {"constraint_type": "ASAP", "is_summary": False, "critical": False}
        threshold = await conn.fetchval(
            "SELECT critical_threshold_days FROM projects WHERE id = $1", project_id
        )
        assert threshold == 0
    finally:
        await conn.close()
