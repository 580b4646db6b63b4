"""``Portfolio.dashboard`` through the gateway: typed fields from one reporting call, and a
reporting service that is down costs that field only."""

from __future__ import annotations

import httpx

from shared.clients.projects import ProjectsClient
from shared.clients.projects.records import RiskCreate
from tests.gateway.conftest import Gateway, GatewayFactory, Seed

DASHBOARD = """query($id: ID!) {
  portfolio(id: $id) {
    name
    dashboard(milestoneDays: 5, topRisks: 2, asOf: "2025-01-06") {
      asOf projectCount
      projectsByStatus { status count }
      projectsByPhase { phase count }
      projectsByRag { green amber red unknown notAssessed }
      cost { currency budget actualCost eac projectsWithEac projectsInOtherCurrencies }
      milestonesDue { days total items { projectCode name finish percentComplete } }
      topRisks { projectId projectCode title score }
      gatesPending { projectCode gateName pendingRoles }
      compliance { buckets { label fromScore toScore count } notEvaluated averageScore }
      worsened { projectCode rag ragWeekBefore }
      projects { code rag worsened budget actualCost eac pendingGates openRisks complianceScore }
      missing { part reason }
    }
  }
}"""


async def test_portfolio_dashboard(
    gateway: Gateway, seed_portfolio: Seed, projects_client: ProjectsClient
) -> None:
    portfolio, (first, second) = await seed_portfolio(projects=2)
    await projects_client.create_risk(first.id, RiskCreate(title="Late", probability=3, impact=5))
    await projects_client.create_risk(second.id, RiskCreate(title="Small", probability=1, impact=2))
    await projects_client.create_risk(second.id, RiskCreate(title="Tiny", probability=1, impact=1))
    gateway.reset_calls()

    answer = await gateway.query(DASHBOARD, {"id": str(portfolio.id)})

    assert "errors" not in answer, answer
    board = answer["data"]["portfolio"]["dashboard"]
    assert (board["asOf"], board["projectCount"], board["missing"]) == ("2025-01-06", 2, [])
    assert board["projectsByStatus"] == [{"status": "proposed", "count": 2}]
    assert board["projectsByPhase"] == [{"phase": None, "count": 2}]
    assert board["projectsByRag"] == {
        "green": 0,
        "amber": 0,
        "red": 0,
        "unknown": 0,
        "notAssessed": 2,
    }
    assert board["cost"] == {
        "currency": "EUR",
        "budget": "2001.00",
        "actualCost": "0.00",
        "eac": "0.00",
        "projectsWithEac": 0,
        "projectsInOtherCurrencies": 0,
    }
    assert board["milestonesDue"] == {"days": 5, "total": 0, "items": []}
    assert [(r["projectCode"], r["score"]) for r in board["topRisks"]] == [
        (first.code, 15),
        (second.code, 2),
    ]
    assert board["topRisks"][0]["projectId"] == str(first.id)
    assert board["gatesPending"] == [] and board["worsened"] == []
    assert board["compliance"]["notEvaluated"] == 2
    assert [b["label"] for b in board["compliance"]["buckets"]] == ["<50", "50-80", "80-95", ">=95"]
    assert sorted(row["code"] for row in board["projects"]) == [
        row["code"] for row in board["projects"]
    ]
    assert next(row for row in board["projects"] if row["code"] == first.code) == {
        "code": first.code,
        "rag": None,
        "worsened": False,
        "budget": "1000.50",
        "actualCost": "0.00",
        "eac": None,
        "pendingGates": 0,
        "openRisks": 1,
        "complianceScore": None,
    }
    # The portfolio, then its dashboard: one reporting call whatever the portfolio holds.
    assert (gateway.calls("projects"), gateway.calls("reporting")) == (1, 1)
    assert gateway.calls("governance") == 0


def _down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


async def test_reporting_down_costs_the_dashboard_field_only(
    gateway_factory: GatewayFactory, seed_portfolio: Seed
) -> None:
    portfolio, _ = await seed_portfolio(projects=1)
    async with gateway_factory(reporting=httpx.MockTransport(_down)) as gateway:
        answer = await gateway.query(DASHBOARD, {"id": str(portfolio.id)})
    assert answer["data"]["portfolio"] == {"name": portfolio.name, "dashboard": None}
    [error] = answer["errors"]
    assert error["path"] == ["portfolio", "dashboard"]
    assert error["extensions"] == {
        "code": "UPSTREAM_UNAVAILABLE",
        "status": 502,
        "service": "reporting",
    }


async def test_bad_arguments_are_the_fields_error(gateway: Gateway, seed_portfolio: Seed) -> None:
    portfolio, _ = await seed_portfolio(projects=1)
    answer = await gateway.query(
        "query($id: ID!) { portfolio(id: $id) { name dashboard(topRisks: 0) { projectCount } } }",
        {"id": str(portfolio.id)},
    )
    assert answer["data"]["portfolio"]["dashboard"] is None
    assert answer["errors"][0]["extensions"]["status"] == 422
