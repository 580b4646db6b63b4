"""Fixtures every test shares: one real PostgreSQL per run, migrated by the real Alembic
scripts, and development tokens for each role."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

import pytest

from shared.auth import mint_token
from shared.postgres import DatabaseServer
from shared.testing.database import run_database_server, run_databases

os.environ.setdefault("PMO_ENVIRONMENT", "test")
os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
# Tests drive the services far faster than any person: rate limits are off unless a test
# turns them on (tests/shared/test_rate_limits.py); `make up` keeps them on.
os.environ.setdefault("PMO_RATE_LIMIT_ENABLED", "false")
JWT_SECRET = os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))

TokenFactory = Callable[..., str]


NOTES = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def database_server(request: pytest.FixtureRequest) -> Iterator[DatabaseServer]:
    """The run's PostgreSQL; an embedded one is stopped at the end unless asked to be kept."""
    notes = request.config.stash.setdefault(NOTES, [])
    with run_database_server(notes.append) as server:
        yield server


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # Said here, not when the fixture ends: output of a fixture's teardown is captured.
    for line in terminalreporter.config.stash.get(NOTES, []):
        terminalreporter.write_line(line)


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


@pytest.fixture(scope="session")
def governance_token(make_token: TokenFactory) -> str:
    """The governance service's own identity: the only one that moves a project's phase
    (and approves a proposed project), as its gate reviews decide."""
    return make_token("governance-service", sub="service:governance")


FUZZ_TEST = "tests/contract/test_openapi_fuzz.py::test_service_keeps_its_contract["


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The OpenAPI fuzz runs in worker processes started with the session (``fuzz_reports``):
    its tests go last, so the rest of the suite runs while the services are fuzzed."""
    items.sort(key=lambda item: item.nodeid.startswith(FUZZ_TEST))


@pytest.fixture(scope="session", autouse=True)
def fuzz_reports(request: pytest.FixtureRequest) -> Iterator[dict[str, Future[Any]]]:
    """service -> its fuzz report to come, for the services whose fuzz test is selected;
    started before the first test (tests/contract/test_openapi_fuzz.py reads them)."""
    services = [
        item.callspec.params["service"]
        for item in request.session.items
        if item.nodeid.startswith(FUZZ_TEST) and isinstance(item, pytest.Function)
    ]
    if not services:
        yield {}
        return
    from tests.contract.fuzz_services import fuzzing

    server = request.getfixturevalue("database_server")
    with fuzzing(services, server, request.getfixturevalue("admin_token")) as reports:
        yield reports
