"""A real PostgreSQL for tests: the one in ``PMO_TEST_DATABASE_URL``, else an embedded server
in the state folder. Each run recreates its databases and builds them with the real
migrations."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pmo.postgres import DatabaseServer, ensure_databases, server_from_env
from shared.migrate import SERVICES_WITH_DATABASES, upgrade
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


__all__ = ["SERVICES_WITH_DATABASES", "fresh_migrated_databases", "test_server"]
