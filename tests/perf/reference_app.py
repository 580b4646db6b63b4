"""The speed reference for ``make bench``: the leanest honest FastAPI read by primary key,
raw asyncpg and orjson, no auth, no middleware. Our REST read is compared against it in
the same run, on the same database and core."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import orjson
from fastapi import FastAPI
from starlette.responses import Response

from shared.repository import dumps


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    dsn = os.environ["REFERENCE_DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    app.state.pool = await asyncpg.create_pool(dsn, min_size=5, max_size=10)
    yield
    await app.state.pool.close()


def create_app() -> FastAPI:
    app = FastAPI(lifespan=lifespan)

    @app.get("/projects/{project_id}")
    async def get_project(project_id: uuid.UUID) -> Response:
        async with app.state.pool.acquire() as conn:
            row = await conn.fetchrow("SELECT * FROM projects WHERE id = $1", project_id)
        if row is None:
            return Response(orjson.dumps({"detail": "not found"}), status_code=404)
        return Response(dumps(dict(row)), media_type="application/json")

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:
        return {"status": "ok"}

    return app
