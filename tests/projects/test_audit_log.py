"""The audit log (DESIGN §5): every write through the API leaves a record, in the same
transaction, with who made it and what changed; failed writes leave none; nobody can
rewrite a record."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.projects.factories import add_task, auth, create_project
from tests.projects.interchange.test_mspdi_import import DATA as MSPDI


async def audit(client: httpx.AsyncClient, **params: str) -> list[dict]:
    response = await client.get("/v1/audit-records", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_writes_are_recorded_with_actor_request_and_changed_fields(client, make_token):
    project = await create_project(client, name="Before")
    update = await client.patch(
        f"/v1/projects/{project['id']}",
        json={"name": "After", "budget": "99.50", "currency": "EUR"},
        headers={"if-match": '"1"'},
    )
    assert update.status_code == 200, update.text
    task = await add_task(client, project["id"], name="Dig")
    deleted = await client.delete(f"/v1/tasks/{task['id']}")
    assert deleted.status_code == 204

    records = await audit(client, project_id=project["id"])
    # Newest first; creating a project also makes its creator a member, in one transaction.
    assert [(r["action"], r["entity_type"]) for r in records[:3]] == [
        ("deleted", "tasks"),
        ("created", "tasks"),
        ("updated", "projects"),
    ]
    assert {(r["action"], r["entity_type"]) for r in records[3:]} == {
        ("created", "projects"),
        ("created", "project_members"),
    }
    assert len(records) == 5
    assert {r["actor"] for r in records} == {"admin"}
    updated = records[2]
    assert updated["entity_id"] == project["id"]
    assert updated["changes"] == {
        "name": {"old": "Before", "new": "After"},
        "budget": {"old": None, "new": "99.50"},
        "currency": {"old": None, "new": "EUR"},
    }
    assert updated["request_id"] == update.headers["x-request-id"]
    created_task = records[1]["changes"]
    assert created_task["name"] == {"old": None, "new": "Dig"}
    assert created_task["project_id"] == {"old": None, "new": project["id"]}
    assert records[0]["changes"]["name"] == {"old": "Dig", "new": None}
    sequences = [r["sequence"] for r in records]
    assert sequences == sorted(sequences, reverse=True)


async def test_failed_writes_leave_no_record(client):
    project = await create_project(client)
    stale = await client.patch(
        f"/v1/projects/{project['id']}", json={"name": "X"}, headers={"if-match": '"7"'}
    )
    assert stale.status_code == 412
    bad = await client.patch(f"/v1/projects/{project['id']}", json={"status": "completed"})
    assert bad.status_code == 409  # proposed -> completed is not a transition
    records = await audit(client, project_id=project["id"])
    assert [r["action"] for r in records] == ["created", "created"]  # project and member


async def test_filters_and_pages(client):
    project = await create_project(client)
    tasks = [await add_task(client, project["id"], name=f"T{i}") for i in range(3)]
    one = await audit(client, entity_type="tasks", entity_id=tasks[1]["id"])
    assert [(r["entity_id"], r["action"]) for r in one] == [(tasks[1]["id"], "created")]

    first = await client.get("/v1/audit-records", params={"project_id": project["id"], "limit": 2})
    page = first.json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = await client.get(
        "/v1/audit-records",
        params={"project_id": project["id"], "limit": 3, "cursor": page["next_cursor"]},
    )
    seen = [r["id"] for r in page["items"]] + [r["id"] for r in rest.json()["items"]]
    # The project, its creator's membership and three tasks, without overlap.
    assert len(seen) == len(set(seen)) == 5
    assert rest.json()["next_cursor"] is None

    record = await client.get(f"/v1/audit-records/{seen[0]}")
    assert record.status_code == 200 and record.json()["id"] == seen[0]


async def test_global_readers_see_all_members_their_projects_history(client, make_token):
    mine, other = await create_project(client), await create_project(client)
    added = await client.post(
        f"/v1/projects/{mine['id']}/members", json={"user_id": "auditor-1", "role": "viewer"}
    )
    assert added.status_code == 201
    member = auth(make_token("member", sub="auditor-1"))
    for role in ("executive", "pmo"):
        response = await client.get("/v1/audit-records", headers=auth(make_token(role)))
        assert response.status_code == 200, (role, response.text)

    whole = await client.get("/v1/audit-records", headers=member)
    assert whole.status_code == 403
    assert whole.headers["content-type"] == "application/problem+json"
    own = await client.get("/v1/audit-records", params={"project_id": mine["id"]}, headers=member)
    assert own.status_code == 200, own.text
    assert {r["project_id"] for r in own.json()["items"]} == {mine["id"]}
    record_id = own.json()["items"][0]["id"]
    assert (await client.get(f"/v1/audit-records/{record_id}", headers=member)).status_code == 200

    foreign = await client.get(
        "/v1/audit-records", params={"project_id": other["id"]}, headers=member
    )
    assert foreign.status_code == 404  # as for the project itself: not revealed
    [other_record, *_] = await audit(client, project_id=other["id"])
    hidden = await client.get(f"/v1/audit-records/{other_record['id']}", headers=member)
    assert hidden.status_code == 404


async def test_bad_audit_queries_are_problems(client):
    unknown = await client.get("/v1/audit-records/00000000-0000-0000-0000-000000000000")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    for params in ({"action": "rewritten"}, {"entity_id": "nope"}, {"limit": "501"}):
        response = await client.get("/v1/audit-records", params=params)
        assert response.status_code == 422, params


async def test_records_cannot_be_rewritten_or_deleted(projects_app):
    insert = text(
        "INSERT INTO audit_records (id, actor, action, entity_type, entity_id, changes)"
        " VALUES (gen_random_uuid(), 'someone', 'created', 'tasks', gen_random_uuid(), '{}')"
    )
    async with projects_app.state.engine.connect() as conn:
        for statement in (
            "UPDATE audit_records SET actor = 'someone else'",
            "DELETE FROM audit_records",
        ):
            await conn.execute(insert)
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text(statement))
            await conn.rollback()


async def test_bulk_upserts_record_what_each_item_changed(client):
    project = await create_project(client, start_date="2025-01-06")
    url = f"/v1/projects/{project['id']}/tasks:bulk"

    def item(external_id: str, duration: str) -> dict:
        return {
            "external_source": "jira",
            "external_id": external_id,
            "name": external_id,
            "duration_days": duration,
        }

    first = await client.post(url, json={"items": [item("A", "2"), item("B", "3")]})
    assert first.status_code == 200, first.text
    again = await client.post(url, json={"items": [item("A", "2"), item("B", "5")]})
    assert [r["status"] for r in again.json()["items"]] == ["unchanged", "updated"]
    ids = {r["external_id"]: r["id"] for r in first.json()["items"]}

    records = await audit(client, project_id=project["id"], entity_type="tasks")
    by_task: dict[str, list[tuple[str, dict]]] = {}
    for r in records:
        by_task.setdefault(r["entity_id"], []).append((r["action"], r["changes"]))
    assert [action for action, _ in by_task[ids["A"]]] == ["created"]  # unchanged: no record
    (updated, b_changes), (created, b_created) = by_task[ids["B"]]
    assert (updated, created) == ("updated", "created")
    # The work left follows the duration (nothing done yet), and says so too.
    assert b_changes == {
        "duration_days": {"old": "3.00", "new": "5"},
        "remaining_duration_days": {"old": "3.0000", "new": "5"},
    }
    assert b_created["external_id"] == {"old": None, "new": "B"}


async def test_an_import_is_one_record_with_its_counts(client):
    xml = await asyncio.to_thread((MSPDI / "task-links-2019.xml").read_bytes)
    response = await client.post(
        "/v1/imports/mspdi", content=xml, headers={"content-type": "application/xml"}
    )
    assert response.status_code == 201, response.text
    project_id = response.json()["id"]
    records = await audit(client, project_id=project_id, action="imported")
    [record] = records
    changes = record["changes"]
    assert changes["source"] == {"old": None, "new": "mspdi"}
    assert changes["tasks"]["new"] == response.json()["counts"]["tasks"] > 0
    # The project row itself was created through the ORM and has its own record.
    created = await audit(client, project_id=project_id, entity_type="projects")
    assert {r["action"] for r in created} == {"imported", "created"}
