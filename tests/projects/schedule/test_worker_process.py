"""Big plans are scheduled in a worker process; force that path on a small plan."""

from __future__ import annotations

import httpx
import pytest

from services.projects.schedule import runner
from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, create_project, get_task


async def test_worker_process_schedules_and_reports_cycles(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "PROCESS_THRESHOLD", 0)
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    a = await add_task(client, pid, name="A", duration_days="2")
    b = await add_task(client, pid, name="B", duration_days="1")
    await link(client, pid, a, b)
    assert (await get_task(client, b))["early_start"] == "2025-01-08T08:00:00"

    response = await client.post(
        f"/v1/projects/{pid}/dependencies",
        json={"predecessor_id": b["id"], "successor_id": a["id"]},
    )
    assert response.status_code == 422
    assert {t["name"] for t in response.json()["cycle"]} == {"A", "B"}


async def test_the_worker_applies_the_progress_settings(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mode, the options and the split cross to the worker and back."""
    monkeypatch.setattr(runner, "PROCESS_THRESHOLD", 0)
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    settings = {
        "status_date": "2025-01-08",
        "progress_mode": "ms_project",
        "move_remaining_starts_forward": True,
    }
    response = await client.patch(f"/v1/projects/{pid}/schedule-settings", json=settings)
    assert response.status_code == 200, response.text
    task = await add_task(client, pid, name="T", duration_days="4", percent_complete="25")
    assert (task["actual_start"], task["resume"], task["is_split"]) == (
        "2025-01-06T08:00:00",
        "2025-01-09T08:00:00",
        True,
    )
