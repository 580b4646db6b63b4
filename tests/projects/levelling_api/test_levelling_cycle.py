"""A levelling request on a plan whose links form a cycle. Every write path refuses a cycle
(links, moves in the WBS, imports, pushes), so the test writes the looping link around the
API, as a damaged database or a faulty migration might: the preview must still answer a
problem naming the tasks, queue nothing and change nothing."""

from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from services.projects.models import Dependency, Job
from tests.projects.factories import add_task, create_project

MONDAY = "2027-01-04"


async def _link_around_the_api(app: FastAPI, project_id: str, first: dict, then: dict) -> None:
    async with app.state.sessionmaker() as session:
        session.add(
            Dependency(
                project_id=uuid.UUID(project_id),
                predecessor_id=uuid.UUID(first["id"]),
                successor_id=uuid.UUID(then["id"]),
            )
        )
        await session.commit()


async def test_a_plan_with_a_cycle_is_refused_naming_its_tasks(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    project = await create_project(http, start_date=MONDAY)
    pid = project["id"]
    a = await add_task(http, pid, name="Loop A", duration_days="2")
    b = await add_task(http, pid, name="Loop B", duration_days="2")
    linked = await http.post(
        f"/v1/projects/{pid}/dependencies",
        json={"predecessor_id": a["id"], "successor_id": b["id"]},
    )
    assert linked.status_code == 201, linked.text
    await _link_around_the_api(projects_app, pid, b, a)
    before = (await http.get(f"/v1/projects/{pid}")).json()

    answer = await http.post(f"/v1/projects/{pid}/levelling-previews", json={})

    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "dependency_cycle"
    assert {task["id"] for task in problem["cycle"]} == {a["id"], b["id"]}
    assert "'Loop B' -> 'Loop A' -> 'Loop B'" in problem["detail"]
    async with projects_app.state.sessionmaker() as session:
        queued = select(func.count()).select_from(Job).where(Job.project_id == uuid.UUID(pid))
        assert (await session.execute(queued)).scalar_one() == 0
    assert (await http.get(f"/v1/projects/{pid}")).json() == before
