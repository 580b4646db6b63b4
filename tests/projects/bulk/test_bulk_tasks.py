"""Bulk upsert of tasks by external_source + external_id."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.factories import create_project
from tests.projects.interchange.test_mspdi_import import all_tasks

SOURCE = "jira"


def _task(external_id: str, **fields: Any) -> dict[str, Any]:
    return {"external_source": SOURCE, "external_id": external_id, "name": external_id, **fields}


async def _bulk(
    client: httpx.AsyncClient, project_id: str, items: list[Any], **extra: Any
) -> httpx.Response:
    headers = extra.pop("headers", None)
    return await client.post(
        f"/v1/projects/{project_id}/tasks:bulk",
        json={"items": items, **extra},
        headers=headers,
    )


async def test_created_then_unchanged_then_updated(client: httpx.AsyncClient) -> None:
    project = await create_project(client, start_date="2025-01-06")
    items = [
        _task("EPIC-1"),
        _task("T-1", parent_external_id="EPIC-1", duration_days="2"),
        _task("T-2", parent_external_id="EPIC-1", duration_days="3"),
    ]
    first = await _bulk(client, project["id"], items)
    assert first.status_code == 200, first.text
    assert [r["status"] for r in first.json()["items"]] == ["created"] * 3
    ids = [r["id"] for r in first.json()["items"]]

    again = await _bulk(client, project["id"], items)
    assert [r["status"] for r in again.json()["items"]] == ["unchanged"] * 3
    assert [r["id"] for r in again.json()["items"]] == ids

    items[2]["duration_days"] = "5"
    changed = await _bulk(client, project["id"], items)
    assert [r["status"] for r in changed.json()["items"]] == ["unchanged", "unchanged", "updated"]
    assert changed.json()["counts"] == {"created": 0, "updated": 1, "unchanged": 2, "error": 0}

    tasks = {t["external_id"]: t for t in await all_tasks(client, project["id"])}
    assert tasks["T-1"]["parent_id"] == tasks["EPIC-1"]["id"] == ids[0]
    assert tasks["EPIC-1"]["is_summary"] is True
    # Rescheduled: the summary spans its longest child (5 days from Monday 6 January).
    assert tasks["EPIC-1"]["early_finish"].startswith("2025-01-10")
    assert tasks["T-2"]["version"] > tasks["T-1"]["version"]


async def test_one_bad_item_fails_the_whole_atomic_batch(client: httpx.AsyncClient) -> None:
    project = await create_project(client, start_date="2025-01-06")
    items = [
        _task("A"),
        _task("B", duration_days="-1"),
        _task("C", parent_external_id="NOPE"),
        _task("A"),
        {"external_source": SOURCE},
    ]
    response = await _bulk(client, project["id"], items)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    results = response.json()["items"]
    assert [(r["index"], r["status"]) for r in results] == [(i, "error") for i in (1, 2, 3, 4)]
    assert "duration_days" in results[0]["problem"]["detail"]
    assert "unknown parent" in results[1]["problem"]["detail"]
    assert await all_tasks(client, project["id"]) == []


async def test_per_item_mode_writes_the_good_items(client: httpx.AsyncClient) -> None:
    project = await create_project(client, start_date="2025-01-06")
    items = [_task("A"), _task("B", constraint_type="SNET"), _task("C", parent_external_id="A")]
    response = await _bulk(client, project["id"], items, mode="per_item")
    assert response.status_code == 200, response.text
    statuses = [r["status"] for r in response.json()["items"]]
    assert statuses == ["created", "error", "created"]
    assert "constraint_date" in response.json()["items"][1]["problem"]["detail"]
    assert {t["external_id"] for t in await all_tasks(client, project["id"])} == {"A", "C"}


async def test_a_failed_parent_fails_its_children(client: httpx.AsyncClient) -> None:
    project = await create_project(client, start_date="2025-01-06")
    items = [_task("P", percent_complete="200"), _task("C", parent_external_id="P")]
    response = await _bulk(client, project["id"], items, mode="per_item")
    assert [r["status"] for r in response.json()["items"]] == ["error", "error"]


async def test_thousand_tasks_in_one_call(client: httpx.AsyncClient) -> None:
    project = await create_project(client, start_date="2025-01-06")
    items = [_task(f"T-{k}", duration_days="1") for k in range(1000)]
    response = await _bulk(client, project["id"], items)
    assert response.status_code == 200, response.text
    assert response.json()["counts"]["created"] == 1000
    again = await _bulk(client, project["id"], items)
    assert again.json()["counts"]["unchanged"] == 1000


async def test_more_than_a_thousand_items_is_422(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    response = await _bulk(client, project["id"], [_task(f"T-{k}") for k in range(1001)])
    assert response.status_code == 422


async def test_idempotency_key_replays_the_response(client: httpx.AsyncClient) -> None:
    project = await create_project(client, start_date="2025-01-06")
    headers = {"Idempotency-Key": "bulk-tasks-1"}
    first = await _bulk(client, project["id"], [_task("A")], headers=headers)
    replay = await _bulk(client, project["id"], [_task("A")], headers=headers)
    assert replay.status_code == 200
    assert replay.headers.get("idempotency-replayed") == "true"
    assert replay.json() == first.json()
    assert replay.json()["items"][0]["status"] == "created"
    other = await _bulk(client, project["id"], [_task("B")], headers=headers)
    assert other.status_code == 422


async def test_unknown_project_is_404(client: httpx.AsyncClient) -> None:
    response = await _bulk(client, "00000000-0000-0000-0000-000000000000", [_task("A")])
    assert response.status_code == 404


async def test_pushed_progress_follows_the_task_rules(client: httpx.AsyncClient) -> None:
    """Percent complete sets the work done and left, the scheduled start becomes the actual
    start; pushing the same progress again keeps that start (unchanged), and an actual
    finish completes a task."""
    project = await create_project(client, start_date="2025-01-06")
    items = [
        _task("T-1", duration_days="4", percent_complete="50"),
        _task("T-2", duration_days="2", actual_finish="2025-01-08T17:00:00"),
        _task("T-3", duration_days="3", actual_duration_days="1", remaining_duration_days="3"),
    ]
    first = await _bulk(client, project["id"], items)
    assert first.status_code == 200, first.text
    tasks = {t["external_id"]: t for t in await all_tasks(client, project["id"])}
    done = ("actual_duration_days", "remaining_duration_days", "percent_complete")
    assert [tasks["T-1"][k] for k in done] == ["2.0000", "2.0000", "50.00"]
    assert tasks["T-1"]["actual_start"] == "2025-01-06T08:00:00"
    assert [tasks["T-2"][k] for k in done] == ["2.0000", "0.0000", "100.00"]
    assert tasks["T-2"]["actual_start"] == "2025-01-07T08:00:00"
    assert [tasks["T-3"][k] for k in (*done, "duration_days")] == [
        "1.0000",
        "3.0000",
        "25.00",
        "4.00",
    ]
    again = await _bulk(client, project["id"], items)
    assert [r["status"] for r in again.json()["items"]] == ["unchanged"] * 3


async def test_a_finish_before_the_start_is_an_item_problem(client: httpx.AsyncClient) -> None:
    project = await create_project(client, start_date="2025-01-06")
    items = [_task("T-1", actual_start="2025-01-08", actual_finish="2025-01-07")]
    response = await _bulk(client, project["id"], items, mode="per_item")
    assert response.status_code == 200, response.text
    [result] = response.json()["items"]
    assert result["status"] == "error"
    assert "actual_finish" in result["problem"]["detail"]
    assert await all_tasks(client, project["id"]) == []
