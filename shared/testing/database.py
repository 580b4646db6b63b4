"""A real PostgreSQL for tests: the one in ``PMO_TEST_DATABASE_URL``, else an embedded server
in the state folder. Each run recreates its databases and builds them with the real
migrations."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from shared.migrate import upgrade
from shared.postgres import DatabaseServer, ensure_databases, server_from_env
from shared.settings import PROJECT_ROOT

TEST_PGDATA = PROJECT_ROOT / ".state" / "pgdata-test"


def test_server(pgdata: Path = TEST_PGDATA) -> DatabaseServer:
    return server_from_env("PMO_TEST_DATABASE_URL", pgdata)


def fresh_migrated_databases(server: DatabaseServer, prefix: str) -> dict[str, str]:
    """Drop, create and migrate one database per service; returns service -> URL."""
    urls = server.service_urls(prefix)
    asyncio.run(ensure_databases(server, [_db_name(prefix, s) for s in urls], fresh=True))
    for service, url in urls.items():
        upgrade(service, url)
    return urls


def _db_name(prefix: str, service: str) -> str:
    return f"{prefix}_{service}"


@contextmanager
def run_databases(server: DatabaseServer, purpose: str) -> Iterator[dict[str, str]]:
    """This run's freshly migrated databases (service -> URL), dropped afterwards; databases
    left by runs that were killed are dropped first."""
    asyncio.run(drop_orphaned_databases(server))
    urls = fresh_migrated_databases(server, run_prefix(purpose))
    try:
        yield urls
    finally:
        names = [make_url(url).database for url in urls.values()]
        asyncio.run(drop_databases(server, [name for name in names if name]))


def run_prefix(purpose: str) -> str:
    """Database names of this test process: ``pmo_<purpose>_<pid>``. Two runs on one server
    (two developers, or CI beside a developer) never drop each other's databases."""
    return f"pmo_{purpose}_{os.getpid()}"


async def drop_databases(server: DatabaseServer, names: list[str]) -> None:
    conn = await asyncpg.connect(_dsn(server.database_url("postgres")))
    try:
        for name in names:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def drop_orphaned_databases(server: DatabaseServer) -> list[str]:
    """Databases of test runs whose process is gone (killed before their own clean-up)."""
    conn = await asyncpg.connect(_dsn(server.database_url("postgres")))
    try:
        names = [r[0] for r in await conn.fetch("SELECT datname FROM pg_database")]
    finally:
        await conn.close()
    orphans = [name for name in names if _owner_gone(name)]
    await drop_databases(server, orphans)
    return orphans


def _owner_gone(name: str) -> bool:
    match = _RUN_DATABASE.match(name)
    if match is None:
        return False
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


_RUN_DATABASE = re.compile(r"^pmo_(?:test|e2e|gateway)\w*?_(\d+)(?:_\w+)?$")


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
