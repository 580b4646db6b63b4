"""Deleting a project archives it: hidden from lists and from everyone but admin/pmo,
unchangeable until restored, erased only by a purge after the retention period."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from services.projects.config import ProjectsSettings
from services.projects.main import create_app
from services.projects.models import event_tables
from tests.projects.factories import add_task, auth, create_portfolio, create_project


async def _archived(client: httpx.AsyncClient, make_token) -> tuple[dict, dict, str]:
    """A project in a portfolio with a task, a manager who is a plain member, archived."""
    manager = make_token("member", sub="archive-manager")
    portfolio = await create_portfolio(client)
    project = await create_project(client, portfolio_id=portfolio["id"])
    added = await client.post(
        f"/v1/projects/{project['id']}/members",
        json={"user_id": "archive-manager", "role": "manager"},
    )
    assert added.status_code == 201, added.text
    task = await add_task(client, project["id"])
    deleted = await client.delete(f"/v1/projects/{project['id']}", headers={"if-match": '"1"'})
    assert deleted.status_code == 204, deleted.text
    return project, task, manager


async def test_delete_archives_and_hides_the_project(client: httpx.AsyncClient, make_token) -> None:
    project, task, manager = await _archived(client, make_token)
    pid = project["id"]
    # The manager, an executive and every list: as if it did not exist.
    executive = make_token("executive")
    for token in (manager, executive):
        assert (await client.get(f"/v1/projects/{pid}", headers=auth(token))).status_code == 404
        tasks = await client.get(f"/v1/projects/{pid}/tasks", headers=auth(token))
        assert tasks.status_code == 404
        assert (await client.get(f"/v1/tasks/{task['id']}", headers=auth(token))).status_code == 404
    listed = await client.get("/v1/projects", params={"portfolio_id": project["portfolio_id"]})
    assert listed.json()["items"] == []
    batch = await client.get("/v1/projects", params={"ids": pid})
    assert batch.json()["items"] == []
    firsts = await client.get(
        "/v1/projects/first-pages", params={"portfolio_ids": project["portfolio_id"]}
    )
    assert firsts.json()["items"][0]["items"] == []
    tasks_batch = await client.get("/v1/tasks/first-pages", params={"project_ids": pid})
    assert tasks_batch.json()["items"][0]["items"] == []
    rollup = await client.get(f"/v1/portfolios/{project['portfolio_id']}/rollup")
    assert rollup.status_code == 200 and pid not in rollup.text
    # Admin and PMO see it by id, with when and by whom it was archived, and list it apart.
    for token in (None, make_token("pmo")):
        headers = auth(token) if token else {}
        seen = await client.get(f"/v1/projects/{pid}", headers=headers)
        assert seen.status_code == 200
        assert seen.json()["archived_at"] is not None and seen.json()["archived_by"]
        archived = await client.get("/v1/projects", params={"archived": "true"}, headers=headers)
        assert pid in [p["id"] for p in archived.json()["items"]]
    refused = await client.get("/v1/projects", params={"archived": "true"}, headers=auth(executive))
    assert refused.status_code == 403


async def test_an_archived_project_does_not_change(client: httpx.AsyncClient, make_token) -> None:
    project, task, manager = await _archived(client, make_token)
    pid = project["id"]
    # Admin: 409 (restore first); its manager: 404 (it is gone for them).
    for headers, expected in (({}, 409), (auth(manager), 404)):
        risk = await client.post(
            f"/v1/projects/{pid}/risks",
            json={"title": "Late", "probability": 2, "impact": 2},
            headers=headers,
        )
        assert risk.status_code == expected, risk.text
        assert risk.headers["content-type"] == "application/problem+json"
        renamed = await client.patch(
            f"/v1/tasks/{task['id']}", json={"name": "Renamed"}, headers=headers
        )
        assert renamed.status_code == expected, renamed.text
        patched = await client.patch(f"/v1/projects/{pid}", json={"name": "X"}, headers=headers)
        assert patched.status_code == expected, patched.text
    again = await client.delete(f"/v1/projects/{pid}")
    assert again.status_code == 409


async def test_restore_brings_everything_back(client: httpx.AsyncClient, make_token) -> None:
    project, task, manager = await _archived(client, make_token)
    pid = project["id"]
    member = await client.post(f"/v1/projects/{pid}/restore", headers=auth(make_token("member")))
    assert member.status_code == 403
    restored = await client.post(f"/v1/projects/{pid}/restore", headers=auth(make_token("pmo")))
    assert restored.status_code == 200, restored.text
    assert restored.json()["archived_at"] is None
    seen = await client.get(f"/v1/tasks/{task['id']}", headers=auth(manager))
    assert seen.status_code == 200 and seen.json()["name"] == task["name"]
    listed = await client.get("/v1/projects", params={"ids": pid}, headers=auth(manager))
    assert [p["id"] for p in listed.json()["items"]] == [pid]
    twice = await client.post(f"/v1/projects/{pid}/restore")
    assert twice.status_code == 409


async def test_purge_waits_for_the_retention_period(client: httpx.AsyncClient, make_token) -> None:
    project, _, _ = await _archived(client, make_token)
    pid = project["id"]
    pmo = await client.post(f"/v1/projects/{pid}/purge", headers=auth(make_token("pmo")))
    assert pmo.status_code == 403
    early = await client.post(f"/v1/projects/{pid}/purge")
    assert early.status_code == 409
    assert early.headers["content-type"] == "application/problem+json"
    assert "purgeable_at" in early.json()
    assert (await client.get(f"/v1/projects/{pid}")).status_code == 200


@pytest.fixture
async def no_retention_app(database_urls: dict[str, str]) -> AsyncIterator[FastAPI]:
    settings = ProjectsSettings(
        database_url=database_urls["projects"], archive_retention_days=0, jobs_worker=False
    )
    app = create_app(settings)
    async with LifespanManager(app):
        yield app


async def test_purge_erases_the_project_and_keeps_its_audit(
    no_retention_app: FastAPI, admin_token: str, make_token
) -> None:
    transport = httpx.ASGITransport(app=no_retention_app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth(admin_token)
    ) as client:
        live = await create_project(client)
        not_archived = await client.post(f"/v1/projects/{live['id']}/purge")
        assert not_archived.status_code == 409
        project, task, _ = await _archived(client, make_token)
        pid = project["id"]
        restored = await client.post(f"/v1/projects/{pid}/restore")
        assert restored.status_code == 200
        assert (await client.delete(f"/v1/projects/{pid}")).status_code == 204
        purged = await client.post(f"/v1/projects/{pid}/purge")
        assert purged.status_code == 204, purged.text
        assert (await client.get(f"/v1/projects/{pid}")).status_code == 404
        assert (await client.get(f"/v1/tasks/{task['id']}")).status_code == 404
        records = await client.get(
            "/v1/audit-records", params={"entity_id": pid, "entity_type": "projects"}
        )
        assert records.status_code == 200, records.text
        purges = [r for r in records.json()["items"] if (r["changes"] or {}).get("purged")]
        assert len(purges) == 1 and purges[0]["action"] == "deleted"
    outbox = event_tables.outbox
    async with no_retention_app.state.engine.connect() as conn:
        rows = await conn.execute(
            select(outbox.c.type)
            .where(outbox.c.project_id == uuid.UUID(pid))
            .order_by(outbox.c.position)
        )
        types = [row.type for row in rows]
    # One audit record and one delete event for the purge (the ORM's own was a second).
    assert types.count("project.deleted") == 1
    explicit = [t for t in types if t in {"project.archived", "project.restored", "project.purged"}]
    assert explicit == [
        "project.archived",
        "project.restored",
        "project.archived",
        "project.purged",
    ]
