from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx

from tests.projects.factories import add_task, auth, create_project


async def _set(client: httpx.AsyncClient, project_id: str, number: int, **kw) -> httpx.Response:
    return await client.post(f"/v1/projects/{project_id}/baselines/{number}", **kw)


async def test_capture_and_list_baselines(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    pid = project["id"]
    for day in (5, 12):
        await add_task(client, pid, start_date=f"2026-01-{day:02d}", duration_days="2")
    tasks = (await client.get(f"/v1/projects/{pid}/tasks")).json()["items"]

    created = await _set(client, pid, 0, json={"name": "Approved plan"})
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/v1/projects/{pid}/baselines/0"
    body = created.json()
    assert body["number"] == 0
    assert body["name"] == "Approved plan"
    assert body["task_count"] == 2
    assert body["captured_by"] == "admin"
    # The scheduler may move dates: compare with what the tasks report.
    assert _day(body["project_start"]) == min(_planned(t, "start") for t in tasks)
    assert _day(body["project_finish"]) == max(_planned(t, "finish") for t in tasks)

    assert (await _set(client, pid, 3)).status_code == 201  # the body is optional
    listed = (await client.get(f"/v1/projects/{pid}/baselines")).json()
    assert [(b["number"], b["name"], b["task_count"]) for b in listed["items"]] == [
        (0, "Approved plan", 2),
        (3, None, 2),
    ]
    assert listed["items"][0]["captured_at"]


async def test_existing_number_conflicts_unless_replaced(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    pid = project["id"]
    await add_task(client, pid)
    assert (await _set(client, pid, 1, json={"name": "first"})).status_code == 201
    await add_task(client, pid)

    again = await _set(client, pid, 1, json={"name": "second"})
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    kept = (await client.get(f"/v1/projects/{pid}/baselines/1")).json()
    assert (kept["name"], kept["task_count"]) == ("first", 1)

    replaced = await _set(client, pid, 1, json={"name": "second"}, params={"replace": "true"})
    assert replaced.status_code == 201, replaced.text
    assert (replaced.json()["name"], replaced.json()["task_count"]) == ("second", 2)
    listed = (await client.get(f"/v1/projects/{pid}/baselines")).json()["items"]
    assert [(b["number"], b["name"]) for b in listed] == [(1, "second")]


async def test_clear_baseline(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    pid = project["id"]
    await _set(client, pid, 2)
    assert (await client.delete(f"/v1/projects/{pid}/baselines/2")).status_code == 204
    assert (await client.get(f"/v1/projects/{pid}/baselines/2")).status_code == 404
    assert (await client.delete(f"/v1/projects/{pid}/baselines/2")).status_code == 404
    assert (await _set(client, pid, 2)).status_code == 201  # the number is free again


async def test_number_outside_0_to_10_is_rejected(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    response = await _set(client, project["id"], 11)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_viewer_cannot_set_a_baseline(client: httpx.AsyncClient, make_token, join) -> None:
    project = await create_project(client)
    viewer = await join(project["id"], "viewer")
    outsider = make_token("member")
    assert (await _set(client, project["id"], 0, headers=auth(viewer))).status_code == 403
    assert (await _set(client, project["id"], 0, headers=auth(outsider))).status_code == 404
    listed = await client.get(f"/v1/projects/{project['id']}/baselines", headers=auth(viewer))
    assert listed.status_code == 200


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _planned(task: dict, which: str) -> date | None:
    """The planned date a baseline keeps: the scheduled date, else the computed early one."""
    return _day(task[f"{which}_date"] or task[f"early_{which}"])


async def test_variance_after_the_plan_changes(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    pid = project["id"]
    moved = await add_task(
        client,
        pid,
        start_date="2026-03-02",
        finish_date="2026-03-06",
        duration_days="5",
        cost="1000.00",
    )
    await _set(client, pid, 0)
    before = (await client.get(f"/v1/tasks/{moved['id']}")).json()
    patched = await client.patch(
        f"/v1/tasks/{moved['id']}",
        json={
            "start_date": "2026-03-09",
            "finish_date": "2026-03-17",
            "duration_days": "7",
            "cost": "1250.50",
        },
    )
    assert patched.status_code == 200, patched.text
    added = await add_task(client, pid, name="Added later")
    now = (await client.get(f"/v1/tasks/{moved['id']}")).json()

    response = await client.get(f"/v1/projects/{pid}/baselines/0/variance")
    assert response.status_code == 200, response.text
    body = response.json()
    rows = {row["task_id"]: row for row in body["items"]}
    row = rows[moved["id"]]
    base_start, base_finish = _planned(before, "start"), _planned(before, "finish")
    current_start, current_finish = _planned(now, "start"), _planned(now, "finish")
    assert (_day(row["baseline_start"]), _day(row["baseline_finish"])) == (base_start, base_finish)
    assert (_day(row["current_start"]), _day(row["current_finish"])) == (
        current_start,
        current_finish,
    )
    assert row["start_variance_calendar_days"] == (current_start - base_start).days
    assert row["finish_variance_calendar_days"] == (current_finish - base_finish).days
    assert row["finish_variance_calendar_days"] > 0
    assert row["baseline_duration_days"] == before["duration_days"]
    assert row["current_duration_days"] == now["duration_days"]
    assert float(row["duration_variance_days"]) == float(now["duration_days"]) - float(
        before["duration_days"]
    )

    assert (row["baseline_cost"], row["current_cost"]) == (before["cost"], now["cost"])
    assert Decimal(row["cost_variance"]) == Decimal(now["cost"]) - Decimal(before["cost"])

    late = rows[added["id"]]
    assert late["baseline_start"] is None
    assert late["baseline_duration_days"] is None
    assert late["duration_variance_days"] is None

    summary = body["project"]
    assert _day(summary["baseline_finish"]) == base_finish
    assert (
        summary["finish_variance_calendar_days"]
        == (_day(summary["current_finish"]) - base_finish).days
    )
    assert summary["finish_variance_calendar_days"] >= row["finish_variance_calendar_days"]
    assert Decimal(summary["cost_variance"]) == Decimal(row["cost_variance"])


async def test_variance_pages_in_plan_order(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    pid = project["id"]
    names = [(await add_task(client, pid, name=f"T{i}"))["name"] for i in range(3)]
    await _set(client, pid, 0)
    url = f"/v1/projects/{pid}/baselines/0/variance"
    first = (await client.get(url, params={"limit": 2})).json()
    rest = (await client.get(url, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [r["name"] for r in first["items"] + rest["items"]] == names
    assert rest["next_cursor"] is None
    missing = await client.get(f"/v1/projects/{pid}/baselines/4/variance")
    assert missing.status_code == 404
