"""The projects service failing while a gate passes: the review is not left half-closed,
and sending the decision again completes it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.governance.config import GovernanceSettings
from services.governance.main import create_app
from shared.testing.asgi import transactional_client
from tests.governance.gate_factories import check, decide, gated_project, open_review


class PhaseOutage(httpx.AsyncBaseTransport):
    """The real projects service, except that phase changes answer 503 while ``down``;
    with ``answer_lost`` the change is made but its answer never arrives."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.down = True
        self.answer_lost = False
        self.refused = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down and request.method == "POST" and request.url.path.endswith("/phase"):
            self.refused += 1
            if self.answer_lost:
                await self.inner.handle_async_request(request)
            return httpx.Response(503, json={"title": "Service Unavailable", "status": 503})
        return await self.inner.handle_async_request(request)


@pytest.fixture
async def outage(projects_app: FastAPI) -> PhaseOutage:
    return PhaseOutage(httpx.ASGITransport(app=projects_app))


@pytest.fixture
async def flaky_client(
    database_urls: dict[str, str], outage: PhaseOutage, make_token
) -> AsyncIterator[httpx.AsyncClient]:
    settings = GovernanceSettings(
        database_url=database_urls["governance"], projects_url="http://projects"
    )
    app = create_app(settings, projects_transport=outage)
    async with (
        LifespanManager(app),
        transactional_client(app, make_token("pmo", sub="pmo-1")) as http,
    ):
        yield http


async def test_a_failed_phase_change_records_nothing_and_a_retry_passes(
    flaky_client: httpx.AsyncClient, projects, make_token, outage: PhaseOutage
) -> None:
    gp = await gated_project(flaky_client, projects, make_token)
    review = await open_review(flaky_client, gp.id, "approved")
    await check(flaky_client, review, "business-case", gp.manager)
    assert (await decide(flaky_client, review, "go", gp.manager)).status_code == 200
    failed = await decide(flaky_client, review, "go")
    assert failed.status_code == 503, failed.text
    assert failed.headers["content-type"] == "application/problem+json"
    assert "send the decision again" in failed.json()["detail"]
    assert outage.refused == 1
    read = (await flaky_client.get(f"/v1/gate-reviews/{review['id']}")).json()
    assert read["state"] == "open"
    assert [(d["role"], d["decision"]) for d in read["decisions"]] == [("manager", "go")]
    project = (await projects.get(f"/v1/projects/{gp.id}")).json()
    assert (project["status"], project["phase"]) == ("proposed", None)

    outage.down = False
    passed = await decide(flaky_client, review, "go")
    assert passed.status_code == 200, passed.text
    assert passed.json()["state"] == "passed"
    project = (await projects.get(f"/v1/projects/{gp.id}")).json()
    assert (project["status"], project["phase"]) == ("approved", "approved")


async def test_a_change_made_but_unanswered_is_completed_by_the_retry(
    flaky_client: httpx.AsyncClient, projects, make_token, outage: PhaseOutage
) -> None:
    """The projects service moved the project but governance never heard: the review is
    still open, and the decision sent again finds the project in the gate's phase already
    and closes the review as passed."""
    gp = await gated_project(flaky_client, projects, make_token)
    review = await open_review(flaky_client, gp.id, "approved")
    await check(flaky_client, review, "business-case", gp.manager)
    assert (await decide(flaky_client, review, "go", gp.manager)).status_code == 200
    outage.answer_lost = True
    lost = await decide(flaky_client, review, "go")
    assert lost.status_code == 503
    project = (await projects.get(f"/v1/projects/{gp.id}")).json()
    assert (project["status"], project["phase"]) == ("approved", "approved")
    read = (await flaky_client.get(f"/v1/gate-reviews/{review['id']}")).json()
    assert read["state"] == "open"
    outage.down = False
    passed = await decide(flaky_client, review, "go")
    assert passed.status_code == 200, passed.text
    assert passed.json()["state"] == "passed"
    assert [(d["role"], d["decision"]) for d in passed.json()["decisions"]] == [
        ("manager", "go"),
        ("pmo", "go"),
    ]
