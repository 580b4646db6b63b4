"""A portfolio for the dashboard tests, arranged through the services' APIs (projects,
governance); the health snapshots go into reporting's own table in SQL, as the snapshots
service writes them (taking them needs the projects service's metrics, another branch's)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import text

from services.reporting.main import create_app as create_reporting_app
from tests.projects.factories import through_gate
from tests.reporting.conftest import reporting_settings

AS_OF = "2025-01-06"  # a Monday: the dashboard's day in these tests


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


async def insert_snapshot(
    reporting_app: FastAPI, project_id: str, day: str, rag: str, eac: str | None = None
) -> None:
    row = {
        "id": uuid.uuid4(),
        "project_id": uuid.UUID(project_id),
        "day": date.fromisoformat(day),
        "taken_at": datetime.now(UTC),
        "eac": Decimal(eac) if eac is not None else None,
        "rag": rag,
    }
    async with reporting_app.state.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO project_snapshots (id, project_id, day, taken_at, status_date, eac,"
                " overdue_milestones, open_risks, open_high_risks, evm, overall_rag,"
                " effective_rag, health, policy_version) VALUES (:id, :project_id, :day,"
                " :taken_at, :day, :eac, 0, 0, 0, '{}', :rag, :rag, '{}', 0)"
            ),
            row,
        )


async def arrange_portfolio(
    projects: httpx.AsyncClient,
    governance: httpx.AsyncClient,
    reporting_app: FastAPI,
    governance_token: str,
) -> Arranged:
    """Three projects (see the dashboard test for what each holds)."""
    pid, (one, two, three) = await create_projects(projects, 3, start_date=AS_OF)
    await _project_facts(projects, governance_token, one, two)
    review = await _governance_facts(governance, pid, one, two)
    await insert_snapshot(reporting_app, one["id"], "2024-12-30", "green", "1100.00")
    await insert_snapshot(reporting_app, one["id"], AS_OF, "red", "1200.50")
    await insert_snapshot(reporting_app, one["id"], "2025-01-07", "green", "1.00")  # after
    await insert_snapshot(reporting_app, two["id"], "2024-12-29", "amber", "470.00")
    await insert_snapshot(reporting_app, two["id"], "2025-01-05", "amber", "480.004")
    return Arranged(pid, [one, two, three], review)


async def _project_facts(
    projects: httpx.AsyncClient, governance_token: str, one: dict, two: dict
) -> None:
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
    await _post(projects, f"/v1/projects/{two['id']}/actual-costs", later)
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
