"""The dashboard's upstream calls are bounded (counted on the wire), and a source that is
down costs its part only: the dashboard still answers 200 and names what is missing.
"Down" here is a real closed port: the production HTTP transport gets a refused
connection."""

from __future__ import annotations

import asyncio
import socket
import uuid

import httpx
from fastapi import FastAPI

from tests.reporting.dashboard.factories import (
    AS_OF,
    CountingTransport,
    arrange_portfolio,
    create_projects,
    reporting_with,
)


def closed_port_url() -> str:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def _more_projects(
    projects: httpx.AsyncClient, portfolio_id: str, first: int, last: int
) -> None:
    """Projects ``first`` to ``last`` (excluded) of the portfolio, through the API, ten
    requests at a time: only their number matters here."""

    async def create(n: int) -> None:
        body = {
            "code": f"B{uuid.uuid4().hex[:6]}-{n}",
            "name": "Bulk",
            "portfolio_id": portfolio_id,
        }
        response = await projects.post("/v1/projects", json=body)
        assert response.status_code == 201, response.text

    for start in range(first, last, 10):
        await asyncio.gather(*(create(n) for n in range(start, min(start + 10, last))))


async def test_upstream_calls_do_not_grow_with_the_projects(
    projects, projects_app: FastAPI, governance_app: FastAPI, database_urls, admin_token
) -> None:
    """1 + 2 x ceil(n / 500): the facts, then the gate reviews and the evaluations."""
    counted = {
        "projects": CountingTransport(httpx.ASGITransport(app=projects_app)),
        "governance": CountingTransport(httpx.ASGITransport(app=governance_app)),
    }
    sizes = {0: 1, 1: 3, 40: 3, 501: 5}
    async with reporting_with(
        database_urls, admin_token, projects=counted["projects"], governance=counted["governance"]
    ) as reporting:
        # One portfolio grows from size to size (fewer projects to make than one each).
        portfolio_id, _ = await create_projects(projects, 0)
        made = 0
        for size, expected in sizes.items():
            await _more_projects(projects, portfolio_id, made, size)
            made = size
            for transport in counted.values():
                transport.paths.clear()
            response = await reporting.get(f"/v1/portfolios/{portfolio_id}/dashboard")
            assert response.status_code == 200, response.text
            assert response.json()["project_count"] == size
            calls = counted["projects"].paths + counted["governance"].paths
            assert len(calls) == expected, (size, calls)
    assert counted["projects"].paths == [f"/v1/portfolios/{portfolio_id}/dashboard-facts"]
    assert sorted(counted["governance"].paths) == [
        "/v1/evaluations/latest",
        "/v1/evaluations/latest",
        "/v1/gate-reviews",
        "/v1/gate-reviews",
    ]


async def test_projects_service_down(database_urls, governance_app: FastAPI, admin_token) -> None:
    async with reporting_with(
        database_urls,
        admin_token,
        projects_url=closed_port_url(),
        governance=httpx.ASGITransport(app=governance_app),
    ) as reporting:
        portfolio_id = uuid.uuid4()
        response = await reporting.get(f"/v1/portfolios/{portfolio_id}/dashboard")

    assert response.status_code == 200, response.text
    board = response.json()
    assert board["portfolio_id"] == str(portfolio_id)
    assert [m["part"] for m in board["missing"]] == ["projects", "health", "gates", "compliance"]
    first = board["missing"][0]["reason"]
    assert first.startswith("Bad Gateway: projects is unreachable"), first
    assert all("projects service" in m["reason"] for m in board["missing"][1:])
    parts = ("projects", "projects_by_status", "cost", "projects_by_rag", "gates_pending")
    assert all(board[part] is None for part in parts)


async def test_governance_service_down(
    projects,
    governance,
    reporting,
    reporting_app: FastAPI,
    projects_app: FastAPI,
    database_urls,
    admin_token,
    governance_token,
) -> None:
    arranged = await arrange_portfolio(
        projects, governance, reporting, reporting_app, governance_token
    )
    async with reporting_with(
        database_urls,
        admin_token,
        projects=httpx.ASGITransport(app=projects_app),
        governance_url=closed_port_url(),
    ) as without_governance:
        response = await without_governance.get(
            f"/v1/portfolios/{arranged.portfolio_id}/dashboard", params={"as_of": AS_OF}
        )

    assert response.status_code == 200, response.text
    board = response.json()
    assert [m["part"] for m in board["missing"]] == ["gates", "compliance"]
    assert all("governance is unreachable" in m["reason"] for m in board["missing"])
    assert board["gates_pending"] is None and board["compliance"] is None
    # Everything else is there, and the table leaves the missing columns empty.
    assert board["project_count"] == 3 and board["projects_by_rag"]["red"] == 1
    assert board["cost"]["eac"] == "1680.50" and len(board["worsened"]) == 1
    assert all(r["pending_gates"] is None for r in board["projects"])
    assert all(r["compliance_score"] is None for r in board["projects"])


async def test_an_upstream_error_answer_is_a_missing_part_too(
    projects_app: FastAPI, database_urls, admin_token
) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"title": "Service Unavailable", "status": 503})

    async with reporting_with(
        database_urls,
        admin_token,
        projects=httpx.ASGITransport(app=projects_app),
        governance=httpx.MockTransport(broken),
    ) as reporting:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=projects_app),
            base_url="http://projects",
            headers={"authorization": f"Bearer {admin_token}"},
        ) as projects:
            portfolio_id, _ = await create_projects(projects, 1)
        response = await reporting.get(f"/v1/portfolios/{portfolio_id}/dashboard")

    assert response.status_code == 200
    missing = response.json()["missing"]
    assert [(m["part"], m["reason"]) for m in missing] == [
        ("gates", "Service Unavailable: Service Unavailable"),
        ("compliance", "Service Unavailable: Service Unavailable"),
    ]


async def test_reporting_database_down_costs_the_health_part(
    projects, projects_app: FastAPI, governance_app: FastAPI, database_urls, admin_token
) -> None:
    portfolio_id, _ = await create_projects(projects, 2)
    port = closed_port_url().rsplit(":", 1)[1]
    async with reporting_with(
        database_urls,
        admin_token,
        projects=httpx.ASGITransport(app=projects_app),
        governance=httpx.ASGITransport(app=governance_app),
        database_url=f"postgresql+asyncpg://postgres@127.0.0.1:{port}/nowhere",
    ) as reporting:
        response = await reporting.get(f"/v1/portfolios/{portfolio_id}/dashboard")

    assert response.status_code == 200, response.text
    board = response.json()
    assert board["missing"] == [
        {"part": "health", "reason": "The reporting database could not be read."}
    ]
    assert board["projects_by_rag"] is None and board["worsened"] is None
    assert board["cost"]["eac"] is None and board["cost"]["budget"] == "0.00"
    assert board["project_count"] == 2 and board["compliance"]["not_evaluated"] == 2
