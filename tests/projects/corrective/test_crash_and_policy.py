"""Crashing priced by hand, the policy's ranking, and an approval that no longer applies.

A welder paid 100 EUR/h works full time on T1 (10 days, Mon 4-Fri 15 Jan 2027): 8 h x 100 x
10 d = 8,000 EUR. Another welder paid 120 EUR/h joins at 1.0 units: the work (80 h) is
shared, T1 lasts 10 x 1 / 2 = 5 days (Mon 4-Fri 8), 5 working days earlier, and costs
8 h x 5 d x (100 + 120) = 8,800 EUR: 800 EUR more."""

from __future__ import annotations

import secrets

import httpx

from tests.projects.corrective.factories import (
    assign,
    chain,
    finish_of,
    of_kind,
    optional_task,
    person_with_rate,
    propose,
)
from tests.projects.factories import create_portfolio


async def _welded(http: httpx.AsyncClient, **project: object) -> tuple[dict, list[dict], dict]:
    role = f"Welder {secrets.token_hex(3)}"
    first = await person_with_rate(http, role, "100.00")
    second = await person_with_rate(http, role, "120.00")
    project_row, tasks, _ = await chain(http, ["10", "2"], **project)
    await assign(http, tasks[0], first)
    return project_row, tasks, second


async def test_crashing_adds_a_person_of_the_role_and_prices_the_difference(
    http: httpx.AsyncClient,
) -> None:
    project, tasks, second = await _welded(http)
    [crash] = of_kind(await propose(http, project), "crash")
    assert crash["finish_gain_days"] == "5.00"
    assert crash["cost_delta"] == "800.00"
    assert crash["evaluation"]["currency"] == "EUR"
    duration, staffing = crash["plan_changes"]
    assert duration == {
        "op": "set_task_duration",
        "task_id": tasks[0]["id"],
        "from": "10.00",
        "to": "5.00",
    }
    assert staffing == {
        "op": "add_assignment",
        "task_id": tasks[0]["id"],
        "resource_id": second["id"],
        "units": "1.00",
    }
    applied = await http.post(f"/v1/corrective-options/{crash['id']}/apply")
    assert applied.status_code == 201, applied.text
    change = applied.json()
    assert (change["schedule_impact_days"], change["cost_impact"]) == ("-5.00", "800.00")
    approved = await http.post(f"/v1/change-requests/{change['id']}/approve", json={})
    assert approved.status_code == 200, approved.text
    assert (await finish_of(http, project)).startswith("2027-01-10") is False
    assert (await finish_of(http, project)).startswith("2027-01-12")  # T2 Mon 11-Tue 12
    staff = (await http.get(f"/v1/tasks/{tasks[0]['id']}/assignments")).json()["items"]
    assert sorted(a["cost"] for a in staff) == ["4000.00", "4800.00"]


async def test_an_approval_that_no_longer_applies_changes_nothing(
    http: httpx.AsyncClient,
) -> None:
    """The second welder joins T1 by hand after the option was applied: the approval's
    second change (add them) no longer applies, so the first (T1 5 days) is undone too."""
    project, tasks, second = await _welded(http)
    [crash] = of_kind(await propose(http, project), "crash")
    change = (await http.post(f"/v1/corrective-options/{crash['id']}/apply")).json()
    await assign(http, tasks[0], second)
    refused = await http.post(f"/v1/change-requests/{change['id']}/approve", json={})
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "plan_changed"
    assert (await http.get(f"/v1/tasks/{tasks[0]['id']}")).json()["duration_days"] == "10.00"
    after = (await http.get(f"/v1/change-requests/{change['id']}")).json()
    assert (after["status"], after["applied_at"]) == ("submitted", None)
    assert (await finish_of(http, project)).startswith("2027-01-19")


async def test_the_portfolio_policy_orders_and_filters_the_options(http: httpx.AsyncClient) -> None:
    """Options: crash T1 (5 d for 800 EUR), cut T2 (2 d, free), fast-track T1 -> T2 (2 d,
    free; with 50 % T2 starts 5 d into T1 and ends 3 d before it, with 20 % 2 d into it and
    ends with it: then rework on T2 moves the finish and the P80 with it)."""
    portfolio = await create_portfolio(http, currency="EUR")
    project, tasks, _ = await _welded(http, portfolio_id=portfolio["id"])
    await optional_task(http, tasks[1])
    path = f"/v1/portfolios/{portfolio['id']}/corrective-policy"
    default = await http.get(path)
    assert default.status_code == 200 and default.headers["etag"] == '"0"'
    assert default.json()["is_default"] is True
    assert default.json()["settings"]["ranking"] == "days_per_cost"
    kinds = [o["kind"] for o in (await propose(http, project))["items"]]
    assert sorted(kinds[:2]) == ["cut_scope", "fast_track"] and kinds[2:] == ["crash"]
    put = await http.put(path, json={"ranking": "days_gained"}, headers={"if-match": '"0"'})
    assert put.status_code == 200, put.text
    assert put.json()["version"] == 1 and put.json()["is_default"] is False
    kinds = [o["kind"] for o in (await propose(http, project))["items"]]
    assert kinds[0] == "crash"
    stale = await http.put(path, json={"ranking": "least_risk"}, headers={"if-match": '"0"'})
    assert stale.status_code == 412
    # A 2-day overlap (20 %): T2 ends with T1 and any rework delays the finish.
    risky = {"ranking": "least_risk", "max_fast_track_overlap_percent": 20}
    put = await http.put(path, json=risky, headers={"if-match": '"1"'})
    assert put.status_code == 200, put.text
    items = (await propose(http, project))["items"]
    assert items[-1]["kind"] == "fast_track"
    assert items[-1]["evaluation"]["added_risk_days"] > 0
    assert [o["rank"] for o in items] == [1, 2, 3]
    only = {"allowed_kinds": ["crash"], "ranking": "least_risk"}
    assert (await http.put(path, json=only, headers={"if-match": '"2"'})).status_code == 200
    assert [o["kind"] for o in (await propose(http, project))["items"]] == ["crash"]


async def test_a_late_project_gets_a_deadline_move(http: httpx.AsyncClient) -> None:
    """Deadline Fri 8th, finish Fri 15th: moving it to the 15th gains no day but meets it."""
    project, _, _ = await chain(http, ["4", "4", "2"])
    settings = await http.patch(
        f"/v1/projects/{project['id']}/schedule-settings", json={"deadline": "2027-01-08"}
    )
    assert settings.status_code == 200, settings.text
    [move] = of_kind(await propose(http, project), "move_deadline")
    assert move["finish_gain_days"] == "0.00"
    assert move["plan_changes"] == [
        {"op": "set_project_deadline", "from": "2027-01-08", "to": "2027-01-15"}
    ]
    assert (await propose(http, project))["items"][-1]["kind"] == "move_deadline"
    change = (await http.post(f"/v1/corrective-options/{move['id']}/apply")).json()
    approved = await http.post(
        f"/v1/change-requests/{change['id']}/approve", json={"set_baseline": 1}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["baseline_number"] == 1
    assert (await http.get(f"/v1/projects/{project['id']}")).json()["deadline"] == "2027-01-15"
