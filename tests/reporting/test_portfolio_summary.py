from __future__ import annotations

import secrets
import uuid

import httpx

from tests.projects.factories import through_gate


async def _portfolio_with_projects(projects: httpx.AsyncClient, governance_token: str) -> str:
    portfolio = (await projects.post("/v1/portfolios", json={"name": "Summary"})).json()
    # One currency per portfolio: a project priced in another is refused (issue 10).
    specs = [("500.00", "EUR", "approved"), ("250.25", "EUR", None), ("1000.00", "EUR", None)]
    for budget, currency, status in specs:
        project = (
            await projects.post(
                "/v1/projects",
                json={
                    "code": f"S-{secrets.token_hex(4)}",
                    "name": "p",
                    "portfolio_id": portfolio["id"],
                    "budget": budget,
                    "currency": currency,
                },
            )
        ).json()
        for percent in ("100", "50"):
            await projects.post(
                f"/v1/projects/{project['id']}/tasks",
                json={"name": "t", "percent_complete": percent},
            )
        if status:  # approved as a gate review approves: by the governance service
            await through_gate(projects, project["id"], governance_token, status)
    return portfolio["id"]


async def test_summary_composes_the_projects_rollup(projects, reporting, governance_token) -> None:
    portfolio_id = await _portfolio_with_projects(projects, governance_token)
    response = await reporting.get(f"/v1/portfolios/{portfolio_id}/summary")
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["portfolio_name"] == "Summary"
    assert summary["project_count"] == 3
    assert summary["projects_by_status"] == {"approved": 1, "proposed": 2}
    assert summary["budget_totals"] == [{"currency": "EUR", "amount": "1750.25"}]
    assert summary["task_count"] == 6 and summary["tasks_completed"] == 3
    assert summary["task_percent_complete"] == 75.0


async def test_unknown_portfolio_is_404_problem(reporting) -> None:
    response = await reporting.get(f"/v1/portfolios/{uuid.uuid4()}/summary")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_caller_rights_are_applied_upstream(
    projects, reporting, make_token, governance_token
) -> None:
    """The caller's token is forwarded: a member sees only projects they belong to."""
    portfolio_id = await _portfolio_with_projects(projects, governance_token)
    member = {"authorization": f"Bearer {make_token('member')}"}
    response = await reporting.get(f"/v1/portfolios/{portfolio_id}/summary", headers=member)
    assert response.status_code == 200
    assert response.json()["project_count"] == 0


async def test_summary_needs_a_token(reporting) -> None:
    response = await reporting.get(
        f"/v1/portfolios/{uuid.uuid4()}/summary", headers={"authorization": ""}
    )
    assert response.status_code == 401


async def test_summary_states_the_percent_complete_rule(reporting) -> None:
    schema = (await reporting.get("/openapi.json")).json()
    summary = schema["components"]["schemas"]["PortfolioSummary"]["properties"]
    description = summary["task_percent_complete"]["description"]
    assert "weighted by duration over leaf tasks" in description
