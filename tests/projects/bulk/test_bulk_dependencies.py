"""Bulk upsert of dependencies, naming tasks by external id or by id."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.factories import add_task, create_project
from tests.projects.interchange.test_mspdi_import import all_tasks

SOURCE = "jira"


async def _plan(client: httpx.AsyncClient) -> str:
    project = await create_project(client, start_date="2025-01-06")
    items = [
        {"external_source": SOURCE, "external_id": k, "name": k, "duration_days": "2"}
        for k in ("A", "B", "C")
    ]
    response = await client.post(f"/v1/projects/{project['id']}/tasks:bulk", json={"items": items})
    assert response.status_code == 200, response.text
    return str(project["id"])


def _link(external_id: str, pred: str, succ: str, **fields: Any) -> dict[str, Any]:
    return {
        "external_source": SOURCE,
        "external_id": external_id,
        "predecessor_external_id": pred,
        "successor_external_id": succ,
        **fields,
    }


async def _bulk(client: httpx.AsyncClient, project_id: str, items: list[Any], **extra: Any):
    return await client.post(
        f"/v1/projects/{project_id}/dependencies:bulk", json={"items": items, **extra}
    )


async def _starts(client: httpx.AsyncClient, project_id: str) -> dict[str, str]:
    return {t["external_id"]: t["early_start"][:10] for t in await all_tasks(client, project_id)}


async def test_links_are_created_updated_and_reschedule(client: httpx.AsyncClient) -> None:
    project_id = await _plan(client)
    items = [_link("L1", "A", "B"), _link("L2", "B", "C", type="SS", lag_days="1")]
    first = await _bulk(client, project_id, items)
    assert first.status_code == 200, first.text
    assert [r["status"] for r in first.json()["items"]] == ["created", "created"]
    assert await _starts(client, project_id) == {
        "A": "2025-01-06",
        "B": "2025-01-08",
        "C": "2025-01-09",
    }
    items[1]["lag_days"] = "0"
    second = await _bulk(client, project_id, items)
    assert [r["status"] for r in second.json()["items"]] == ["unchanged", "updated"]
    assert [r["id"] for r in second.json()["items"]] == [r["id"] for r in first.json()["items"]]
    assert (await _starts(client, project_id))["C"] == "2025-01-08"


async def test_tasks_named_by_id(client: httpx.AsyncClient) -> None:
    project_id = await _plan(client)
    ids = {t["external_id"]: t["id"] for t in await all_tasks(client, project_id)}
    item = {
        "external_source": SOURCE,
        "external_id": "L1",
        "predecessor_id": ids["A"],
        "successor_external_id": "C",
        "type": "FF",
    }
    response = await _bulk(client, project_id, [item])
    assert response.status_code == 200, response.text
    assert response.json()["items"][0]["status"] == "created"


async def test_cycle_fails_the_call_and_writes_nothing(client: httpx.AsyncClient) -> None:
    project_id = await _plan(client)
    items = [_link("L1", "A", "B"), _link("L2", "B", "C"), _link("L3", "C", "A")]
    response = await _bulk(client, project_id, items)
    assert response.status_code == 422
    assert "cycle" in response.json()["detail"]
    again = await _bulk(client, project_id, items[:2])
    assert [r["status"] for r in again.json()["items"]] == ["created", "created"]


async def test_bad_links_are_answered_per_item(client: httpx.AsyncClient) -> None:
    project_id = await _plan(client)
    other = await create_project(client)
    foreign = await add_task(client, other["id"])
    items = [
        _link("L1", "A", "B"),
        _link("L2", "A", "A"),
        _link("L3", "A", "NOPE"),
        {**_link("L4", "A", "B"), "type": "XX"},
        {
            "external_source": SOURCE,
            "external_id": "L5",
            "predecessor_id": foreign["id"],
            "successor_external_id": "B",
        },
        _link("L6", "A", "B"),
        {"external_source": SOURCE, "external_id": "L7", "predecessor_external_id": "A"},
    ]
    atomic = await _bulk(client, project_id, items)
    assert atomic.status_code == 422
    assert [r["index"] for r in atomic.json()["items"]] == [1, 2, 3, 4, 5, 6]
    per_item = await _bulk(client, project_id, items, mode="per_item")
    assert per_item.status_code == 200
    statuses = [r["status"] for r in per_item.json()["items"]]
    assert statuses == ["created"] + ["error"] * 6
    details = [r["problem"]["detail"] for r in per_item.json()["items"][1:]]
    assert "itself" in details[0]
    assert "unknown successor" in details[1]
    assert "unknown predecessor" in details[3]
    assert "already linked" in details[4]
