"""Hot reads: SQLAlchemy Core SELECTs compiled once for asyncpg and run on the driver.

Going through SQLAlchemy's async engine costs a pool checkout, a greenlet hop and result
processing per statement: on a read by id that was more CPU than the rest of the request.
The statements stay SQLAlchemy Core (one source of truth for table and column names); only
their execution skips the engine. Writes keep the ORM and its unit of work.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Hashable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import Request
from sqlalchemy import Select
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

_DIALECT = asyncpg_dialect()
# A SELECT of any number of columns (``Select[Any]`` would mean exactly one).
AnySelect = Select[*tuple[Any, ...]]


class Query:
    """A Core statement compiled once; run with named parameters."""

    __slots__ = ("defaults", "names", "sql")

    def __init__(self, statement: AnySelect) -> None:
        compiled = statement.compile(dialect=_DIALECT)
        self.sql = str(compiled)
        self.names = tuple(compiled.positiontup or ())
        # Literals in the statement (``x >= 100``) are anonymous bound parameters.
        self.defaults = {k: v for k, v in compiled.params.items() if v is not None}

    def args(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        defaults = self.defaults
        return tuple(params[name] if name in params else defaults[name] for name in self.names)


class QueryCache:
    """Compiled statements by shape, for queries whose WHERE depends on the filters given:
    each combination is built and compiled once, then reused with new parameter values."""

    def __init__(self) -> None:
        self._queries: dict[Hashable, Query] = {}

    def get(self, shape: Hashable, build: Callable[[], AnySelect]) -> Query:
        query = self._queries.get(shape)
        if query is None:
            query = self._queries[shape] = Query(build())
        return query


class Reader:
    """Runs :class:`Query` objects on a pool (production) or on one connection (tests,
    where every statement must see the test's open transaction)."""

    def __init__(
        self, pool: asyncpg.Pool | None = None, connection: asyncpg.Connection | None = None
    ) -> None:
        if (pool is None) == (connection is None):
            raise ValueError("give a pool or a connection")
        self._pool = pool
        self._connection = connection

    @asynccontextmanager
    async def _acquire(self) -> AsyncIterator[asyncpg.Connection]:
        if self._connection is not None:
            yield self._connection
            return
        assert self._pool is not None
        async with self._pool.acquire() as connection:
            yield connection

    async def one(self, query: Query, **params: Any) -> dict[str, Any] | None:
        async with self._acquire() as connection:
            record = await connection.fetchrow(query.sql, *query.args(params))
        return dict(record) if record is not None else None

    async def all(self, query: Query, **params: Any) -> list[dict[str, Any]]:
        async with self._acquire() as connection:
            records = await connection.fetch(query.sql, *query.args(params))
        return [dict(r) for r in records]

    async def records(self, query: Query, **params: Any) -> list[asyncpg.Record]:
        """The rows as the driver's records (by position and by name): for callers that
        hand many rows on as tuples, such as a plan to the scheduling engine."""
        async with self._acquire() as connection:
            records: list[asyncpg.Record] = await connection.fetch(query.sql, *query.args(params))
        return records

    async def value(self, query: Query, **params: Any) -> Any:
        async with self._acquire() as connection:
            return await connection.fetchval(query.sql, *query.args(params))


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def open_read_pool(url: str, *, size: int) -> asyncpg.Pool:
    # min_size=0: a service whose database is down still starts, and /readyz says why.
    return await asyncpg.create_pool(
        asyncpg_dsn(url),
        min_size=0,
        max_size=size,
        server_settings={"application_name": "pmo-read"},
    )


async def get_reader(request: Request) -> Reader:
    """The app's reader (a plain function, not a generator: no exit stack per request)."""
    reader: Reader = request.app.state.reader
    return reader
