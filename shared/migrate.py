"""Alembic glue shared by every service's ``env.py`` and the ``pmo migrate`` command."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shared.settings import asyncpg_url

MIGRATIONS_INI = Path(__file__).resolve().parents[1] / "migrations" / "alembic.ini"
SERVICES_WITH_DATABASES = ("projects", "governance", "reporting")


def run_migrations(metadata: MetaData, *, url_env: str) -> None:
    """Body of each service's ``env.py``: online migrations over asyncpg."""
    config = context.config
    url = config.attributes.get("database_url") or os.environ.get(url_env)
    if not url:
        raise RuntimeError(f"Set {url_env} to the service's database URL")

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = create_async_engine(asyncpg_url(url), poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    asyncio.run(run_async())


def alembic_config(service: str, database_url: str) -> Config:
    config = Config(str(MIGRATIONS_INI), ini_section=service)
    config.attributes["database_url"] = database_url
    return config


def upgrade(service: str, database_url: str, revision: str = "head") -> None:
    """Run one service's migrations (synchronous: call from a thread inside an event loop)."""
    command.upgrade(alembic_config(service, database_url), revision)
