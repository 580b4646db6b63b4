"""Instantiation when things go wrong: the projects service down or slow, a governance
that lost its record, concurrent identical requests. The concurrent tests commit (each
request needs its own connection), so they use rows of their own."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.governance.config import GovernanceSettings
from services.governance.main import create_app
from shared.testing.asgi import transactional_client
from tests.governance.templates import published_template
from tests.governance.test_template_instantiation import instantiate, items, portfolio, request


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
async def governance_without_projects(database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    """Governance whose projects client points at a port nobody listens on."""
    settings = GovernanceSettings(
        database_url=database_urls["governance"],
        projects_url=f"http://127.0.0.1:{closed_port()}",
    )
    app = create_app(settings)
    async with LifespanManager(app):
        yield app


async def test_projects_service_down_is_a_502_that_records_nothing(
    governance_without_projects: FastAPI, make_token, projects: httpx.AsyncClient
) -> None:
    token = make_token("pmo", sub="pmo-1")
    async with transactional_client(governance_without_projects, token) as client:
        template = await published_template(client)
        body = request(await portfolio(projects))
        response = await instantiate(client, template["id"], body)
        assert response.status_code == 502, response.text
        problem = response.json()
        assert response.headers["content-type"] == "application/problem+json"
        assert (problem["upstream"], problem["step"]) == ("projects", "create_project_plan")
        assert "projects service" in problem["detail"]
        assert await items(client, f"/v1/templates/{template['id']}/instantiations") == []
    assert await items(projects, "/v1/projects", q=body["code"]) == []


async def test_projects_service_timing_out_is_a_504(
    database_urls: dict[str, str], make_token, projects: httpx.AsyncClient
) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    settings = GovernanceSettings(
        database_url=database_urls["governance"], projects_url="http://projects"
    )
    app = create_app(settings, projects_transport=httpx.MockTransport(slow))
    async with (
        LifespanManager(app),
        transactional_client(app, make_token("pmo", sub="pmo-1")) as client,
    ):
        template = await published_template(client)
        response = await instantiate(client, template["id"], request(await portfolio(projects)))
        assert response.status_code == 504, response.text
        assert response.json()["step"] == "create_project_plan"
        assert "did not answer in time" in response.json()["detail"]


@pytest.fixture
async def committing(governance_app: FastAPI, make_token) -> AsyncIterator[httpx.AsyncClient]:
    """Governance as the pmo user, every request in its own committed transaction."""
    token = make_token("pmo", sub="pmo-concurrent")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=governance_app),
        base_url="http://governance",
        headers={"authorization": f"Bearer {token}"},
    ) as http:
        yield http


@pytest.mark.parametrize("with_key", [True, False])
async def test_concurrent_identical_requests_make_one_project(
    committing: httpx.AsyncClient, projects: httpx.AsyncClient, with_key: bool
) -> None:
    template = await published_template(committing)
    body = request(await portfolio(projects))
    headers = {"idempotency-key": f"same-{body['code']}"} if with_key else {}
    answers = await asyncio.gather(
        *(instantiate(committing, template["id"], body, **headers) for _ in range(3))
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses[0] == 201 and set(statuses) <= {201, 409}, [a.text for a in answers]
    made = {a.json()["project"]["id"] for a in answers if a.status_code == 201}
    assert len(made) == 1
    assert len(await items(projects, "/v1/projects", q=body["code"])) == 1
    records = await items(committing, f"/v1/templates/{template['id']}/instantiations")
    assert [r["project"]["id"] for r in records] == list(made)
    again = await instantiate(committing, template["id"], body, **headers)
    assert again.status_code == 201 and again.json()["project"]["id"] in made


async def test_a_retry_finds_the_project_governance_lost(
    governance_app: FastAPI, make_token, projects: httpx.AsyncClient
) -> None:
    """The project was made but governance's transaction did not commit (here: rolled
    back); the identical retry gets the project through the projects service's replay and
    records it then."""
    token = make_token("pmo", sub="pmo-retry")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=governance_app),
        base_url="http://governance",
        headers={"authorization": f"Bearer {token}"},
    ) as committing:
        template = await published_template(committing)
    body = request(await portfolio(projects))
    async with transactional_client(governance_app, token) as lost:
        first = await instantiate(lost, template["id"], body)
        assert first.status_code == 201, first.text
    async with transactional_client(governance_app, token) as client:
        assert await items(client, f"/v1/templates/{template['id']}/instantiations") == []
        retry = await instantiate(client, template["id"], body)
        assert retry.status_code == 201, retry.text
        assert retry.json()["project"]["id"] == first.json()["project"]["id"]
        records = await items(client, f"/v1/templates/{template['id']}/instantiations")
        assert len(records) == 1
    assert len(await items(projects, "/v1/projects", q=body["code"])) == 1
