"""Bulk pushes of assignments keyed by (task, resource), by ids or by external keys; pushed
again the same, nothing changes; one bad item refuses an atomic push, nothing written."""

from __future__ import annotations

import secrets

import httpx

from tests.projects.assignments.factories import PROBLEM, assign, create_person, priced_plan
from tests.projects.factories import add_task


async def test_bulk_by_keys_then_again(client: httpx.AsyncClient) -> None:
    plan = await priced_plan(client)
    pid, person = plan["project"]["id"], plan["person"]
    hr_id = f"E-{secrets.token_hex(3)}"
    keyed = await create_person(client, external_source="hr", external_id=hr_id)
    pushed = await client.post(
        f"/v1/projects/{pid}/tasks:bulk",
        json={
            "items": [
                {
                    "external_source": "mpp",
                    "external_id": "T1",
                    "name": "Design",
                    "duration_days": "5",
                }
            ]
        },
    )
    assert pushed.status_code == 200, pushed.text
    items = [
        {"task_id": plan["task"]["id"], "resource_id": person["id"], "units": "0.5"},
        {
            "task_external_source": "mpp",
            "task_external_id": "T1",
            "resource_external_source": "hr",
            "resource_external_id": hr_id,
            "work_hours": "20",
        },
    ]
    url = f"/v1/projects/{pid}/assignments/bulk"
    first = await client.post(url, json={"items": items})
    assert first.status_code == 200, first.text
    assert [r["status"] for r in first.json()["items"]] == ["created", "created"]
    again = await client.post(url, json={"items": items})
    assert [r["status"] for r in again.json()["items"]] == ["unchanged", "unchanged"]
    items[0]["units"] = "1"
    changed = await client.post(url, json={"items": items})
    assert [r["status"] for r in changed.json()["items"]] == ["updated", "unchanged"]
    listed = (await client.get(f"/v1/projects/{pid}/assignments")).json()["items"]
    by_resource = {a["resource_id"]: a for a in listed}
    assert by_resource[person["id"]]["units"] == "1.00"
    assert by_resource[person["id"]]["version"] == 2
    # 20 h over 5 days of 8 h.
    assert by_resource[keyed["id"]]["units"] == "0.50"


async def test_bulk_atomic_refuses_every_bad_item(client: httpx.AsyncClient) -> None:
    plan = await priced_plan(client)
    pid, person = plan["project"]["id"], plan["person"]
    part_timer = await create_person(client, max_units="0.5")
    phase = await add_task(client, pid, name="Phase")
    await add_task(client, pid, name="Leaf", parent_id=phase["id"], duration_days="1")
    good = {"task_id": plan["task"]["id"], "resource_id": person["id"], "units": "1"}
    bad = [
        {"task_id": plan["task"]["id"], "resource_id": part_timer["id"], "units": "0.8"},
        {"task_id": phase["id"], "resource_id": person["id"], "units": "1"},
        {"task_id": plan["task"]["id"], "resource_id": person["id"]},
        {
            "task_external_source": "x",
            "task_external_id": "nope",
            "resource_id": person["id"],
            "units": "1",
        },
        good,
    ]
    url = f"/v1/projects/{pid}/assignments/bulk"
    refused = await client.post(url, json={"items": [good, *bad]})
    assert refused.status_code == 422 and refused.headers["content-type"] == PROBLEM
    fields = [e["field"] for e in refused.json()["errors"]]
    assert fields == [f"items[{i}]" for i in range(1, 6)]
    assert (await client.get(f"/v1/projects/{pid}/assignments")).json()["items"] == []

    partial = await client.post(url, json={"items": [good, *bad], "mode": "per_item"})
    assert partial.status_code == 200, partial.text
    statuses = [r["status"] for r in partial.json()["items"]]
    assert statuses == ["created", "error", "error", "error", "error", "error"]
    assert len((await client.get(f"/v1/projects/{pid}/assignments")).json()["items"]) == 1


async def test_bulk_tasks_do_not_nest_under_a_staffed_task(client: httpx.AsyncClient) -> None:
    plan = await priced_plan(client)
    pid = plan["project"]["id"]
    url = f"/v1/projects/{pid}/tasks:bulk"
    parent = {"external_source": "mpp", "external_id": "P", "name": "Parent", "duration_days": "2"}
    pushed = await client.post(url, json={"items": [parent]})
    assert pushed.status_code == 200, pushed.text
    parent_id = pushed.json()["items"][0]["id"]
    await assign(client, parent_id, plan["person"]["id"])
    child = {
        "external_source": "mpp",
        "external_id": "C",
        "name": "Child",
        "parent_external_id": "P",
    }
    refused = await client.post(url, json={"items": [child]})
    assert refused.status_code == 422 and "assigned" in refused.text
    tasks = (await client.get(f"/v1/projects/{pid}/tasks")).json()["items"]
    assert "Child" not in {t["name"] for t in tasks}
