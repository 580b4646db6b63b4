from __future__ import annotations

import httpx

from tests.projects.factories import add_task, create_project, get_task


async def test_a_holiday_calendar_reschedules_the_project(client: httpx.AsyncClient) -> None:
    project = await create_project(client, start_date="2025-01-06")
    pid = project["id"]
    a = await add_task(client, pid, name="A", duration_days="3")
    response = await client.post(
        f"/v1/projects/{pid}/calendars",
        json={
            "name": "With a holiday",
            "working_weekdays": [0, 1, 2, 3, 4],
            "hours_per_day": "8",
            "exceptions": [{"day": "2025-01-07", "working": False, "name": "Holiday"}],
        },
    )
    assert response.status_code == 201, response.text
    calendar = response.json()
    assert calendar["exceptions"] == [{"day": "2025-01-07", "working": False, "name": "Holiday"}]

    settings = await client.patch(
        f"/v1/projects/{pid}/schedule-settings", json={"calendar_id": calendar["id"]}
    )
    assert settings.status_code == 200, settings.text
    assert (await get_task(client, a))["early_finish"] == "2025-01-09T17:00:00"

    # Saturday becomes a working day instead: the calendar edit reschedules its projects.
    patched = await client.patch(
        f"/v1/calendars/{calendar['id']}",
        json={"working_weekdays": [0, 1, 2, 3, 4, 5], "exceptions": []},
        headers={"If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["version"] == 2
    assert (await get_task(client, a))["early_finish"] == "2025-01-08T17:00:00"

    listed = (await client.get(f"/v1/projects/{pid}/calendars")).json()["items"]
    assert [c["id"] for c in listed] == [calendar["id"]]


async def test_a_calendar_of_another_project_is_422(client: httpx.AsyncClient) -> None:
    other = (await create_project(client))["id"]
    calendar = (await client.post(f"/v1/projects/{other}/calendars", json={"name": "X"})).json()
    pid = (await create_project(client))["id"]
    response = await client.patch(
        f"/v1/projects/{pid}/schedule-settings", json={"calendar_id": calendar["id"]}
    )
    assert response.status_code == 422
