"""The issue's closed forms, driven end to end through POST and GET: the Monte Carlo
forecast of a plan whose answer is known exactly.

A fixed at 2 days, then B triangular(2, 3, 6): the finish is 2 + B working days, so
mean 2 + 11/3 = 5.667, P50 2 + (6 - sqrt(6)) ... = 5.5505, P80 6.4508, P90 6.9046, and
P(finish <= 5) = P(B <= 3) = 1/4. With Latin hypercube sampling each percentile of B is
drawn from its own stratum, so 20,000 iterations put the sampled percentiles within
~0.005 days of the exact ones (the test allows 0.02) and the sampled probability within
~0.001 (the test allows 0.01)."""

from __future__ import annotations

import httpx

from tests.projects.forecasts.factories import FRIDAY, analyse, closed_form_plan

EXACT = {10: 2 + 2 + (0.4) ** 0.5, 50: 5.5505, 80: 6.4508, 90: 6.9046}


async def test_a_fixed_task_then_a_triangular_one(http: httpx.AsyncClient) -> None:
    plan, a, b = await closed_form_plan(http, deadline=FRIDAY)
    analysis = await analyse(http, plan["id"], iterations=20_000, seed=12, convergence=False)
    result = analysis["result"]
    assert result["iterations_run"] == 20_000
    assert abs(result["mean_days"] - 17 / 3) < 0.02
    days = {p["percent"]: p["days"] for p in result["percentiles"]}
    for percent in (50, 80, 90):
        assert abs(days[percent] - EXACT[percent]) < 0.02, (percent, days[percent])
    assert abs(result["deadline_probability"] - 0.25) < 0.01
    assert result["deadline"] == FRIDAY
    # Working days 5.55 and 6.45 end on Monday and Tuesday of the second week.
    assert result["p50_finish"] == "2027-01-11"
    assert result["p80_finish"] == "2027-01-12"
    assert result["deterministic_finish"] == FRIDAY
    assert analysis["p80_finish"] == "2027-01-12"
    assert abs(float(analysis["deadline_probability"]) - 0.25) < 0.01
    criticality = {c["task_id"]: c["index"] for c in result["criticality"]}
    assert criticality == {a["id"]: 1.0, b["id"]: 1.0}
    assert [bar["task_id"] for bar in result["tornado"]] == [b["id"]]
    assert sum(result["histogram"]["counts"]) == 20_000
    assert result["cumulative"][0]["probability"] == 0
    assert result["cumulative"][-1]["probability"] == 1
