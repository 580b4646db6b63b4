"""Forecasts a hand calculation predicts, through the API: two parallel paths' criticality
indices, a plan without uncertainty (a zero-width forecast on the CPM dates), a RAID risk
driver's effect; the stored inputs reproduce the stored result exactly; the batch read of
the latest forecasts; the charts."""

from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI

from services.projects.forecasts.loader import RunOptions, load_simulation
from services.projects.models import RiskAnalysis
from services.projects.risk import inputs_from_json, simulate
from tests.projects.factories import add_task, create_project
from tests.projects.forecasts.factories import (
    FRIDAY,
    MONDAY,
    analyse,
    closed_form_plan,
    estimate,
    link,
    set_deadline,
)


async def test_two_parallel_paths_share_the_criticality_as_calculated(
    http: httpx.AsyncClient,
) -> None:
    """X fixed at 5 days beside Y triangular(3, 4, 7): Y is critical when it takes 5 days
    or more, P(Y >= 5) = (7 - 5)^2 / ((7 - 3)(7 - 4)) = 1/3; X otherwise, 2/3."""
    plan = await create_project(http, start_date=MONDAY)
    x = await add_task(http, plan["id"], name="X", duration_days="5")
    y = await add_task(http, plan["id"], name="Y", duration_days="4", **estimate("3", "4", "7"))
    analysis = await analyse(http, plan["id"], iterations=20_000, seed=3, convergence=False)
    index = {c["task_id"]: c["index"] for c in analysis["result"]["criticality"]}
    assert abs(index[y["id"]] - 1 / 3) < 0.01
    assert abs(index[x["id"]] - 2 / 3) < 0.01
    names = {c["task_id"]: c["name"] for c in analysis["result"]["criticality"]}
    assert names == {x["id"]: "X", y["id"]: "Y"}


async def test_fixed_durations_give_a_zero_width_forecast_on_the_cpm_dates(
    http: httpx.AsyncClient,
) -> None:
    plan = await create_project(http, start_date=MONDAY)
    a = await add_task(http, plan["id"], name="A", duration_days="3")
    b = await add_task(http, plan["id"], name="B", duration_days="4")
    await link(http, plan["id"], a, b)
    analysis = await analyse(http, plan["id"], iterations=500, seed=1)
    result = analysis["result"]
    scheduled = (await http.get(f"/v1/projects/{plan['id']}")).json()["scheduled_finish"]
    assert scheduled.startswith("2027-01-12")  # 7 working days from Monday the 4th
    finishes = {result[f"p{p}_finish"] for p in (10, 50, 80, 90)}
    assert finishes == {result["deterministic_finish"]} == {"2027-01-12"}
    assert result["std_days"] == 0
    assert {p["days"] for p in result["percentiles"]} == {7.0}
    assert result["tornado"] == []
    assert {c["index"] for c in result["criticality"]} == {1.0}


