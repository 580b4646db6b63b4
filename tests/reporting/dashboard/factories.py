"""A portfolio for the dashboard tests, arranged through the services' APIs (projects,
governance, reporting). The health snapshots of past days are taken through
``POST /v1/snapshots`` with reporting's injected clock set to each day; a health override
gives each the colour wanted, and the EAC is what the project's cost entries say then (no
baseline: EAC = AC)."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.reporting.clock import FixedClock
from services.reporting.main import create_app as create_reporting_app
from tests.projects.factories import through_gate
from tests.reporting.conftest import reporting_settings

AS_OF = "2025-01-06"  # a Monday: the dashboard's day in these tests
# Each project's snapshots: the day, its colour, and what its cost entry after the
# dashboard's day then holds (with one's 100.00 before it, the EAC is their sum).
ONE_SNAPSHOTS = (
    ("2024-12-30", "green", "1000.00"),  # EAC 1,100.00
    (AS_OF, "red", "1100.50"),  # EAC 1,200.50
    ("2025-01-07", "green", "50.00"),  # EAC 150.00, after the dashboard's day
)
TWO_SNAPSHOTS = (("2024-12-29", "amber", "470.00"), ("2025-01-05", "amber", "480.00"))


@dataclass
class Arranged:
    portfolio_id: str
    projects: list[dict[str, Any]]  # by code
    review_id: str


async def _post(http: httpx.AsyncClient, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(url, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def create_projects(
    projects: httpx.AsyncClient, count: int, **fields: Any
) -> tuple[str, list[dict[str, Any]]]:
    portfolio = await _post(projects, "/v1/portfolios", {"name": f"Dash {secrets.token_hex(3)}"})
    prefix = f"D{secrets.token_hex(3)}"
    created = [
        await _post(
            projects,
            "/v1/projects",
            {"code": f"{prefix}-{i}", "name": f"Project {i}", "portfolio_id": portfolio["id"]}
            | fields,
        )
        for i in range(1, count + 1)
    ]
    return portfolio["id"], created


@contextmanager
def clock_of(reporting_app: FastAPI) -> Iterator[FixedClock]:
    """Reporting's clock, fixed (at now) until the block ends; move it with ``moment``."""
    before = reporting_app.state.clock
    fixed = FixedClock(datetime.now(UTC))
    reporting_app.state.clock = fixed
    try:
        yield fixed
    finally:
        reporting_app.state.clock = before


async def snapshot_on(
    reporting: httpx.AsyncClient, clock: FixedClock, project_id: str, day: str, rag: str
) -> None:
    """The project's snapshot of ``day`` (at noon), its effective colour ``rag`` (an
    override expiring the next day)."""
    clock.moment = datetime.combine(date.fromisoformat(day), time(12), UTC)
    override = {
        "rag": rag,
        "justification": "Arranged for the dashboard",
        "expires_at": (clock.moment + timedelta(days=1)).isoformat(),
    }
    await _post(reporting, f"/v1/projects/{project_id}/health-overrides", override)
    taken = await reporting.post("/v1/snapshots", json={"project_ids": [project_id]})
    assert taken.status_code == 200, taken.text
    assert (taken.json()["day"], taken.json()["created"]) == (day, 1), taken.text


async def _snapshots(
    projects: httpx.AsyncClient,
    reporting: httpx.AsyncClient,
    reporting_app: FastAPI,
    arranged: list[tuple[dict[str, Any], dict[str, Any], tuple[tuple[str, str, str], ...]]],
) -> None:
    """Each project's snapshots, the amount of its cost entry changed before each."""
    with clock_of(reporting_app) as clock:
        for project, cost, days in arranged:
            for day, rag, spent in days:
                changed = await projects.patch(
                    f"/v1/actual-costs/{cost['id']}", json={"amount": spent}
                )
                assert changed.status_code == 200, changed.text
                await snapshot_on(reporting, clock, project["id"], day, rag)


async def arrange_portfolio(
    projects: httpx.AsyncClient,
    governance: httpx.AsyncClient,
    reporting: httpx.AsyncClient,
    reporting_app: FastAPI,
    governance_token: str,
) -> Arranged:
    """Three projects (see the dashboard test for what each holds)."""
    pid, (one, two, three) = await create_projects(projects, 3, start_date=AS_OF)
    later = await _project_facts(projects, governance_token, one, two)
    review = await _governance_facts(governance, pid, one, two)
    await _snapshots(
        projects,
        reporting,
        reporting_app,
        [(one, later[0], ONE_SNAPSHOTS), (two, later[1], TWO_SNAPSHOTS)],
    )
    return Arranged(pid, [one, two, three], review)


