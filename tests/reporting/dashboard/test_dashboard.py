"""The portfolio dashboard through reporting's REST API, over the real projects and
governance services and reporting's own snapshots. Every expected figure is worked out
from what ``factories.arrange_portfolio`` puts in (all of it through the APIs):

- one: budget 1000.00 EUR, 100.00 spent on 2025-01-03, approved, in phase Planning, a
  milestone due (SNET 2025-01-10: Thursday 9th 17:00), an open risk 4 x 5, sponsor and
  manager (compliance 100); snapshots green on 2024-12-30 and red (EAC 1200.50) on the
  dashboard's day: worsened; a green one the day after (EAC 150.00) is not read.
- two: budget 500.00 EUR, spent only after the dashboard's day, proposed, no phase, an
  open risk 2 x 2, a sponsor only (compliance 50), an open gate review into "approved";
  snapshots amber on 2024-12-29 and on 2025-01-05 (EAC 480.00).
- three: nothing (no budget, snapshot or evaluation)."""

from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI

from tests.reporting.dashboard.factories import (
    AS_OF,
    arrange_portfolio,
    clock_of,
    create_projects,
    snapshot_on,
)


async def _dashboard(reporting: httpx.AsyncClient, portfolio_id: str, **params) -> dict:
    response = await reporting.get(f"/v1/portfolios/{portfolio_id}/dashboard", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_every_part_of_the_dashboard(
    projects, governance, reporting, reporting_app: FastAPI, governance_token: str
) -> None:
    arranged = await arrange_portfolio(
        projects, governance, reporting, reporting_app, governance_token
    )
    one, two, three = arranged.projects

    board = await _dashboard(reporting, arranged.portfolio_id, as_of=AS_OF, milestone_days=5)

    assert board["missing"] == [] and board["as_of"] == AS_OF and board["project_count"] == 3
    assert board["projects_by_status"] == [
        {"status": "approved", "count": 1},
        {"status": "proposed", "count": 2},
    ]
    assert board["projects_by_phase"] == [
        {"phase": "Planning", "count": 1},
        {"phase": None, "count": 2},
    ]
    assert board["projects_by_rag"] == {
        "green": 0,
        "amber": 1,
        "red": 1,
        "unknown": 0,
        "not_assessed": 1,
    }
    assert board["cost"] == {
        "currency": "EUR",
        "budget": "1500.00",
        "actual_cost": "100.00",
        "eac": "1680.50",
        "projects_with_eac": 2,
        "projects_in_other_currencies": 0,
    }
    milestones = board["milestones_due"]
    assert (milestones["days"], milestones["total"]) == (5, 1)
    [milestone] = milestones["items"]
    assert (milestone["project_code"], milestone["name"], milestone["finish"]) == (
        one["code"],
        "Design signed",
        "2025-01-09T17:00:00",
    )
    assert [(r["project_code"], r["score"]) for r in board["top_risks"]] == [
        (one["code"], 20),
        (two["code"], 4),
    ]
    [gate] = board["gates_pending"]
    assert (gate["review_id"], gate["project_code"], gate["gate_name"]) == (
        arranged.review_id,
        two["code"],
        "Approval",
    )
    assert (gate["from_phase"], gate["to_phase"]) == ("idea", "approved")
    assert gate["pending_roles"] == ["manager", "pmo"]
    assert board["compliance"] == {
        "buckets": [
            {"label": "<50", "from_score": 0.0, "to_score": 50.0, "count": 0},
            {"label": "50-80", "from_score": 50.0, "to_score": 80.0, "count": 1},
            {"label": "80-95", "from_score": 80.0, "to_score": 95.0, "count": 0},
            {"label": ">=95", "from_score": 95.0, "to_score": None, "count": 1},
        ],
        "not_evaluated": 1,
        "average_score": 75.0,
    }
    assert board["worsened"] == [
        {
            "project_id": one["id"],
            "project_code": one["code"],
            "rag": "red",
            "day": AS_OF,
            "rag_week_before": "green",
            "day_week_before": "2024-12-30",
        }
    ]
    rows = {row["code"]: row for row in board["projects"]}
    assert list(rows) == [one["code"], two["code"], three["code"]]
    assert rows[one["code"]] == {
        "project_id": one["id"],
        "code": one["code"],
        "name": "Project 1",
        "status": "approved",
        "phase": "Planning",
        "currency": "EUR",
        "budget": "1000.00",
        "actual_cost": "100.00",
        "eac": "1200.50",
        "rag": "red",
        "health_day": AS_OF,
        "rag_week_before": "green",
        "worsened": True,
        "compliance_score": 100.0,
        "pending_gates": 0,
        "open_risks": 1,
    }
    assert (rows[two["code"]]["eac"], rows[two["code"]]["pending_gates"]) == ("480.00", 1)
    assert rows[two["code"]]["worsened"] is False
    assert rows[three["code"]]["rag"] is None and rows[three["code"]]["compliance_score"] is None


async def test_health_is_read_up_to_the_dashboards_day(
    projects, governance, reporting, reporting_app: FastAPI, governance_token: str
) -> None:
    arranged = await arrange_portfolio(
        projects, governance, reporting, reporting_app, governance_token
    )
    one = arranged.projects[0]

    # On the 7th, project one's latest is green, the week before it (2024-12-30) green too.
    board = await _dashboard(reporting, arranged.portfolio_id, as_of="2025-01-07")

    assert board["worsened"] == []
    row = next(r for r in board["projects"] if r["code"] == one["code"])
    assert (row["rag"], row["health_day"], row["eac"]) == ("green", "2025-01-07", "150.00")
    before = await _dashboard(reporting, arranged.portfolio_id, as_of="2024-12-28")
    assert before["projects_by_rag"]["not_assessed"] == 3 and before["cost"]["eac"] == "0.00"


async def test_the_default_day_is_reportings_clocks(projects, reporting, reporting_app) -> None:
    """Without as_of the dashboard's day is reporting's own (injected) clock's, the one its
    snapshots are dated by: a snapshot taken after that day is not read."""
    portfolio_id, [project] = await create_projects(projects, 1, start_date="2025-01-01")
    with clock_of(reporting_app) as clock:
        await snapshot_on(reporting, clock, project["id"], "2025-01-07", "green")
        await snapshot_on(reporting, clock, project["id"], AS_OF, "red")  # the clock stays here
        board = await _dashboard(reporting, portfolio_id)

    assert board["as_of"] == AS_OF
    [row] = board["projects"]
    assert (row["rag"], row["health_day"]) == ("red", AS_OF)


async def test_a_member_sees_only_the_projects_they_may_read(
    projects, governance, reporting, reporting_app: FastAPI, governance_token: str, make_token
) -> None:
    arranged = await arrange_portfolio(
        projects, governance, reporting, reporting_app, governance_token
    )
    one, two, _ = arranged.projects
    member = f"dash-{uuid.uuid4().hex[:8]}"
    added = await projects.post(
        f"/v1/projects/{two['id']}/members", json={"user_id": member, "role": "viewer"}
    )
    assert added.status_code == 201, added.text

    response = await reporting.get(
        f"/v1/portfolios/{arranged.portfolio_id}/dashboard",
        params={"as_of": AS_OF},
        headers={"authorization": f"Bearer {make_token('member', sub=member)}"},
    )

    assert response.status_code == 200, response.text
    board = response.json()
    assert board["missing"] == []
    assert [row["code"] for row in board["projects"]] == [two["code"]]
    assert [gate["project_code"] for gate in board["gates_pending"]] == [two["code"]]
    assert board["compliance"]["buckets"][1]["count"] == 1  # two's 50
    assert board["projects_by_rag"]["amber"] == 1 and board["worsened"] == []
    assert [risk["project_code"] for risk in board["top_risks"]] == [two["code"]]
    assert one["code"] not in response.text


async def test_an_empty_portfolio_asks_nothing_more(projects, reporting) -> None:
    portfolio_id, _ = await create_projects(projects, 0)
    board = await _dashboard(reporting, portfolio_id)
    assert board["project_count"] == 0 and board["projects"] == [] and board["missing"] == []
    assert board["cost"]["budget"] == "0.00" and board["compliance"]["average_score"] is None


async def test_unknown_portfolio_and_bad_parameters(reporting) -> None:
    missing = await reporting.get(f"/v1/portfolios/{uuid.uuid4()}/dashboard")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    url = f"/v1/portfolios/{uuid.uuid4()}/dashboard"
    for params in (
        {"milestone_days": "-1"},
        {"milestone_days": "400"},
        {"top_risks": "0"},
        {"top_risks": "x"},
        {"as_of": "9999-12-31"},
        {"as_of": "2025-13-01"},
    ):
        response = await reporting.get(url, params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    unauthenticated = await reporting.get(url, headers={"authorization": ""})
    assert unauthenticated.status_code == 401


async def test_the_operation_is_documented(reporting) -> None:
    document = (await reporting.get("/openapi.json")).json()
    operation = document["paths"]["/v1/portfolios/{portfolio_id}/dashboard"]["get"]
    assert operation["operationId"] == "get_portfolio_dashboard"
    schema = document["components"]["schemas"]["PortfolioDashboard"]
    assert "missing" in schema["required"]
    assert "1 + 2 x ceil(projects / 500)" in operation["description"]
