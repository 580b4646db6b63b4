"""Levelling through GraphQL over the real projects service (with its queue worker): queue a
preview, read the job, apply it, clear it; userErrors for what the caller can fix."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from decimal import Decimal
from typing import Any

import httpx
from fastapi import FastAPI

from services.projects.models import Assignment
from tests.gateway.conftest import Gateway

LEVEL = """
mutation($input: LevelProjectInput!) {
  levelProject(input: $input) { job { id state kind } userErrors { field message } }
}
"""
LEVEL_PORTFOLIO = """
mutation($input: LevelPortfolioInput!) {
  levelPortfolio(input: $input) { job { id state } userErrors { field message } }
}
"""
JOB = "query($id: ID!) { job(id: $id) { id state progress message result error } }"
APPLY = """
mutation($input: ApplyLevellingInput!) {
  applyLevelling(input: $input) {
    applied { tasksChanged projects { projectId scheduledFinish } }
    userErrors { field message }
  }
}
"""
CLEAR = """
mutation($input: ClearLevellingInput!) {
  clearLevelling(input: $input) { clearedProjectId userErrors { field message } }
}
"""


async def _ok(http: httpx.AsyncClient, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    answer = await http.request(method, path, **kwargs)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def _plan(http: httpx.AsyncClient, app: FastAPI) -> dict[str, Any]:
    """Two two-day tasks wanting the same person from the same Monday."""
    body = {"code": f"LV-{secrets.token_hex(4)}", "name": "Lev", "start_date": "2027-01-04"}
    project = await _ok(http, "POST", "/v1/projects", json=body)
    someone = await _ok(http, "POST", "/v1/resources", json={"kind": "person", "name": "P"})
    for name in ("A", "B"):
        task = await _ok(
            http,
            "POST",
            f"/v1/projects/{project['id']}/tasks",
            json={"name": name, "duration_days": "2"},
        )
        async with app.state.sessionmaker() as session, session.begin():
            session.add(
                Assignment(
                    task_id=task["id"],
                    resource_id=someone["id"],
                    project_id=project["id"],
                    units=Decimal(1),
                )
            )
    return project


async def _finished(gateway: Gateway, job_id: str) -> dict[str, Any]:
    for _ in range(600):
        answer = await gateway.query(JOB, {"id": job_id})
        assert "errors" not in answer, answer
        job = answer["data"]["job"]
        if job["state"] not in ("QUEUED", "RUNNING"):
            return job
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


async def test_level_apply_and_clear_a_project(
    gateway: Gateway, projects_http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    project = await _plan(projects_http, projects_app)
    queued = await gateway.query(LEVEL, {"input": {"projectId": project["id"]}})
    assert queued["data"]["levelProject"]["userErrors"] == [], queued
    job = queued["data"]["levelProject"]["job"]
    assert job["kind"] == "levelling" and job["state"] in ("QUEUED", "RUNNING", "SUCCEEDED")
    done = await _finished(gateway, job["id"])
    assert done["state"] == "SUCCEEDED" and done["progress"] == 1
    assert done["result"]["delay_days"] == 2 and len(done["result"]["moved_tasks"]) == 1

    applied = await gateway.query(APPLY, {"input": {"jobId": job["id"]}})
    payload = applied["data"]["applyLevelling"]
    assert payload["userErrors"] == [], applied
    assert payload["applied"]["projects"][0]["scheduledFinish"].startswith("2027-01-07")

    version = (await _ok(projects_http, "GET", f"/v1/projects/{project['id']}"))["version"]
    stale = await gateway.query(
        CLEAR, {"input": {"projectId": project["id"], "expectedVersion": version + 5}}
    )
    assert stale["data"]["clearLevelling"]["userErrors"][0]["field"] == "expectedVersion"
    cleared = await gateway.query(
        CLEAR, {"input": {"projectId": project["id"], "expectedVersion": version}}
    )
    assert cleared["data"]["clearLevelling"] == {
        "clearedProjectId": project["id"],
        "userErrors": [],
    }
    finish = await _ok(projects_http, "GET", f"/v1/projects/{project['id']}")
    assert finish["scheduled_finish"].startswith("2027-01-05")


async def test_user_errors_and_unknown_job(
    gateway: Gateway, projects_http: httpx.AsyncClient
) -> None:
    bad = await gateway.query(LEVEL, {"input": {"projectId": "nope"}})
    assert bad["data"]["levelProject"]["userErrors"][0]["field"] == "projectId"
    portfolio = await _ok(projects_http, "POST", "/v1/portfolios", json={"name": "Empty"})
    empty = await gateway.query(LEVEL_PORTFOLIO, {"input": {"portfolioId": portfolio["id"]}})
    assert empty["data"]["levelPortfolio"]["job"] is None
    assert empty["data"]["levelPortfolio"]["userErrors"][0]["field"] == "portfolioId"
    missing = await gateway.query(JOB, {"id": str(uuid.uuid4())})
    assert missing["data"] == {"job": None}
    too_long = await gateway.query(
        LEVEL, {"input": {"projectId": str(uuid.uuid4()), "timeLimitSeconds": 1000}}
    )
    fields = [e["field"] for e in too_long["data"]["levelProject"]["userErrors"]]
    assert fields == ["timeLimitSeconds"], too_long
