"""Plans and risk analyses for the forecast tests, everything through the API."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.factories import add_task, create_project
from tests.projects.levelling_api.factories import wait_for_job

MONDAY = "2027-01-04"
FRIDAY = "2027-01-08"


def estimate(low: str, likely: str, high: str, kind: str = "triangular") -> dict[str, str]:
    return {
        "duration_optimistic_days": low,
        "duration_most_likely_days": likely,
        "duration_pessimistic_days": high,
        "duration_distribution": kind,
    }


async def link(http: httpx.AsyncClient, project_id: str, first: dict, then: dict) -> None:
    answer = await http.post(
        f"/v1/projects/{project_id}/dependencies",
        json={"predecessor_id": first["id"], "successor_id": then["id"]},
    )
    assert answer.status_code == 201, answer.text


async def set_deadline(http: httpx.AsyncClient, project_id: str, deadline: str) -> None:
    answer = await http.patch(
        f"/v1/projects/{project_id}/schedule-settings", json={"deadline": deadline}
    )
    assert answer.status_code == 200, answer.text


async def closed_form_plan(
    http: httpx.AsyncClient, deadline: str | None = None
) -> tuple[dict, dict, dict]:
    """The issue's case: A fixed at 2 days, then B triangular(2, 3, 6)."""
    plan = await create_project(http, start_date=MONDAY)
    if deadline is not None:
        await set_deadline(http, plan["id"], deadline)
    a = await add_task(http, plan["id"], name="A", duration_days="2")
    b = await add_task(http, plan["id"], name="B", duration_days="3", **estimate("2", "3", "6"))
    await link(http, plan["id"], a, b)
    return plan, a, b


async def analyse(http: httpx.AsyncClient, project_id: str, **body: Any) -> dict[str, Any]:
    """Request an analysis, wait for its job, answer the finished analysis."""
    answer = await http.post(f"/v1/projects/{project_id}/risk-analyses", json=body)
    assert answer.status_code == 202, answer.text
    queued = answer.json()
    assert answer.headers["location"] == f"/v1/risk-analyses/{queued['id']}"
    assert queued["state"] == "queued" and queued["result"] is None
    job = await wait_for_job(http, queued["links"]["job"])
    assert job["state"] == "succeeded", job
    assert job["kind"] == "risk_analysis"
    done = await http.get(queued["links"]["self"])
    assert done.status_code == 200, done.text
    analysis = done.json()
    assert analysis["state"] == "succeeded"
    assert job["result"]["analysis_id"] == analysis["id"]
    return dict(analysis)
