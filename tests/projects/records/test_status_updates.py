from __future__ import annotations

import httpx
import pytest

from tests.projects.factories import create_project

RAGS = {
    "overall_rag": "amber",
    "schedule_rag": "red",
    "cost_rag": "green",
    "scope_rag": "green",
    "risk_rag": "amber",
}


async def _post(client: httpx.AsyncClient, project_id: str, **fields) -> httpx.Response:
    body = {"as_of": "2026-02-06", **RAGS, "narrative": "Design slipped a week.", **fields}
    return await client.post(f"/v1/projects/{project_id}/status-updates", json=body)


async def test_create_and_read(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    created = await _post(client, project["id"])
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["location"] == f"/v1/status-updates/{body['id']}"
    assert (body["overall_rag"], body["schedule_rag"], body["author"]) == ("amber", "red", "admin")
    fetched = await client.get(f"/v1/status-updates/{body['id']}")
    assert fetched.status_code == 200
    assert fetched.json()["narrative"] == "Design slipped a week."


async def test_listed_newest_first_and_paged(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    for day in ("2026-01-09", "2026-01-23", "2026-01-16"):
        assert (await _post(client, project["id"], as_of=day)).status_code == 201
    url = f"/v1/projects/{project['id']}/status-updates"
    first = (await client.get(url, params={"limit": 2})).json()
    rest = (await client.get(url, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [u["as_of"] for u in first["items"] + rest["items"]] == [
        "2026-01-23",
        "2026-01-16",
        "2026-01-09",
    ]
    assert rest["next_cursor"] is None


async def test_bad_rag_is_422(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    response = await _post(client, project["id"], cost_rag="blue")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("cost_rag")


@pytest.mark.parametrize("method", ["PATCH", "PUT", "DELETE"])
async def test_immutable(client: httpx.AsyncClient, method: str) -> None:
    project = await create_project(client)
    created = (await _post(client, project["id"])).json()
    url = f"/v1/status-updates/{created['id']}"
    response = await client.request(method, url, json={"overall_rag": "green"})
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get(url)).json()["overall_rag"] == "amber"
