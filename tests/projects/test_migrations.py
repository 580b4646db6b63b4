"""The projects migrations upgrade a database that already holds data, and go back down."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from decimal import Decimal

import asyncpg
from alembic import command

from shared.migrate import alembic_config, upgrade
from shared.postgres import ensure_databases
from shared.reads import asyncpg_dsn
from shared.testing.database import run_prefix


@asynccontextmanager
async def _migrated_to(
    database_server, suffix: str, revision: str
) -> AsyncIterator[tuple[str, asyncpg.Connection]]:
    """A fresh database of its own, migrated up to ``revision``, and a connection to it."""
    name = f"{run_prefix('test')}_{suffix}"
    await ensure_databases(database_server, [name], fresh=True)
    url = database_server.database_url(name)
    await asyncio.to_thread(upgrade, "projects", url, revision)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        yield url, conn
    finally:
        await conn.close()


async def test_planning_migration_upgrades_populated_data(database_server) -> None:
    async with _migrated_to(database_server, "migration", "0001") as (url, conn):
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


def downgrade(service: str, url: str, revision: str) -> None:
    command.downgrade(alembic_config(service, url), revision)


async def test_progress_migration_keeps_what_progress_meant(database_server) -> None:
    """0006: existing projects schedule from the data date as before; a task's work done
    and left are what its percent complete implied, its actual dates midnight (the bare
    dates they were); and it goes back down."""
    async with _migrated_to(database_server, "migration_progress", "0005") as (url, conn):
        project_id, task_id = uuid.uuid4(), uuid.uuid4()
        await conn.execute(
            "INSERT INTO projects (id, code, name, status, priority, tags, version,"
            " critical_threshold_days) VALUES ($1, 'MIG', 'Migrated', 'active', 'medium',"
            " '{}', 1, 0)",
            project_id,
        )
        await conn.execute(
            "INSERT INTO tasks (id, project_id, name, position, duration_days,"
            " percent_complete, actual_start, constraint_type, is_summary, is_milestone,"
            " critical, version) VALUES ($1, $2, 'Started', 0, 3, 50, '2025-01-06', 'ASAP',"
            " false, false, false, 1)",
            task_id,
            project_id,
        )
        await asyncio.to_thread(upgrade, "projects", url, "head")
        project = await conn.fetchrow(
            "SELECT progress_mode, move_completed_ends_back, split_in_progress_tasks"
            " FROM projects WHERE id = $1",
            project_id,
        )
        assert dict(project) == {
            "progress_mode": "data_date",
            "move_completed_ends_back": False,
            "split_in_progress_tasks": True,
        }
        task = await conn.fetchrow(
            "SELECT actual_duration_days, remaining_duration_days, actual_start, is_split"
            " FROM tasks WHERE id = $1",
            task_id,
        )
        assert dict(task) == {
            "actual_duration_days": Decimal("1.5000"),
            "remaining_duration_days": Decimal("1.5000"),
            "actual_start": datetime(2025, 1, 6),
            "is_split": False,
        }
        await asyncio.to_thread(downgrade, "projects", url, "0005")
        start = await conn.fetchval("SELECT actual_start FROM tasks WHERE id = $1", task_id)
        assert start == date(2025, 1, 6)


REPLAY_OF_ON_DELETE = (
    "SELECT confdeltype FROM pg_constraint"
    " WHERE conname = 'fk_webhook_deliveries_replay_of_webhook_deliveries'"
)


async def test_webhook_owner_access_migration_goes_back_down(database_server) -> None:
    """0015w: a first delivery's replays are deleted with it; going back down, a suspended
    subscription is disabled (version 1 has no suspension: it would deliver again) and
    replays are set to null again."""
    async with _migrated_to(database_server, "migration_webhooks", "0015w") as (url, conn):
        assert await conn.fetchval(REPLAY_OF_ON_DELETE) == b"c"
        suspended, active = uuid.uuid4(), uuid.uuid4()
        for subscription_id, status in ((suspended, "suspended"), (active, "active")):
            await conn.execute(
                "INSERT INTO webhook_subscriptions (id, url, secret, owner, status)"
                " VALUES ($1, 'https://example.test/hook', 'whsec_x', 'someone', $2)",
                subscription_id,
                status,
            )
        await asyncio.to_thread(downgrade, "projects", url, "0014e")
        rows = await conn.fetch("SELECT id, enabled FROM webhook_subscriptions")
        assert {row["id"]: row["enabled"] for row in rows} == {suspended: False, active: True}
        assert await conn.fetchval(REPLAY_OF_ON_DELETE) == b"n"


async def test_webhook_owner_access_migration_gives_existing_subscriptions_their_kind(
    database_server,
) -> None:
    """0015w on version-1 rows: a project's subscription is a manager's (re-checked from now
    on), reporting's own subscription to its inbound endpoint is internal, any other is
    global."""
    async with _migrated_to(database_server, "migration_owner_kinds", "0014e") as (url, conn):
        project_id = uuid.uuid4()
        await conn.execute(
            "INSERT INTO projects (id, code, name, status, priority, tags, version)"
            " VALUES ($1, 'MIG', 'Migrated', 'active', 'medium', '{}', 1)",
            project_id,
        )
        inbound = "http://pmo-reporting:8000/v1/inbound/project-events"
        hook = "https://example.test/hook"
        rows = {
            "manager's": ("a-manager", project_id, hook),
            "reporting's": ("service:reporting", None, inbound),
            "named like reporting": ("service:reporting", None, hook),
            "pmo's": ("a-pmo", None, hook),
        }
        ids = {}
        for label, (owner, scope, target) in rows.items():
            ids[label] = await conn.fetchval(
                "INSERT INTO webhook_subscriptions (id, url, secret, owner, project_id)"
                " VALUES ($1, $2, 'whsec_x', $3, $4) RETURNING id",
                uuid.uuid4(),
                target,
                owner,
                scope,
            )
        await asyncio.to_thread(upgrade, "projects", url, "0015w")
        kinds = dict(await conn.fetch("SELECT id, owner_kind FROM webhook_subscriptions"))
        assert {label: kinds[ids[label]] for label in rows} == {
            "manager's": "project_manager",
            "reporting's": "internal",
            "named like reporting": "global",
            "pmo's": "global",
        }
