"""Each service's migrations, applied to an empty database, build exactly the tables its
models declare: a model changed without a migration (or the reverse) fails here."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, MetaData
from sqlalchemy.ext.asyncio import create_async_engine

from services.governance.models import Base as GovernanceBase
from services.projects.models import Base as ProjectsBase
from services.reporting.models import Base as ReportingBase
from shared.settings import asyncpg_url

METADATA = {
    "projects": ProjectsBase.metadata,
    "governance": GovernanceBase.metadata,
    "reporting": ReportingBase.metadata,
}


def _not_the_queue(name: str | None, type_: str, parent_names: Any) -> bool:
    """pgqueuer's tables are the library's, installed by its own SQL (migration 0012j), and
    have no models here."""
    return not (type_ == "table" and name is not None and name.startswith("pgqueuer"))


def _differences(connection: Connection, metadata: MetaData) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_name": _not_the_queue}
    )
    return list(compare_metadata(context, metadata))


@pytest.mark.parametrize("service", sorted(METADATA))
async def test_migrated_schema_matches_the_models(service: str, database_urls) -> None:
    engine = create_async_engine(asyncpg_url(database_urls[service]))
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences, METADATA[service])
    finally:
        await engine.dispose()
    assert differences == []
