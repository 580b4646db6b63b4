"""A real PostgreSQL for tests: the one in ``PMO_TEST_DATABASE_URL``, else an embedded server
in the state folder, stopped when the last run using it ends. Each run recreates its
databases and builds them with the real migrations."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from shared.migrate import upgrade
from shared.postgres import DatabaseServer, Release, ensure_databases, shared_embedded_server
from shared.settings import platform_settings

KEEP_VARIABLE = "PMO_KEEP_TEST_DATABASE"


def pgdata_for_tests() -> Path:
    return platform_settings().state_dir / "pgdata-test"


@contextmanager
def run_database_server(
    say: Callable[[str], None] = print, pgdata: Path | None = None
) -> Iterator[DatabaseServer]:
    """The server for one test or benchmark run: ``PMO_TEST_DATABASE_URL``'s, else the
    embedded one in ``<state>/pgdata-test``, which is stopped when the last run using it ends,
    unless ``PMO_KEEP_TEST_DATABASE=1`` asks to keep it for faster repeated runs (then
    ``say`` tells the user it is still running)."""
    url = os.environ.get("PMO_TEST_DATABASE_URL")
    if url:
        yield DatabaseServer(url=url)
        return
    folder = pgdata or pgdata_for_tests()
    keep = os.environ.get(KEEP_VARIABLE, "").lower() in {"1", "true", "yes"}

    def tell(release: Release) -> None:
        if release is Release.kept:
            say(
                f"[pmo] test PostgreSQL left running ({KEEP_VARIABLE}=1) in {folder}; "
                "the next run without it stops it"
            )
        elif release is Release.not_ours:
            say(f"[pmo] test PostgreSQL in {folder} was not started by a test run: left running")

    with shared_embedded_server(folder, keep=keep, on_release=tell) as server:
        yield server


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
