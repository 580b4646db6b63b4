"""Capacity against demand and over-allocations through the API, on plans the scheduler
dated; every figure below is worked out by hand. The week of Monday 6 January 2025 is the
usual one (Monday to Friday, 8 h a day) unless a test says otherwise."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.capacity.factories import (
    add_time_off,
    create_calendar,
    create_resource,
    make_assignment,
)
from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, auth, create_portfolio, create_project

PROBLEM = "application/problem+json"
WEEK = {"from": "2025-01-06", "to": "2025-01-12"}


async def _plan(client: httpx.AsyncClient, portfolio: dict | None = None, **project: Any) -> str:
    portfolio = portfolio or await create_portfolio(client)
    body = {"portfolio_id": portfolio["id"], "start_date": "2025-01-06", **project}
    return str((await create_project(client, **body))["id"])


async def _get(client: httpx.AsyncClient, path: str, **params: str) -> dict[str, Any]:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _row(answer: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any]:
    (row,) = [r for r in answer["rows"] if r["resource_id"] == resource["id"]]
    return row


def _mine(answer: dict[str, Any], resource: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in answer["items"] if i["resource_id"] == resource["id"]]


async def test_half_time_on_a_full_time_person_is_not_over_allocated(
    client: httpx.AsyncClient,
) -> None:
    portfolio = await create_portfolio(client)
    pid = await _plan(client, portfolio)
    person = await create_resource(client)
    task = await add_task(client, pid, duration_days="5")
    await make_assignment(client, task, person, "0.5")

    path = f"/v1/portfolios/{portfolio['id']}/capacity"
    by_day = await _get(client, path, grain="day", **WEEK)
    row = _row(by_day, person)
    assert [b["demand_hours"] for b in row["buckets"]] == [4.0] * 5 + [0.0, 0.0]
    assert [b["capacity_hours"] for b in row["buckets"]] == [8.0] * 5 + [0.0, 0.0]
    assert [b["utilisation"] for b in row["buckets"]] == [0.5] * 5 + [None, None]
    assert not any(b["over_allocated"] for b in row["buckets"])
    assert row["totals"] == {
        "demand_hours": 20.0,
        "other_demand_hours": 0.0,
        "capacity_hours": 40.0,
        "utilisation": 0.5,
        "over_allocated_days": 0,
    }
    over = await _get(client, f"/v1/portfolios/{portfolio['id']}/over-allocations", **WEEK)
    assert _mine(over, person) == []
    # Someone the portfolio does not ask for shows when asked for: all capacity, no demand.
    idle = await create_resource(client)
    both = await _get(client, path, resource_ids=f"{idle['id']},{person['id']}", **WEEK)
    assert {row["resource_id"] for row in both["rows"]} == {idle["id"], person["id"]}
    assert _row(both, idle)["totals"]["capacity_hours"] == 40.0
    assert _row(both, idle)["totals"]["demand_hours"] == 0.0


async def test_two_tasks_at_sixty_percent_the_same_days_over_allocate_by_twenty(
    client: httpx.AsyncClient,
) -> None:
    portfolio = await create_portfolio(client)
    pid = await _plan(client, portfolio)
    person = await create_resource(client)
    first = await add_task(client, pid, name="First", duration_days="5")
    second = await add_task(client, pid, name="Second", duration_days="5")
    for task in (first, second):
        await make_assignment(client, task, person, "0.6")

    over = await _get(client, f"/v1/portfolios/{portfolio['id']}/over-allocations", **WEEK)
    (item,) = _mine(over, person)
    assert (item["from_date"], item["to_date"], item["days"]) == ("2025-01-06", "2025-01-10", 5)
    # 2 x 0.6 x 8 h = 9.6 h a day against 8 h: 1.6 h (20 %) over, 8 h over the week.
    assert (item["peak_excess_hours"], item["excess_hours"]) == (1.6, 8.0)
    assert {(t["task_name"], t["units"], t["project_id"]) for t in item["tasks"]} == {
        ("First", "0.60", pid),
        ("Second", "0.60", pid),
    }
    week = await _get(client, f"/v1/portfolios/{portfolio['id']}/capacity", **WEEK)
    (bucket,) = _row(week, person)["buckets"]
    assert bucket == {
        "start": "2025-01-06",
        "demand_hours": 48.0,
        "other_demand_hours": 0.0,
        "capacity_hours": 40.0,
        "utilisation": 1.2,
        "over_allocated": True,
        "over_allocated_days": 5,
    }


async def test_one_after_the_other_is_not_over_allocated(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    pid = await _plan(client, portfolio)
    person = await create_resource(client)
    first = await add_task(client, pid, duration_days="2.5")
    second = await add_task(client, pid, duration_days="2.5")
    await link(client, pid, first, second)
    for task in (first, second):
        await make_assignment(client, task, person, "1")

    by_day = await _get(client, f"/v1/portfolios/{portfolio['id']}/capacity", grain="day", **WEEK)
    # The half days meet on Wednesday: 4 h of the first, 4 h of the second.
    row = _row(by_day, person)
    assert [b["demand_hours"] for b in row["buckets"]] == [8.0] * 5 + [0.0, 0.0]
    assert row["totals"]["over_allocated_days"] == 0


async def test_a_task_across_time_off_over_allocates_those_days(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    pid = await _plan(client, portfolio)
    person = await create_resource(client)
    await add_time_off(client, person, "2025-01-08", "2025-01-09")
    task = await add_task(client, pid, name="Across", duration_days="10")
    await make_assignment(client, task, person, "1")

    window = {"from": "2025-01-06", "to": "2025-01-19"}
    over = await _get(client, f"/v1/portfolios/{portfolio['id']}/over-allocations", **window)
    (item,) = _mine(over, person)
    assert (item["from_date"], item["to_date"], item["days"]) == ("2025-01-08", "2025-01-09", 2)
    assert (item["peak_excess_hours"], item["excess_hours"]) == (8.0, 16.0)
    assert [t["task_id"] for t in item["tasks"]] == [task["id"]]

    weeks = await _get(client, f"/v1/portfolios/{portfolio['id']}/capacity", **window)
    first, second = _row(weeks, person)["buckets"]
    assert (first["demand_hours"], first["capacity_hours"], first["over_allocated_days"]) == (
        40.0,
        24.0,
        2,
    )
    assert (second["demand_hours"], second["capacity_hours"], second["utilisation"]) == (
        40.0,
        40.0,
        1.0,
    )
    assert second["over_allocated"] is False


async def test_a_person_shared_by_two_projects(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    ours = await _plan(client, portfolio)
    theirs = await _plan(client, await create_portfolio(client))
    person = await create_resource(client)
    mine = await add_task(client, ours, name="Ours", duration_days="5")
    other = await add_task(client, theirs, name="Theirs", duration_days="5")
    await make_assignment(client, mine, person, "0.6")
    await make_assignment(client, other, person, "0.6")

    # The other portfolio's project is counted, in hours, never named.
    over = await _get(client, f"/v1/portfolios/{portfolio['id']}/over-allocations", **WEEK)
    (item,) = _mine(over, person)
    assert [(t["task_name"], t["project_id"]) for t in item["tasks"]] == [("Ours", ours)]
    assert item["peak_excess_hours"] == 1.6
    week = await _get(client, f"/v1/portfolios/{portfolio['id']}/capacity", **WEEK)
    (bucket,) = _row(week, person)["buckets"]
    assert (bucket["demand_hours"], bucket["other_demand_hours"]) == (48.0, 24.0)

    for pid, name in ((ours, "Ours"), (theirs, "Theirs")):
        answer = await _get(client, f"/v1/projects/{pid}/over-allocations", **WEEK)
        (item,) = _mine(answer, person)
        assert [t["task_name"] for t in item["tasks"]] == [name]
        assert item["days"] == 5


async def test_a_project_whose_tasks_cause_nothing_lists_nothing(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    busy = await _plan(client, portfolio)
    later = await _plan(client, portfolio, start_date="2025-02-03")
    person = await create_resource(client)
    for task in [await add_task(client, busy, duration_days="5") for _ in range(2)]:
        await make_assignment(client, task, person, "0.75")
    calm = await add_task(client, later, duration_days="5")
    await make_assignment(client, calm, person, "0.75")

    window = {"from": "2025-01-06", "to": "2025-02-28"}
    answer = await _get(client, f"/v1/projects/{later}/over-allocations", **window)
    assert answer["items"] == []
    answer = await _get(client, f"/v1/projects/{busy}/over-allocations")
    assert (answer["from_date"], answer["to_date"]) == ("2025-01-06", "2025-01-10")
    assert len(_mine(answer, person)) == 1


async def test_role_pools_with_members_and_a_placeholder(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    pid = await _plan(client, portfolio)
    tester = await create_resource(client, kind="role", name="Tester Pool Role", max_units="2")
    alice = await create_resource(client, name="Alice", role_name="Tester Pool Role")
    await create_resource(client, name="Bob", role_name="Tester Pool Role")
    architect = await create_resource(
        client, kind="role", name="Architect Placeholder", max_units="2"
    )
    test = await add_task(client, pid, name="Test", duration_days="5")
    design = await add_task(client, pid, name="Design", duration_days="5")
    await make_assignment(client, test, tester, "1.5")
    await make_assignment(client, test, alice, "1")
    await make_assignment(client, design, architect, "1.5")

    path = f"/v1/portfolios/{portfolio['id']}/capacity"
    roles = await _get(client, path, by="role", **WEEK)
    pools = {row["name"]: row for row in roles["rows"]}
    testers, architects = pools["Tester Pool Role"], pools["Architect Placeholder"]
    # Two people of 8 h; the role's 1.5 and Alice's 1: 20 h a day.
    assert (testers["members"], testers["resource_id"]) == (2, tester["id"])
    assert testers["buckets"][0]["capacity_hours"] == 80.0
    assert testers["buckets"][0]["demand_hours"] == 100.0
    assert testers["buckets"][0]["over_allocated_days"] == 5
    # Nobody has the role: its 2 units stand for two people.
    assert architects["members"] == 0
    assert (
        architects["buckets"][0]["capacity_hours"],
        architects["buckets"][0]["demand_hours"],
    ) == (
        80.0,
        60.0,
    )
    # A person's own view counts only the person's assignments.
    people = await _get(client, path, resource_ids=alice["id"], **WEEK)
    (row,) = people["rows"]
    assert (row["buckets"][0]["demand_hours"], row["totals"]["over_allocated_days"]) == (40.0, 0)
    only = await _get(client, path, by="role", role="Tester Pool Role", **WEEK)
    assert [row["name"] for row in only["rows"]] == ["Tester Pool Role"]
    # By resource, a role filter shows the role's pool and its people, Bob idle.
    team = await _get(client, path, role="Tester Pool Role", **WEEK)
    assert [row["name"] for row in team["rows"]] == ["Alice", "Bob", "Tester Pool Role"]

    over = await _get(client, f"/v1/portfolios/{portfolio['id']}/over-allocations", **WEEK)
    (item,) = _mine(over, tester)
    assert (item["kind"], item["peak_excess_hours"]) == ("role", 4.0)
    assert {(t["task_name"], t["resource_id"]) for t in item["tasks"]} == {
        ("Test", tester["id"]),
        ("Test", alice["id"]),
    }
    assert _mine(over, alice) == [] and _mine(over, architect) == []


async def test_a_person_on_a_four_day_week(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    pid = await _plan(client, portfolio)
    four_days = await create_calendar(client, pid, working_weekdays=[0, 1, 2, 3])
    person = await create_resource(client, calendar_id=four_days["id"])
    task = await add_task(client, pid, duration_days="5")
    await make_assignment(client, task, person, "1")

    week = await _get(client, f"/v1/portfolios/{portfolio['id']}/capacity", **WEEK)
    (bucket,) = _row(week, person)["buckets"]
    assert (bucket["capacity_hours"], bucket["demand_hours"], bucket["over_allocated_days"]) == (
        32.0,
        40.0,
        1,
    )
    over = await _get(client, f"/v1/portfolios/{portfolio['id']}/over-allocations", **WEEK)
    (item,) = _mine(over, person)
    # Friday: demand on a day the person does not work.
    assert (item["from_date"], item["to_date"], item["peak_excess_hours"]) == (
        "2025-01-10",
        "2025-01-10",
        8.0,
    )


async def test_weeks_and_months_clip_to_the_window(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    pid = await _plan(client, portfolio, start_date="2025-01-20")
    person = await create_resource(client)
    task = await add_task(client, pid, duration_days="20")  # 20 January to 14 February
    await make_assignment(client, task, person, "1")
    path = f"/v1/portfolios/{portfolio['id']}/capacity"

    months = await _get(client, path, grain="month", **{"from": "2025-01-01", "to": "2025-02-28"})
    assert months["buckets"] == [
        {"start": "2025-01-01", "end": "2025-01-31"},
        {"start": "2025-02-01", "end": "2025-02-28"},
    ]
    january, february = _row(months, person)["buckets"]
    # 23 working days in January, 20 in February; 10 of the task's in each.
    assert (january["demand_hours"], january["capacity_hours"]) == (80.0, 184.0)
    assert (february["demand_hours"], february["capacity_hours"]) == (80.0, 160.0)

    weeks = await _get(client, path, grain="week", **{"from": "2025-01-15", "to": "2025-02-16"})
    assert weeks["buckets"][0] == {"start": "2025-01-15", "end": "2025-01-19"}
    assert weeks["buckets"][1] == {"start": "2025-01-20", "end": "2025-01-26"}
    assert weeks["buckets"][-1] == {"start": "2025-02-10", "end": "2025-02-16"}
    demand = [b["demand_hours"] for b in _row(weeks, person)["buckets"]]
    assert demand == [0.0, 40.0, 40.0, 40.0, 40.0]


async def test_bad_windows_and_filters_are_problems(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    path = f"/v1/portfolios/{portfolio['id']}/capacity"
    cases = [
        {"from": "2025-02-01", "to": "2025-01-01"},
        {"from": "2025-01-01", "to": "2028-06-01", "grain": "day"},
        {"from": "2025-01-01", "to": "2045-01-01", "grain": "month"},
        {"from": "2025-01-01", "to": "2025-02-01", "grain": "year"},
        {"from": "2025-01-01", "to": "2025-02-01", "by": "skill"},
        {"from": "2025-01-01", "to": "2025-02-01", "resource_ids": "not-a-uuid"},
        {"to": "2025-02-01"},
    ]
    for params in cases:
        response = await client.get(path, params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"] == PROBLEM
    too_long = await client.get(
        f"/v1/portfolios/{portfolio['id']}/over-allocations",
        params={"from": "2025-01-01", "to": "2029-01-01"},
    )
    assert too_long.status_code == 422
    assert too_long.json()["errors"] == [{"field": "to", "message": "at most 1098 days after from"}]
    missing = await client.get(
        "/v1/portfolios/00000000-0000-0000-0000-000000000000/capacity", params=WEEK
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"] == PROBLEM


async def test_a_project_is_read_by_its_members_only(client: httpx.AsyncClient, make_token) -> None:
    portfolio = await create_portfolio(client)
    pid = await _plan(client, portfolio)
    stranger = make_token("member")
    path = f"/v1/projects/{pid}/over-allocations"
    assert (await client.get(path, headers=auth(stranger))).status_code == 404
    executive = make_token("executive")
    assert (await client.get(path, headers=auth(executive))).status_code == 200
    capacity = await client.get(
        f"/v1/portfolios/{portfolio['id']}/capacity", params=WEEK, headers=auth(executive)
    )
    assert capacity.status_code == 200
