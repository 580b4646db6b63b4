"""Plans that cannot be levelled, and requests that make no sense: problem+json, nothing
written, no job queued."""

from __future__ import annotations

import secrets
import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from services.projects.models import Job
from tests.projects.factories import add_task, create_project
from tests.projects.levelling_api.factories import level, make_assignment, person

PROBLEM = "application/problem+json"
MONDAY = "2027-01-04"


async def _jobs_of(app: FastAPI, project_id: str) -> int:
    async with app.state.sessionmaker() as session:
        query = select(func.count()).select_from(Job).where(Job.project_id == project_id)
        return int((await session.execute(query)).scalar_one())


async def test_a_task_needing_more_than_exists_is_named(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    # The assignments API refuses more units than max_units: assigned at 2 while the person
    # could give 2, the person then drops to 1 (say, a new part-time contract).
    someone = await person(http, max_units="2")
    project = await create_project(http, start_date=MONDAY)
    task = await add_task(http, project["id"], name="Too big", duration_days="2")
    await make_assignment(http, task, someone, units="2")
    lowered = await http.patch(
        f"/v1/resources/{someone['id']}",
        json={"max_units": "1"},
        headers={"if-match": f'"{someone["version"]}"'},
    )
    assert lowered.status_code == 200, lowered.text
    answer = await http.post(f"/v1/projects/{project['id']}/levelling-previews", json={})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    assert problem["code"] == "infeasible_demand"
    assert problem["task_id"] == task["id"] and problem["task_name"] == "Too big"
    assert await _jobs_of(projects_app, project["id"]) == 0


async def test_a_resource_with_no_working_days_is_named(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    someone = await person(http)
    off = await http.post(
        f"/v1/resources/{someone['id']}/time-off",
        json={"from_date": "2026-01-01", "to_date": "2040-12-31"},
    )
    assert off.status_code == 201, off.text
    project = await create_project(http, start_date=MONDAY)
    task = await add_task(http, project["id"], duration_days="1")
    await make_assignment(http, task, someone)
    answer = await http.post(f"/v1/projects/{project['id']}/levelling-previews", json={})
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "resource_without_working_days"
    assert answer.json()["resource_id"] == someone["id"]
    assert await _jobs_of(projects_app, project["id"]) == 0


async def test_time_limit_out_of_range_and_unknown_method(http: httpx.AsyncClient) -> None:
    project = await create_project(http, start_date=MONDAY)
    path = f"/v1/projects/{project['id']}/levelling-previews"
    for body in ({"time_limit_seconds": 0}, {"time_limit_seconds": 301}, {"method": "magic"}):
        answer = await http.post(path, json=body)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == PROBLEM


async def test_unknown_ids(http: httpx.AsyncClient) -> None:
    missing = uuid.uuid4()
    for path in (
        f"/v1/projects/{missing}/levelling-previews",
        f"/v1/portfolios/{missing}/levelling-previews",
        f"/v1/jobs/{missing}/apply",
    ):
        answer = await http.post(path, json={})
        assert answer.status_code == 404, (path, answer.text)
        assert answer.headers["content-type"] == PROBLEM
    assert (await http.get(f"/v1/jobs/{missing}")).status_code == 404
    cleared = await http.delete(f"/v1/projects/{missing}/levelling", headers={"if-match": '"1"'})
    assert cleared.status_code == 404


async def test_a_stale_apply_is_refused_and_writes_nothing(http: httpx.AsyncClient) -> None:
    someone = await person(http)
    project = await create_project(http, start_date=MONDAY)
    tasks = []
    for name in ("A", "B"):
        tasks.append(await add_task(http, project["id"], name=name, duration_days="2"))
        await make_assignment(http, tasks[-1], someone)
    job = await level(http, f"/v1/projects/{project['id']}/levelling-previews")
    edited = await http.patch(
        f"/v1/tasks/{tasks[0]['id']}",
        json={"name": f"A {secrets.token_hex(2)}"},
        headers={"if-match": f'"{tasks[0]["version"]}"'},
    )
    assert edited.status_code == 200, edited.text
    listed = await http.get(f"/v1/projects/{project['id']}/tasks")
    answer = await http.post(f"/v1/jobs/{job['id']}/apply", json={})
    assert answer.status_code == 409, answer.text
    assert answer.json()["code"] == "stale_preview"
    assert (await http.get(f"/v1/projects/{project['id']}/tasks")).json() == listed.json()


async def test_clear_with_a_stale_project_version_is_refused(http: httpx.AsyncClient) -> None:
    project = await create_project(http, start_date=MONDAY)
    path = f"/v1/projects/{project['id']}/levelling"
    stale = await http.delete(path, headers={"if-match": '"99"'})
    assert stale.status_code == 412 and stale.headers["content-type"] == PROBLEM


async def test_a_failed_or_unfinished_job_cannot_be_applied(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    project = await create_project(http, start_date=MONDAY)
    await add_task(http, project["id"], duration_days="1")
    job = await level(http, f"/v1/projects/{project['id']}/levelling-previews")
    assert job["state"] == "succeeded" and job["result"]["moved_tasks"] == []
    cancelled = await http.post(
        f"/v1/jobs/{job['id']}/cancel", headers={"if-match": f'"{job["version"]}"'}
    )
    assert cancelled.status_code == 409  # already finished


async def test_outsiders_neither_preview_nor_apply_nor_read_the_job(
    http: httpx.AsyncClient, projects_app: FastAPI, make_token
) -> None:
    project = await create_project(http, start_date=MONDAY)
    await add_task(http, project["id"], duration_days="1")
    job = await level(http, f"/v1/projects/{project['id']}/levelling-previews")
    outsider = {"authorization": f"Bearer {make_token('member')}"}
    preview = await http.post(
        f"/v1/projects/{project['id']}/levelling-previews", json={}, headers=outsider
    )
    assert preview.status_code == 404, preview.text  # a project it may not see
    assert (await http.get(f"/v1/jobs/{job['id']}", headers=outsider)).status_code == 404
    applied = await http.post(f"/v1/jobs/{job['id']}/apply", json={}, headers=outsider)
    assert applied.status_code == 404, applied.text
    assert (await http.post(f"/v1/jobs/{job['id']}/apply", json={})).status_code == 200
    again = await http.post(f"/v1/jobs/{job['id']}/apply", json={}, headers=outsider)
    assert again.status_code == 404, again.text  # not even the stored answer
