"""Which errors mean "the database is not reachable now" (503 + Retry-After, not 500); the
fault test restarting PostgreSQL mid-burst shows them through the API."""

from __future__ import annotations

import asyncpg
from sqlalchemy.exc import DBAPIError

from shared.db_unavailable import database_unavailable, unavailable_problem


def _wrapped(orig: BaseException, invalidated: bool = False) -> DBAPIError:
    return DBAPIError("SELECT 1", None, orig, connection_invalidated=invalidated)


def test_connection_errors_are_unavailable() -> None:
    assert database_unavailable(_wrapped(asyncpg.CannotConnectNowError("shutting down")))
    assert database_unavailable(_wrapped(asyncpg.AdminShutdownError("terminating")))
    assert database_unavailable(_wrapped(asyncpg.ConnectionDoesNotExistError("closed")))
    assert database_unavailable(_wrapped(ValueError("x"), invalidated=True))
    caused = RuntimeError("outer")
    caused.__cause__ = asyncpg.ConnectionDoesNotExistError("closed")
    assert database_unavailable(caused)


def test_other_errors_are_not() -> None:
    assert not database_unavailable(_wrapped(asyncpg.UniqueViolationError("dup")))
    assert not database_unavailable(FileNotFoundError("not from asyncpg"))
    assert not database_unavailable(ValueError("bug"))


def test_the_problem_says_when_to_retry() -> None:
    problem = unavailable_problem()
    assert problem.status == 503
    assert problem.headers["Retry-After"] == "1"
