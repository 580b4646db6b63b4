"""Roll-ups (program, portfolio) and the metrics batch through the API.

Two projects measured on Friday 24 January 2025: the reference plan (BAC 31,000, PV
20,000, EV 14,000, AC 15,500; see ``factories.py``) and a small one of one 20-day task
(4,000 from 6 January, half done, 1,000 spent: PV 3,000, EV 2,000). Together: BAC 35,000,
PV 23,000, EV 16,000, AC 16,500, so CPI 16,000 / 16,500 = 0.969697 (averaging the two
projects' CPIs, 0.903226 and 2, would say 1.45) and SPI 0.695652. The summed daily PV
curve earns 1,200 a day for ten days, then 2,200: EV 16,000 is reached 1,800 / 2,200 into
day 12, ES 11.8182 of AT 15.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from shared.clients.projects.evm import PortfolioEvmDTO, ProgramEvmDTO, ProjectMetricsBatchDTO
from tests.projects.evm.factories import (
    add_actual_cost,
    add_program,
    patch,
    post,
    reference_costs,
    reference_plan,
)
from tests.projects.factories import add_task, auth, create_portfolio, create_project

AT = {"status_date": "2025-01-24"}


async def _two_projects(client: httpx.AsyncClient) -> dict[str, Any]:
    portfolio = await create_portfolio(client)
    plan = await reference_plan(client, portfolio_id=portfolio["id"])
    await reference_costs(client, plan)
    small = await create_project(
        client, start_date="2025-01-06", currency="EUR", portfolio_id=portfolio["id"]
    )
    task = await add_task(client, small["id"], name="X", duration_days="20", cost="4000.00")
    await post(client, f"/v1/projects/{small['id']}/baselines/0")
    await patch(client, f"/v1/tasks/{task['id']}", {"percent_complete": "50"})
    await add_actual_cost(client, small["id"], "1000.00", date(2025, 1, 20), task["id"])
    return {"portfolio": portfolio["id"], "plan": plan["id"], "small": small["id"]}


async def _get(client: httpx.AsyncClient, path: str, **kwargs: Any) -> dict[str, Any]:
    response = await client.get(path, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_portfolio_rolls_up_sums_and_recomputes_its_indices(
    client: httpx.AsyncClient,
) -> None:
    ids = await _two_projects(client)

    evm = await _get(client, f"/v1/portfolios/{ids['portfolio']}/evm", params=AT)

    PortfolioEvmDTO.model_validate(evm)
    assert evm["portfolio_id"] == ids["portfolio"] and evm["project_count"] == 2
    assert evm["currency"] == "EUR" and evm["status_date"] == "2025-01-24"
    assert (evm["bac"], evm["pv"], evm["ev"], evm["ac"]) == (
        "35000.00",
        "23000.00",
        "16000.00",
        "16500.00",
    )
    assert (evm["cpi"], evm["spi"]) == ("0.969697", "0.695652")
    assert evm["eac"] == "36093.75"  # 35,000 x 16,500 / 16,000
    assert evm["es_days"] == "11.8182" and evm["actual_time_days"] == "15.0000"
    assert evm["planned_duration_days"] == "20.0000" and evm["spi_t"] == "0.787879"
    assert evm["ieac_t_days"] == "25.3846" and evm["es_date"] == "2025-01-21"


async def test_a_roll_up_covers_only_the_projects_the_caller_may_read(
    client: httpx.AsyncClient, make_token: Any
) -> None:
    ids = await _two_projects(client)
    member = make_token(sub="evm-small-only")
    body = {"user_id": "evm-small-only", "role": "viewer"}
    await post(client, f"/v1/projects/{ids['small']}/members", body)

    evm = await _get(
        client, f"/v1/portfolios/{ids['portfolio']}/evm", params=AT, headers=auth(member)
    )

    assert evm["project_count"] == 1
    assert (evm["bac"], evm["pv"], evm["ev"], evm["ac"]) == (
        "4000.00",
        "3000.00",
        "2000.00",
        "1000.00",
    )
    assert evm["es_days"] == "10.0000"  # 2,000 at 200 a day


async def test_a_program_rolls_up_its_projects(client: httpx.AsyncClient) -> None:
    ids = await _two_projects(client)
    program = await add_program(client, ids["portfolio"], ids["plan"])

    evm = await _get(client, f"/v1/programs/{program}/evm", params=AT)
    alone = await _get(client, f"/v1/projects/{ids['plan']}/evm", params=AT)

    ProgramEvmDTO.model_validate(evm)
    assert evm["program_id"] == program and evm["project_count"] == 1
    same = ("bac", "pv", "ev", "ac", "cpi", "spi", "eac", "es_days", "spi_t", "ieac_t_days")
    assert {name: evm[name] for name in same} == {name: alone[name] for name in same}


async def test_unknown_roll_ups(client: httpx.AsyncClient) -> None:
    nobody = "00000000-0000-0000-0000-000000000000"
    for path in (f"/v1/programs/{nobody}/evm", f"/v1/portfolios/{nobody}/evm"):
        response = await client.get(path)
        assert response.status_code == 404, response.text
        assert response.headers["content-type"].startswith("application/problem+json")


async def _records(client: httpx.AsyncClient, project_id: str) -> None:
    base = f"/v1/projects/{project_id}"
    await post(client, f"{base}/risks", {"title": "Late", "probability": 2, "impact": 3})
    await post(client, f"{base}/risks", {"title": "Vendor", "probability": 4, "impact": 5})
    closed = {"title": "Gone", "probability": 5, "impact": 5, "status": "closed"}
    await post(client, f"{base}/risks", closed)
    rags = dict.fromkeys(("overall_rag", "schedule_rag", "cost_rag", "scope_rag", "risk_rag"))
    update = {**{name: "amber" for name in rags}, "as_of": "2025-01-23"}
    await post(client, f"{base}/status-updates", update)


async def test_metrics_of_several_projects(client: httpx.AsyncClient, make_token: Any) -> None:
    ids = await _two_projects(client)
    await _records(client, ids["plan"])
    hidden = await create_project(client)
    unknown = "00000000-0000-0000-0000-000000000000"
    asked = [ids["small"], unknown, ids["plan"], hidden["id"]]
    member = make_token(sub="evm-metrics")
    for project in (ids["small"], ids["plan"]):
        await post(
            client, f"/v1/projects/{project}/members", {"user_id": "evm-metrics", "role": "viewer"}
        )

    answer = await _get(
        client,
        "/v1/project-metrics",
        params={"project_ids": ",".join(asked), "status_date": "2025-02-05"},
        headers=auth(member),
    )

    ProjectMetricsBatchDTO.model_validate(answer)
    small, plan = answer["items"]
    assert (small["project_id"], plan["project_id"]) == (ids["small"], ids["plan"])
    assert plan["portfolio_id"] == ids["portfolio"] and plan["program_id"] is None
    assert plan["status_date"] == "2025-02-05" and plan["currency"] == "EUR"
    assert plan["evm"]["pv"] == "31000.00" and plan["evm"]["ac"] == "16500.00"
    # Leaves by duration: (10 x 100 + 10 x 20 + 0 x 0) / 20.
    assert plan["percent_complete"] == "60.00"
    # B's remaining eight days run from the status date (27 January) to 5 February: three
    # working days past the baseline finish on 31 January.
    assert plan["baseline_finish"] == "2025-01-31T00:00:00"
    assert plan["scheduled_finish"] == "2025-02-05T17:00:00"
    assert plan["finish_variance_days"] == "3.0000"
    assert plan["critical_float_days"] == "0.0000"
    assert plan["overdue_milestones"] == 1  # M, due 31 January, not reached
    assert plan["open_risks"] == 2 and plan["open_risk_scores"] == [20, 6]
    assert plan["last_status_update_on"] == "2025-01-23"
    assert small["overdue_milestones"] == 0 and small["open_risk_scores"] == []
    assert small["percent_complete"] == "50.00" and small["last_status_update_on"] is None


async def test_metrics_default_to_each_project_status_date(client: httpx.AsyncClient) -> None:
    ids = await _two_projects(client)

    answer = await _get(client, "/v1/project-metrics", params={"project_ids": ids["plan"]})

    [plan] = answer["items"]
    assert plan["status_date"] == "2025-01-24" and plan["evm"]["spi"] == "0.700000"


async def test_metrics_take_at_most_a_hundred_projects(client: httpx.AsyncClient) -> None:
    ids = ",".join(f"00000000-0000-0000-0000-{n:012d}" for n in range(101))

    response = await client.get("/v1/project-metrics", params={"project_ids": ids})

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "project_ids"
