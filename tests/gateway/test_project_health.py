"""Project health through the gateway, over the real services: the colours and the
reasons behind them, a policy change, yesterday's snapshot keeping its colour, trends,
overrides, and upstream calls bounded by the query's depth."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI

from services.reporting.clock import Clock, FixedClock
from tests.gateway.conftest import Gateway, Seed
from tests.reporting.plans import CPI, SPI, behind_plan, portfolio

YESTERDAY = datetime(2026, 8, 10, 17, tzinfo=UTC)
TODAY = datetime(2026, 8, 11, 9, tzinfo=UTC)

HEALTH = """
query($id: ID!, $from: Date, $to: Date) {
  project(id: $id) {
    health {
      overall effective policyVersion statusDate
      overallReasons { metric rag }
      dimensions {
        name rag reasons { metric value threshold comparison policyVersion rag message }
      }
      override { justification expiresAt rag active }
    }
    snapshots(from: $from, to: $to) {
      edges { node { day overall effective policyVersion spi cpi } }
    }
    trend(metric: SPI, from: $from, to: $to) { date value }
  }
}"""
TAKE = """
mutation($input: TakeSnapshotsInput!) {
  takeSnapshots(input: $input) {
    snapshots { day projects created replaced missing }
    userErrors { field message }
  }
}"""
SET_POLICY = """
mutation($input: SetHealthPolicyInput!) {
  setHealthPolicy(input: $input) {
    policy { version isDefault combine thresholds { spi { amber red } cpi { amber red } } }
    userErrors { field message }
  }
}"""
OVERRIDE = """
mutation($input: OverrideHealthInput!) {
  overrideHealth(input: $input) { override { id version rag active } userErrors { field message } }
}"""
REVOKE = """
mutation($input: RevokeHealthOverrideInput!) {
  revokeHealthOverride(input: $input) { override { active revokedBy } userErrors { field message } }
}"""
LENIENT = {
    "spi": {"amber": "0.75", "red": "0.6"},
    "spiT": {"amber": "0.85", "red": "0.7"},
    "cpi": {"amber": "0.9", "red": "0.8"},
}


@pytest.fixture
def clock(reporting_app: FastAPI) -> Iterator[FixedClock]:
    fixed = FixedClock(datetime.now(UTC))
    reporting_app.state.clock = fixed
    try:
        yield fixed
    finally:
        reporting_app.state.clock = Clock()


async def _data(gateway: Gateway, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    answer = await gateway.query(query, variables)
    assert "errors" not in answer, answer
    return answer["data"]


def _reason(health: dict[str, Any], metric: str) -> dict[str, Any]:
    [found] = [r for d in health["dimensions"] for r in d["reasons"] if r["metric"] == metric]
    return found


async def test_policy_change_recolours_today_and_yesterday_keeps_its_colour(
    gateway: Gateway, projects_http, clock
) -> None:
    portfolio_id = await portfolio(projects_http)
    plan = await behind_plan(projects_http, portfolio_id)
    span = {"id": plan["id"], "from": "2026-08-01", "to": "2026-08-31"}
    clock.moment = YESTERDAY
    health = (await _data(gateway, HEALTH, span))["project"]["health"]
    assert (health["overall"], health["effective"], health["policyVersion"]) == ("RED", "RED", 0)
    spi, cpi = _reason(health, "spi"), _reason(health, "cpi")
    assert Decimal(spi["value"]) == SPI and Decimal(cpi["value"]) == CPI
    assert (spi["rag"], spi["threshold"], spi["comparison"]) == ("RED", "0.85", "BELOW")
    assert (cpi["rag"], cpi["threshold"]) == ("AMBER", "0.95")
    assert spi["message"] == "SPI 0.7 is below the red threshold 0.85."
    taken = await _data(gateway, TAKE, {"input": {"portfolioId": portfolio_id}})
    assert taken["takeSnapshots"]["snapshots"]["created"] == 1

    policy = {"portfolioId": portfolio_id, "expectedVersion": 0, "thresholds": LENIENT}
    changed = (await _data(gateway, SET_POLICY, {"input": policy}))["setHealthPolicy"]
    assert changed["userErrors"] == []
    assert (changed["policy"]["version"], changed["policy"]["isDefault"]) == (1, False)
    assert changed["policy"]["thresholds"]["spi"] == {"amber": "0.75", "red": "0.6"}

    clock.moment = TODAY
    project = (await _data(gateway, HEALTH, span))["project"]
    assert (project["health"]["overall"], project["health"]["policyVersion"]) == ("AMBER", 1)
    assert _reason(project["health"], "spi")["threshold"] == "0.75"
    await _data(gateway, TAKE, {"input": {"projectIds": [plan["id"]]}})
    project = (await _data(gateway, HEALTH, span))["project"]
    days = [e["node"] for e in project["snapshots"]["edges"]]
    assert [(d["day"], d["overall"], d["policyVersion"]) for d in days] == [
        ("2026-08-10", "RED", 0),
        ("2026-08-11", "AMBER", 1),
    ]
    assert [(p["date"], Decimal(p["value"])) for p in project["trend"]] == [
        ("2026-08-10", SPI),
        ("2026-08-11", SPI),
    ]


async def test_an_override_shows_as_the_effective_colour(
    gateway: Gateway, projects_http, clock
) -> None:
    plan = await behind_plan(projects_http)
    expires = (clock.now() + timedelta(days=10)).isoformat()
    override = {
        "projectId": plan["id"],
        "rag": "GREEN",
        "justification": "Client accepted the delay",
        "expiresAt": expires,
    }
    made = (await _data(gateway, OVERRIDE, {"input": override}))["overrideHealth"]
    assert made["userErrors"] == [] and made["override"]["active"] is True
    health = (await _data(gateway, HEALTH, {"id": plan["id"]}))["project"]["health"]
    assert (health["overall"], health["effective"]) == ("RED", "GREEN")
    assert health["override"]["justification"] == "Client accepted the delay"
    revoke = {"id": made["override"]["id"], "expectedVersion": made["override"]["version"]}
    revoked = (await _data(gateway, REVOKE, {"input": revoke}))["revokeHealthOverride"]
    assert revoked["override"] == {"active": False, "revokedBy": "admin"}
    health = (await _data(gateway, HEALTH, {"id": plan["id"]}))["project"]["health"]
    assert (health["effective"], health["override"]) == ("RED", None)
    again = (await _data(gateway, REVOKE, {"input": revoke}))["revokeHealthOverride"]
    assert again["override"] is None and again["userErrors"][0]["field"] == "expectedVersion"


async def test_bad_input_comes_back_as_user_errors(gateway: Gateway, projects_http, clock) -> None:
    portfolio_id = await portfolio(projects_http)
    bad_policy = {
        "portfolioId": portfolio_id,
        "thresholds": {"spi": {"amber": "0.8", "red": "0.9"}},
    }
    payload = (await _data(gateway, SET_POLICY, {"input": bad_policy}))["setHealthPolicy"]
    assert payload["policy"] is None and payload["userErrors"][0]["field"] == "thresholds.spi"
    not_whole = {
        "portfolioId": portfolio_id,
        "thresholds": {"overdueMilestones": {"amber": "1.5", "red": "3"}},
    }
    payload = (await _data(gateway, SET_POLICY, {"input": not_whole}))["setHealthPolicy"]
    assert payload["userErrors"][0]["field"] == "thresholds.overdueMilestones.amber"
    stale = {"portfolioId": portfolio_id, "expectedVersion": 3}
    payload = (await _data(gateway, SET_POLICY, {"input": stale}))["setHealthPolicy"]
    assert payload["userErrors"][0]["field"] == "expectedVersion"
    neither = (await _data(gateway, TAKE, {"input": {}}))["takeSnapshots"]
    assert neither["snapshots"] is None and neither["userErrors"]
    project = (
        await projects_http.post("/v1/projects", json={"code": "GW-H-BAD", "name": "x"})
    ).json()
    blank = {
        "projectId": project["id"],
        "rag": "RED",
        "justification": " ",
        "expiresAt": (clock.now() + timedelta(days=1)).isoformat(),
    }
    payload = (await _data(gateway, OVERRIDE, {"input": blank}))["overrideHealth"]
    assert payload["userErrors"][0]["field"] == "justification"
    policy = await gateway.query(
        "query($id: ID!) { healthPolicy(portfolioId: $id) { version isDefault highRiskScore "
        "enabledDimensions thresholds { overdueMilestones { amber red } } } }",
        {"id": portfolio_id},
    )
    assert policy["data"]["healthPolicy"] == {
        "version": 0,
        "isDefault": True,
        "highRiskScore": 15,
        "enabledDimensions": [
            "SCHEDULE",
            "COST",
            "FLOAT",
            "MILESTONES",
            "RISK",
            "GOVERNANCE",
            "STALENESS",
        ],
        "thresholds": {"overdueMilestones": {"amber": "0", "red": "2"}},
    }


PORTFOLIO_HEALTH = """
query($id: ID!) {
  portfolio(id: $id) {
    projects(first: 100) { edges { node { code
      health { overall dimensions { name rag } }
      trend(metric: CPI) { value }
      snapshots(first: 5) { edges { node { day overall } } }
    } } }
  }
}"""


async def test_health_of_a_portfolio_is_bounded_by_depth(
    gateway: Gateway, seed_portfolio: Seed, clock
) -> None:
    counts = []
    for size in (3, 15):
        seeded, _ = await seed_portfolio(projects=size, tasks=1)
        await _data(gateway, TAKE, {"input": {"portfolioId": str(seeded.id)}})
        gateway.reset_calls()
        data = await _data(gateway, PORTFOLIO_HEALTH, {"id": str(seeded.id)})
        edges = data["portfolio"]["projects"]["edges"]
        assert len(edges) == size
        assert all(
            e["node"]["health"]["overall"] in {"GREEN", "AMBER", "RED", "UNKNOWN"} for e in edges
        )
        assert all(len(e["node"]["snapshots"]["edges"]) == 1 for e in edges)
        counts.append(gateway.calls("reporting"))
    # One call each for health, trends and snapshots, however many projects.
    assert counts == [3, 3]
    assert sorted(gateway.transports["reporting"].paths()) == [
        "/v1/project-health",
        "/v1/project-trends",
        "/v1/snapshots/first-pages",
    ]