async def _risk(http: httpx.AsyncClient, project_id: str, **fields: object) -> dict:
    body = {"title": "Supplier late", "probability": 3, "impact": 4, **fields}
    answer = await http.post(f"/v1/projects/{project_id}/risks", json=body)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def test_a_risk_driver_delays_its_task_when_it_occurs(http: httpx.AsyncClient) -> None:
    """A 2 days then B 3 days, and a risk that occurs half the time and then adds exactly
    2 days to B: the finish is day 5 or day 7, each in half the iterations (Latin
    hypercube strata split the occurrence draws exactly)."""
    plan = await create_project(http, start_date=MONDAY)
    await set_deadline(http, plan["id"], FRIDAY)
    a = await add_task(http, plan["id"], name="A", duration_days="2")
    b = await add_task(http, plan["id"], name="B", duration_days="3")
    await link(http, plan["id"], a, b)
    risk = await _risk(
        http,
        plan["id"],
        task_ids=[b["id"]],
        occurrence_probability="0.5",
        schedule_impact_min_days="2",
        schedule_impact_likely_days="2",
        schedule_impact_max_days="2",
    )
    assert risk["occurrence_probability"] == "0.5000"
    analysis = await analyse(http, plan["id"], iterations=2_000, seed=5, convergence=False)
    result = analysis["result"]
    assert abs(result["mean_days"] - 6.0) < 1e-9
    assert result["p10_finish"] == FRIDAY and result["p90_finish"] == "2027-01-12"
    assert result["deadline_probability"] == 0.5
    assert analysis["inputs"]["risk_drivers"] == [
        {"risk_id": risk["id"], "title": "Supplier late", "probability": 0.5, "task_ids": [b["id"]]}
    ]
    bars = {(bar["kind"], bar["task_id"], bar["risk_id"], bar["name"]) for bar in result["tornado"]}
    # B's duration moves with the risk, so both rank with the finish.
    assert bars == {("risk", None, risk["id"], "Supplier late"), ("task", b["id"], None, "B")}
    tornado = (await http.get(analysis["links"]["tornado"])).text
    assert "Supplier late (risk)" in tornado and risk["id"] not in tornado
    without = await analyse(http, plan["id"], iterations=500, include_risk_drivers=False)
    assert without["result"]["std_days"] == 0 and without["inputs"]["risk_drivers"] == []
    closed = await http.patch(f"/v1/risks/{risk['id']}", json={"status": "closed"})
    assert closed.status_code == 200, closed.text
    after = await analyse(http, plan["id"], iterations=500)
    assert after["result"]["deadline_probability"] == 1.0


async def test_the_stored_inputs_reproduce_the_result(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    plan, _, b = await closed_form_plan(http, deadline=FRIDAY)
    c = await add_task(
        http, plan["id"], name="C", duration_days="2", **estimate("1", "2", "4", "pert")
    )
    correlation = {"task_a": b["id"], "task_b": c["id"], "rho": 0.6}
    analysis = await analyse(http, plan["id"], iterations=3_000, correlations=[correlation])
    assert analysis["seed"] == analysis["inputs"]["seed"]  # drawn, then stored
    async with projects_app.state.sessionmaker() as session:
        row = await session.get(RiskAnalysis, uuid.UUID(analysis["id"]))
        assert row is not None and row.result is not None
        options = RunOptions.from_json(row.inputs["request"])
        loaded = await load_simulation(session, uuid.UUID(plan["id"]), options)
    rerun = simulate(inputs_from_json(loaded.inp.schedule, row.inputs["risk"]))
    assert rerun.to_json() == row.result["simulation"]


async def test_latest_forecasts_of_many_projects_and_the_charts(
    http: httpx.AsyncClient,
) -> None:
    first, _, _ = await closed_form_plan(http, deadline=FRIDAY)
    second, _, _ = await closed_form_plan(http)
    never = await create_project(http, start_date=MONDAY)
    await analyse(http, first["id"], iterations=500, seed=1)
    latest = await analyse(http, first["id"], iterations=1_000, seed=2)
    other = await analyse(http, second["id"], iterations=500, seed=1)
    ids = ",".join([second["id"], never["id"], str(uuid.uuid4()), first["id"]])
    answer = await http.get("/v1/risk-forecasts", params={"project_ids": ids})
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [i["analysis_id"] for i in items] == [other["id"], latest["id"]]
    assert items[1]["p80_finish"] == latest["p80_finish"]
    assert items[1]["deadline"] == FRIDAY and items[0]["deadline"] is None
    listed = (await http.get(f"/v1/projects/{first['id']}/risk-analyses")).json()
    assert [i["id"] for i in listed["items"]][:1] == [latest["id"]] and len(listed["items"]) == 2
    for chart in ("histogram", "cumulative", "tornado"):
        svg = await http.get(latest["links"][chart])
        assert svg.status_code == 200, svg.text
        assert svg.headers["content-type"] == "image/svg+xml"
        assert svg.content.startswith(b"<?xml") and b"<svg" in svg.content
    many = ",".join(str(uuid.uuid4()) for _ in range(101))
    too_many = await http.get("/v1/risk-forecasts", params={"project_ids": many})
    assert too_many.status_code == 422
