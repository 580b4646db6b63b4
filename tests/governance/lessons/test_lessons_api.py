"""The lessons register through its REST API: record, read, edit, delete, who may."""

from __future__ import annotations

import httpx

from tests.governance.lessons.factories import record_lesson


async def test_record_read_edit_delete(client: httpx.AsyncClient) -> None:
    lesson = await record_lesson(
        client,
        title="Freeze scope before the design review",
        context="ERP roll-out",
        what_happened="Scope kept growing after sign-off.",
        root_cause="No change control.",
        recommendation="Run every change through the change board.",
        category="scope",
        tags=["ERP", "change-control", "erp"],
        phase="Design",
        impact="high",
        outcome="negative",
    )
    assert lesson["tags"] == ["erp", "change-control"]
    assert lesson["author"] == "pmo-1" and lesson["version"] == 1
    read = await client.get(f"/v1/lessons/{lesson['id']}")
    assert read.status_code == 200 and read.headers["etag"] == '"1"'
    assert read.json() == lesson
    edited = await client.patch(
        f"/v1/lessons/{lesson['id']}", json={"impact": "medium"}, headers={"if-match": '"1"'}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["impact"] == "medium" and edited.headers["etag"] == '"2"'
    deleted = await client.delete(f"/v1/lessons/{lesson['id']}", headers={"if-match": '"2"'})
    assert deleted.status_code == 204
    assert (await client.get(f"/v1/lessons/{lesson['id']}")).status_code == 404


async def test_writes_are_audited_without_the_search_vector(client: httpx.AsyncClient) -> None:
    lesson = await record_lesson(client, title="Audit me", tags=["a"])
    await client.patch(f"/v1/lessons/{lesson['id']}", json={"tags": ["b"]})
    await client.delete(f"/v1/lessons/{lesson['id']}")
    response = await client.get("/v1/audit-records", params={"entity_id": lesson["id"]})
    records = response.json()["items"]
    assert [r["action"] for r in records] == ["deleted", "updated", "created"]
    assert {r["entity_type"] for r in records} == {"lessons"}
    deleted, updated, created = (r["changes"] for r in records)
    assert updated == {"tags": {"old": ["a"], "new": ["b"]}}
    assert created["title"] == {"old": None, "new": "Audit me"}
    assert "search_vector" not in created and "search_vector" not in deleted


async def test_a_retried_post_records_one_lesson(client: httpx.AsyncClient) -> None:
    body = {"title": "Retried", "category": "risk", "tags": ["retry-once"]}
    headers = {"idempotency-key": "lesson-retry-1"}
    first = await client.post("/v1/lessons", json=body, headers=headers)
    again = await client.post("/v1/lessons", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotency-replayed"] == "true"
    assert again.json() == first.json()
    listed = await client.get("/v1/lessons", params={"tag": "retry-once"})
    assert [item["id"] for item in listed.json()["items"]] == [first.json()["id"]]
