"""Declarative base, engines and the one-transaction-per-request session."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from fastapi import Request
from sqlalchemy import DateTime, Integer, MetaData, Uuid, func
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from shared.db_unavailable import database_unavailable, outcome_unknown_problem
from shared.idempotency_claim import mark_claim_applied
from shared.settings import asyncpg_url

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    """Each service builds its declarative base on its own MetaData (its own database)."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class VersionedMixin:
    """Optimistic concurrency: the ORM bumps ``version`` and checks it on every UPDATE."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # eager_defaults: server-generated timestamps come back via RETURNING, not a lazy load.
        return {"version_id_col": cls.__table__.c.version, "eager_defaults": True}  # type: ignore[attr-defined]


class EntityMixin(IdMixin, TimestampMixin, VersionedMixin):
    """UUID key, timestamps and version: every mutable row has these."""


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> AsyncEngine:
    """``url``: ``postgresql://`` or ``postgresql+asyncpg://``; both run on asyncpg."""
    return create_async_engine(
        asyncpg_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        # A pooled connection can be dead (PostgreSQL restarted, a backend terminated, a
        # connection lost at COMMIT): a ping on checkout (one round trip) replaces it, so the
        # next request is served instead of answering 503 for a database that is back.
        pool_pre_ping=True,
        # asyncpg caches prepared statements per connection; SQLAlchemy caches compiled SQL.
        connect_args={"server_settings": {"application_name": "pmo"}},
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed before the response is sent.

    Use with ``Depends(get_session, scope="function")`` so the commit runs when the path
    operation returns, and a failing commit becomes an error response rather than a lost
    write after a 2xx.
    """
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        # Everything but the COMMIT itself first: a connection lost up to here lost the
        # transaction with it (a plain 503); lost during the COMMIT, the outcome is unknown.
        await session.flush()
        await mark_claim_applied(session, request.scope)
        await _commit(session)


async def _commit(session: AsyncSession) -> None:
    try:
        await session.commit()
    except Exception as exc:
        if database_unavailable(exc):
            raise outcome_unknown_problem() from exc
        raise
