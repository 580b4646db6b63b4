"""The action register through the gateway, over the real services: a red project's
proposal in Project.correctiveActions and Portfolio.correctiveActions, its effect after
a later snapshot, updates with userErrors, and a lesson drawn from the closed action."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI

from services.reporting.clock import Clock, FixedClock
from tests.gateway.conftest import Gateway
from tests.reporting.plans import SPI, SPI_T, behind_plan, portfolio

DAY_ONE = datetime(2026, 9, 14, 17, tzinfo=UTC)
DAY_TWO = DAY_ONE + timedelta(days=1)
ACTION = """
  id status title owner version lessonId
  trigger { kind rag reasons day }
  effect { worked before { spi spiT day } after { spi day } deltas { spi spiT } }
"""
LISTS = f"""
query($project: ID!, $portfolio: ID!) {{
  project(id: $project) {{
    correctiveActions(status: [PROPOSED]) {{ edges {{ node {{ {ACTION} }} }} }}
  }}
  portfolio(id: $portfolio) {{ correctiveActions {{ edges {{ node {{ id }} }} }} }}
}}"""
ONE = f"query($id: ID!) {{ correctiveAction(id: $id) {{ {ACTION} lesson {{ title }} }} }}"
TAKE = """
mutation($input: TakeSnapshotsInput!) {
  takeSnapshots(input: $input) { snapshots { projects } userErrors { field message } }
}"""
UPDATE = f"""
mutation($input: UpdateCorrectiveActionInput!) {{
  updateCorrectiveAction(input: $input) {{
    correctiveAction {{ {ACTION} }} userErrors {{ field message }}
  }}
}}"""
CREATE = f"""
mutation($input: CreateCorrectiveActionInput!) {{
  createCorrectiveAction(input: $input) {{
    correctiveAction {{ {ACTION} }} userErrors {{ field message }}
  }}
}}"""
LESSON = f"""
mutation($input: CreateLessonFromActionInput!) {{
  createLessonFromAction(input: $input) {{
    correctiveAction {{ {ACTION} lesson {{ title recommendation }} }} userErrors {{ field message }}
  }}
}}"""


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


async def test_a_proposal_is_measured_updated_and_turned_into_a_lesson(
    gateway: Gateway, projects_http, clock
) -> None:
    portfolio_id = await portfolio(projects_http)
    plan = await behind_plan(projects_http, portfolio_id)
    clock.moment = DAY_ONE
    await _data(gateway, TAKE, {"input": {"portfolioId": portfolio_id}})
    lists = await _data(gateway, LISTS, {"project": plan["id"], "portfolio": portfolio_id})
    [edge] = lists["project"]["correctiveActions"]["edges"]
    action = edge["node"]
    assert lists["portfolio"]["correctiveActions"]["edges"] == [{"node": {"id": action["id"]}}]
    assert (action["status"], action["trigger"]["kind"], action["trigger"]["rag"]) == (
        "PROPOSED",
        "HEALTH",
        "red",
    )
    assert any("SPI 0.7" in r for r in action["trigger"]["reasons"])
    effect = action["effect"]
    assert (effect["worked"], effect["after"], effect["deltas"]) == (None, None, None)
    before = effect["before"]
    assert (Decimal(before["spi"]), Decimal(before["spiT"]), before["day"]) == (
        SPI,
        SPI_T,
        "2026-09-14",
    )

    progress = {"percent_complete": "60"}
    assert (await projects_http.patch(f"/v1/tasks/{plan['b']['id']}", json=progress)).is_success
    clock.moment = DAY_TWO
    await _data(gateway, TAKE, {"input": {"projectIds": [plan["id"]]}})
    read = (await _data(gateway, ONE, {"id": action["id"]}))["correctiveAction"]
    assert read["effect"]["worked"] is True and read["effect"]["after"]["day"] == "2026-09-15"

    stale = {"id": action["id"], "expectedVersion": 7, "status": "OPEN"}
    errors = (await _data(gateway, UPDATE, {"input": stale}))["updateCorrectiveAction"]
    assert errors["correctiveAction"] is None and errors["userErrors"][0]["field"] == (
        "expectedVersion"
    )
    skip = {"id": action["id"], "status": "DONE"}
    refused = (await _data(gateway, UPDATE, {"input": skip}))["updateCorrectiveAction"]
    assert refused["correctiveAction"] is None and refused["userErrors"]
    for status in ("OPEN", "DONE"):
        moved = {"id": action["id"], "status": status, "owner": "pm"}
        done = (await _data(gateway, UPDATE, {"input": moved}))["updateCorrectiveAction"]
        assert done["userErrors"] == [] and done["correctiveAction"]["status"] == status

    lesson = {"actionId": action["id"], "recommendation": "Add crews at the first amber"}
    made = (await _data(gateway, LESSON, {"input": lesson}))["createLessonFromAction"]
    assert made["userErrors"] == [], made
    drawn = made["correctiveAction"]
    assert drawn["lessonId"] is not None
    assert drawn["lesson"]["recommendation"] == "Add crews at the first amber"
    again = (await _data(gateway, LESSON, {"input": lesson}))["createLessonFromAction"]
    assert again["correctiveAction"] is None and again["userErrors"]


async def test_bad_input_is_a_user_error(gateway: Gateway, projects_http) -> None:
    plan = await behind_plan(projects_http)
    bad = {"projectId": plan["id"], "title": ""}
    answer = (await _data(gateway, CREATE, {"input": bad}))["createCorrectiveAction"]
    assert answer["correctiveAction"] is None and answer["userErrors"][0]["field"] == "title"
    made = {"projectId": plan["id"], "title": "Fast-track C", "owner": "pm"}
    created = (await _data(gateway, CREATE, {"input": made}))["createCorrectiveAction"]
    assert created["userErrors"] == [] and created["correctiveAction"]["status"] == "OPEN"
    missing = await _data(gateway, ONE, {"id": "00000000-0000-0000-0000-000000000000"})
    assert missing["correctiveAction"] is None
