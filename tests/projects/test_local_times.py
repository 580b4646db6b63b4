"""Scheduling times are wall-clock times on the project's calendar: sent with or without an
offset, they come back without one, matching the pattern the OpenAPI document gives
(the fuzzer found an offset a 500, and every answer breaking its documented format)."""

from __future__ import annotations

import re

import httpx

from tests.projects.factories import add_task, create_project

SCHEDULED = ("early_start", "early_finish", "late_start", "late_finish")


async def _pattern(client: httpx.AsyncClient, model: str, field: str) -> str:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
    branches = schemas[model]["properties"][field]["anyOf"]
    return next(b["pattern"] for b in branches if b["type"] == "string")


async def test_an_offset_on_a_manual_start_is_dropped_not_a_500(client) -> None:
    project = await create_project(client, start_date="2025-01-06")
    task = await add_task(
        client, project["id"], duration_days="1", manual_start="2025-01-07T08:00:00+05:00"
    )
    assert task["manual_start"] == "2025-01-07T08:00:00"
    assert task["early_start"] == "2025-01-07T08:00:00"
    moved = await client.patch(
        f"/v1/tasks/{task['id']}",
        json={"constraint_type": "SNET", "constraint_date": "2025-01-08T08:00:00Z"},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["constraint_date"] == "2025-01-08T08:00:00"


async def test_every_read_sends_the_documented_local_format(client) -> None:
    project = await create_project(client, start_date="2025-01-06")
    task = await add_task(client, project["id"], duration_days="2")
    pattern = await _pattern(client, "TaskRead", "early_start")
    read = (await client.get(f"/v1/tasks/{task['id']}")).json()
    listed = (await client.get(f"/v1/projects/{project['id']}/schedule")).json()["items"][0]
    critical = (await client.get(f"/v1/projects/{project['id']}/critical-path")).json()
    stored = (await client.get(f"/v1/projects/{project['id']}")).json()
    values = [read[f] for f in SCHEDULED] + [listed[f] for f in SCHEDULED]
    values += [critical["project_finish"], stored["scheduled_start"], stored["scheduled_finish"]]
    assert all(re.fullmatch(pattern, value) for value in values), values
    assert read["created_at"].endswith("Z")


async def test_a_baseline_keeps_the_local_format(client) -> None:
    project = await create_project(client, start_date="2025-01-06")
    await add_task(client, project["id"], duration_days="2")
    baseline = (await client.post(f"/v1/projects/{project['id']}/baselines/1")).json()
    pattern = await _pattern(client, "BaselineRead", "project_start")
    assert re.fullmatch(pattern, baseline["project_start"])
    assert re.fullmatch(pattern, baseline["project_finish"])
