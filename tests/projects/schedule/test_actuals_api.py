"""Actuals through the tasks API, kept consistent the way MS Project keeps them: entering
one of duration, percent complete, actual and remaining duration, actual start and finish
updates the others; bad progress is a problem that changes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.projects.factories import add_task, create_project, get_task
from tests.projects.test_bad_input import assert_problem

PROGRESS = (
    "duration_days",
    "percent_complete",
    "actual_duration_days",
    "remaining_duration_days",
    "actual_start",
    "actual_finish",
)


def progress(task: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(task[name] for name in PROGRESS)


async def _plan(client: httpx.AsyncClient, **settings: Any) -> str:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    if settings:
        response = await client.patch(f"/v1/projects/{pid}/schedule-settings", json=settings)
        assert response.status_code == 200, response.text
    return str(pid)


async def _patch(client: httpx.AsyncClient, task: dict[str, Any], **body: Any) -> dict[str, Any]:
    response = await client.patch(f"/v1/tasks/{task['id']}", json=body)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_percent_complete_sets_work_done_and_the_actual_start(
    client: httpx.AsyncClient,
) -> None:
    """50 % of 4 days: 2 done, 2 left; no actual start given, so the scheduled start
    becomes the actual start (and stays there)."""
    task = await add_task(client, await _plan(client), name="T", duration_days="4")
    task = await _patch(client, task, percent_complete="50")
    assert progress(task) == (
        "4.00",
        "50.00",
        "2.0000",
        "2.0000",
        "2025-01-06T08:00:00",
        None,
    )
    assert (task["stop"], task["resume"]) == ("2025-01-07T17:00:00", "2025-01-08T08:00:00")


async def test_complete_takes_the_scheduled_finish(client: httpx.AsyncClient) -> None:
    task = await add_task(client, await _plan(client), duration_days="2", percent_complete="100")
    assert progress(task) == (
        "2.00",
        "100.00",
        "2.0000",
        "0.0000",
        "2025-01-06T08:00:00",
        "2025-01-07T17:00:00",
    )
    # Below 100 % the task is open again: no actual finish.
    task = await _patch(client, task, percent_complete="75")
    assert (task["actual_finish"], task["actual_duration_days"]) == (None, "1.5000")


async def test_actual_duration_sets_the_percent(client: httpx.AsyncClient) -> None:
    task = await add_task(client, await _plan(client), duration_days="3")
    task = await _patch(client, task, actual_duration_days="1")
    assert progress(task)[:4] == ("3.00", "33.33", "1.0000", "2.0000")
    # More done than planned: the duration grows to it and the task is complete.
    task = await _patch(client, task, actual_duration_days="4")
    assert progress(task)[:4] == ("4.00", "100.00", "4.0000", "0.0000")
    assert task["actual_finish"] == "2025-01-09T17:00:00"


async def test_remaining_duration_sets_the_duration(client: httpx.AsyncClient) -> None:
    task = await add_task(client, await _plan(client), duration_days="4", percent_complete="50")
    task = await _patch(client, task, remaining_duration_days="6")
    assert progress(task)[:4] == ("8.00", "25.00", "2.0000", "6.0000")
    assert task["early_finish"] == "2025-01-15T17:00:00"
    task = await _patch(client, task, remaining_duration_days="0")
    assert progress(task)[:4] == ("2.00", "100.00", "2.0000", "0.0000")


async def test_a_new_duration_keeps_the_work_done(client: httpx.AsyncClient) -> None:
    task = await add_task(client, await _plan(client), duration_days="4", percent_complete="50")
    task = await _patch(client, task, duration_days="8")
    assert progress(task)[:4] == ("8.00", "25.00", "2.0000", "6.0000")


async def test_an_actual_finish_completes_the_task(client: httpx.AsyncClient) -> None:
    """Without an actual start, the task took its duration up to the finish."""
    task = await add_task(client, await _plan(client), duration_days="2")
    task = await _patch(client, task, actual_finish="2025-01-10T17:00:00")
    assert progress(task) == (
        "2.00",
        "100.00",
        "2.0000",
        "0.0000",
        "2025-01-09T08:00:00",
        "2025-01-10T17:00:00",
    )


async def test_zero_percent_clears_the_progress(client: httpx.AsyncClient) -> None:
    task = await add_task(client, await _plan(client), duration_days="2", percent_complete="100")
    task = await _patch(client, task, percent_complete="0")
    assert progress(task) == ("2.00", "0.00", "0.0000", "2.0000", None, None)
    assert task["stop"] is None


async def test_milestones_done_at_day_boundaries_stay_on_their_day(
    client: httpx.AsyncClient,
) -> None:
    """A milestone done at 17:00 on Tuesday is Tuesday's; one done at 08:00 on Wednesday
    is the same working instant, shown as the morning it was recorded."""
    pid = await _plan(client)
    evening = await add_task(
        client,
        pid,
        actual_start="2025-01-07T17:00:00",
        actual_finish="2025-01-07T17:00:00",
    )
    assert (evening["early_start"], evening["finish_date"]) == (
        "2025-01-07T17:00:00",
        "2025-01-07",
    )
    assert evening["percent_complete"] == "100.00"


async def test_an_actual_date_after_the_status_date_is_allowed(
    client: httpx.AsyncClient,
) -> None:
    pid = await _plan(client, status_date="2025-01-06")
    task = await add_task(client, pid, duration_days="2", actual_start="2025-01-20T08:00:00")
    assert task["actual_start"] == "2025-01-20T08:00:00"


async def test_the_filled_in_actual_start_is_audited(client: httpx.AsyncClient) -> None:
    task = await add_task(client, await _plan(client), duration_days="2")
    await _patch(client, task, percent_complete="50")
    response = await client.get(
        "/v1/audit-records", params={"entity_type": "tasks", "entity_id": task["id"]}
    )
    assert response.status_code == 200, response.text
    changes = [r["changes"] for r in response.json()["items"]]
    assert {"actual_start": {"old": None, "new": "2025-01-06T08:00:00"}} in changes


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"actual_start": "2025-01-08", "actual_finish": "2025-01-07"}, None),
        ({"actual_finish": "2025-01-03T17:00:00"}, "actual_finish"),
        ({"percent_complete": "100.01"}, "percent_complete"),
        ({"remaining_duration_days": "-1"}, "remaining_duration_days"),
        ({"actual_duration_days": "-0.5"}, "actual_duration_days"),
    ],
)
async def test_bad_progress_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, body: dict[str, str], field: str | None
) -> None:
    pid = await _plan(client)
    task = await add_task(
        client, pid, duration_days="4", percent_complete="25", actual_start="2025-01-06"
    )
    before = await get_task(client, task)
    response = await client.patch(f"/v1/tasks/{task['id']}", json=body)
    problem = assert_problem(response, 422)
    if field is not None:
        assert field in [e["field"] for e in problem["errors"]]
    assert await get_task(client, task) == before


async def test_a_bad_actual_finish_on_create_writes_nothing(client: httpx.AsyncClient) -> None:
    pid = await _plan(client)
    response = await client.post(
        f"/v1/projects/{pid}/tasks",
        json={"name": "T", "actual_start": "2025-01-08", "actual_finish": "2025-01-07"},
    )
    assert_problem(response, 422)
    tasks = await client.get(f"/v1/projects/{pid}/tasks")
    assert tasks.json()["items"] == []
