"""What-ifs that make no sense, and callers who may not ask: problem+json, no job queued."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from services.projects.models import Job
from tests.projects.capacity.factories import create_resource
from tests.projects.factories import add_task, auth, create_portfolio, create_project
from tests.projects.what_if.factories import MONDAY, plan, role_with_members, what_if

PROBLEM = "application/problem+json"


async def _jobs_of(app: FastAPI, project_id: str) -> int:
    async with app.state.sessionmaker() as session:
        query = select(func.count()).select_from(Job).where(Job.project_id == project_id)
        return int((await session.execute(query)).scalar_one())


async def _refused(http: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = await http.post(path, json=body)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    return dict(answer.json())


def _fields(problem: dict[str, Any]) -> set[str]:
    return {error["field"] for error in problem["errors"]}


async def test_unknown_resources_roles_and_calendars_are_named(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    role, (member,) = await role_with_members(http, 1)
    project = await plan(http, [("A", "1", member)])
    path = f"/v1/projects/{project['id']}/what-if"
    nobody = str(uuid.uuid4())
    problem = await _refused(
        http,
        path,
        {
            "add": [
                {"key": "x", "role_name": "No such role anywhere"},
                {"key": "x", "role_name": role["name"], "calendar_id": nobody},
            ],
            "remove": [nobody, role["id"]],
            "time_off": [{"resource_id": nobody, "from_date": MONDAY, "to_date": MONDAY}],
        },
    )
    assert _fields(problem) == {
        "add[0].role_name",
        "add[1].key",
        "add[1].calendar_id",
        "remove[0]",
        "remove[1]",  # a role is a pool, not someone who leaves it
        "time_off[0].resource_id",
    }
    assert await _jobs_of(projects_app, project["id"]) == 0


async def test_time_off_in_the_wrong_order_empty_and_too_many_changes(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    someone = await create_resource(http)
    project = await plan(http, [("A", "1", someone)])
    path = f"/v1/projects/{project['id']}/what-if"
    backwards = {"resource_id": someone["id"], "from_date": "2027-01-08", "to_date": "2027-01-04"}
    problem = await _refused(http, path, {"time_off": [backwards]})
    assert _fields(problem) == {"time_off[0].to_date"}
    assert (await _refused(http, path, {}))["errors"][0]["message"] == "at least one change"
    many = [{"key": f"n{i}", "role_name": "x"} for i in range(30)]
    problem = await _refused(http, path, {"add": many, "remove": [someone["id"]] * 30})
    assert "at most 50" in problem["detail"]
    await _refused(http, path, {"add": [{"key": "bad key!", "role_name": "x"}]})
    await _refused(http, path, {"remove": [someone["id"]], "time_limit_seconds": 0})
    await _refused(http, path, {"remove": [someone["id"]], "surprise": True})
    assert await _jobs_of(projects_app, project["id"]) == 0


async def test_a_scenario_that_cannot_be_levelled_is_refused_up_front(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    """Away for three years, the only person on a task has no working day: that side
    cannot be levelled (422, no job); without levelling the what-if shows the 32 h."""
    someone = await create_resource(http, max_units="2")
    project = await create_project(http, start_date=MONDAY)
    task = await add_task(http, project["id"], name="Heavy", duration_days="2")
    answer = await http.post(
        f"/v1/tasks/{task['id']}/assignments",
        json={"resource_id": someone["id"], "units": "2"},
    )
    assert answer.status_code == 201, answer.text
    path = f"/v1/projects/{project['id']}/what-if"
    change = {"resource_id": someone["id"], "from_date": "2026-01-01", "to_date": "2028-12-31"}
    problem = await _refused(http, path, {"time_off": [change]})
    assert problem["code"] == "resource_without_working_days"
    assert await _jobs_of(projects_app, project["id"]) == 0
    result = await what_if(http, path, time_off=[change], level=False)
    assert result["scenario"]["over_allocation_before_levelling"]["hours"] == 32


async def test_who_may_ask(http: httpx.AsyncClient, make_token: Any) -> None:
    someone = await create_resource(http)
    project = await plan(http, [("A", "1", someone)])
    path = f"/v1/projects/{project['id']}/what-if"
    body = {"remove": [someone["id"]], "level": False}
    stranger = make_token("member")
    viewer, manager = f"viewer-{uuid.uuid4().hex[:8]}", f"manager-{uuid.uuid4().hex[:8]}"
    for subject, role in ((viewer, "viewer"), (manager, "manager")):
        added = await http.post(
            f"/v1/projects/{project['id']}/members", json={"user_id": subject, "role": role}
        )
        assert added.status_code == 201, added.text
    assert (await http.post(path, json=body, headers=auth(stranger))).status_code == 404
    refused = await http.post(path, json=body, headers=auth(make_token("member", sub=viewer)))
    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    assert (
        await http.post(path, json=body, headers=auth(make_token("member", sub=manager)))
    ).status_code == 202
    executive = make_token("executive")  # reads everything, changes nothing
    assert (await http.post(path, json=body, headers=auth(executive))).status_code == 403
    assert (await http.post(path, json=body, headers=auth(make_token("pmo")))).status_code == 202
    missing = await http.post(f"/v1/projects/{uuid.uuid4()}/what-if", json=body)
    assert missing.status_code == 404


async def test_a_portfolio_what_if_levels_its_projects_together(http: httpx.AsyncClient) -> None:
    """Two projects share one person, each with a 2-day task: levelled together one waits
    (finish Thu 7th); a second person in the role lets both run at once (finish Tue 5th)."""
    role, (member,) = await role_with_members(http, 1)
    portfolio = await create_portfolio(http)
    for name in ("One", "Two"):
        project = await create_project(http, start_date=MONDAY, portfolio_id=portfolio["id"])
        task = await add_task(http, project["id"], name=name, duration_days="2")
        answer = await http.post(
            f"/v1/tasks/{task['id']}/assignments", json={"resource_id": role["id"], "units": "1"}
        )
        assert answer.status_code == 201, answer.text
    result = await what_if(
        http,
        f"/v1/portfolios/{portfolio['id']}/what-if",
        add=[{"key": "second", "role_name": role["name"]}],
    )
    assert result["current"]["finish"].startswith("2027-01-07")
    assert result["scenario"]["finish"].startswith("2027-01-05")
    assert result["delta"]["finish_working_days"] == -2
    assert len(result["tasks_moving"]) == 1
    missing = await http.post(f"/v1/portfolios/{uuid.uuid4()}/what-if", json={"remove": []})
    assert missing.status_code == 404
    empty = await create_portfolio(http)
    body = {"remove": [member["id"]]}
    await _refused(http, f"/v1/portfolios/{empty['id']}/what-if", body)


async def test_the_comparison_of_a_job_that_is_not_a_what_if_or_not_done(
    http: httpx.AsyncClient, projects_app: FastAPI
) -> None:
    someone = await create_resource(http)
    project = await plan(http, [("A", "1", someone)])
    levelling = await http.post(f"/v1/projects/{project['id']}/levelling-previews", json={})
    assert levelling.status_code == 202, levelling.text
    for job_id in (levelling.json()["id"], str(uuid.uuid4())):
        answer = await http.get(f"/v1/jobs/{job_id}/what-if")
        assert answer.status_code == 404 and answer.headers["content-type"] == PROBLEM
    async with projects_app.state.sessionmaker() as session, session.begin():
        waiting = Job(  # a job no worker will take (it has no queue entry): queued for good
            kind="what_if",
            state="queued",
            progress=0,
            params={},
            attempts=0,
            project_id=project["id"],
            message="queued",
        )
        session.add(waiting)
    early = await http.get(f"/v1/jobs/{waiting.id}/what-if")
    assert early.status_code == 409 and early.json()["state"] == "queued"
