"""Service tokens of integrating systems (client credentials): scoped to what they may push,
limited to the projects (or portfolios) they name, never a member, never admin or pmo."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from shared.auth import mint_integration_token
from tests.conftest import JWT_SECRET
from tests.projects.factories import add_task, auth, create_portfolio, create_project


def service_token(scope: str, **limits: Any) -> str:
    return mint_integration_token(JWT_SECRET, name="erp", scope=scope, **limits)


def _tasks(*external_ids: str) -> dict[str, Any]:
    items = [{"external_source": "erp", "external_id": e, "name": e} for e in external_ids]
    return {"items": items}


def _risk() -> dict[str, Any]:
    return {"title": "Supplier late", "probability": 3, "impact": 4}


async def test_a_scoped_token_pushes_tasks_to_its_project_only(
    client: httpx.AsyncClient,
) -> None:
    mine = await create_project(client, start_date="2026-01-05")
    other = await create_project(client, start_date="2026-01-05")
    token = service_token("projects:read tasks:write", project_ids=[mine["id"]])

    pushed = await client.post(
        f"/v1/projects/{mine['id']}/tasks:bulk", json=_tasks("A-1", "A-2"), headers=auth(token)
    )
    assert pushed.status_code == 200, pushed.text
    read = await client.get(f"/v1/projects/{mine['id']}/tasks", headers=auth(token))
    assert read.status_code == 200
    assert {t["name"] for t in read.json()["items"]} == {"A-1", "A-2"}

    refused = await client.post(
        f"/v1/projects/{other['id']}/tasks:bulk", json=_tasks("B-1"), headers=auth(token)
    )
    assert refused.status_code == 404, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(f"/v1/projects/{other['id']}", headers=auth(token))).status_code == 404
    other_tasks = await client.get(f"/v1/projects/{other['id']}/tasks")
    assert other_tasks.json()["items"] == []  # nothing half-written


async def test_a_write_without_its_scope_is_a_403_naming_the_scope(
    client: httpx.AsyncClient,
) -> None:
    project = await create_project(client)
    token = service_token("projects:read tasks:write", project_ids=[project["id"]])
    response = await client.post(
        f"/v1/projects/{project['id']}/risks", json=_risk(), headers=auth(token)
    )
    assert response.status_code == 403, response.text
    problem = response.json()
    assert "raid:write" in problem["detail"] and problem["missing_scope"] == "raid:write"
    risks = await client.get(f"/v1/projects/{project['id']}/risks")
    assert risks.json()["items"] == []

    with_raid = service_token("raid:write", project_ids=[project["id"]])
    created = await client.post(
        f"/v1/projects/{project['id']}/risks", json=_risk(), headers=auth(with_raid)
    )
    assert created.status_code == 201, created.text
    # Reading needs projects:read, which this one lacks.
    read = await client.get(f"/v1/risks/{created.json()['id']}", headers=auth(with_raid))
    assert read.status_code == 403 and "projects:read" in read.json()["detail"]


async def test_a_service_token_cannot_create_projects_portfolios_or_manage(
    client: httpx.AsyncClient,
) -> None:
    project = await create_project(client)
    every_scope = (
        "projects:read projects:write tasks:write raid:write costs:write status:write "
        "webhooks:write"
    )
    token = service_token(every_scope, project_ids=[project["id"]])
    attempts = [
        ("/v1/projects", {"code": f"P-{uuid.uuid4().hex[:6]}", "name": "Sneaky"}),
        ("/v1/portfolios", {"name": "Sneaky portfolio"}),
        (
            f"/v1/projects/{project['id']}/members",
            {"user_id": "integration:erp", "role": "manager"},
        ),
    ]
    for path, body in attempts:
        response = await client.post(path, json=body, headers=auth(token))
        assert response.status_code == 403, (path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    deleted = await client.delete(f"/v1/projects/{project['id']}", headers=auth(token))
    assert deleted.status_code == 403
    assert (await client.get(f"/v1/projects/{project['id']}")).status_code == 200


async def test_portfolio_limits_reach_the_projects_of_the_portfolio(
    client: httpx.AsyncClient,
) -> None:
    portfolio = await create_portfolio(client)
    inside = await create_project(client, portfolio_id=portfolio["id"])
    outside = await create_project(client)
    token = service_token("projects:read tasks:write", portfolio_ids=[portfolio["id"]])
    task = await add_task(client, inside["id"])
    changed = await client.patch(
        f"/v1/tasks/{task['id']}",
        json={"name": "Renamed by the ERP"},
        headers={**auth(token), "if-match": f'"{task["version"]}"'},
    )
    assert changed.status_code == 200, changed.text
    assert (
        await client.get(f"/v1/projects/{outside['id']}", headers=auth(token))
    ).status_code == 404
    outside_task = await add_task(client, outside["id"])
    # A lookup by id of a record outside its limits: 404, as if it did not exist.
    response = await client.get(f"/v1/tasks/{outside_task['id']}", headers=auth(token))
    assert response.status_code == 404


async def test_a_service_token_without_limits_reaches_no_project(
    client: httpx.AsyncClient,
) -> None:
    project = await create_project(client)
    token = service_token("projects:read tasks:write")
    response = await client.get(f"/v1/projects/{project['id']}", headers=auth(token))
    assert response.status_code == 404


async def test_a_service_token_lists_the_projects_within_its_limits(
    client: httpx.AsyncClient,
) -> None:
    portfolio = await create_portfolio(client)
    named = await create_project(client)
    of_portfolio = await create_project(client, portfolio_id=portfolio["id"])
    outside = await create_project(client)
    token = service_token(
        "projects:read", project_ids=[named["id"]], portfolio_ids=[portfolio["id"]]
    )
    # A membership naming the token's subject does not widen its reach: its limits do.
    member = {"user_id": "integration:erp", "role": "viewer"}
    joined = await client.post(f"/v1/projects/{outside['id']}/members", json=member)
    assert joined.status_code == 201, joined.text
    listed = await client.get("/v1/projects", params={"limit": 200}, headers=auth(token))
    assert listed.status_code == 200, listed.text
    ids = {p["id"] for p in listed.json()["items"]}
    assert outside["id"] not in ids
    assert ids == {named["id"], of_portfolio["id"]}


async def test_a_service_token_reads_tasks_by_ids_within_its_limits_only(
    client: httpx.AsyncClient,
) -> None:
    mine = await create_project(client)
    other = await create_project(client)
    inside, outside = await add_task(client, mine["id"]), await add_task(client, other["id"])
    token = service_token("projects:read", project_ids=[mine["id"]])
    response = await client.get(
        "/v1/tasks", params={"ids": f"{inside['id']},{outside['id']}"}, headers=auth(token)
    )
    assert response.status_code == 200, response.text
    assert [t["id"] for t in response.json()["items"]] == [inside["id"]]
