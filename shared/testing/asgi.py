"""Drive a service app in-process: every test runs inside one outer transaction that is
rolled back at the end, so tests never see each other's rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.db import get_session
from shared.reads import Reader, get_reader


@asynccontextmanager
async def transactional_client(
    app: FastAPI, token: str | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    engine: AsyncEngine = app.state.engine
    async with engine.connect() as conn:
        outer = await conn.begin()
        # Commits inside the app become savepoint releases on this one connection.
        sessionmaker = async_sessionmaker(
            bind=conn,
            expire_on_commit=False,
            autoflush=False,
            join_transaction_mode="create_savepoint",
        )

        async def session_override() -> AsyncIterator[AsyncSession]:
            async with sessionmaker() as session:
                try:
                    yield session
                except BaseException:
                    await session.rollback()
                    raise
                await session.commit()

        # The reader runs on the same driver connection, inside the same transaction; the
        # first statement makes SQLAlchemy send BEGIN before the reader uses it.
        await conn.execute(text("SELECT 1"))
        raw = await conn.get_raw_connection()
        reader = Reader(connection=raw.driver_connection)

        async def read_override() -> Reader:
            return reader

        app.dependency_overrides[get_session] = session_override
        app.dependency_overrides[get_reader] = read_override
        headers = {"authorization": f"Bearer {token}"} if token else {}
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(
                transport=transport, base_url="http://test", headers=headers
            ) as client:
                yield client
        finally:
            app.dependency_overrides.clear()
            if outer.is_active:
                await outer.rollback()
