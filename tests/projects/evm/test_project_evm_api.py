"""A project's earned value through the API, on the reference plan of ``factories.py``.

At Friday 24 January 2025 (15 working days from the baseline start on 6 January): A is
done (PV 10,000) and B half-way through its baseline days (PV 10,000), the milestone is
due later: PV 20,000. EV = 10,000 + 20 % x 20,000 = 14,000; AC 15,500; BAC 31,000. The
daily PV curve earns 1,000 a day for ten days, then 2,000 a day, so EV 14,000 is what was
planned by the end of day 12 (Tuesday 21 January): ES 12, AT 15, PD 20 (6 to 31 January).
"""

from __future__ import annotations

from typing import Any

import httpx

from shared.clients.projects.evm import ProjectEvmDTO
from tests.projects.evm.factories import (
    add_actual_cost,
    post,
    reference_costs,
    reference_plan,
)
from tests.projects.factories import add_task, auth, create_project


async def _evm(client: httpx.AsyncClient, project_id: str, **params: str) -> dict[str, Any]:
    response = await client.get(f"/v1/projects/{project_id}/evm", params=params)
    assert response.status_code == 200, response.text
    ProjectEvmDTO.model_validate(response.json())  # the client reads it as it is
    return response.json()


async def test_figures_at_the_project_status_date(client: httpx.AsyncClient) -> None:
    plan = await reference_plan(client)
    await reference_costs(client, plan)

    evm = await _evm(client, plan["id"])

    assert evm["status_date"] == "2025-01-24" and evm["currency"] == "EUR"
    assert evm["baseline_number"] == 0
    assert (evm["bac"], evm["pv"], evm["ev"], evm["ac"]) == (
        "31000.00",
        "20000.00",
        "14000.00",
        "15500.00",
    )
    assert (evm["sv"], evm["cv"]) == ("-6000.00", "-1500.00")
    assert (evm["spi"], evm["cpi"]) == ("0.700000", "0.903226")
    assert evm["eac"] == evm["eac_bac_over_cpi"] == "34321.43"  # 31,000 x 15,500 / 14,000
    assert evm["eac_method"] == "bac_over_cpi"
    assert evm["eac_ac_plus_remaining"] == "32500.00"
    assert evm["eac_composite"] == "42387.76"  # 15,500 + 17,000 / (0.903226 x 0.7)
    assert (evm["etc"], evm["vac"]) == ("18821.43", "-3321.43")
    assert (evm["tcpi_bac"], evm["tcpi_eac"]) == ("1.096774", "0.903226")
    assert evm["planned_duration_days"] == "20.0000"
    assert evm["actual_time_days"] == "15.0000"
    assert evm["es_days"] == "12.0000" and evm["sv_t_days"] == "-3.0000"
    assert evm["spi_t"] == "0.800000" and evm["ieac_t_days"] == "25.0000"
    assert evm["es_date"] == "2025-01-21" and evm["ieac_t_finish"] == "2025-02-07"
    assert evm["tasks"] is None and evm["curve"] is None


async def test_an_earlier_status_date(client: httpx.AsyncClient) -> None:
    plan = await reference_plan(client)
    await reference_costs(client, plan)

    evm = await _evm(client, plan["id"], status_date="2025-01-17")

    # The end of A: PV 10,000; AC 9,000 + 500; EV is today's progress (14,000).
    assert evm["status_date"] == "2025-01-17"
    assert (evm["pv"], evm["ac"], evm["ev"]) == ("10000.00", "9500.00", "14000.00")
    assert evm["actual_time_days"] == "10.0000" and evm["es_days"] == "12.0000"
    assert evm["spi_t"] == "1.200000"


