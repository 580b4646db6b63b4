"""``/healthz`` (alive), ``/readyz`` (database reachable, migrations at head), ``/metrics``."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.responses import Response

from shared.errors import ServiceUnavailable

MIGRATIONS_INI = Path(__file__).resolve().parents[1] / "migrations" / "alembic.ini"


def migration_heads(section: str) -> set[str]:
    """The head revisions of a service's migration history, read from the scripts."""
    config = Config(str(MIGRATIONS_INI), ini_section=section)
    return set(ScriptDirectory.from_config(config).get_heads())


async def database_revisions(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
        return {row[0] for row in rows}


def health_router(migration_section: str | None) -> APIRouter:
    router = APIRouter(tags=["health"])
    heads = migration_heads(migration_section) if migration_section else set()

    @router.get("/healthz", operation_id="get_healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", operation_id="get_readyz")
    async def readyz(request: Request) -> dict[str, str]:
        if migration_section is None:
            return {"status": "ok"}
        try:
            revisions = await database_revisions(request.app.state.engine)
        except Exception as exc:
            raise ServiceUnavailable(f"Database not reachable: {type(exc).__name__}") from exc
        if revisions != heads:
            raise ServiceUnavailable(
                f"Database schema at {sorted(revisions)}, code expects {sorted(heads)}: "
                "run the migrations."
            )
        return {"status": "ok"}

    @router.get("/metrics", operation_id="get_metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
