from __future__ import annotations

import httpx

from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, create_project, get_task


async def _task_count(client: httpx.AsyncClient, pid: str) -> int:
    return len((await client.get(f"/v1/projects/{pid}/tasks")).json()["items"])


async def test_negative_duration_is_422(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client))["id"]
    response = await client.post(
        f"/v1/projects/{pid}/tasks", json={"name": "T", "duration_days": "-1"}
    )
    assert response.status_code == 422
    assert await _task_count(client, pid) == 0


async def test_unknown_constraint_type_is_422(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client))["id"]
    body = {"name": "T", "constraint_type": "SOON", "constraint_date": "2025-01-06"}
    response = await client.post(f"/v1/projects/{pid}/tasks", json=body)
    assert response.status_code == 422


async def test_dated_constraint_without_a_date_is_422(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client))["id"]
    response = await client.post(
        f"/v1/projects/{pid}/tasks", json={"name": "T", "constraint_type": "SNET"}
    )
    assert response.status_code == 422
    task = await add_task(client, pid, name="T")
    response = await client.patch(f"/v1/tasks/{task['id']}", json={"constraint_type": "MFO"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "constraint_date"
    assert (await get_task(client, task))["constraint_type"] == "ASAP"


async def test_date_outside_the_calendar_range_is_422(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    body = {"name": "T", "constraint_type": "SNET", "constraint_date": "2300-01-01"}
    response = await client.post(f"/v1/projects/{pid}/tasks", json=body)
    assert response.status_code == 422
    assert response.json()["code"] == "date_out_of_range"
    assert await _task_count(client, pid) == 0


async def test_task_ending_outside_the_calendar_range_is_422(client: httpx.AsyncClient) -> None:
    """A duration the API accepts but no calendar can hold (it used to end the request in a
    500 from the engine) is refused like a date outside the range."""
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    body = {"name": "T", "duration_days": "99999999"}
    response = await client.post(f"/v1/projects/{pid}/tasks", json=body)
    assert response.status_code == 422
    assert response.json()["code"] == "date_out_of_range"
    assert await _task_count(client, pid) == 0


async def test_editing_a_task_reschedules_its_successors(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    a = await add_task(client, pid, name="A", duration_days="1")
    b = await add_task(client, pid, name="B", duration_days="1")
    await link(client, pid, a, b)
    response = await client.patch(f"/v1/tasks/{a['id']}", json={"duration_days": "3"})
    assert response.status_code == 200
    assert response.json()["early_finish"] == "2025-01-08T17:00:00"
    assert (await get_task(client, b))["early_start"] == "2025-01-09T08:00:00"


async def test_reschedule_writes_only_changed_rows(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    a = await add_task(client, pid, name="A", duration_days="5")  # drives the finish
    x = await add_task(client, pid, name="X", duration_days="1")
    b = await add_task(client, pid, name="B", duration_days="1")
    c = await add_task(client, pid, name="C", duration_days="1")
    await link(client, pid, x, b)
    before = {t["name"]: await get_task(client, t) for t in (a, x, b, c)}

    await client.patch(f"/v1/tasks/{x['id']}", json={"duration_days": "2"})
    after = {t["name"]: await get_task(client, t) for t in (a, x, b, c)}
    # The project finish did not move, so A and C keep every computed value and their version.
    assert after["A"]["version"] == before["A"]["version"]
    assert after["C"]["version"] == before["C"]["version"]
    assert after["B"]["version"] == before["B"]["version"] + 1  # moved by the scheduler
    assert after["B"]["early_start"] == "2025-01-08T08:00:00"

    await client.patch(f"/v1/tasks/{c['id']}", json={"name": "C renamed"})
    again = {t["name"]: await get_task(client, t) for t in (a, x, b)}
    assert [again[n]["version"] for n in "AXB"] == [after[n]["version"] for n in "AXB"]


async def test_deleting_a_task_reschedules(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    a = await add_task(client, pid, name="A", duration_days="2")
    b = await add_task(client, pid, name="B", duration_days="1")
    await link(client, pid, a, b)
    # A has a successor: the delete says so, and goes through once confirmed.
    refused = await client.delete(f"/v1/tasks/{a['id']}")
    assert refused.status_code == 409
    response = await client.delete(f"/v1/tasks/{a['id']}", params={"cascade": "true"})
    assert response.status_code == 204
    assert (await get_task(client, b))["early_start"] == "2025-01-06T08:00:00"
    assert (await client.get(f"/v1/projects/{pid}/dependencies")).json()["items"] == []


async def test_planning_fields_round_trip(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    task = await add_task(
        client,
        pid,
        name="T",
        duration_days="2",
        constraint_type="FNLT",
        constraint_date="2025-01-10",
        deadline="2025-01-09",
        cost="1200.50",
        percent_complete="50",
        actual_start="2025-01-06",
    )
    assert task["constraint_type"] == "FNLT"
    assert task["constraint_date"] == "2025-01-10T00:00:00"
    assert task["cost"] == "1200.50"
    # A bare actual date is kept at midnight, as a bare constraint date is.
    assert task["actual_start"] == "2025-01-06T00:00:00"
    assert (task["actual_duration_days"], task["remaining_duration_days"]) == ("1.0000", "1.0000")
    assert task["early_start"] == "2025-01-06T08:00:00"
    bad_cost = await client.patch(f"/v1/tasks/{task['id']}", json={"cost": "-1"})
    assert bad_cost.status_code == 422


async def test_alap_task_in_progress_after_the_deadline_is_saved(client: httpx.AsyncClient) -> None:
    """A started ALAP task placed by hand weeks after the project deadline: it used to be
    planned to finish on the deadline, before its start, so its summary lasted -16 days and
    the database refused the write (a 422 for a valid plan). It finishes when its work
    allows and shows how late it is as negative float."""
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    response = await client.patch(
        f"/v1/projects/{pid}/schedule-settings", json={"deadline": "2025-01-14"}
    )
    assert response.status_code == 200
    summary = await add_task(client, pid, name="S")
    task = await add_task(
        client,
        pid,
        name="C",
        parent_id=summary["id"],
        duration_days="0.25",
        constraint_type="ALAP",
        percent_complete="25",
        manual_start="2025-02-06T08:00:00",
    )
    assert (task["early_start"], task["early_finish"]) == (
        "2025-02-06T08:00:00",
        "2025-02-06T10:00:00",
    )
    assert task["start_date"] == task["finish_date"] == "2025-02-06"
    assert task["total_float_days"] == "-16.2500"
    summary = await get_task(client, summary)
    assert summary["duration_days"] == "0.25"
    assert summary["start_date"] == summary["finish_date"] == "2025-02-06"


async def test_links_joining_the_same_tasks_through_a_summary_all_apply(
    client: httpx.AsyncClient,
) -> None:
    """M -> C (FS, a day's lead) and M -> S (SS), S being C's summary: both join M and C, and
    each constrains M by its own rule whatever order the database returns them in (see the
    engine test of the same plan for why M keeps a quarter-day of float)."""
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    m = await add_task(client, pid, name="M", duration_days="0", manual_start="2025-01-06T08:00:00")
    s = await add_task(client, pid, name="S")
    c = await add_task(client, pid, name="C", duration_days="0.25", parent_id=s["id"])
    await link(client, pid, m, c, type="FS", lag_days="-1")
    await link(client, pid, m, s, type="SS")
    m = await get_task(client, m)
    assert m["late_finish"] == "2025-01-06T10:00:00"
    assert m["total_float_days"] == "0.2500"
    assert m["critical"] is False
