from __future__ import annotations

import httpx

from tests.projects.factories import add_task, auth, create_portfolio, create_project


async def test_create_and_read_project(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    project = await create_project(
        client, portfolio_id=portfolio["id"], budget="1250.50", currency="EUR", tags=["erp"]
    )
    response = await client.get(f"/v1/projects/{project['id']}")
    assert response.status_code == 200
    body = response.json()
    assert body["budget"] == "1250.50"
    assert body["status"] == "proposed"
    assert body["tags"] == ["erp"]
    assert response.headers["etag"] == '"1"'


async def test_tasks_listed_in_order(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    names = [(await add_task(client, project["id"], name=f"T{i}"))["name"] for i in range(3)]
    response = await client.get(f"/v1/projects/{project['id']}/tasks", params={"limit": 2})
    page = response.json()
    assert [t["name"] for t in page["items"]] == names[:2]
    rest = await client.get(
        f"/v1/projects/{project['id']}/tasks", params={"limit": 2, "cursor": page["next_cursor"]}
    )
    assert [t["name"] for t in rest.json()["items"]] == names[2:]
    assert rest.json()["next_cursor"] is None


async def test_member_without_role_cannot_see_project(client, make_token) -> None:
    project = await create_project(client)
    outsider = make_token("member")
    response = await client.get(f"/v1/projects/{project['id']}", headers=auth(outsider))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_first_task_pages_of_many_projects_in_one_call(client: httpx.AsyncClient) -> None:
    first, second, empty = [await create_project(client) for _ in range(3)]
    for i in range(3):
        await add_task(client, first["id"], name=f"A{i}")
    await add_task(client, second["id"], name="B0")
    ids = ",".join(p["id"] for p in (first, second, empty))
    response = await client.get("/v1/tasks", params={"project_ids": ids, "limit": 2})
    assert response.status_code == 200, response.text
    pages = {page["project_id"]: page for page in response.json()["items"]}
    assert [t["name"] for t in pages[first["id"]]["items"]] == ["A0", "A1"]
    assert pages[first["id"]]["next_cursor"] is not None
    rest = await client.get(
        f"/v1/projects/{first['id']}/tasks", params={"cursor": pages[first["id"]]["next_cursor"]}
    )
    assert [t["name"] for t in rest.json()["items"]] == ["A2"]
    assert [t["name"] for t in pages[second["id"]]["items"]] == ["B0"]
    assert pages[empty["id"]] == {"project_id": empty["id"], "items": [], "next_cursor": None}
