"""A project's progress semantics through the API: the mode and MS Project's options are
settings, shown on the project and the settings, and the scheduler applies them."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, create_project, get_task
from tests.projects.test_bad_input import assert_problem, assert_unchanged

OPTIONS = (
    "move_completed_ends_back",
    "move_remaining_starts_back",
    "move_remaining_starts_forward",
    "move_completed_ends_forward",
)


async def _settings(client: httpx.AsyncClient, pid: str, **body: Any) -> dict[str, Any]:
    response = await client.patch(f"/v1/projects/{pid}/schedule-settings", json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_new_project_schedules_from_the_data_date(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    assert project["progress_mode"] == "data_date"
    assert [project[o] for o in OPTIONS] == [False] * 4
    assert project["split_in_progress_tasks"] is True


async def test_mode_and_options_are_written_and_shown(client: httpx.AsyncClient) -> None:
    pid = (await create_project(client))["id"]
    body = await _settings(
        client,
        pid,
        progress_mode="ms_project",
        move_remaining_starts_forward=True,
        move_completed_ends_forward=True,
        split_in_progress_tasks=False,
    )
    expected = {
        "progress_mode": "ms_project",
        "move_completed_ends_back": False,
        "move_remaining_starts_back": False,
        "move_remaining_starts_forward": True,
        "move_completed_ends_forward": True,
        "split_in_progress_tasks": False,
    }
    assert {k: body[k] for k in expected} == expected
    project = (await client.get(f"/v1/projects/{pid}")).json()
    assert {k: project[k] for k in expected} == expected
    # null sets a setting back to what a new project has
    body = await _settings(client, pid, progress_mode=None, split_in_progress_tasks=None)
    assert (body["progress_mode"], body["split_in_progress_tasks"]) == ("data_date", True)
    assert body["move_remaining_starts_forward"] is True


async def test_unknown_mode_is_refused_and_changes_nothing(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    response = await client.patch(
        f"/v1/projects/{project['id']}/schedule-settings", json={"progress_mode": "p6"}
    )
    body = assert_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["progress_mode"]
    await assert_unchanged(client, project)


async def test_the_mode_decides_where_unstarted_work_goes(client: httpx.AsyncClient) -> None:
    """Behind schedule at the status date (Wed 8 Jan), nothing started: from the data date
    both tasks wait until after it; as MS Project schedules, they follow their logic."""
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    a = await add_task(client, pid, name="A", duration_days="1")
    b = await add_task(client, pid, name="B", duration_days="1")
    await link(client, pid, a, b)
    await _settings(client, pid, status_date="2025-01-08")
    assert (await get_task(client, a))["early_start"] == "2025-01-09T08:00:00"
    assert (await get_task(client, b))["early_start"] == "2025-01-10T08:00:00"
    await _settings(client, pid, progress_mode="ms_project")
    assert (await get_task(client, b))["early_start"] == "2025-01-07T08:00:00"


async def test_a_task_behind_schedule_splits_at_the_status_date(
    client: httpx.AsyncClient,
) -> None:
    """MS Project's "move start of remaining parts before status date forward": a 4-day
    task started Monday with 1 day done resumes after the status date (Wed 8 Jan), a split
    the API shows; with the option off the remaining work follows the completed day."""
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    await _settings(client, pid, status_date="2025-01-08", progress_mode="ms_project")
    task = await add_task(
        client, pid, name="T", duration_days="4", actual_start="2025-01-06T08:00:00"
    )
    response = await client.patch(f"/v1/tasks/{task['id']}", json={"percent_complete": "25"})
    assert response.status_code == 200, response.text
    task = response.json()
    assert (task["stop"], task["resume"], task["is_split"]) == (
        "2025-01-06T17:00:00",
        "2025-01-07T08:00:00",
        False,
    )
    assert task["early_finish"] == "2025-01-09T17:00:00"
    await _settings(client, pid, move_remaining_starts_forward=True)
    task = await get_task(client, task)
    assert (task["stop"], task["resume"], task["is_split"]) == (
        "2025-01-06T17:00:00",
        "2025-01-09T08:00:00",
        True,
    )
    assert task["early_finish"] == "2025-01-13T17:00:00"
    schedule = (await client.get(f"/v1/projects/{pid}/schedule")).json()["items"]
    assert schedule[0]["is_split"] is True
    assert schedule[0]["resume"] == "2025-01-09T08:00:00"
