"""The demo's corrective action, loaded as ``pmo seed`` loads it: the red project's proposal
accepted and measured by a snapshot taken after it; seeding again finds it again."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from pmo.seed_reporting import DEMO_ACTION_OWNER, ReportingSeed
from shared.http import ServiceClient
from tests.reporting.plans import behind_plan, portfolio


async def test_the_demo_action_shows_its_effect_and_is_seeded_once(
    projects, reporting, reporting_app: FastAPI, admin_token: str
) -> None:
    portfolio_id = await portfolio(projects)
    plan = await behind_plan(projects, portfolio_id)
    transport = httpx.ASGITransport(app=reporting_app)
    async with ServiceClient("http://reporting", token=admin_token, transport=transport) as http:
        seed = ReportingSeed(http)
        await seed.snapshot(portfolio_id)
        action = await seed.corrective_action(portfolio_id, plan["id"])
        again = await seed.corrective_action(portfolio_id, plan["id"])
    assert (action["status"], action["owner"]) == ("in_progress", DEMO_ACTION_OWNER)
    assert action["trigger"]["kind"] == "health" and action["project_id"] == plan["id"]
    effect = action["effect"]
    assert effect["after"] is not None and effect["deltas"]["spi"] is not None
    assert effect["worked"] is False  # nothing changed in the plan since
    assert again["id"] == action["id"]
    listed = await reporting.get(f"/v1/portfolios/{portfolio_id}/corrective-actions")
    assert [a["id"] for a in listed.json()["items"]] == [action["id"]]
