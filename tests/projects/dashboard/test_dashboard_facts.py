"""A portfolio's dashboard facts: counts by status and phase, budgets and actual costs in the
portfolio's currency, the milestones due in a window and the top open risks, over the
projects the caller may read. Every expected figure is worked out in the test."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import httpx
from fastapi import FastAPI

from shared.reads import Reader, get_reader
from tests.projects.factories import (
    add_task,
    auth,
    create_portfolio,
    create_project,
    through_gate,
)

START = "2025-01-06"  # a Monday


async def _facts(client: httpx.AsyncClient, portfolio_id: str, **params: Any) -> dict[str, Any]:
    response = await client.get(f"/v1/portfolios/{portfolio_id}/dashboard-facts", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def _actual_cost(client: httpx.AsyncClient, project_id: str, day: str, amount: str):
    body = {"incurred_on": day, "amount": amount, "currency": "EUR", "category": "labour"}
    response = await client.post(f"/v1/projects/{project_id}/actual-costs", json=body)
    assert response.status_code == 201, response.text


async def _legacy_usd_project(app: FastAPI, project_id: str, spent: str) -> None:
    """A project priced in USD in a EUR portfolio, with a USD cost: only data from before
    one currency per portfolio (migration 0008 keeps it) can be so, hence SQL, in the
    test's transaction."""
    reader: Reader = await app.dependency_overrides[get_reader]()
    connection = reader._connection  # the test transaction's connection
    assert connection is not None
    await connection.execute(
        "UPDATE projects SET currency = 'USD' WHERE id = $1", uuid.UUID(project_id)
    )
    await connection.execute(
        "INSERT INTO actual_costs (id, project_id, incurred_on, amount, currency, category,"
        " version) VALUES ($1, $2, '2025-01-15', $3, 'USD', 'labour', 1)",
        uuid.uuid4(),
        uuid.UUID(project_id),
        Decimal(spent),
    )


