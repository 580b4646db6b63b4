"""Levelling through the API: preview as a job, apply, clear; shared people across a
portfolio, role pools, time off."""

from __future__ import annotations

import secrets

import httpx

from tests.projects.factories import add_task, create_portfolio, create_project
from tests.projects.levelling_api.factories import level, make_assignment, person

MONDAY = "2027-01-04"


async def _tasks(http: httpx.AsyncClient, project_id: str) -> dict[str, dict]:
    answer = await http.get(f"/v1/projects/{project_id}/tasks", params={"limit": 200})
    assert answer.status_code == 200, answer.text
    return {t["name"]: t for t in answer.json()["items"]}


async def _two_tasks_one_person(http: httpx.AsyncClient) -> tuple[dict, dict]:
    project = await create_project(http, start_date=MONDAY)
    someone = await person(http)
    for name, days in (("A", "3"), ("B", "2")):
        task = await add_task(http, project["id"], name=name, duration_days=days)
        await make_assignment(http, task, someone)
    return project, someone


async def test_preview_delays_one_apply_changes_the_plan_clear_restores(
    http: httpx.AsyncClient,
) -> None:
    project, _ = await _two_tasks_one_person(http)
    pid = project["id"]
    before = await _tasks(http, pid)
    job = await level(http, f"/v1/projects/{pid}/levelling-previews", method="solver")
    assert job["state"] == "succeeded", job
    assert job["progress"] == 1 and job["kind"] == "levelling" and job["project_id"] == pid
    preview = job["result"]
    assert preview["status"] == "optimal"
    assert [m["name"] for m in preview["moved_tasks"]] == ["B"]  # the shorter one waits
    moved = preview["moved_tasks"][0]
    assert moved["levelling_delay_days"] == 3 and moved["new_start"].startswith("2027-01-07")
    assert preview["delay_days"] == 2 and preview["new_finish"].startswith("2027-01-08")
    assert await _tasks(http, pid) == before  # a preview writes nothing

    applied = await http.post(f"/v1/jobs/{job['id']}/apply", json={})
    assert applied.status_code == 200, applied.text
    assert applied.json()["projects"][0]["scheduled_finish"].startswith("2027-01-08")
    after = await _tasks(http, pid)
    assert after["B"]["start_date"] == "2027-01-07" and after["B"]["levelling_delay_days"] == "3.00"
    assert after["A"]["free_float_days"] != before["A"]["free_float_days"]
    audited = await http.get(
        "/v1/audit-records", params={"entity_type": "tasks", "entity_id": after["B"]["id"]}
    )
    changes = [r["changes"] for r in audited.json()["items"]]
    assert {"levelling_delay_days": {"old": "0.00", "new": "3.00"}} in changes
    again = await http.post(f"/v1/jobs/{job['id']}/apply", json={})
    assert again.status_code == 200 and again.json() == applied.json()
    assert await _tasks(http, pid) == after  # the duplicate push wrote nothing

    version = (await http.get(f"/v1/projects/{pid}")).json()["version"]
    cleared = await http.delete(
        f"/v1/projects/{pid}/levelling", headers={"if-match": f'"{version}"'}
    )
    assert cleared.status_code == 204, cleared.text
    restored = await _tasks(http, pid)
    assert restored["B"]["start_date"] == before["B"]["start_date"]
    assert restored["B"]["levelling_delay_days"] == "0.00"


async def test_apply_with_a_baseline(http: httpx.AsyncClient) -> None:
    project, _ = await _two_tasks_one_person(http)
    job = await level(http, f"/v1/projects/{project['id']}/levelling-previews")
    body = {"set_baseline": True, "baseline_number": 1, "baseline_name": "Levelled"}
    applied = await http.post(f"/v1/jobs/{job['id']}/apply", json=body)
    assert applied.status_code == 200, applied.text
    baseline = await http.get(f"/v1/projects/{project['id']}/baselines/1")
    assert baseline.status_code == 200, baseline.text
    assert baseline.json()["name"] == "Levelled"
    assert baseline.json()["project_finish"].startswith("2027-01-08")


async def test_portfolio_projects_sharing_a_person_level_together(http: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(http)
    someone = await person(http)
    for name in ("One", "Two"):
        project = await create_project(http, start_date=MONDAY, portfolio_id=portfolio["id"])
        task = await add_task(http, project["id"], name=name, duration_days="2")
        await make_assignment(http, task, someone)
    job = await level(http, f"/v1/portfolios/{portfolio['id']}/levelling-previews")
    assert job["state"] == "succeeded", job
    assert job["portfolio_id"] == portfolio["id"]
    result = job["result"]
    assert len(result["projects"]) == 2 and len(result["moved_tasks"]) == 1
    assert result["moved_tasks"][0]["new_start"].startswith("2027-01-06")
    assert sorted(p["delay_days"] for p in result["projects"]) == [0, 2]
    applied = await http.post(f"/v1/jobs/{job['id']}/apply", json={})
    assert applied.status_code == 200, applied.text
    finishes = sorted(p["scheduled_finish"][:10] for p in applied.json()["projects"])
    assert finishes == ["2027-01-05", "2027-01-07"]


async def test_a_role_pool_holds_as_many_as_its_members(http: httpx.AsyncClient) -> None:
    role_name = f"Role {secrets.token_hex(4)}"
    role = await http.post("/v1/resources", json={"kind": "role", "name": role_name})
    assert role.status_code == 201, role.text
    for _ in range(2):
        await person(http, role_name=role_name)
    project = await create_project(http, start_date=MONDAY)
    for name in ("X", "Y", "Z"):
        task = await add_task(http, project["id"], name=name, duration_days="1")
        await make_assignment(http, task, role.json())
    job = await level(http, f"/v1/projects/{project['id']}/levelling-previews")
    result = job["result"]
    assert len(result["moved_tasks"]) == 1, result  # two members: two of three at once
    assert result["moved_tasks"][0]["new_start"].startswith("2027-01-05")


async def test_time_off_is_respected(http: httpx.AsyncClient) -> None:
    someone = await person(http)
    off = await http.post(
        f"/v1/resources/{someone['id']}/time-off",
        json={"from_date": "2027-01-04", "to_date": "2027-01-05"},
    )
    assert off.status_code == 201, off.text
    project = await create_project(http, start_date=MONDAY)
    task = await add_task(http, project["id"], name="Alone", duration_days="2")
    await make_assignment(http, task, someone)
    job = await level(http, f"/v1/projects/{project['id']}/levelling-previews")
    moved = job["result"]["moved_tasks"]
    assert [m["name"] for m in moved] == ["Alone"]
    assert moved[0]["new_start"].startswith("2027-01-06")
    assert moved[0]["levelling_delay_days"] == 2
