"""An evaluation needs every fact: with the projects service unreachable it answers a
problem and stores nothing. And the history it stores cannot be rewritten."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from services.governance.config import GovernanceSettings
from services.governance.main import create_app
from shared.testing.asgi import transactional_client
from tests.governance.factories import published_standard

pytestmark = pytest.mark.usefixtures("test_kinds")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def cut_off(database_urls: dict[str, str], make_token) -> AsyncIterator[httpx.AsyncClient]:
    """Governance whose projects service is a port nobody listens on."""
    settings = GovernanceSettings(
        database_url=database_urls["governance"],
        projects_url=f"http://127.0.0.1:{closed_port()}",
    )
    app: FastAPI = create_app(settings)
    async with (
        LifespanManager(app),
        transactional_client(app, make_token("pmo", sub="pmo-1")) as http,
    ):
        yield http


async def test_projects_service_down_is_a_problem_and_stores_nothing(
    cut_off: httpx.AsyncClient,
) -> None:
    await published_standard(cut_off, {"params": {"tag": "ok"}})
    for target in ({"project_id": str(uuid.uuid4())}, {"portfolio_id": str(uuid.uuid4())}):
        response = await cut_off.post("/v1/evaluations", json=target)
        assert response.status_code in (502, 503), response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert "projects" in response.json()["detail"]
    assert (await cut_off.get("/v1/evaluations")).json()["items"] == []


INSERT_EVALUATION = text(
    "INSERT INTO evaluations (id, batch_id, project_id, evaluated_at, evaluator, passed, "
    "failed, not_applicable, by_severity, standard_ids) VALUES (:id, gen_random_uuid(), "
    "gen_random_uuid(), now(), 'test', 0, 1, 0, '{}', '{}')"
)
INSERT_FINDING = text(
    "INSERT INTO evaluation_findings (id, evaluation_id, position, rule_id, standard_id, "
    "standard_key, standard_revision, kind, severity, weight, status, message, evidence) "
    "VALUES (gen_random_uuid(), :id, 1, gen_random_uuid(), gen_random_uuid(), 'k', 1, 'x', "
    "'major', 1, 'fail', 'm', '{}')"
)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE evaluations SET score = 100 WHERE id = :id",
        "DELETE FROM evaluations WHERE id = :id",
        "UPDATE evaluation_findings SET status = 'pass' WHERE evaluation_id = :id",
        "DELETE FROM evaluation_findings WHERE evaluation_id = :id",
    ],
)
async def test_the_history_is_append_only(governance_app: FastAPI, statement: str) -> None:
    evaluation_id = uuid.uuid4()
    async with governance_app.state.engine.connect() as connection:
        transaction = await connection.begin()
        try:
            await connection.execute(INSERT_EVALUATION, {"id": evaluation_id})
            await connection.execute(INSERT_FINDING, {"id": evaluation_id})
            with pytest.raises(DBAPIError, match="append-only"):
                await connection.execute(text(statement), {"id": evaluation_id})
        finally:
            await transaction.rollback()