async def _risk(client: httpx.AsyncClient, project_id: str, p: int, i: int, **kw: Any) -> dict:
    body = {"title": f"Risk {p}x{i}", "probability": p, "impact": i, **kw}
    response = await client.post(f"/v1/projects/{project_id}/risks", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def _milestone(client: httpx.AsyncClient, project_id: str, day: str, **kw: Any) -> dict:
    return await add_task(
        client,
        project_id,
        duration_days="0",
        constraint_type="SNET",
        constraint_date=day,
        **kw,
    )


async def test_counts_and_money_in_the_portfolio_currency(
    client: httpx.AsyncClient, projects_app: FastAPI, governance_token: str
) -> None:
    portfolio = await create_portfolio(client)
    pid = portfolio["id"]
    alpha = await create_project(client, portfolio_id=pid, budget="1000.00", currency="EUR")
    beta = await create_project(client, portfolio_id=pid, budget="250.50", currency="EUR")
    gamma = await create_project(client, portfolio_id=pid, budget="900.00", currency="EUR")
    await create_project(client, portfolio_id=pid)  # no budget, no currency
    await through_gate(client, alpha["id"], governance_token, "approved", phase="Planning")
    await through_gate(client, beta["id"], governance_token, "approved", phase="Planning")
    await through_gate(client, gamma["id"], governance_token, None, phase="Initiation")
    await _actual_cost(client, alpha["id"], "2025-02-01", "100.00")
    await _actual_cost(client, alpha["id"], "2025-03-01", "20.25")
    await _actual_cost(client, alpha["id"], "2025-03-02", "999.00")  # after as_of
    await _actual_cost(client, beta["id"], "2025-01-15", "5.00")
    await _legacy_usd_project(projects_app, gamma["id"], "77.00")
    await _risk(client, alpha["id"], 2, 2)
    await _risk(client, alpha["id"], 3, 3, status="closed")

    facts = await _facts(client, pid, as_of="2025-03-01")

    assert facts["portfolio_name"] == portfolio["name"] and facts["as_of"] == "2025-03-01"
    assert facts["project_count"] == 4
    assert facts["projects_by_status"] == {"approved": 2, "proposed": 2}
    assert facts["projects_by_phase"] == [
        {"phase": "Initiation", "count": 1},
        {"phase": "Planning", "count": 2},
        {"phase": None, "count": 1},
    ]
    # EUR: budgets 1000.00 + 250.50 (+ none); actuals 100.00 + 20.25 + 5.00. USD left out.
    assert facts["totals"] == {
        "currency": "EUR",
        "budget": "1250.50",
        "actual_cost": "125.25",
        "projects_in_other_currencies": 1,
    }
    rows = {row["project_id"]: row for row in facts["projects"]}
    assert rows[alpha["id"]]["actual_cost"] == "120.25"
    assert rows[alpha["id"]]["open_risks"] == 1
    assert rows[gamma["id"]]["actual_cost"] == "77.00"
    assert rows[gamma["id"]]["in_portfolio_currency"] is False
    nothing_spent = [row for row in facts["projects"] if row["budget"] is None]
    assert [row["actual_cost"] for row in nothing_spent] == ["0.00"]
    assert [row["code"] for row in facts["projects"]] == sorted(
        row["code"] for row in rows.values()
    )


async def test_milestones_due_in_the_window(client: httpx.AsyncClient) -> None:
    """A milestone constrained to start no earlier than a day sits at the end of the working
    day before (17:00), as MS Project places it, unless that is before the project starts."""
    portfolio = await create_portfolio(client)
    first = (await create_project(client, portfolio_id=portfolio["id"], start_date=START))["id"]
    second = (await create_project(client, portfolio_id=portfolio["id"], start_date=START))["id"]
    kick_off = await _milestone(client, first, "2025-01-06", name="Kick-off")  # 6th 08:00
    signed = await _milestone(client, second, "2025-01-17", name="Signed")  # 16th 17:00
    await _milestone(client, first, "2025-01-20")  # Friday 17th 17:00: after the window
    await _milestone(client, first, "2025-01-08", percent_complete="100")  # done
    await add_task(
        client, first, duration_days="2", constraint_type="SNET", constraint_date="2025-01-09"
    )  # not a milestone
    go = await _milestone(client, second, "2025-01-10", name="Go")  # 9th 17:00

    facts = await _facts(client, portfolio["id"], as_of="2025-01-06", milestone_days=10)

    due = facts["milestones_due"]
    assert [(m["task_id"], m["finish"]) for m in due] == [
        (kick_off["id"], "2025-01-06T08:00:00"),
        (go["id"], "2025-01-09T17:00:00"),
        (signed["id"], "2025-01-16T17:00:00"),
    ]
    assert facts["milestones_due_total"] == 3
    assert due[1] == {
        "project_id": second,
        "task_id": go["id"],
        "name": "Go",
        "wbs_code": go["wbs_code"],
        "finish": go["early_finish"],
        "percent_complete": "0.00",
    }
    later = await _facts(client, portfolio["id"], as_of="2025-01-07", milestone_days=0)
    assert later["milestones_due"] == [] and later["milestones_due_total"] == 0


async def test_top_risks_by_score(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    one = (await create_project(client, portfolio_id=portfolio["id"]))["id"]
    two = (await create_project(client, portfolio_id=portfolio["id"]))["id"]
    low = await _risk(client, one, 1, 2)
    high = await _risk(client, two, 5, 4)
    soon = await _risk(client, one, 3, 3, due_date="2025-02-01")
    later = await _risk(client, two, 3, 3, due_date="2025-03-01")
    await _risk(client, one, 5, 5, status="closed")
    await _risk(client, two, 5, 5, status="occurred")
    outside = await create_project(client)  # another portfolio's risk
    await _risk(client, outside["id"], 5, 5)

    facts = await _facts(client, portfolio["id"], top_risks=3)

    # 20, then the two 9s nearest due date first; the 2 is fourth.
    assert [r["risk_id"] for r in facts["top_risks"]] == [high["id"], soon["id"], later["id"]]
    assert facts["top_risks"][0] == {
        "risk_id": high["id"],
        "project_id": two,
        "title": "Risk 5x4",
        "probability": 5,
        "impact": 4,
        "score": 20,
        "owner": None,
        "due_date": None,
    }
    every = await _facts(client, portfolio["id"], top_risks=100)
    assert [r["risk_id"] for r in every["top_risks"]][-1] == low["id"]
    assert len(every["top_risks"]) == 4


async def test_only_projects_the_caller_may_read(client: httpx.AsyncClient, make_token) -> None:
    portfolio = await create_portfolio(client)
    mine = await create_project(
        client, portfolio_id=portfolio["id"], budget="10.00", currency="EUR"
    )
    theirs = await create_project(
        client, portfolio_id=portfolio["id"], budget="99.00", currency="EUR"
    )
    await _risk(client, theirs["id"], 5, 5)
    member = await client.post(
        f"/v1/projects/{mine['id']}/members", json={"user_id": "dash-viewer", "role": "viewer"}
    )
    assert member.status_code == 201, member.text

    response = await client.get(
        f"/v1/portfolios/{portfolio['id']}/dashboard-facts",
        headers=auth(make_token("member", sub="dash-viewer")),
    )

    assert response.status_code == 200, response.text
    facts = response.json()
    assert [row["project_id"] for row in facts["projects"]] == [mine["id"]]
    assert facts["totals"]["budget"] == "10.00" and facts["top_risks"] == []


async def test_unknown_portfolio_and_bad_parameters(client: httpx.AsyncClient) -> None:
    missing = await client.get(f"/v1/portfolios/{uuid.uuid4()}/dashboard-facts")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    portfolio = await create_portfolio(client)
    url = f"/v1/portfolios/{portfolio['id']}/dashboard-facts"
    for params in (
        {"milestone_days": "-1"},
        {"milestone_days": "367"},
        {"top_risks": "0"},
        {"top_risks": "101"},
        {"as_of": "2025-02-30"},
        {"as_of": "9999-12-31"},
    ):
        response = await client.get(url, params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"] == "application/problem+json"
