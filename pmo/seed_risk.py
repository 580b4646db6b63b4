"""The demo's schedule risk analysis: the ERP project's open phases get three-point
estimates, its "Key supplier capacity" risk becomes a risk driver of Build (a 30 % chance
of 5 to 20 more working days), and one Monte Carlo analysis of its plan is queued once the
plan is in place; the seed waits for it at the end (a second or so) and ``make up`` prints
its P50 and P80 finish. ``riskAnalysis(id)`` in GraphQL or ``GET /v1/risk-analyses/{id}``
shows it, with its histogram, cumulative curve and tornado as SVG.

Estimates and the driver are written with PATCHes of the same values each time, and the
analysis is keyed: a repeated seed changes nothing."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from shared.http import ServiceClient

ANALYSIS_KEY = "demo-risk-analysis-erp"
# Working days: optimistic, most likely, pessimistic, distribution (the phases' durations
# are the most likely values).
ESTIMATES = {
    "Design": ("16", "20", "30", "pert"),
    "Build": ("35", "40", "60", "triangular"),
    "Test": ("15", "20", "35", "pert"),
}
DRIVER_TITLE = "Key supplier capacity"
DRIVER = {
    "occurrence_probability": "0.3000",
    "schedule_impact_min_days": "5",
    "schedule_impact_likely_days": "10",
    "schedule_impact_max_days": "20",
}
REQUEST = {"iterations": 5_000, "seed": 2027}
WAIT_SECONDS = 10.0
FINISHED = ("succeeded", "failed", "cancelled")


async def queue_risk_analysis(projects: ServiceClient, project: dict[str, Any]) -> dict[str, Any]:
    """Estimates, the driver, then the analysis queued (its job runs on the worker)."""
    base = f"/v1/projects/{project['id']}"
    tasks = {t["name"]: t for t in (await projects.get_json(f"{base}/tasks"))["items"]}
    for name, (low, likely, high, kind) in ESTIMATES.items():
        estimate = {
            "duration_optimistic_days": low,
            "duration_most_likely_days": likely,
            "duration_pessimistic_days": high,
            "duration_distribution": kind,
        }
        await projects.send_json("PATCH", f"/v1/tasks/{tasks[name]['id']}", estimate)
    risks = (await projects.get_json(f"{base}/risks"))["items"]
    driver = next(r for r in risks if r["title"] == DRIVER_TITLE)
    body = {**DRIVER, "task_ids": [tasks["Build"]["id"]]}
    await projects.send_json("PATCH", f"/v1/risks/{driver['id']}", body)
    analysis: dict[str, Any] = await projects.send_json(
        "POST", f"{base}/risk-analyses", REQUEST, idempotency_key=ANALYSIS_KEY
    )
    return analysis


async def wait_for_risk_analysis(
    projects: ServiceClient, analysis: dict[str, Any], seconds: float = WAIT_SECONDS
) -> dict[str, Any]:
    """The analysis once its job has finished, or as it stands after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        analysis = await projects.get_json(f"/v1/risk-analyses/{analysis['id']}")
        if analysis["state"] in FINISHED or time.monotonic() > deadline:
            return analysis
        await asyncio.sleep(0.2)


def describe_risk(analysis: dict[str, Any], code: str) -> str:
    """One line for ``make up``."""
    line = f"schedule risk analysis of {code}: {analysis['id']}, {analysis['state']}"
    result = analysis.get("result")
    if result:
        line += (
            f"; finish P50 {result['p50_finish']}, P80 {result['p80_finish']} "
            f"(planned {result['deterministic_finish']})"
        )
    return line
