"""Plans and what-ifs for the what-if tests, everything through the API."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.projects.capacity.factories import create_resource, make_assignment
from tests.projects.factories import add_task, create_project
from tests.projects.levelling_api.factories import wait_for_job

MONDAY = "2027-01-04"


async def role_with_members(
    http: httpx.AsyncClient, members: int, rate: str | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A role resource (at ``rate`` per hour from 2020) and ``members`` people in it."""
    name = f"Tester {secrets.token_hex(4)}"
    role = await create_resource(http, kind="role", name=name)
    if rate is not None:
        answer = await http.post(
            f"/v1/resources/{role['id']}/rates",
            json={"effective_from": "2020-01-01", "rate_per_hour": rate, "currency": "EUR"},
        )
        assert answer.status_code == 201, answer.text
    people = [await create_resource(http, role_name=name) for _ in range(members)]
    return role, people


async def plan(
    http: httpx.AsyncClient, work: list[tuple[str, str, dict[str, Any]]]
) -> dict[str, Any]:
    """A project from Monday whose tasks (name, days, resource) are each assigned full time."""
    project = await create_project(http, start_date=MONDAY, currency="EUR")
    for name, days, resource in work:
        task = await add_task(http, project["id"], name=name, duration_days=days)
        await make_assignment(http, task, resource, "1")
    return project


async def what_if(http: httpx.AsyncClient, path: str, **body: Any) -> dict[str, Any]:
    """Request a what-if, wait for its job, answer the job's result."""
    response = await http.post(path, json=body)
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/v1/jobs/{response.json()['id']}"
    job = await wait_for_job(http, response.headers["location"])
    assert job["state"] == "succeeded", job
    assert job["kind"] == "what_if"
    typed = await http.get(f"/v1/jobs/{job['id']}/what-if")
    assert typed.status_code == 200, typed.text
    assert typed.headers["etag"] == f'"{job["version"]}"'
    assert typed.json() == {"job_id": job["id"], **job["result"]}
    return dict(job["result"])
