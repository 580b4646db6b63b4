from __future__ import annotations

import httpx

from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, create_project, get_task


async def test_critical_path_lists_the_driving_tasks_in_order(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    a = await add_task(client, pid, name="A", duration_days="2")
    b = await add_task(client, pid, name="B", duration_days="3")
    await add_task(client, pid, name="Short", duration_days="1")
    await link(client, pid, a, b)
    response = await client.get(f"/v1/projects/{pid}/critical-path")
    assert response.status_code == 200
    body = response.json()
    assert body["project_finish"] == "2025-01-10T17:00:00"
    assert [t["name"] for t in body["tasks"]] == ["A", "B"]
    assert body["tasks"][0]["wbs_code"] == "1"
    assert body["tasks"][1]["early_finish"] == "2025-01-10T17:00:00"
    assert body["tasks"][1]["total_float_days"] == "0.0000"


async def test_schedule_lists_computed_values(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    for name in ("A", "B", "C"):
        await add_task(client, pid, name=name, duration_days="1")
    page = (await client.get(f"/v1/projects/{pid}/schedule", params={"limit": 2})).json()
    assert [t["name"] for t in page["items"]] == ["A", "B"]
    assert page["items"][0]["early_start"] == "2025-01-06T08:00:00"
    rest = await client.get(
        f"/v1/projects/{pid}/schedule", params={"limit": 2, "cursor": page["next_cursor"]}
    )
    assert [t["name"] for t in rest.json()["items"]] == ["C"]


async def test_a_project_deadline_shows_negative_float(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    a = await add_task(client, pid, name="A", duration_days="5")
    response = await client.patch(
        f"/v1/projects/{pid}/schedule-settings", json={"deadline": "2025-01-08"}
    )
    assert response.status_code == 200
    task = await get_task(client, a)
    assert task["total_float_days"] == "-2.0000"
    assert task["critical"] is True


async def test_moving_the_project_start_reschedules(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    a = await add_task(client, pid, name="A", duration_days="1")
    response = await client.patch(f"/v1/projects/{pid}", json={"start_date": "2025-01-13"})
    assert response.status_code == 200, response.text
    assert response.json()["scheduled_start"] == "2025-01-13T08:00:00"
    assert (await get_task(client, a))["early_start"] == "2025-01-13T08:00:00"
