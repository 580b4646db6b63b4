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
