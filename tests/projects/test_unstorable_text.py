"""Text PostgreSQL cannot store (NUL, unpaired surrogates) is a 422 naming the field, in any
body, query or path, before it reaches the database (the fuzzer found these as 500s)."""

from __future__ import annotations

import httpx

from tests.projects.factories import add_task, create_project

PROBLEM = "application/problem+json"
JSON = {"content-type": "application/json"}


def _fields(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    return [error["field"] for error in response.json()["errors"]]


async def test_nul_in_a_body_field_is_422_and_nothing_is_written(client) -> None:
    project = await create_project(client)
    path = f"/v1/projects/{project['id']}/change-requests"
    response = await client.post(path, content=rb'{"title": "a\u0000b"}', headers=JSON)
    assert _fields(response) == ["title"]
    assert (await client.get(path)).json()["items"] == []


async def test_unpaired_surrogate_in_a_patch_is_422(client) -> None:
    project = await create_project(client)
    task = await add_task(client, project["id"])
    response = await client.patch(
        f"/v1/tasks/{task['id']}", content=rb'{"name": "x\ud800"}', headers=JSON
    )
    assert _fields(response) == ["name"]
    assert (await client.get(f"/v1/tasks/{task['id']}")).json()["name"] == task["name"]


async def test_nul_deep_in_a_bulk_item_is_422(client) -> None:
    project = await create_project(client)
    body = rb'{"items": [{"external_source": "erp", "external_id": "1", "name": "\u0000"}]}'
    response = await client.post(
        f"/v1/projects/{project['id']}/tasks:bulk", content=body, headers=JSON
    )
    assert _fields(response) == ["items.0.name"]


async def test_surrogate_pairs_and_escaped_backslashes_are_ordinary_text(client) -> None:
    project = await create_project(client)
    response = await client.post(
        f"/v1/projects/{project['id']}/tasks",
        content=rb'{"name": "\ud83d\ude80 \\u0000"}',
        headers=JSON,
    )
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "\U0001f680 \\u0000"


async def test_nul_in_a_query_parameter_is_422(client) -> None:
    assert _fields(await client.get("/v1/audit-records", params={"entity_type": "a\x00"})) == [
        "entity_type"
    ]
    assert _fields(await client.get("/v1/projects", params={"q": "\x00"})) == ["q"]
