"""MSPDI files imported through the API schedule exactly as the file says, task by task.

The same reference files as tests/projects/engine/test_mspdi_files.py (see the data
README), the three with progress at a status date included, but end to end: POST the file,
let the service store and reschedule the plan, read every task back with GET and compare the
stored dates, slack and critical flag with the values MS Project (or MPXJ) wrote into the
file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.projects.interchange import read_mspdi, scheduled_tasks, to_schedule_input

DATA = Path(__file__).parents[3] / ".." / "shared" / "data" / "mspdi"
FILES = (
    sorted(DATA.glob("progress/*.xml"))
    + sorted(DATA.glob("*.xml"))
    + sorted(DATA.glob("generated/*.xml"), key=lambda p: int(p.stem.split("-")[1]))
)
MS_PROJECT_SAVED = {"task-links-2010.xml", "task-links-2019.xml", "mspdirelations.xml"}


def test_reference_files_are_present() -> None:
    assert len(FILES) >= 18, f"reference MSPDI files not found in {DATA}"
    assert {p.name for p in FILES} >= MS_PROJECT_SAVED
    assert len([p for p in FILES if p.parent.name == "progress"]) == 3


def read(path: Path) -> bytes:
    return path.read_bytes()


async def import_file(client: httpx.AsyncClient, data: bytes, **params: str) -> httpx.Response:
    return await client.post(
        "/v1/imports/mspdi",
        content=data,
        params=params,
        headers={"content-type": "application/xml"},
    )


async def all_tasks(client: httpx.AsyncClient, project_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 500}
        if cursor:
            params["cursor"] = cursor
        response = await client.get(f"/v1/projects/{project_id}/tasks", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def _mismatches(path: Path, stored: dict[str, dict[str, Any]]) -> tuple[int, list[str]]:
    project = read_mspdi(path.read_bytes())
    cal = to_schedule_input(project).calendar
    problems = []
    tasks = scheduled_tasks(project)
    for task in tasks:
        ours, theirs = stored[str(task.uid)], task.computed
        for field in ("early_start", "early_finish", "late_start", "late_finish"):
            file_value = getattr(theirs, field)
            mine = datetime.fromisoformat(ours[field])
            # to_point puts 08:00 of a day and 17:00 of the working day before on one instant.
            if file_value is None or cal.to_point(mine) != cal.to_point(file_value):
                problems.append(f"UID {task.uid} {field}")
        if abs(float(ours["total_float_days"]) - theirs.total_slack_days) > 1e-4:
            problems.append(f"UID {task.uid} total_slack")
        if abs(float(ours["free_float_days"]) - theirs.free_slack_days) > 1e-4:
            problems.append(f"UID {task.uid} free_slack")
        if ours["critical"] != theirs.critical:
            problems.append(f"UID {task.uid} critical")
    return len(tasks), problems


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
async def test_imported_schedule_matches_the_file(client: httpx.AsyncClient, path: Path) -> None:
    response = await import_file(client, read(path))
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/v1/projects/{body['id']}"
    tasks = await all_tasks(client, body["id"])
    assert body["counts"]["tasks"] == len(tasks)
    by_uid = {t["external_id"]: t for t in tasks}
    compared, problems = _mismatches(path, by_uid)
    assert compared == len(tasks) > 0
    assert problems == [], problems


@pytest.mark.parametrize("name", ["progress-13.xml", "progress-14.xml", "progress-15.xml"])
async def test_an_imported_plan_with_progress_keeps_scheduling_like_ms_project(
    client: httpx.AsyncClient, name: str
) -> None:
    """The project keeps the file's mode, options and status date, and the actuals with
    their times: a later reschedule (any edit) computes the file's dates again."""
    path = DATA / "progress" / name
    project = read_mspdi(path.read_bytes())
    response = await import_file(client, path.read_bytes())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["progress_mode"] == "ms_project"
    assert body["status_date"] == "2026-02-16"
    options = project.status_options
    assert [body[name] for name in ("move_completed_ends_back", "split_in_progress_tasks")] == [
        options.move_completed_ends_back,
        options.split_in_progress_tasks,
    ]
    settings = await client.patch(f"/v1/projects/{body['id']}/schedule-settings", json={})
    assert settings.status_code == 200, settings.text
    tasks = {t["external_id"]: t for t in await all_tasks(client, body["id"])}
    assert _mismatches(path, tasks)[1] == []
    for task in scheduled_tasks(project):
        row = tasks[str(task.uid)]
        if task.actual_start is not None:
            assert row["actual_start"] == task.actual_start.isoformat()
        if task.actual_duration_days is not None and not task.summary:
            assert float(row["actual_duration_days"]) == pytest.approx(task.actual_duration_days)


async def test_import_keeps_hierarchy_links_and_calendar(client: httpx.AsyncClient) -> None:
    path = DATA / "generated" / "generated-2.xml"
    project = read_mspdi(path.read_bytes())
    response = await import_file(client, path.read_bytes(), code="GEN-2")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["code"] == "GEN-2"
    assert body["calendar_id"] is not None
    links = sum(len(t.predecessors) for t in scheduled_tasks(project))
    assert body["counts"] == {"tasks": 124, "dependencies": links, "calendars": 1, "baselines": 0}
    tasks = {t["external_id"]: t for t in await all_tasks(client, body["id"])}
    ids = {uid: t["id"] for uid, t in tasks.items()}
    for task in scheduled_tasks(project):
        row = tasks[str(task.uid)]
        expected_parent = ids.get(str(task.parent_uid)) if task.parent_uid else None
        assert row["parent_id"] == expected_parent
        assert row["constraint_type"] == task.constraint.value
        assert row["is_summary"] == task.summary
        assert float(row["duration_days"]) == pytest.approx(task.duration_days)


async def test_multipart_upload_is_accepted(client: httpx.AsyncClient) -> None:
    data = (DATA / "mspdirelations.xml").read_bytes()
    response = await client.post(
        "/v1/imports/mspdi", files={"file": ("plan.xml", data, "application/xml")}
    )
    assert response.status_code == 201, response.text
    assert response.json()["counts"]["tasks"] == 5


async def test_taken_code_is_a_conflict(client: httpx.AsyncClient) -> None:
    data = (DATA / "mspdirelations.xml").read_bytes()
    assert (await import_file(client, data, code="DUP-1")).status_code == 201
    response = await import_file(client, data, code="DUP-1")
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
