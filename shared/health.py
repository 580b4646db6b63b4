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


def migration_script(section: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(Config(str(MIGRATIONS_INI), ini_section=section))


def schema_lag(heads: set[str], known: set[str], revisions: set[str]) -> str | None:
    """Why the database schema is too old for this code, or ``None`` when it will do.

    A revision this code does not know is newer: during a rolling release the migration Job
    runs first, and the old pods must stay ready until the new ones replace them (every
    migration is written to be compatible with the release before it)."""
    if not revisions:
        return "no migrations have run"
    behind = {rev for rev in revisions if rev in known and rev not in heads}
    if behind:
        return f"database schema at {sorted(behind)}, code expects {sorted(heads)}"
    return None


async def database_revisions(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
        return {row[0] for row in rows}


def health_router(migration_section: str | None) -> APIRouter:
    router = APIRouter(tags=["health"])
    script = migration_script(migration_section) if migration_section else None
    heads = set(script.get_heads()) if script else set()
    known = {rev.revision for rev in script.walk_revisions()} if script else set()

    @router.get("/healthz", operation_id="get_healthz", summary="Check that the process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        operation_id="get_readyz",
        summary="Check that the service can serve requests",
        responses={503: {"description": "The database is unreachable or not migrated."}},
    )
    async def readyz(request: Request) -> dict[str, str]:
        if script is None:
            return {"status": "ok"}
        try:
            revisions = await database_revisions(request.app.state.engine)
        except Exception as exc:
            raise ServiceUnavailable(f"Database not reachable: {type(exc).__name__}") from exc
        lag = schema_lag(heads, known, revisions)
        if lag is not None:
            raise ServiceUnavailable(f"{lag}: run the migrations.")
        return {"status": "ok"}

    @router.get("/metrics", operation_id="get_metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
