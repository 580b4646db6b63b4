from __future__ import annotations

import httpx

from tests.projects.dependencies.factories import link
from tests.projects.factories import add_task, create_project, get_task


async def _chain(client: httpx.AsyncClient) -> tuple[str, list[dict]]:
    pid = (await create_project(client, start_date="2025-01-06"))["id"]
    tasks = [await add_task(client, pid, name=n, duration_days="1") for n in ("A", "B", "C")]
    return pid, tasks


async def _links(client: httpx.AsyncClient, pid: str) -> list[dict]:
    response = await client.get(f"/v1/projects/{pid}/dependencies")
    assert response.status_code == 200
    return response.json()["items"]


async def test_cycle_is_422_listing_the_tasks_and_writes_nothing(client: httpx.AsyncClient) -> None:
    pid, (a, b, c) = await _chain(client)
    await link(client, pid, a, b)
    await link(client, pid, b, c)
    before = await get_task(client, c)
    response = await client.post(
        f"/v1/projects/{pid}/dependencies",
        json={"predecessor_id": c["id"], "successor_id": a["id"]},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert {t["name"] for t in problem["cycle"]} == {"A", "B", "C"}
    assert {t["id"] for t in problem["cycle"]} == {a["id"], b["id"], c["id"]}
    assert problem["errors"][0]["field"] == "dependencies"
    assert len(await _links(client, pid)) == 2
    assert await get_task(client, c) == before


async def test_link_to_a_task_of_another_project_is_422(client: httpx.AsyncClient) -> None:
    pid, (a, _, _) = await _chain(client)
    other = await add_task(client, (await create_project(client))["id"], name="X")
    response = await client.post(
        f"/v1/projects/{pid}/dependencies",
        json={"predecessor_id": a["id"], "successor_id": other["id"]},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["successor_id"]
    assert await _links(client, pid) == []


async def test_self_link_is_422(client: httpx.AsyncClient) -> None:
    pid, (a, _, _) = await _chain(client)
    response = await client.post(
        f"/v1/projects/{pid}/dependencies",
        json={"predecessor_id": a["id"], "successor_id": a["id"]},
    )
    assert response.status_code == 422


async def test_duplicate_link_is_409(client: httpx.AsyncClient) -> None:
    pid, (a, b, _) = await _chain(client)
    await link(client, pid, a, b)
    response = await client.post(
        f"/v1/projects/{pid}/dependencies",
        json={"predecessor_id": a["id"], "successor_id": b["id"], "type": "SS"},
    )
    assert response.status_code == 409


async def test_unknown_link_type_is_422(client: httpx.AsyncClient) -> None:
    pid, (a, b, _) = await _chain(client)
    response = await client.post(
        f"/v1/projects/{pid}/dependencies",
        json={"predecessor_id": a["id"], "successor_id": b["id"], "type": "XX"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("type")


async def test_link_edits_reschedule_the_successor(client: httpx.AsyncClient) -> None:
    pid, (a, b, _) = await _chain(client)
    created = await link(client, pid, a, b)
    assert (await get_task(client, b))["early_start"] == "2025-01-07T08:00:00"

    response = await client.patch(
        f"/v1/dependencies/{created['id']}", json={"lag_days": "2"}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"2"'
    assert (await get_task(client, b))["early_start"] == "2025-01-09T08:00:00"

    stale = await client.delete(f"/v1/dependencies/{created['id']}", headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    deleted = await client.delete(f"/v1/dependencies/{created['id']}", headers={"If-Match": '"2"'})
    assert deleted.status_code == 204
    assert (await get_task(client, b))["early_start"] == "2025-01-06T08:00:00"


async def test_links_are_listed_by_pages(client: httpx.AsyncClient) -> None:
    pid, (a, b, c) = await _chain(client)
    await link(client, pid, a, b)
    await link(client, pid, b, c)
    first = (await client.get(f"/v1/projects/{pid}/dependencies", params={"limit": 1})).json()
    assert len(first["items"]) == 1
    rest = await client.get(
        f"/v1/projects/{pid}/dependencies", params={"limit": 1, "cursor": first["next_cursor"]}
    )
    assert len(rest.json()["items"]) == 1
    assert rest.json()["items"][0]["id"] != first["items"][0]["id"]


async def test_a_lag_in_an_unknown_unit_is_422(client: httpx.AsyncClient) -> None:
    pid, (a, b, _) = await _chain(client)
    ends = {"predecessor_id": a["id"], "successor_id": b["id"]}
    for extra in ({"lag_days": "2h"}, {"lag_days": "1", "lag_unit": "weeks"}):
        response = await client.post(f"/v1/projects/{pid}/dependencies", json={**ends, **extra})
        assert response.status_code == 422, extra
    assert await _links(client, pid) == []


async def test_links_into_tasks_of_several_projects_in_one_call(client, make_token) -> None:
    pid, (a, b, c) = await _chain(client)
    first = await link(client, pid, a, c)
    second = await link(client, pid, b, c)
    other_pid, (x, y, _) = await _chain(client)
    third = await link(client, other_pid, x, y)
    ids = ",".join(t["id"] for t in (c, y, a))
    response = await client.get("/v1/dependencies", params={"successor_ids": ids})
    assert response.status_code == 200, response.text
    found = {(d["successor_id"], d["id"]) for d in response.json()["items"]}
    assert found == {(c["id"], first["id"]), (c["id"], second["id"]), (y["id"], third["id"])}
    assert response.json()["next_cursor"] is None

    outsider = await client.get(
        "/v1/dependencies",
        params={"successor_ids": ids},
        headers={"authorization": f"Bearer {make_token('member')}"},
    )
    assert outsider.status_code == 200 and outsider.json()["items"] == []


async def test_links_into_refuses_bad_ids(client) -> None:
    for params in ({}, {"successor_ids": "nope"}, {"successor_ids": ",".join(["x"] * 501)}):
        response = await client.get("/v1/dependencies", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"
