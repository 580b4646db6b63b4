"""Finance systems push actual costs in bulk, keyed by external_source + external_id: a
push repeated is applied once, one bad item refuses the whole batch (its index named),
nothing half-written."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.costs.factories import costed_project
from tests.projects.factories import add_task


def item(external_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "external_source": "erp",
        "external_id": external_id,
        "incurred_on": "2026-03-31",
        "amount": "100.00",
        "currency": "EUR",
        "category": "services",
        **fields,
    }


async def push(client: httpx.AsyncClient, project_id: str, items: list, **extra: Any):
    url = f"/v1/projects/{project_id}/actual-costs/bulk"
    return await client.post(url, json={"items": items, **extra})


async def costs(client: httpx.AsyncClient, project_id: str) -> list[dict[str, Any]]:
    response = await client.get(f"/v1/projects/{project_id}/actual-costs")
    return sorted(response.json()["items"], key=lambda c: c["external_id"])


async def test_a_repeated_push_is_applied_once(client: httpx.AsyncClient) -> None:
    project = await costed_project(client)
    task = await add_task(client, project["id"])
    batch = [item("INV-1", amount="100.00", task_id=task["id"]), item("INV-2", amount="250.00")]

    first = await push(client, project["id"], batch)
    assert first.status_code == 200, first.text
    assert [i["status"] for i in first.json()["items"]] == ["created", "created"]
    assert first.json()["counts"]["created"] == 2
    again = await push(client, project["id"], batch)
    assert [i["status"] for i in again.json()["items"]] == ["unchanged", "unchanged"]
    assert [i["id"] for i in again.json()["items"]] == [i["id"] for i in first.json()["items"]]
    stored = await costs(client, project["id"])
    assert [(c["external_id"], c["amount"], c["version"]) for c in stored] == [
        ("INV-1", "100.00", 1),
        ("INV-2", "250.00", 1),
    ]

    corrected = await push(client, project["id"], [item("INV-2", amount="260"), item("INV-3")])
    assert [i["status"] for i in corrected.json()["items"]] == ["updated", "created"]
    stored = await costs(client, project["id"])
    assert [(c["external_id"], c["amount"], c["version"]) for c in stored] == [
        ("INV-1", "100.00", 1),
        ("INV-2", "260.00", 2),
        ("INV-3", "100.00", 1),
    ]
    audit = await client.get(
        "/v1/audit-records",
        params={"entity_type": "actual_costs", "entity_id": corrected.json()["items"][0]["id"]},
    )
    assert [(r["action"], r["changes"].get("amount")) for r in audit.json()["items"]] == [
        ("updated", {"old": "250.00", "new": "260.00"}),
        ("created", {"old": None, "new": "250.00"}),
    ]


async def test_one_bad_item_refuses_the_batch(client: httpx.AsyncClient) -> None:
    project, other = await costed_project(client), await costed_project(client)
    foreign = await add_task(client, other["id"])
    batch = [
        item("OK-1"),
        item("NEG", amount="-5.00"),
        item("USD", currency="USD"),
        item("TASK", task_id=foreign["id"]),
        item("OK-1"),  # the same key twice
    ]
    response = await push(client, project["id"], batch)
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in problem["errors"]] == [
        "items[1]",
        "items[2]",
        "items[3]",
        "items[4]",
    ]
    assert "exchange rates" in problem["errors"][1]["message"]
    assert "not a task of this project" in problem["errors"][2]["message"]
    assert [i["status"] for i in problem["items"]] == ["error"] * 4
    assert await costs(client, project["id"]) == []


async def test_per_item_writes_the_good_ones(client: httpx.AsyncClient) -> None:
    project = await costed_project(client)
    response = await push(
        client, project["id"], [item("A"), item("B", amount="oops")], mode="per_item"
    )
    assert response.status_code == 200, response.text
    results = response.json()["items"]
    assert [r["status"] for r in results] == ["created", "error"]
    assert results[1]["problem"]["status"] == 422
    assert [c["external_id"] for c in await costs(client, project["id"])] == ["A"]


async def test_items_need_an_external_key_and_batches_a_limit(client: httpx.AsyncClient) -> None:
    project = await costed_project(client)
    keyless = {k: v for k, v in item("X").items() if k != "external_id"}
    response = await push(client, project["id"], [keyless])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "items[0]"
    too_many = await push(client, project["id"], [item(str(i)) for i in range(1001)])
    assert too_many.status_code == 422
    assert (await push(client, project["id"], [])).status_code == 422
    assert await costs(client, project["id"]) == []
