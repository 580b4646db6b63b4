"""Sparse fieldsets on the task reads: ``?fields=`` returns the keys plus the fields asked
for, refuses unknown names, and pages like the full read."""

from __future__ import annotations

import httpx
import pytest

from services.projects.tasks.dependencies import parse_fields
from services.projects.tasks.schemas import TASK_FIELDS
from shared.errors import ValidationFailed
from tests.projects.factories import add_task, create_project

KEYS = {"id", "project_id", "position"}
PROBLEM = "application/problem+json"


async def project_with_tasks(client: httpx.AsyncClient, count: int) -> dict:
    project = await create_project(client)
    for i in range(count):
        await add_task(client, project["id"], name=f"T{i}", percent_complete="25")
    return project


async def test_list_returns_the_keys_and_the_fields_asked_for(client: httpx.AsyncClient) -> None:
    project = await project_with_tasks(client, 2)
    path = f"/v1/projects/{project['id']}/tasks"
    full = (await client.get(path)).json()["items"]
    response = await client.get(path, params={"fields": "name, percent_complete"})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [set(item) for item in items] == [KEYS | {"name", "percent_complete"}] * 2
    assert items == [{k: task[k] for k in item} for task, item in zip(full, items, strict=True)]


async def test_without_fields_every_field_comes(client: httpx.AsyncClient) -> None:
    project = await project_with_tasks(client, 1)
    [task] = (await client.get(f"/v1/projects/{project['id']}/tasks")).json()["items"]
    assert set(task) == set(TASK_FIELDS)


async def test_empty_fields_returns_only_the_keys(client: httpx.AsyncClient) -> None:
    project = await project_with_tasks(client, 1)
    response = await client.get(f"/v1/projects/{project['id']}/tasks", params={"fields": ""})
    assert [set(item) for item in response.json()["items"]] == [KEYS]


async def test_cursor_paging_with_fields(client: httpx.AsyncClient) -> None:
    project = await project_with_tasks(client, 5)
    path, params = f"/v1/projects/{project['id']}/tasks", {"fields": "name", "limit": 2}
    names, pages = [], 0
    while True:
        page = (await client.get(path, params=params)).json()
        assert all(set(item) == KEYS | {"name"} for item in page["items"])
        names += [item["name"] for item in page["items"]]
        pages += 1
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert (names, pages) == ([f"T{i}" for i in range(5)], 3)


async def test_first_pages_with_fields_continue_in_the_list(client: httpx.AsyncClient) -> None:
    first, second = [await project_with_tasks(client, n) for n in (3, 1)]
    response = await client.get(
        "/v1/tasks/first-pages",
        params={"project_ids": f"{first['id']},{second['id']}", "limit": 2, "fields": "name"},
    )
    assert response.status_code == 200, response.text
    pages = {page["project_id"]: page for page in response.json()["items"]}
    assert pages[first["id"]]["items"] == [
        {"id": item["id"], "project_id": first["id"], "position": i, "name": f"T{i}"}
        for i, item in enumerate(pages[first["id"]]["items"])
    ]
    assert [t["name"] for t in pages[second["id"]]["items"]] == ["T0"]
    rest = await client.get(
        f"/v1/projects/{first['id']}/tasks",
        params={"cursor": pages[first["id"]]["next_cursor"], "fields": "name"},
    )
    assert [(t["name"], set(t)) for t in rest.json()["items"]] == [("T2", KEYS | {"name"})]


@pytest.mark.parametrize("endpoint", ["list", "first-pages"])
async def test_unknown_field_is_a_422_naming_it(client: httpx.AsyncClient, endpoint: str) -> None:
    project = await project_with_tasks(client, 1)
    fields = "name,bogus,version"
    if endpoint == "list":
        response = await client.get(
            f"/v1/projects/{project['id']}/tasks", params={"fields": fields}
        )
    else:
        response = await client.get(
            "/v1/tasks/first-pages", params={"project_ids": project["id"], "fields": fields}
        )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert "bogus" in body["detail"]
    assert body["errors"] == [{"field": "fields", "message": "unknown task field 'bogus'"}]


async def test_openapi_documents_fields(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path in ("/v1/projects/{project_id}/tasks", "/v1/tasks/first-pages"):
        [param] = [p for p in paths[path]["get"]["parameters"] if p["name"] == "fields"]
        assert param["in"] == "query"
        assert param["required"] is False
        assert "percent_complete" in param["description"]


def test_parse_fields_is_canonical() -> None:
    """One spelling per set (order, spaces and repeats aside): one compiled statement."""
    assert parse_fields(None) is None
    assert parse_fields(" percent_complete,name,,name ") == parse_fields("name,percent_complete")
    assert parse_fields("name") == ("id", "project_id", "name", "position")
    with pytest.raises(ValidationFailed):
        parse_fields("name,Name")


async def test_openapi_documents_sparse_items(client: httpx.AsyncClient) -> None:
    """The task lists document their items as sparse (only the keys required), so a sparse
    answer matches its schema; the fuzzer found ``Page[TaskRead]`` broken by one."""
    document = (await client.get("/openapi.json")).json()
    schemas = document["components"]["schemas"]
    sparse = schemas["SparseTaskRead"]
    assert set(sparse["required"]) == KEYS
    assert sparse["properties"].keys() == schemas["TaskRead"]["properties"].keys()
    listed = document["paths"]["/v1/projects/{project_id}/tasks"]["get"]["responses"]["200"]
    page = schemas[listed["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert page["properties"]["items"]["items"] == {"$ref": "#/components/schemas/SparseTaskRead"}
    assert (
        schemas["ProjectTasks"]["properties"]["items"]["items"]
        == page["properties"]["items"]["items"]
    )
