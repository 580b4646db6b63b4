from __future__ import annotations

import httpx

from tests.projects.factories import (
    add_task,
    auth,
    create_portfolio,
    create_project,
    through_gate,
)


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
    response = await client.get("/v1/tasks/first-pages", params={"project_ids": ids, "limit": 2})
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


async def test_filters_and_sorting(client: httpx.AsyncClient, governance_token: str) -> None:
    portfolio = await create_portfolio(client)
    made = []
    for code, tag in (("FLT-C", "erp"), ("FLT-A", "crm"), ("FLT-B", "erp")):
        made.append(
            await create_project(
                client,
                code=f"{code}-{portfolio['id'][:6]}",
                portfolio_id=portfolio["id"],
                tags=[tag],
            )
        )
    await through_gate(client, made[0]["id"], governance_token)
    params = {"portfolio_id": portfolio["id"]}

    by_code = await client.get("/v1/projects", params={**params, "sort": "-code"})
    assert [p["code"][:5] for p in by_code.json()["items"]] == ["FLT-C", "FLT-B", "FLT-A"]
    tagged = await client.get("/v1/projects", params={**params, "tag": "erp", "sort": "code"})
    assert [p["code"][:5] for p in tagged.json()["items"]] == ["FLT-B", "FLT-C"]
    approved = await client.get("/v1/projects", params={**params, "status": "approved"})
    assert [p["id"] for p in approved.json()["items"]] == [made[0]["id"]]
    search = await client.get("/v1/projects", params={**params, "q": "flt-a"})
    assert [p["id"] for p in search.json()["items"]] == [made[1]["id"]]
    bad_sort = await client.get("/v1/projects", params={"sort": "budget"})
    assert bad_sort.status_code == 422 and bad_sort.json()["errors"][0]["field"] == "sort"


async def test_descending_pages_do_not_skip_or_repeat(client: httpx.AsyncClient) -> None:
    portfolio = await create_portfolio(client)
    for i in range(7):
        await create_project(
            client, code=f"PG{i}-{portfolio['id'][:6]}", portfolio_id=portfolio["id"]
        )
    seen, cursor = [], None
    while True:
        params = {"portfolio_id": portfolio["id"], "sort": "-name", "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/v1/projects", params=params)).json()
        seen += [p["code"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 7


async def test_cursor_of_another_sort_is_refused(client: httpx.AsyncClient) -> None:
    for _ in range(3):
        await create_project(client)
    page = (await client.get("/v1/projects", params={"limit": 1, "sort": "name"})).json()
    mixed = await client.get("/v1/projects", params={"sort": "code", "cursor": page["next_cursor"]})
    assert mixed.status_code == 422 and mixed.json()["errors"][0]["field"] == "cursor"


async def test_members_and_roles(client: httpx.AsyncClient, make_token) -> None:
    project = await create_project(client)
    added = await client.post(
        f"/v1/projects/{project['id']}/members", json={"user_id": "dana", "role": "member"}
    )
    assert added.status_code == 201
    duplicate = await client.post(
        f"/v1/projects/{project['id']}/members", json={"user_id": "dana", "role": "viewer"}
    )
    assert duplicate.status_code == 409
    dana = auth(make_token("member", sub="dana"))
    task = await client.post(
        f"/v1/projects/{project['id']}/tasks", json={"name": "by dana"}, headers=dana
    )
    assert task.status_code == 201
    # A plain member may not manage membership.
    refused = await client.post(
        f"/v1/projects/{project['id']}/members",
        json={"user_id": "eve", "role": "manager"},
        headers=dana,
    )
    assert refused.status_code == 403
    listed = await client.get(f"/v1/projects/{project['id']}/members")
    assert {m["user_id"] for m in listed.json()["items"]} == {"admin", "dana"}
    mine = await client.get("/v1/projects", headers=dana)
    assert [p["id"] for p in mine.json()["items"]] == [project["id"]]


async def test_first_project_pages_of_many_portfolios(
    client: httpx.AsyncClient, governance_token: str
) -> None:
    first, second, empty = [await create_portfolio(client) for _ in range(3)]
    made = [await create_project(client, portfolio_id=first["id"]) for _ in range(3)]
    other = await create_project(client, portfolio_id=second["id"])
    await through_gate(client, other["id"], governance_token)
    ids = ",".join(p["id"] for p in (first, second, empty))
    response = await client.get(
        "/v1/projects/first-pages", params={"portfolio_ids": ids, "limit": 2}
    )
    assert response.status_code == 200, response.text
    pages = {page["portfolio_id"]: page for page in response.json()["items"]}
    # Same order as the ordinary list (oldest first, ties by id), and its cursor continues it.
    listed = await client.get("/v1/projects", params={"portfolio_id": first["id"]})
    in_order = [p["id"] for p in listed.json()["items"]]
    assert sorted(in_order) == sorted(p["id"] for p in made)
    assert [p["id"] for p in pages[first["id"]]["items"]] == in_order[:2]
    rest = await client.get(
        "/v1/projects",
        params={"portfolio_id": first["id"], "cursor": pages[first["id"]]["next_cursor"]},
    )
    assert [p["id"] for p in rest.json()["items"]] == in_order[2:]
    assert [p["id"] for p in pages[second["id"]]["items"]] == [other["id"]]
    assert pages[empty["id"]]["items"] == []
    approved = await client.get(
        "/v1/projects/first-pages", params={"portfolio_ids": ids, "status": "approved"}
    )
    counts = {p["portfolio_id"]: len(p["items"]) for p in approved.json()["items"]}
    assert counts == {first["id"]: 0, second["id"]: 1, empty["id"]: 0}
    too_many = await client.get(
        "/v1/projects/first-pages", params={"portfolio_ids": ids, "limit": 501}
    )
    assert too_many.status_code == 422


async def test_tasks_by_ids_across_projects(client: httpx.AsyncClient, make_token) -> None:
    first, second = await create_project(client), await create_project(client)
    a = await add_task(client, first["id"], name="A")
    b = await add_task(client, second["id"], name="B")
    unknown = "00000000-0000-0000-0000-000000000000"
    response = await client.get("/v1/tasks", params={"ids": f"{b['id']},{a['id']},{unknown}"})
    assert response.status_code == 200, response.text
    assert {t["name"] for t in response.json()["items"]} == {"A", "B"}
    outsider = await client.get(
        "/v1/tasks", params={"ids": a["id"]}, headers=auth(make_token("member"))
    )
    assert outsider.json()["items"] == []
    for params in ({}, {"ids": "1,2"}, {"ids": ",".join([unknown] * 501)}):
        bad = await client.get("/v1/tasks", params=params)
        assert bad.status_code == 422, params
        assert bad.headers["content-type"] == "application/problem+json"