async def _project_facts(
    projects: httpx.AsyncClient, governance_token: str, one: dict, two: dict
) -> list[dict[str, Any]]:
    """The projects' records; answers the cost entry of each incurred after the
    dashboard's day (in its EAC, not in its actual cost up to that day)."""
    for project, budget in ((one, "1000.00"), (two, "500.00")):
        body = {"budget": budget, "currency": "EUR", "sponsor": "dana"}
        if project is one:
            body["manager"] = "max"
        updated = await projects.patch(f"/v1/projects/{project['id']}", json=body)
        assert updated.status_code == 200, updated.text
    await through_gate(projects, one["id"], governance_token, "approved", phase="Planning")
    cost = {"amount": "100.00", "currency": "EUR", "incurred_on": "2025-01-03"}
    await _post(projects, f"/v1/projects/{one['id']}/actual-costs", cost)
    later = {**cost, "amount": "50.00", "incurred_on": "2025-02-01"}  # after as_of
    later_costs = [
        await _post(projects, f"/v1/projects/{project['id']}/actual-costs", later)
        for project in (one, two)
    ]
    milestone = {"name": "Design signed", "duration_days": "0", "constraint_type": "SNET"}
    await _post(
        projects, f"/v1/projects/{one['id']}/tasks", milestone | {"constraint_date": "2025-01-10"}
    )
    await _post(
        projects,
        f"/v1/projects/{one['id']}/risks",
        {"title": "Vendor", "probability": 4, "impact": 5},
    )
    await _post(
        projects,
        f"/v1/projects/{two['id']}/risks",
        {"title": "Scope", "probability": 2, "impact": 2},
    )
    return later_costs


async def _governance_facts(
    governance: httpx.AsyncClient, portfolio_id: str, one: dict, two: dict
) -> str:
    """An open gate review on ``two``; a standard of two rules for this portfolio only,
    evaluated on ``one`` (sponsor and manager: 100) and ``two`` (sponsor only: 50)."""
    lifecycle = await _post(governance, "/v1/lifecycles", _lifecycle())
    published = await governance.post(f"/v1/lifecycles/{lifecycle['id']}/publish")
    assert published.status_code == 200, published.text
    assigned = await governance.put(
        f"/v1/projects/{two['id']}/lifecycle", json={"lifecycle_id": lifecycle["id"]}
    )
    assert assigned.status_code == 200, assigned.text
    review = await _post(
        governance, "/v1/gate-reviews", {"project_id": two["id"], "to_phase": "approved"}
    )
    standard = await _post(
        governance, "/v1/standards", {"key": f"dash-{secrets.token_hex(4)}", "title": "Owners"}
    )
    scope = {"portfolio_ids": [portfolio_id]}
    for field in ("sponsor", "manager"):
        rule = {"kind": "required_field", "params": {"field": field}, "scope": scope}
        await _post(governance, f"/v1/standards/{standard['id']}/rules", rule)
    assert (await governance.post(f"/v1/standards/{standard['id']}/publish")).status_code == 200
    for project in (one, two):
        await _post(governance, "/v1/evaluations", {"project_id": project["id"]})
    return str(review["id"])


def _lifecycle() -> dict[str, Any]:
    return {
        "key": f"dash-{secrets.token_hex(4)}",
        "name": "Two phases",
        "phases": [{"key": "idea", "name": "Idea"}, {"key": "approved", "name": "Approved"}],
        "gates": [
            {
                "from_phase": "idea",
                "to_phase": "approved",
                "name": "Approval",
                "approver_roles": ["manager", "pmo"],
            }
        ],
    }


class CountingTransport(httpx.AsyncBaseTransport):
    """Delegates to another transport and counts the requests it carries."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self.inner.handle_async_request(request)


@asynccontextmanager
async def reporting_with(
    database_urls: dict[str, str],
    token: str,
    *,
    projects: httpx.AsyncBaseTransport | None = None,
    governance: httpx.AsyncBaseTransport | None = None,
    projects_url: str = "http://projects",
    governance_url: str = "http://governance",
    database_url: str | None = None,
) -> AsyncIterator[httpx.AsyncClient]:
    """A reporting service of its own, with the upstream transports and URLs given (None: the
    production transport, real HTTP to the URL)."""
    settings = reporting_settings(database_urls).model_copy(
        update={"projects_url": projects_url, "governance_url": governance_url}
        | ({"database_url": database_url} if database_url else {})
    )
    app = create_reporting_app(
        settings, projects_transport=projects, governance_transport=governance
    )
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://test",
            headers={"authorization": f"Bearer {token}"},
        ) as http,
    ):
        yield http
