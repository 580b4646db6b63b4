"""A project's health through the API, computed live from the real projects and governance
services: colours with the reasons behind them, the portfolio's policy, the compliance
score, staleness, and overrides."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from shared.auth import mint_integration_token
from tests.conftest import JWT_SECRET
from tests.projects.factories import auth
from tests.reporting.plans import CPI, SPI, SPI_T, behind_plan, portfolio


def _dimension(health: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [d for d in health["dimensions"] if d["name"] == name]
    return found


def _reason(health: dict[str, Any], metric: str) -> dict[str, Any]:
    [found] = [r for d in health["dimensions"] for r in d["reasons"] if r["metric"] == metric]
    return found


async def _health(reporting: httpx.AsyncClient, project_id: str, **params: Any) -> dict[str, Any]:
    answer = await reporting.get(f"/v1/projects/{project_id}/health", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_figures_and_the_breached_thresholds_explain_the_colour(projects, reporting) -> None:
    plan = await behind_plan(projects, await portfolio(projects))
    health = await _health(reporting, plan["id"])
    assert health["status_date"] == "2025-01-24"
    metrics = health["metrics"]
    assert Decimal(metrics["spi"]) == SPI and Decimal(metrics["cpi"]) == CPI
    assert Decimal(metrics["spi_t"]) == SPI_T
    assert (health["overall"], health["effective"]) == ("red", "red")
    spi = _reason(health, "spi")
    assert (spi["rag"], spi["threshold"], spi["comparison"]) == ("red", "0.85", "below")
    assert spi["message"] == "SPI 0.7 is below the red threshold 0.85."
    assert spi["policy_version"] == 0
    cpi = _reason(health, "cpi")
    assert (cpi["rag"], cpi["threshold"]) == ("amber", "0.95")
    assert _dimension(health, "cost")["rag"] == "amber"
    assert {r["metric"] for r in health["overall_reasons"]} == {"spi", "spi_t"}
    assert Decimal(metrics["float_consumed_days"]) == 3
    assert _dimension(health, "float")["rag"] == "green"
    # No evaluation, no status update: grey with the reason, never green.
    for name in ("governance", "staleness"):
        dimension = _dimension(health, name)
        assert dimension["rag"] == "unknown"
        assert dimension["reasons"][0]["value"] is None
    assert health["policy"] == {
        "id": None,
        "portfolio_id": health["portfolio_id"],
        "version": 0,
        "is_default": True,
    }


async def test_the_portfolio_policy_decides_the_colour(projects, reporting) -> None:
    portfolio_id = await portfolio(projects)
    plan = await behind_plan(projects, portfolio_id)
    assert (await _health(reporting, plan["id"]))["overall"] == "red"
    lenient = {
        "thresholds": {
            "spi": {"amber": "0.75", "red": "0.6"},
            "spi_t": {"amber": "0.85", "red": "0.7"},
            "cpi": {"amber": "0.9", "red": "0.8"},
        }
    }
    put = await reporting.put(f"/v1/portfolios/{portfolio_id}/health-policy", json=lenient)
    assert put.status_code == 200, put.text
    health = await _health(reporting, plan["id"])
    assert health["overall"] == "amber"
    assert _dimension(health, "cost")["rag"] == "green"
    assert health["policy"]["version"] == 1 and health["policy"]["id"] == put.json()["id"]
    reasons = health["overall_reasons"]
    assert {(r["metric"], r["threshold"], r["policy_version"]) for r in reasons} == {
        ("spi", "0.75", 1),
        ("spi_t", "0.85", 1),
    }


async def test_a_count_policy_turns_ambers_red(projects, reporting) -> None:
    portfolio_id = await portfolio(projects)
    plan = await behind_plan(projects, portfolio_id)
    policy = {
        "thresholds": {
            "spi": {"amber": "0.75", "red": "0.6"},
            "spi_t": {"amber": "0.85", "red": "0.6"},
        },
        "enabled_dimensions": ["schedule", "cost", "float"],
        "combine": "count",
        "ambers_for_red": 2,
    }
    put = await reporting.put(f"/v1/portfolios/{portfolio_id}/health-policy", json=policy)
    assert put.status_code == 200, put.text
    health = await _health(reporting, plan["id"])
    assert [d["name"] for d in health["dimensions"]] == ["schedule", "cost", "float"]
    assert health["overall"] == "red"
    count = health["overall_reasons"][0]
    assert (count["metric"], count["value"], count["threshold"]) == ("amber_dimensions", "2", "2")


async def test_compliance_and_status_updates_feed_governance_and_staleness(
    projects, governance, reporting, clock
) -> None:
    plan = await behind_plan(projects, await portfolio(projects))
    standard = (
        await governance.post(
            "/v1/standards", json={"key": f"h-{uuid.uuid4().hex[:8]}", "title": "H"}
        )
    ).json()
    rule = {"kind": "required_field", "params": {"field": "sponsor"}}
    assert (
        await governance.post(f"/v1/standards/{standard['id']}/rules", json=rule)
    ).status_code == 201
    assert (await governance.post(f"/v1/standards/{standard['id']}/publish")).status_code == 200
    evaluated = await governance.post("/v1/evaluations", json={"project_id": plan["id"]})
    assert evaluated.status_code == 201, evaluated.text
    score = evaluated.json()["items"][0]["score"]
    rags = ("overall_rag", "schedule_rag", "cost_rag", "scope_rag", "risk_rag")
    update = {"as_of": "2025-01-24", "narrative": "Late", **dict.fromkeys(rags, "amber")}
    posted = await projects.post(f"/v1/projects/{plan['id']}/status-updates", json=update)
    assert posted.status_code == 201, posted.text
    clock.moment = datetime(2025, 2, 3, 9, tzinfo=UTC)  # ten days after the update

    health = await _health(reporting, plan["id"])
    compliance = _reason(health, "compliance_score")
    # The project names no sponsor: the one rule fails, the score is 0.
    assert score == 0 and Decimal(compliance["value"]) == 0
    assert (compliance["rag"], compliance["threshold"]) == ("red", "60")
    staleness = _reason(health, "days_since_status_update")
    assert (staleness["value"], staleness["rag"]) == ("10", "green")
    clock.moment = datetime(2025, 3, 1, 9, tzinfo=UTC)
    later = _reason(await _health(reporting, plan["id"]), "days_since_status_update")
    assert (later["value"], later["rag"], later["threshold"]) == ("36", "red", "30")


async def test_an_active_override_is_the_effective_colour_until_it_ends(
    projects, reporting, clock
) -> None:
    plan = await behind_plan(projects, await portfolio(projects))
    expires = clock.now() + timedelta(days=5)
    body = {
        "rag": "amber",
        "justification": "Recovery plan agreed",
        "expires_at": expires.isoformat(),
    }
    created = await reporting.post(f"/v1/projects/{plan['id']}/health-overrides", json=body)
    assert created.status_code == 201, created.text
    health = await _health(reporting, plan["id"])
    assert (health["overall"], health["effective"]) == ("red", "amber")
    override = health["override"]
    assert override["justification"] == "Recovery plan agreed" and override["active"] is True
    assert datetime.fromisoformat(override["expires_at"]) == expires
    clock.moment = expires + timedelta(seconds=1)
    expired = await _health(reporting, plan["id"])
    assert (expired["effective"], expired["override"]) == ("red", None)
    clock.moment = expires - timedelta(days=1)
    revoked = await reporting.delete(f"/v1/health-overrides/{created.json()['id']}")
    assert revoked.status_code == 200
    assert (await _health(reporting, plan["id"]))["effective"] == "red"


async def test_status_date_and_visibility(projects, reporting, make_token) -> None:
    plan = await behind_plan(projects)
    health = await _health(reporting, plan["id"], status_date="2025-01-17")
    assert health["status_date"] == "2025-01-17"
    assert health["portfolio_id"] is None and health["policy"]["is_default"] is True
    before_start = await reporting.get(
        f"/v1/projects/{plan['id']}/health", params={"status_date": "2024-12-31"}
    )
    assert before_start.status_code == 422
    assert before_start.headers["content-type"] == "application/problem+json"
    stranger = await reporting.get(
        f"/v1/projects/{plan['id']}/health", headers=auth(make_token("member"))
    )
    assert stranger.status_code == 404
    assert (await reporting.get(f"/v1/projects/{uuid.uuid4()}/health")).status_code == 404
    executive = auth(make_token("executive"))
    assert (
        await reporting.get(f"/v1/projects/{plan['id']}/health", headers=executive)
    ).status_code == 200


async def test_the_health_of_many_projects_in_one_read(projects, reporting, make_token) -> None:
    portfolio_id = await portfolio(projects)
    behind = await behind_plan(projects, portfolio_id)
    other = (
        await projects.post("/v1/projects", json={"code": f"H-{uuid.uuid4().hex[:6]}", "name": "o"})
    ).json()
    ids = [other["id"], str(uuid.uuid4()), behind["id"]]
    answer = await reporting.get("/v1/project-health", params={"project_ids": ",".join(ids)})
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [h["project_id"] for h in items] == [other["id"], behind["id"]]
    assert items[1] == await _health(reporting, behind["id"]) | {
        "evaluated_at": items[1]["evaluated_at"]
    }
    stranger = auth(make_token("member"))
    hidden = await reporting.get(
        "/v1/project-health", params={"project_ids": behind["id"]}, headers=stranger
    )
    assert hidden.json() == {"items": []}
    too_many = ",".join(str(uuid.uuid4()) for _ in range(501))
    assert (
        await reporting.get("/v1/project-health", params={"project_ids": too_many})
    ).status_code == 422


async def test_a_service_token_reads_the_health_of_a_project_within_its_limits(
    projects, reporting
) -> None:
    portfolio_id = await portfolio(projects)
    plan = await behind_plan(projects, portfolio_id)
    other = await behind_plan(projects, portfolio_id)
    token = mint_integration_token(
        JWT_SECRET, name="erp", scope="projects:read", project_ids=[plan["id"]]
    )
    answer = await reporting.get(f"/v1/projects/{plan['id']}/health", headers=auth(token))
    assert answer.status_code == 200, answer.text
    assert answer.json()["overall"] == "red"
    refused = await reporting.get(f"/v1/projects/{other['id']}/health", headers=auth(token))
    assert refused.status_code == 404, refused.text
