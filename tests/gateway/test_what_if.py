"""What-if on resources through GraphQL over the real projects service (with its queue
worker): queue it, poll the job, read the typed comparison; userErrors for bad input."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from typing import Any

import httpx

from tests.gateway.conftest import Gateway

WHAT_IF = """
mutation($input: ResourceWhatIfInput!) {
  resourceWhatIf(input: $input) { job { id state kind } userErrors { field message } }
}
"""
RESULT = """
query($jobId: ID!) {
  job(id: $jobId) { state error }
  resourceWhatIfResult(jobId: $jobId) {
    levelled engineFinish
    current { finish resourceCost currency
              overAllocationBeforeLevelling { hours periods resourceIds resourceNames } }
    scenario { finish resourceCost overAllocationAfterLevelling { hours periods } }
    delta { finishWorkingDays resourceCost overAllocationBeforeLevelling { hours periods } }
    tasksMoving { name currentStart scenarioStart }
  }
}
"""


async def _ok(http: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = await http.post(path, json=body)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def _plan(http: httpx.AsyncClient) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two 2-day tasks on a role of one member at 40/h, from Monday 2027-01-04."""
    name = f"Analyst {secrets.token_hex(4)}"
    role = await _ok(http, "/v1/resources", {"kind": "role", "name": name})
    rate = {"effective_from": "2020-01-01", "rate_per_hour": "40.00", "currency": "EUR"}
    await _ok(http, f"/v1/resources/{role['id']}/rates", rate)
    await _ok(http, "/v1/resources", {"kind": "person", "name": "M", "role_name": name})
    body = {"code": f"WI-{secrets.token_hex(4)}", "name": "What-if", "start_date": "2027-01-04"}
    project = await _ok(http, "/v1/projects", {**body, "currency": "EUR"})
    for task_name in ("A", "B"):
        task = await _ok(
            http,
            f"/v1/projects/{project['id']}/tasks",
            {"name": task_name, "duration_days": "2"},
        )
        await _ok(
            http, f"/v1/tasks/{task['id']}/assignments", {"resource_id": role["id"], "units": "1"}
        )
    return project, role


async def _finished(gateway: Gateway, job_id: str) -> dict[str, Any]:
    for _ in range(600):
        answer = await gateway.query(RESULT, {"jobId": job_id})
        assert "errors" not in answer, answer
        if answer["data"]["job"]["state"] not in ("QUEUED", "RUNNING"):
            return dict(answer["data"])
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


async def test_a_what_if_compares_both_sides(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    """One analyst does A then B (finish Thu 7th); a second at 20/h lets both run at once
    (finish Tue 5th) and takes half the 32 h: 16 x 40 + 16 x 20 = 960 instead of 1,280."""
    project, role = await _plan(projects_http)
    person = {"key": "second", "roleName": role["name"], "ratePerHour": "20.00"}
    queued = await gateway.query(WHAT_IF, {"input": {"projectId": project["id"], "add": [person]}})
    payload = queued["data"]["resourceWhatIf"]
    assert payload["userErrors"] == [], queued
    assert payload["job"]["kind"] == "what_if"
    done = await _finished(gateway, payload["job"]["id"])
    assert done["job"]["state"] == "SUCCEEDED", done
    result = done["resourceWhatIfResult"]
    assert result["levelled"] is True and result["engineFinish"].startswith("2027-01-05")
    assert result["current"]["finish"].startswith("2027-01-07")
    assert result["scenario"]["finish"].startswith("2027-01-05")
    assert result["current"]["resourceCost"] == "1280.00"
    assert result["scenario"]["resourceCost"] == "960.00"
    assert result["delta"] == {
        "finishWorkingDays": -2,
        "resourceCost": "-320.00",
        "overAllocationBeforeLevelling": {"hours": -16.0, "periods": -1},
    }
    before = result["current"]["overAllocationBeforeLevelling"]
    assert before == {
        "hours": 16.0,
        "periods": 1,
        "resourceIds": [role["id"]],
        "resourceNames": [role["name"]],
    }
    assert result["scenario"]["overAllocationAfterLevelling"] == {"hours": 0.0, "periods": 0}
    [moving] = result["tasksMoving"]
    assert moving["scenarioStart"].startswith("2027-01-04")


async def test_user_errors_and_unknown_jobs(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    project, role = await _plan(projects_http)
    neither = await gateway.query(WHAT_IF, {"input": {"remove": [str(uuid.uuid4())]}})
    assert neither["data"]["resourceWhatIf"]["userErrors"][0]["field"] == "projectId"
    unknown_role = {"key": "x", "roleName": "Nobody has this role"}
    bad = await gateway.query(
        WHAT_IF, {"input": {"projectId": project["id"], "add": [unknown_role]}}
    )
    payload = bad["data"]["resourceWhatIf"]
    assert payload["job"] is None
    assert [e["field"] for e in payload["userErrors"]] == ["add[0].roleName"], bad
    backwards = {"resourceId": role["id"], "fromDate": "2027-01-08", "toDate": "2027-01-04"}
    wrong = await gateway.query(
        WHAT_IF, {"input": {"projectId": project["id"], "timeOff": [backwards]}}
    )
    assert [e["field"] for e in wrong["data"]["resourceWhatIf"]["userErrors"]] == [
        "timeOff[0].toDate"
    ]
    missing = await gateway.query(RESULT, {"jobId": str(uuid.uuid4())})
    assert missing["data"] == {"job": None, "resourceWhatIfResult": None}
