"""A database connection lost during COMMIT, for real (``pg_terminate_backend`` on the
request's own backend from a session hook), through the projects service's API.

Lost before the server committed, or after: the client cannot tell, so both answer 503
``outcome-unknown``. What a retry with the same ``Idempotency-Key`` does is decided by the
key's claim, marked in the request's own transaction (shared/idempotency_claim.py): not
committed, the retry runs (once); committed, the retry is a 409 ``already-applied``, never a
second write.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Session

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from shared.postgres import DatabaseServer
from shared.testing.database import run_databases

PROBLEMS = "https://pmo.dev/problems/"


def _own_backend(session: Session) -> int:
    pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    return int(pid)


def _terminate(session: Session, pid: int) -> None:
    """From another connection, waiting until the backend is gone."""
    with session.get_bind().connect() as other:  # type: ignore[union-attr]
        other.exec_driver_sql(f"SELECT pg_terminate_backend({pid}, 5000)")
        other.commit()


class LosesConnectionBeforeCommit(Session):
    """The backend is terminated just before COMMIT is sent: nothing is applied."""


class LosesConnectionAfterCommit(Session):
    """The server commits, then the connection is gone before the client hears of it: the
    hook terminates the backend and touches the connection, which raises the driver's own
    error for a closed connection."""


@event.listens_for(LosesConnectionBeforeCommit, "before_commit")
def _terminate_before_commit(session: Session) -> None:
    _terminate(session, _own_backend(session))


@event.listens_for(LosesConnectionAfterCommit, "before_commit")
def _remember_backend(session: Session) -> None:
    connection = session.connection()
    session.info["backend"] = (_own_backend(session), connection.connection.dbapi_connection)


@event.listens_for(LosesConnectionAfterCommit, "after_commit")
def _terminate_after_commit(session: Session) -> None:
    pid, dbapi_connection = session.info.pop("backend")
    _terminate(session, pid)
    dbapi_connection.cursor().execute("SELECT 1")  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def database_urls(database_server: DatabaseServer) -> Iterator[dict[str, str]]:
    """Databases of their own: these requests commit."""
    with run_databases(database_server, "commit_outcome") as urls:
        yield urls


@pytest.fixture
async def projects(database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    app = create_app(ProjectsSettings(database_url=database_urls["projects"], jobs_worker=False))
    async with LifespanManager(app):
        yield app


def _losing(app: FastAPI, session_class: type[Session]) -> async_sessionmaker[Any]:
    return async_sessionmaker(
        app.state.engine, expire_on_commit=False, autoflush=False, sync_session_class=session_class
    )


async def _create(app: FastAPI, token: str, name: str, key: str) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}", "idempotency-key": key}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://projects"
    ) as http:
        return await http.post("/v1/portfolios", json={"name": name}, headers=headers)


async def _count(app: FastAPI, token: str, name: str) -> int:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://projects"
    ) as http:
        response = await http.get(
            "/v1/portfolios", params={"limit": 200}, headers={"authorization": f"Bearer {token}"}
        )
    assert response.status_code == 200, response.text
    return sum(1 for item in response.json()["items"] if item["name"] == name)


def _assert_outcome_unknown(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "1"
    problem = response.json()
    assert problem["type"] == PROBLEMS + "outcome-unknown"
    assert "may have been applied" in problem["detail"]
    assert "same Idempotency-Key" in problem["detail"]


async def _create_losing_the_answer(
    projects: FastAPI, token: str, name: str, key: str, losing: type[Session]
) -> None:
    """The POST whose connection is lost at COMMIT (``losing`` says on which side): its
    answer is the 503 outcome-unknown. The app's own sessions come back even if it fails."""
    normal = projects.state.sessionmaker
    projects.state.sessionmaker = _losing(projects, losing)
    try:
        lost = await _create(projects, token, name, key)
    finally:
        projects.state.sessionmaker = normal
    _assert_outcome_unknown(lost)


async def test_lost_before_the_server_committed_a_retry_with_the_key_applies_it_once(
    projects: FastAPI, admin_token: str
) -> None:
    name, key = f"lost-before-{secrets.token_hex(4)}", secrets.token_hex(16)
    await _create_losing_the_answer(projects, admin_token, name, key, LosesConnectionBeforeCommit)
    assert await _count(projects, admin_token, name) == 0

    retried = await _create(projects, admin_token, name, key)
    assert retried.status_code == 201, retried.text
    again = await _create(projects, admin_token, name, key)
    assert again.headers["idempotency-replayed"] == "true"
    assert await _count(projects, admin_token, name) == 1


async def test_lost_after_the_server_committed_a_retry_with_the_key_is_not_applied_again(
    projects: FastAPI, admin_token: str
) -> None:
    name, key = f"lost-after-{secrets.token_hex(4)}", secrets.token_hex(16)
    await _create_losing_the_answer(projects, admin_token, name, key, LosesConnectionAfterCommit)
    assert await _count(projects, admin_token, name) == 1  # it was applied

    retried = await _create(projects, admin_token, name, key)
    assert retried.status_code == 409, retried.text
    assert retried.json()["type"] == PROBLEMS + "already-applied"
    assert await _count(projects, admin_token, name) == 1
