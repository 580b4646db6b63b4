"""Fixtures every test shares: one real PostgreSQL per run, migrated by the real Alembic
scripts, and development tokens for each role."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator

import pytest

from shared.auth import mint_token
from shared.testing.database import run_databases, test_server

os.environ.setdefault("PMO_ENVIRONMENT", "test")
os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
JWT_SECRET = os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))

TokenFactory = Callable[..., str]


@pytest.fixture(scope="session")
def database_server():
    return test_server()


@pytest.fixture(scope="session")
def database_urls(database_server) -> Iterator[dict[str, str]]:
    """service name -> URL of that service's freshly migrated test database (this run's own,
    dropped at the end)."""
    with run_databases(database_server, "test") as urls:
        yield urls


@pytest.fixture(scope="session")
def make_token() -> TokenFactory:
    def make(*roles: str, sub: str | None = None, ttl_seconds: int = 3600) -> str:
        return mint_token(
            JWT_SECRET,
            subject=sub or f"user-{secrets.token_hex(4)}",
            roles=list(roles) or ["member"],
            ttl_seconds=ttl_seconds,
        )

    return make


@pytest.fixture(scope="session")
def admin_token(make_token: TokenFactory) -> str:
    return make_token("admin", sub="admin")
