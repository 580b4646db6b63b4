"""Project membership over the API: the list is a cursor page like every other list."""

from __future__ import annotations

from typing import Any

import httpx

from tests.projects.factories import auth, create_project


async def _add(client: httpx.AsyncClient, project_id: str, user_id: str, role: str) -> None:
    response = await client.post(
        f"/v1/projects/{project_id}/members", json={"user_id": user_id, "role": role}
    )
    assert response.status_code == 201, response.text


async def _all_pages(
    client: httpx.AsyncClient, url: str, **params: Any
) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    cursor, pages = None, 0
    while True:
        response = await client.get(
            url, params={**params, **({"cursor": cursor} if cursor else {})}
        )
        assert response.status_code == 200, response.text
        page = response.json()
        assert set(page) == {"items", "next_cursor"}
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages


async def test_members_are_listed_in_cursor_pages(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    url = f"/v1/projects/{project['id']}/members"
    for name in ("erin", "carl", "dana", "bob"):
        await _add(client, project["id"], name, "member")

    whole = (await client.get(url)).json()
    assert whole["next_cursor"] is None
    # The creator (admin, as manager) and the four added.
    assert len(whole["items"]) == 5
    first = whole["items"][0]
    assert set(first) == {
        "id",
        "project_id",
        "user_id",
        "role",
        "created_at",
        "updated_at",
        "version",
    }

    paged, pages = await _all_pages(client, url, limit=2)
    assert pages == 3
    assert [m["id"] for m in paged] == [m["id"] for m in whole["items"]]

    by_user, _ = await _all_pages(client, url, limit=2, sort="user_id")
    assert [m["user_id"] for m in by_user] == ["admin", "bob", "carl", "dana", "erin"]
    by_user_descending, _ = await _all_pages(client, url, limit=3, sort="-user_id")
    assert [m["user_id"] for m in by_user_descending] == ["erin", "dana", "carl", "bob", "admin"]


async def test_member_list_refuses_bad_paging(client: httpx.AsyncClient) -> None:
    project = await create_project(client)
    url = f"/v1/projects/{project['id']}/members"
    await _add(client, project["id"], "zoe", "viewer")
    assert (await client.get(url, params={"limit": 501})).status_code == 422
    bad_sort = await client.get(url, params={"sort": "role"})
    assert bad_sort.status_code == 422
    assert bad_sort.json()["errors"][0]["field"] == "sort"
    page = (await client.get(url, params={"limit": 1})).json()
    other_sort = await client.get(url, params={"cursor": page["next_cursor"], "sort": "user_id"})
    assert other_sort.status_code == 422
    assert (await client.get(url, params={"cursor": "not-a-cursor"})).status_code == 422


async def test_members_are_read_by_project_readers_only(
    client: httpx.AsyncClient, make_token
) -> None:
    project = await create_project(client)
    url = f"/v1/projects/{project['id']}/members"
    await _add(client, project["id"], "vic", "viewer")
    viewer = await client.get(url, headers=auth(make_token("member", sub="vic")))
    assert viewer.status_code == 200
    assert {m["user_id"] for m in viewer.json()["items"]} == {"admin", "vic"}
    # An outsider is told the project does not exist.
    outsider = await client.get(url, headers=auth(make_token("member", sub="stranger")))
    assert outsider.status_code == 404