async def test_every_task(client: httpx.AsyncClient) -> None:
    plan = await reference_plan(client)
    await reference_costs(client, plan)

    evm = await _evm(client, plan["id"], include="tasks")

    tasks = {task["name"]: task for task in evm["tasks"]}
    assert [task["name"] for task in evm["tasks"]] == ["Phase", "A", "B", "M"]
    a, b, m, phase = tasks["A"], tasks["B"], tasks["M"], tasks["Phase"]
    assert (a["bac"], a["pv"], a["ev"], a["ac"], a["cpi"]) == (
        "10000.00",
        "10000.00",
        "10000.00",
        "9000.00",
        "1.111111",
    )
    assert a["es_days"] == "10.0000" and a["planned_duration_days"] == "10.0000"
    assert (b["pv"], b["ev"], b["ac"], b["spi"]) == ("10000.00", "4000.00", "6000.00", "0.400000")
    assert b["actual_time_days"] == "5.0000" and b["es_days"] == "2.0000"
    assert b["es_date"] == "2025-01-21"
    # The milestone is due on 31 January: its budget is not planned yet; no duration.
    assert (m["bac"], m["pv"], m["ev"]) == ("1000.00", "0.00", "0.00")
    assert m["planned_duration_days"] is None and m["spi_t"] is None
    # The phase rolls up its children (the project-level 500 is not the phase's).
    assert (phase["bac"], phase["pv"], phase["ev"], phase["ac"]) == (
        "30000.00",
        "20000.00",
        "14000.00",
        "15000.00",
    )
    assert phase["spi"] == "0.700000" and phase["cpi"] == "0.933333"
    assert phase["es_days"] == "12.0000" and phase["planned_duration_days"] == "20.0000"
    assert phase["wbs_code"] == "1" and a["wbs_code"] == "1.1"


async def test_the_s_curve(client: httpx.AsyncClient) -> None:
    plan = await reference_plan(client)
    await reference_costs(client, plan)

    evm = await _evm(client, plan["id"], include="curve,tasks")

    assert evm["tasks"] is not None
    assert evm["curve"] == [
        {"date": "2025-01-12", "pv": "5000.00", "ac": "9000.00", "ev": None},
        {"date": "2025-01-19", "pv": "10000.00", "ac": "9500.00", "ev": None},
        {"date": "2025-01-24", "pv": "20000.00", "ac": "15500.00", "ev": "14000.00"},
        {"date": "2025-01-26", "pv": "20000.00", "ac": "15500.00", "ev": None},
        {"date": "2025-02-02", "pv": "31000.00", "ac": "15500.00", "ev": None},
    ]


async def test_a_task_outside_the_baseline_has_no_budget_but_its_cost_counts(
    client: httpx.AsyncClient,
) -> None:
    plan = await reference_plan(client)
    extra = await add_task(client, plan["id"], name="Extra", duration_days="2", cost="800.00")
    await add_actual_cost(client, plan["id"], "300.00", plan_day(20), extra["id"])

    evm = await _evm(client, plan["id"], include="tasks")

    assert (evm["bac"], evm["ac"]) == ("31000.00", "300.00")
    [row] = [task for task in evm["tasks"] if task["name"] == "Extra"]
    assert (row["bac"], row["pv"], row["ev"], row["ac"]) == ("0.00", "0.00", "0.00", "300.00")
    assert row["spi"] is None and row["es_days"] is None


def plan_day(day: int) -> Any:
    from datetime import date

    return date(2025, 1, day)


async def test_a_later_baseline_is_the_one_measured_against(
    client: httpx.AsyncClient,
) -> None:
    plan = await reference_plan(client)
    # The plan as it now is (A done, B re-planned from the status date) becomes baseline 1.
    await post(client, f"/v1/projects/{plan['id']}/baselines/1", {"name": "Re-plan"})

    evm = await _evm(client, plan["id"])

    assert evm["baseline_number"] == 1 and evm["bac"] == "31000.00"


async def test_without_a_baseline(client: httpx.AsyncClient) -> None:
    project = await create_project(client, start_date="2025-01-06", currency="EUR")
    await add_task(client, project["id"], name="A", duration_days="5", cost="500.00")
    await add_actual_cost(client, project["id"], "120.00", plan_day(8))

    evm = await _evm(client, project["id"], status_date="2025-01-10", include="tasks,curve")

    assert evm["baseline_number"] is None
    assert (evm["bac"], evm["pv"], evm["ev"], evm["ac"]) == ("0.00", "0.00", "0.00", "120.00")
    assert evm["spi"] is None and evm["cpi"] == "0.000000" and evm["tcpi_bac"] == "0.000000"
    assert evm["eac"] == "120.00" and evm["eac_method"] == "ac_plus_remaining"
    assert evm["eac_composite"] is None and evm["es_days"] is None
    assert evm["planned_duration_days"] is None and evm["es_date"] is None
    assert evm["tasks"][0]["bac"] == "0.00"
    assert [point["pv"] for point in evm["curve"]] == ["0.00", "0.00"]


async def test_a_status_date_before_the_start_is_refused(client: httpx.AsyncClient) -> None:
    plan = await reference_plan(client)

    response = await client.get(
        f"/v1/projects/{plan['id']}/evm", params={"status_date": "2025-01-03"}
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "status_date"


async def test_bad_requests(client: httpx.AsyncClient) -> None:
    plan = await reference_plan(client)
    path = f"/v1/projects/{plan['id']}/evm"
    for params in (
        {"status_date": "24/01/2025"},
        {"status_date": "9999-12-31"},
        {"include": "tasks,everything"},
    ):
        response = await client.get(path, params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    missing = await client.get("/v1/projects/00000000-0000-0000-0000-000000000000/evm")
    assert missing.status_code == 404


async def test_readers_of_the_project_read_its_evm(
    client: httpx.AsyncClient, make_token: Any
) -> None:
    plan = await reference_plan(client)
    viewer, stranger = make_token(sub="evm-viewer"), make_token(sub="evm-stranger")
    await post(
        client, f"/v1/projects/{plan['id']}/members", {"user_id": "evm-viewer", "role": "viewer"}
    )
    path = f"/v1/projects/{plan['id']}/evm"

    assert (await client.get(path, headers=auth(viewer))).status_code == 200
    assert (await client.get(path, headers=auth(stranger))).status_code == 404


async def test_a_changed_calendar_or_outline_changes_the_planned_value(
    client: httpx.AsyncClient,
) -> None:
    # Planned value curves are kept between requests: a change of what they are spread
    # from must show at once.
    plan = await reference_plan(client)
    at = {"status_date": "2025-01-10"}
    assert (await _evm(client, plan["id"], **at))["pv"] == "5000.00"  # 5 of A's 10 days
    calendar = await post(
        client,
        f"/v1/projects/{plan['id']}/calendars",
        {"name": "Holiday", "exceptions": [{"day": "2025-01-13", "working": False}]},
    )
    settings = await client.patch(
        f"/v1/projects/{plan['id']}/schedule-settings", json={"calendar_id": calendar["id"]}
    )
    assert settings.status_code == 200, settings.text

    # A's baseline days, 6 to 17 January, are nine working days on this calendar.
    assert (await _evm(client, plan["id"], **at))["pv"] == "5555.56"

    # B gets a child: it becomes a summary, and its own baseline budget no longer counts.
    await add_task(client, plan["id"], name="B1", duration_days="1", parent_id=plan["b"]["id"])
    evm = await _evm(client, plan["id"], status_date="2025-01-24")
    assert (evm["bac"], evm["pv"]) == ("11000.00", "10000.00")


async def test_the_s_curve_at_the_end_of_the_calendar(client: httpx.AsyncClient) -> None:
    # The last week end lies past 31 December 2199, where no calendar counts.
    plan = await reference_plan(client)

    evm = await _evm(client, plan["id"], status_date="2199-12-31", include="curve")

    assert evm["pv"] == "31000.00"
    assert evm["curve"][-1]["date"] > "2199-12-31" and evm["curve"][-1]["pv"] == "31000.00"
